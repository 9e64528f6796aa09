// The demo history (configs/demo.json) with a ZILN value part (`model.value: { kind:
// 'ziln' }`), end to end: prepareData loads tfjs, the synchronous trainModel fits it,
// the model file records the backend, and the production scorer (plain TypeScript)
// scores every demo lead as the library predicts. Few epochs keep it quick.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainCommand } from '../../src/cli/commands.js';
import { leadingIndicators } from '../../src/explain/leading-indicators.js';
import { exportModel } from '../../src/export/write-model-file.js';
import { parseAdapterConfig } from '../../src/load/adapter-config.js';
import { predictTwoPart } from '../../src/models/two-part.js';
import { buildModelFile, prepareData, trainModel, type PreparedData, type TrainedModel } from '../../src/pipeline/train-model.js';
import { readModel } from '../../src/scoring/load-model.js';
import type { ModelFile } from '../../src/scoring/model-types.js';
import { scoreBatch } from '../../src/scoring/score-batch.js';
import type { ZilnState } from '../../src/scoring/ziln-types.js';
import { createRng } from '../../src/core/rng.js';
import { indicatorImportance } from '../../src/explain/indicator-importance.js';
import { CREATED_AT, DEMO_CONFIG, DEMO_LEADS, readPlainCsv, relativeGap, removeTempDirs, tempDir } from '../scoring/demo-model.js';

const RESAMPLES = 20;
const LINEAR = { kind: 'ziln', epochs: 30, batchSize: 64 };
const MLP = { kind: 'ziln', hidden: [8], epochs: 5, batchSize: 64 };
const raw = JSON.parse(readFileSync(DEMO_CONFIG, 'utf8'));
const where = { path: DEMO_CONFIG, baseDir: dirname(DEMO_CONFIG) };
const configWith = (value: object) => parseAdapterConfig({ ...raw, model: { ...raw.model, value } }, where);
const leads = readPlainCsv(DEMO_LEADS).rows;
afterAll(removeTempDirs);

/** Trains, builds and exports; reads the file back with the production reader. */
async function train(value: object): Promise<{ data: PreparedData; trained: TrainedModel; text: string; model: ModelFile }> {
  const data = await prepareData(configWith(value));
  const trained = trainModel(data, { resamples: RESAMPLES });
  const { path } = exportModel(await buildModelFile(data, trained, { createdAt: CREATED_AT }), tempDir('ziln-models'));
  return { data, trained, text: readFileSync(path, 'utf8'), model: readModel(path) };
}

/** The largest relative gap between the scorer and the library over every demo lead. */
function worstGap(run: { data: PreparedData; trained: TrainedModel; model: ModelFile }): { pWin: number; valueIfWon: number } {
  expect(run.data.frame.leadId).toEqual(leads.map((l) => l.lead_id));
  const library = predictTwoPart(run.trained.final, run.data.frame.features, Int32Array.from(leads, (_, i) => i));
  const scored = scoreBatch(run.model, leads).scores;
  const worst = { pWin: 0, valueIfWon: 0 };
  scored.forEach((s, i) => {
    worst.pWin = Math.max(worst.pWin, relativeGap(s.pWin, library.pWin[i]));
    worst.valueIfWon = Math.max(worst.valueIfWon, relativeGap(s.valueIfWon, library.valueIfWon[i]));
  });
  return worst;
}

