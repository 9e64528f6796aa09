import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readAdapterConfig } from '../../src/load/adapter-config.js';
import { prepareData, trainModel } from '../../src/pipeline/train-model.js';
import { WIN, VALUE, plantedCoefficients } from '../../src/demo/planted.js';
import type { CategoryFeatureSpec, GlmState, NumberFeatureSpec } from '../../src/scoring/model-types.js';

const config = readAdapterConfig(fileURLToPath(new URL('../../configs/demo.json', import.meta.url)));
const data = await prepareData(config);
const trained = trainModel(data, { resamples: 100 });
const { win, value, features } = trained.final;

/** The fitted effect of one unit of a number feature (on its transformed scale). */
function perUnit(state: GlmState, name: string): number {
  const spec = features.find((f) => f.name === name) as NumberFeatureSpec;
  const term = state.terms[name];
  if (term.kind !== 'number') throw new Error(name);
  return term.weight / spec.scale;
}

/** The fitted effect of a category level relative to another. */
function levelGap(state: GlmState, name: string, level: string, base: string): number {
  const spec = features.find((f) => f.name === name) as CategoryFeatureSpec;
  const term = state.terms[name];
  if (term.kind !== 'category') throw new Error(name);
  return term.values[spec.levels.indexOf(level)] - term.values[spec.levels.indexOf(base)];
}

describe('training recovers the planted leading indicators of the demo data (src/demo/planted.ts)', () => {
  it('the data joined as generated: 4000 leads, 593 won, the two 2030 outliers set aside', () => {
    const r = data.frame.report;
    expect([r.leads, r.won, r.revenueOutliers]).toEqual([4000, 593, 2]);
    expect(r.revenueOutlierDates).toEqual(['2030-07-25', '2030-09-14']);
  });

  it('winning: demo_requested and free_email recovered in sign and size (planted +1.5 and −1.0 log-odds)', () => {
    const planted = plantedCoefficients(WIN);
    const demo = planted.demo_requested, free = planted.free_email;
    expect([demo, free]).toEqual([1.5, -1.0]);
    expect(perUnit(win, 'demo_requested')).toBeGreaterThan(demo - 0.4);
    expect(perUnit(win, 'demo_requested')).toBeLessThan(demo + 0.4);
    expect(perUnit(win, 'free_email')).toBeLessThan(free + 0.4);
    expect(perUnit(win, 'free_email')).toBeGreaterThan(free - 0.4);
    expect(perUnit(win, 'pages_viewed')).toBeGreaterThan(0.2);
  });

  it('winning: referral and webinar beat organic search (planted +1.2 and +0.9)', () => {
    expect(levelGap(win, 'source', 'referral', 'organic_search')).toBeGreaterThan(0.6);
    expect(levelGap(win, 'source', 'webinar', 'organic_search')).toBeGreaterThan(0.4);
  });

  it('value: employees, finance and senior job levels raise value; webinar lowers it (the vanity signal)', () => {
    expect(perUnit(value, 'employees')).toBeGreaterThan(0.4);
    expect(levelGap(value, 'industry', 'finance', 'retail')).toBeGreaterThan(0.3);
    expect(levelGap(value, 'job_level', 'c_level', 'manager')).toBeGreaterThan(0.1);
    expect(levelGap(value, 'source', 'webinar', 'organic_search')).toBeLessThan(-0.3);
    // Planted: employees and finance do not move winning.
    expect(Math.abs(perUnit(win, 'employees'))).toBeLessThan(0.15);
    expect(plantedCoefficients(VALUE)['industry=finance']).toBe(0.7);
  });

  it('ranking by expected value captures more value than ranking by P(win), beyond the bootstrap noise', () => {
    const m = trained.metrics;
    expect(m.conversion.auc.estimate).toBeGreaterThan(0.7);
    expect(m.valueByExpectedValue.gini.estimate).toBeGreaterThan(m.valueByWinProbability.gini.estimate + 0.05);
    expect(m.gain.gini.low).toBeGreaterThan(0);
  });

  it('is deterministic: training again gives the same parameters, byte for byte', () => {
    const again = trainModel(data, { resamples: 100 });
    expect(JSON.stringify(again.final)).toBe(JSON.stringify(trained.final));
    expect(JSON.stringify(again.metrics)).toBe(JSON.stringify(trained.metrics));
  });
});
