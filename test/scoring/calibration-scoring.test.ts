// P(win) calibration end to end (model.calibration "platt" / "isotonic"): fit
// on the newest training leads, kept in the model file, verified on load, and
// applied by the production scorer exactly as the library applies it.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportModel, sealModel, serializeModel } from '../../src/export/write-model-file.js';
import { readAdapterConfig } from '../../src/load/adapter-config.js';
import { predictTwoPart } from '../../src/models/two-part.js';
import { buildModelFile, prepareData, trainModel, type PreparedData, type TrainedModel } from '../../src/pipeline/train-model.js';
import { parseModel, readModel } from '../../src/scoring/load-model.js';
import type { ModelFile } from '../../src/scoring/model-types.js';
import { scoreBatch } from '../../src/scoring/score-batch.js';
import { scoreLead } from '../../src/scoring/score-lead.js';
import { CREATED_AT, DEMO_CONFIG, DEMO_LEADS, readPlainCsv, RESAMPLES, removeTempDirs, tempDir } from './demo-model.js';

interface Calibrated { trained: TrainedModel; model: ModelFile; text: string }
let data: PreparedData;
let leads: Record<string, string>[];
const runs: Record<'platt' | 'isotonic', Calibrated> = {} as never;

async function train(method: 'platt' | 'isotonic'): Promise<Calibrated> {
  const config = { ...data.config, model: { ...data.config.model, calibration: method } };
  const trained = trainModel({ ...data, config }, { resamples: RESAMPLES });
  const built = await buildModelFile({ ...data, config }, trained, { createdAt: CREATED_AT });
  const { path } = exportModel(built, tempDir(`calibration-${method}`));
  return { trained, model: readModel(path), text: readFileSync(path, 'utf8') };
}

beforeAll(async () => {
  data = await prepareData(readAdapterConfig(DEMO_CONFIG));
  leads = readPlainCsv(DEMO_LEADS).rows;
  runs.platt = await train('platt');
  runs.isotonic = await train('isotonic');
}, 120_000);
afterAll(removeTempDirs);

describe.each(['platt', 'isotonic'] as const)('calibration %s', (method) => {
  it('is fit on the newest 25% of the training leads and kept in the model file (format 1.3)', () => {
    const { trained, model } = runs[method];
    const cal = trained.final.calibration!;
    expect(cal.kind).toBe(method);
    // Refit on all 4000 demo leads: the calibration's validation rows are the newest 1000 of them.
    expect(cal.rows).toBe(1000);
    expect(trained.evaluated.calibration!.rows).toBe(Math.ceil(trained.split.train.length * 0.25));
    expect(model.params.calibration).toEqual(cal);
    expect(model.format.version).toBe('1.3.0');
  });

  it('the production scorer applies it exactly as the library does (every demo lead, bit for bit)', () => {
    const { trained, model } = runs[method];
    const rows = Int32Array.from(leads, (_, i) => i);
    expect(data.frame.leadId).toEqual(leads.map((l) => l.lead_id));
    const library = predictTwoPart(trained.final, data.frame.features, rows);
    const scored = scoreBatch(model, leads).scores;
    expect(scored.map((s) => s.pWin)).toEqual(Array.from(library.pWin));
    expect(scored.map((s) => s.expectedValue)).toEqual(Array.from(library.expectedValue));
  });

  it('changes P(win) but not the reasons: they stay the model\'s contributions to the log-odds', () => {
    const { model } = runs[method];
    const { calibration: _c, ...params } = model.params;
    const uncalibrated = { ...model, params } as ModelFile;
    for (const lead of leads.slice(0, 50)) {
      const a = scoreLead(model, lead, { topReasons: 100 }), b = scoreLead(uncalibrated, lead, { topReasons: 100 });
      expect(a.reasons).toEqual(b.reasons);
      expect(a.valueIfWon).toBe(b.valueIfWon);
    }
    const differs = leads.slice(0, 50).some((lead) => scoreLead(model, lead).pWin !== scoreLead(uncalibrated, lead).pWin);
    expect(differs).toBe(true);
  });

  it('never reverses two leads\' P(win) (a monotone map after the log-odds)', () => {
    const { trained } = runs[method];
    const rows = Int32Array.from(leads, (_, i) => i);
    const calibrated = predictTwoPart(trained.final, data.frame.features, rows).pWin;
    const raw = predictTwoPart({ ...trained.final, calibration: undefined }, data.frame.features, rows).pWin;
    const order = Array.from(rows).sort((i, j) => raw[i] - raw[j]);
    for (let k = 1; k < order.length; k++) expect(calibrated[order[k]]).toBeGreaterThanOrEqual(calibrated[order[k - 1]]);
  });

  it('round trip: read → serialize gives the same bytes; the metrics say which calibration and the ECE before it', () => {
    const { model, text, trained } = runs[method];
    expect(serializeModel(parseModel(text))).toBe(text);
    const metrics = model.metrics as TrainedModel['metrics'];
    expect(metrics.calibration.method).toBe(method);
    expect(metrics.calibration.uncalibratedEce).toBe(trained.metrics.calibration.uncalibratedEce);
    expect(metrics.calibration.uncalibratedEce).toBeGreaterThan(0);
  });
});

