// Numbers far outside the training data: flagged when more than 10 training standard
// deviations from the mean (scored as given), refused when an output is not finite.
// The z of each case is computed here from the model file's center and scale.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readModel } from '../../src/scoring/load-model.js';
import { scoreBatch } from '../../src/scoring/score-batch.js';
import { scoreColumns } from '../../src/scoring/score-columns.js';
import { EXTREME_Z, scoreLead } from '../../src/scoring/score-lead.js';
import { removeTempDirs, ROOT, tempDir } from './demo-model.js';

const MODEL_PATH = join(ROOT, 'models/demo/1.3.0.json');
const model = readModel(MODEL_PATH);
const LEAD = { source: 'referral', industry: 'saas', job_level: 'vp', employees: 250, pages_viewed: 12, demo_requested: 1, free_email: 0, created_at: '2026-05-04' };
const spec = (name: string) => { const f = model.features.find((x) => x.name === name)!; if (f.kind !== 'number') throw new Error(name); return f; };
const z = (name: string, x: number) => { const f = spec(name); return ((f.transform === 'log1p' ? Math.log1p(x) : x) - f.center) / f.scale; };
afterAll(removeTempDirs);

describe('extreme numbers', () => {
  // employees is log1p: the edge is where log1p(x) is 10 scales above the center.
  const f = spec('employees');
  const edge = Math.expm1(f.center + EXTREME_Z * f.scale);
  it(`employees just inside / outside ${EXTREME_Z} standard deviations (log1p scale, edge ${edge.toPrecision(4)})`, () => {
    const inside = Math.floor(edge * 0.999), outside = Math.ceil(edge * 1.001);
    expect(z('employees', inside)).toBeLessThan(EXTREME_Z);
    expect(z('employees', outside)).toBeGreaterThan(EXTREME_Z);
    expect(scoreLead(model, { ...LEAD, employees: inside }).extreme).toEqual([]);
    expect(scoreLead(model, { ...LEAD, employees: outside }).extreme).toEqual(['employees']);
    expect(scoreLead(model, { ...LEAD, employees: null }).extreme).toEqual([]); // missing is not extreme
  });

  it('below the mean too (demo_requested −10), several in one lead, in the features\' order', () => {
    expect(z('demo_requested', -10)).toBeLessThan(-EXTREME_Z);
    expect(scoreLead(model, { ...LEAD, demo_requested: -10 }).extreme).toEqual(['demo_requested']);
    expect(z('pages_viewed', 1e9)).toBeGreaterThan(EXTREME_Z);
    expect(scoreLead(model, { ...LEAD, employees: 1e300, pages_viewed: 1e9 }).extreme).toEqual(model.features.filter((x) => x.name === 'employees' || x.name === 'pages_viewed').map((x) => x.name));
    // still scored: a finite score, as the GLM gives it
    expect(Number.isFinite(scoreLead(model, { ...LEAD, employees: 1e300 }).score)).toBe(true);
  });

  it('scoreColumns counts what scoreBatch counts (whole numbers on the z table and values off it)', () => {
    const leads = [LEAD, { ...LEAD, employees: 1e300 }, { ...LEAD, employees: 3_000_000 }, { ...LEAD, pages_viewed: 1e9 }, { ...LEAD, employees: null }];
    const columns = Object.fromEntries(Object.keys(LEAD).map((k) => [k, leads.map((l) => (l as Record<string, unknown>)[k])])) as Parameters<typeof scoreColumns>[1];
    const want = scoreBatch(model, leads);
    expect(want.extreme).toEqual({ employees: z('employees', 3_000_000) > EXTREME_Z ? 2 : 1, pages_viewed: 1 });
    expect(scoreColumns(model, columns).extreme).toEqual(want.extreme);
  });
});

describe('outputs that are not finite are refused', () => {
  it('scoreLead names the lead and the field that contributed most to the part that overflowed', () => {
    // demo_requested −100000: z ≈ −2.5e5; the value part's weight is negative, so log value if won ≈ +6.5e3: e^that overflows.
    expect(() => scoreLead(model, { ...LEAD, demo_requested: -100000 }, { where: 'leads.csv row 5' }))
      .toThrow(/^leads\.csv row 5: valueIfWon is not a finite number; field demo_requested = -100000 contributes 6\.48e\+3 to log value if won \(got Infinity\); check the value/);
  });

  it('scoreColumns names the index and the column farthest from the training mean', () => {
    const columns = Object.fromEntries(Object.entries(LEAD).map(([k, v]) => [k, [v, k === 'demo_requested' ? -100000 : v]])) as Parameters<typeof scoreColumns>[1];
    expect(() => scoreColumns(model, columns, { where: 'batch 2' }))
      .toThrow(/^batch 2, index 1: valueIfWon is not a finite number; column demo_requested = -100000 is 2\.52e\+5 training standard deviations from the mean \(got Infinity\)/);
    expect(Math.abs(z('demo_requested', -100000))).toBeCloseTo(2.52e5, -3);
    // A missing number (z NaN) in the same row is no suspect, wherever it stands in the features' order.
    const withMissing = { ...columns, free_email: [0, NaN], employees: [250, NaN] } as Parameters<typeof scoreColumns>[1];
    expect(() => scoreColumns(model, withMissing)).toThrow(/^index 1: valueIfWon is not a finite number; column demo_requested = -100000 is 2\.52e\+5/);
  });

  it('leadvalue score: a note counts extreme numbers; a non-finite output exits 2 naming the file row', () => {
    const dir = tempDir('extreme');
    const header = 'lead_id,created_at,account_id,source,industry,employees,job_level,pages_viewed,demo_requested,free_email';
    const good = (id: string, employees: string, demo = '1') => `${id},2026-05-04,A1,referral,saas,${employees},vp,12,${demo},0`;
    const run = (rows: string[]) => {
      const input = join(dir, 'in.csv');
      writeFileSync(input, [header, ...rows].join('\n') + '\n');
      return spawnSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'score', '--model', MODEL_PATH, '--in', input, '--out', join(dir, 'out.csv'), '--quiet'], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    };
    const ok = run([good('a', '250'), good('b', '1e300'), good('c', '1e200')]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^ {2}note: 2 leads had employees more than 10 standard deviations of the training leads from their mean \(scored as given: a typo or a unit\?\)$/m);
    const bad = run([good('a', '250'), good('b', '250', '-100000')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^leadvalue: \S*in\.csv row 3: valueIfWon is not a finite number; field demo_requested = -100000/);
  });
});
