// The demo history (configs/demo.json) trained with explainable boosting machines for
// both parts: the shapes recover the planted indicators (src/demo/planted.ts), the
// conversion AUC matches the GLM's on the same time split, and the exported file
// scores exactly as the library predicts.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { leadingIndicators } from '../../src/explain/leading-indicators.js';
import { exportModel } from '../../src/export/write-model-file.js';
import { parseAdapterConfig } from '../../src/load/adapter-config.js';
import { predictTwoPart } from '../../src/models/two-part.js';
import { buildModelFile, prepareData, trainModel } from '../../src/pipeline/train-model.js';
import { readModel } from '../../src/scoring/load-model.js';
import type { CategoryFeatureSpec, EbmState, NumberFeatureSpec } from '../../src/scoring/model-types.js';
import { ebmBin } from '../../src/scoring/ebm-terms.js';
import { scoreBatch } from '../../src/scoring/score-batch.js';
import { CREATED_AT, DEMO_CONFIG, DEMO_LEADS, readPlainCsv, relativeGap, removeTempDirs, tempDir } from '../scoring/demo-model.js';

const raw = JSON.parse(readFileSync(DEMO_CONFIG, 'utf8'));
const where = { path: DEMO_CONFIG, baseDir: DEMO_CONFIG.replace(/[^/]+$/, '') };
const ebmConfig = parseAdapterConfig({ ...raw, model: { ...raw.model, win: { kind: 'ebm' }, value: { kind: 'ebm', loss: 'poisson' } } }, where);
const data = await prepareData(ebmConfig);
const trained = trainModel(data, { resamples: 100 });
const glm = trainModel({ ...data, config: parseAdapterConfig(raw, where) }, { resamples: 100 });
const { features } = trained.final;
const win = trained.final.win as EbmState, value = trained.final.value as EbmState;
afterAll(removeTempDirs);

/** The shape's contribution at a raw value of a number feature. */
function at(state: EbmState, name: string, x: number): number {
  const spec = features.find((f) => f.name === name) as NumberFeatureSpec;
  const term = state.terms[name];
  if (term.kind !== 'number') throw new Error(name);
  return term.values[ebmBin(term.edges, ((spec.transform === 'log1p' ? Math.log1p(x) : x) - spec.center) / spec.scale)];
}

/** A category level's contribution relative to another's. */
function levelGap(state: EbmState, name: string, level: string, base: string): number {
  const spec = features.find((f) => f.name === name) as CategoryFeatureSpec;
  const term = state.terms[name];
  if (term.kind !== 'category') throw new Error(name);
  return term.values[spec.levels.indexOf(level)] - term.values[spec.levels.indexOf(base)];
}

describe('EBMs on the demo history recover the planted leading indicators (src/demo/planted.ts)', () => {
  it('both parts are EBMs that boosted for some rounds', () => {
    expect([win.kind, value.kind, win.link, value.link]).toEqual(['ebm', 'ebm', 'logit', 'log']);
    expect(win.rounds.mains).toBeGreaterThan(5);
    expect(value.rounds.mains).toBeGreaterThan(5);
  });

  it('winning: demo_requested +1.5 and free_email −1.0 log-odds recovered (±0.4); pages_viewed rises', () => {
    expect(at(win, 'demo_requested', 1) - at(win, 'demo_requested', 0)).toBeGreaterThan(1.1);
    expect(at(win, 'demo_requested', 1) - at(win, 'demo_requested', 0)).toBeLessThan(1.9);
    expect(at(win, 'free_email', 1) - at(win, 'free_email', 0)).toBeLessThan(-0.6);
    expect(at(win, 'free_email', 1) - at(win, 'free_email', 0)).toBeGreaterThan(-1.4);
    expect(at(win, 'pages_viewed', 20) - at(win, 'pages_viewed', 0)).toBeGreaterThan(0.4);
  });

  it('winning: referral and webinar beat organic search (planted +1.2 and +0.9)', () => {
    expect(levelGap(win, 'source', 'referral', 'organic_search')).toBeGreaterThan(0.6);
    expect(levelGap(win, 'source', 'webinar', 'organic_search')).toBeGreaterThan(0.4);
  });

  it('value: employees, finance and senior job levels raise value; webinar lowers it; employees do not move winning', () => {
    expect(at(value, 'employees', 2000) - at(value, 'employees', 10)).toBeGreaterThan(0.8);
    expect(levelGap(value, 'industry', 'finance', 'retail')).toBeGreaterThan(0.3);
    expect(levelGap(value, 'job_level', 'c_level', 'manager')).toBeGreaterThan(0.1);
    expect(levelGap(value, 'source', 'webinar', 'organic_search')).toBeLessThan(-0.3);
    expect(Math.abs(at(win, 'employees', 2000) - at(win, 'employees', 10))).toBeLessThan(0.3);
  });

  it('leading indicators: the planted drivers lead each part; a number\'s effects are its shape in value order', () => {
    const winRanks = leadingIndicators(win, features, data.frame.features, trained.fitRows).map((x) => x.feature);
    expect(winRanks.slice(0, 3)).toEqual(expect.arrayContaining(['demo_requested', 'source']));
    const valueRows = trained.fitRows.filter((i) => data.frame.won[i] === 1 && !data.frame.censored[i]);
    const valueIndicators = leadingIndicators(value, features, data.frame.features, valueRows);
    expect(valueIndicators.slice(0, 3).map((x) => x.feature)).toContain('employees');
    const employees = valueIndicators.find((x) => x.feature === 'employees')!;
    expect(employees.effects[0].level).toMatch(/^≤ /);
    expect(employees.effects.at(-1)!.level).toMatch(/^> |missing/);
    expect(employees.effects.reduce((s, e) => s + e.count, 0)).toBe(valueRows.length);
  });

  it('conversion AUC matches the GLM on the same time split (within 0.01), and the value ranking beats the P(win) ranking', () => {
    const m = trained.metrics, g = glm.metrics;
    expect(m.conversion.auc.estimate).toBeGreaterThan(g.conversion.auc.estimate - 0.01);
    expect(m.conversion.auc.estimate).toBeGreaterThan(0.7);
    expect(m.valueByExpectedValue.gini.estimate).toBeGreaterThan(m.valueByWinProbability.gini.estimate);
  });

  it('the exported file scores every demo lead exactly as the library predicts (relative 1e-12)', async () => {
    const built = await buildModelFile(data, trained, { createdAt: CREATED_AT });
    const { path } = exportModel(built, tempDir('ebm-models'));
    const model = readModel(path);
    const leads = readPlainCsv(DEMO_LEADS).rows;
    expect(data.frame.leadId).toEqual(leads.map((l) => l.lead_id));
    const library = predictTwoPart(trained.final, data.frame.features, Int32Array.from(leads, (_, i) => i));
    const scored = scoreBatch(model, leads).scores;
    let worst = 0;
    scored.forEach((s, i) => { worst = Math.max(worst, relativeGap(s.pWin, library.pWin[i]), relativeGap(s.valueIfWon, library.valueIfWon[i])); });
    expect(worst).toBeLessThanOrEqual(1e-12);
    expect(scored[0].reasons[0].text).toMatch(/: [+−]\d\.\d\d to the log-odds of winning$|: value if won ×\d+\.\d\d$/);
  });

  it('is deterministic: training again gives the same parameters, byte for byte', () => {
    expect(JSON.stringify(trainModel(data, { resamples: 100 }).final)).toBe(JSON.stringify(trained.final));
  });
});