describe('isotonic calibration on the demo', () => {
  it('gives no lead P(win) exactly 0 or 1, so expected values and goal scores still rank every lead by value', () => {
    // Plain pool-adjacent-violators rates gave 104 of the 4,000 demo leads P(win) = 0 (its lowest block: 0 won of 52
    // validation leads); (wins + ½) / (leads + 1) gives them ½ / 53 = 0.0094.
    const { model, trained } = runs.isotonic;
    const cal = trained.final.calibration!;
    expect(cal.kind).toBe('isotonic');
    const scored = scoreBatch(model, leads).scores;
    expect(scored.filter((s) => s.pWin === 0 || s.pWin === 1).length).toBe(0);
    expect(Math.min(...scored.map((s) => s.pWin))).toBe(cal.y[0]);
    expect(cal.y[0]).toBeCloseTo(0.5 / 53, 15);
    expect(scored.every((s) => s.expectedValue > 0)).toBe(true);
  });
});

describe('a calibration in a model file', () => {
  const reseal = (edit: (file: ModelFile) => void): string => {
    const file = JSON.parse(runs.platt.text) as ModelFile;
    edit(file);
    const { checksum: _c, ...content } = file;
    return serializeModel(sealModel(content));
  };

  it('that does not verify is refused, naming the field', () => {
    expect(() => parseModel(reseal((f) => { (f.params.calibration as { a: number }).a = -0.5; }), 'm.json'))
      .toThrow(/^m\.json, field params\.calibration\.a: not a finite number above 0/);
    expect(() => parseModel(reseal((f) => { (f.params.calibration as unknown as { kind: string }).kind = 'beta'; }), 'm.json'))
      .toThrow(/^m\.json, field params\.calibration\.kind: unknown calibration \(got "beta"\)/);
    expect(() => parseModel(reseal((f) => { (f.params as Record<string, unknown>).calibration = 'platt'; }), 'm.json'))
      .toThrow(/^m\.json, field params\.calibration: not an object/);
  });

  it('absent (the default, model.calibration "none") leaves the file as before: no params.calibration', async () => {
    const trained = trainModel(data, { resamples: RESAMPLES });
    expect(trained.final.calibration).toBeUndefined();
    const built = await buildModelFile(data, trained, { createdAt: CREATED_AT });
    expect(Object.keys(built.params)).toEqual(['win', 'value', 'reference']);
    expect(trained.metrics.calibration.method).toBe('none');
    expect(trained.metrics.calibration.uncalibratedEce).toBeUndefined();
  });
});