describe('the demo history with a linear ZILN value part', async () => {
  const run = await train(LINEAR);
  const value = run.trained.final.value as ZilnState;

  it('indicatorImportance ranks the value part\'s indicators within each head (logit, μ), as valueImportance does', () => {
    const imp = indicatorImportance(run.data.frame,
      { features: run.trained.features, rows: run.trained.fitRows, params: run.trained.params, model: run.trained.final },
      { refits: 3, rng: createRng(5) });
    for (const head of ['logit', 'mu'] as const) {
      const own = imp.value.filter((x) => x.head === head);
      expect(own.length).toBeGreaterThan(1);
      // Ranks 1 … k within the head (ties share a mean rank, so compare their sum), not interleaved with the other head's.
      expect(own.reduce((t, x) => t + x.rank, 0)).toBeCloseTo((own.length * (own.length + 1)) / 2, 9);
    }
  });

  it('fits a linear ZILN for value (a GLM for winning, as before) and records the backend that trained it', async () => {
    expect(value.kind).toBe('ziln');
    expect(value.architecture.hidden).toEqual([]);
    expect(value.rows.fit + value.rows.validation).toBe(run.trained.final.rows.value);
    const stored = run.model.params.value as ZilnState;
    expect(stored.backend).toMatch(/^(tensorflow|wasm|cpu)$/);
    expect(stored.tfjsVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(stored.params).toMatchObject({ epochs: 30, batchSize: 64, hidden: [] });
    // The win part does not depend on the value part's kind.
    const glm = trainModel({ ...run.data, config: configWith({ kind: 'glm' }) }, { resamples: RESAMPLES });
    expect(JSON.stringify(run.trained.final.win)).toBe(JSON.stringify(glm.final.win));
  });

  it('goal references are the means of the final model\'s outputs over its fit leads', () => {
    const p = predictTwoPart(run.trained.final, run.data.frame.features, run.trained.fitRows);
    const mean = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ref = run.model.params.reference!;
    expect(ref.rows).toBe(run.trained.fitRows.length);
    expect(relativeGap(ref.valueIfWon, mean(p.valueIfWon))).toBeLessThan(1e-12);
    expect(relativeGap(ref.expectedValue, mean(p.expectedValue))).toBeLessThan(1e-12);
  });

  it('the exported file scores every demo lead as the library predicts (P(win) 1e-12, ZILN value if won 1e-9 relative)', () => {
    const worst = worstGap(run);
    expect(worst.pWin).toBeLessThanOrEqual(1e-12);
    expect(worst.valueIfWon).toBeLessThanOrEqual(1e-9);
  });

  it('reasons for value are per head: log-odds of any value, typical amount', () => {
    const texts = scoreBatch(run.model, leads.slice(0, 50), { topReasons: 30 }).scores.flatMap((s) => s.reasons.filter((r) => r.part === 'value'));
    expect(texts.some((r) => r.head === 'logit' && /: [+−]\d+\.\d\d to the log-odds of any value if won$/.test(r.text))).toBe(true);
    expect(texts.some((r) => r.head === 'mu' && /: typical amount if won ×\d+\.\d\d$/.test(r.text))).toBe(true);
  });

  it('leading indicators come per head; the planted value driver employees leads the typical amount', () => {
    const valueRows = run.trained.fitRows.filter((i) => run.data.frame.won[i] === 1 && !run.data.frame.censored[i]);
    const indicators = leadingIndicators(value, run.trained.final.features, run.data.frame.features, valueRows);
    const features = run.trained.final.features.length;
    expect(indicators.filter((x) => x.head === 'logit').length).toBe(features);
    expect(indicators.filter((x) => x.head === 'mu').length).toBe(features);
    expect(indicators.filter((x) => x.head === 'mu').slice(0, 3).map((x) => x.feature)).toContain('employees');
  });

  it('leadvalue train with the same config writes the same model file, byte for byte, and prints the indicators per head', async () => {
    const dir = tempDir('ziln-cli');
    const config = join(dir, 'demo-ziln.json');
    writeFileSync(config, JSON.stringify({ ...raw, model: { ...raw.model, value: LINEAR } }));
    const lines: string[] = [];
    const { modelPath } = await trainCommand({ config, dataDir: join(dirname(DEMO_CONFIG), '../data/demo'), modelsDir: join(dir, 'models'), resamples: RESAMPLES, createdAt: CREATED_AT },
      { update: () => undefined, done: (m) => lines.push(m) }, (l) => lines.push(l));
    expect(readFileSync(modelPath, 'utf8')).toBe(run.text);
    // The evaluated fits (whose held-out metrics train prints), then the refit that is exported where it chose differently.
    expect(lines.join('\n')).toMatch(/trained and evaluated in [\d.]+ s \(win: L2 [\d.]+; value: ZILN linear, epoch \d+ of \d+, (wasm|cpu|tensorflow)( \(refit on all leads: ZILN linear, epoch \d+ of \d+, (wasm|cpu|tensorflow)\))?\)$/m);
    expect(lines).toContain('leading indicators of any value if won (ZILN, log-odds):');
    expect(lines).toContain('leading indicators of the typical amount if won (ZILN μ, log amount):');
  });
});

describe('the demo history with a ZILN MLP value part', async () => {
  const run = await train(MLP);

  it('scores every demo lead as the library predicts, and says the value part has no additive reasons', () => {
    expect((run.model.params.value as ZilnState).architecture.hidden).toEqual([8]);
    expect(worstGap(run).valueIfWon).toBeLessThanOrEqual(1e-9);
    const s = scoreBatch(run.model, leads.slice(0, 3)).scores;
    for (const x of s) {
      expect(x.reasons.length).toBe(3);
      expect(x.reasons.slice(0, 2).every((r) => r.part === 'win')).toBe(true);
      expect(x.reasons[2].text).toBe('value if won from a neural model (ZILN MLP 8): no additive reasons');
    }
  });
});
