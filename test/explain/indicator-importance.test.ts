// Importance of leading indicators with bootstrap intervals over refits, the
// ranking stability check and the shape functions as data, on the demo history
// (configs/demo.json), for GLM and EBM parts.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { featureShapes, shapeChart } from '../../src/explain/feature-shapes.js';
import { indicatorImportance, type FitInput } from '../../src/explain/indicator-importance.js';
import { leadingIndicators } from '../../src/explain/leading-indicators.js';
import { rankingStability } from '../../src/explain/ranking-stability.js';
import { stabilityTable } from '../../src/explain/report-tables.js';
import { importanceRanks } from '../../src/explain/two-part-indicators.js';
import { parseAdapterConfig } from '../../src/load/adapter-config.js';
import { prepareData, trainModel, type PreparedData, type TrainedModel } from '../../src/pipeline/train-model.js';
import { ebmBin } from '../../src/scoring/ebm-terms.js';
import type { EbmState, GlmState, NumberFeatureSpec } from '../../src/scoring/model-types.js';
import { DEMO_CONFIG } from '../scoring/demo-model.js';

const raw = JSON.parse(readFileSync(DEMO_CONFIG, 'utf8'));
const where = { path: DEMO_CONFIG, baseDir: DEMO_CONFIG.replace(/[^/]+$/, '') };
let data: PreparedData, glm: TrainedModel, ebm: TrainedModel;
const inputOf = (t: TrainedModel): FitInput => ({ features: t.features, rows: t.fitRows, params: t.params, model: t.final });

beforeAll(async () => {
  data = await prepareData(parseAdapterConfig(raw, where));
  glm = trainModel(data, { resamples: 5 });
  const ebmConfig = parseAdapterConfig({ ...raw, model: { ...raw.model, win: { kind: 'ebm' }, value: { kind: 'ebm', loss: 'poisson' } } }, where);
  ebm = trainModel({ ...data, config: ebmConfig }, { resamples: 5 });
}, 120_000);

describe('importanceRanks', () => {
  it('ranks by importance, 1 = most important, ties sharing the mean rank (hand example)', () => {
    expect(importanceRanks([0.1, 0.5, 0.3, 0.5, 0])).toEqual([4, 1.5, 3, 1.5, 5]);
  });
});

describe.each([['GLM', () => glm], ['EBM', () => ebm]] as const)('indicatorImportance, %s parts', (_kind, trained) => {
  let imp: ReturnType<typeof indicatorImportance>;
  beforeAll(() => {
    imp = indicatorImportance(data.frame, inputOf(trained()), { refits: 30, rng: createRng(42).child('importance') });
  }, 120_000);

  it('the estimate is the full-data importance leadingIndicators gives, and every 95% interval over 30 refits contains it', () => {
    const t = trained();
    const win = leadingIndicators(t.final.win, t.final.features, data.frame.features, t.fitRows);
    expect(imp.win.map((x) => [x.feature, x.importance])).toEqual(win.map((x) => [x.feature, x.importance]));
    expect(imp.refits).toBe(30);
    expect(imp.failed).toBe(0);
    for (const x of [...imp.win, ...imp.value]) {
      expect(x.low, `${x.part} ${x.feature}`).toBeLessThanOrEqual(x.importance);
      expect(x.high, `${x.part} ${x.feature}`).toBeGreaterThanOrEqual(x.importance);
    }
    expect(imp.note).toMatch(/^95% percentile intervals over 30 refits of the whole model on bootstrap resamples of the 4000 training leads/);
  });

  it('finds the planted strongest indicators: demo_requested for winning, employees for value, in the top 3 of (almost) every refit', () => {
    expect(imp.win[0]).toMatchObject({ feature: 'demo_requested', rank: 1 });
    expect(imp.value[0]).toMatchObject({ feature: 'employees', rank: 1 });
    expect(imp.win[0].top3).toBeGreaterThanOrEqual(0.9);
    expect(imp.value[0].top3).toBeGreaterThanOrEqual(0.9);
    // The least important win indicator's interval lies below the most important's.
    expect(imp.win[imp.win.length - 1].high).toBeLessThan(imp.win[0].low);
  });

  it('is deterministic for a seed, and another seed draws other resamples', () => {
    const a = indicatorImportance(data.frame, inputOf(trained()), { refits: 6, rng: createRng(7) });
    const b = indicatorImportance(data.frame, inputOf(trained()), { refits: 6, rng: createRng(7) });
    const c = indicatorImportance(data.frame, inputOf(trained()), { refits: 6, rng: createRng(8) });
    expect(b).toEqual(a);
    expect(c.win.map((x) => x.low)).not.toEqual(a.win.map((x) => x.low));
    expect(c.win.map((x) => x.importance)).toEqual(a.win.map((x) => x.importance));
  }, 60_000);
});

describe('indicatorImportance options', () => {
  it('refuses bad refits and levels, naming the option', () => {
    expect(() => indicatorImportance(data.frame, inputOf(glm), { refits: 0 })).toThrow(/^indicatorImportance: refits must be a positive integer \(got 0\); e\.g\. refits: 30/);
    expect(() => indicatorImportance(data.frame, inputOf(glm), { level: 95 })).toThrow(/^indicatorImportance: level must be between 0 and 1 \(got 95\)/);
  });
});

describe('rankingStability', () => {
  let st: ReturnType<typeof rankingStability>;
  beforeAll(() => {
    st = rankingStability(data.frame, inputOf(glm), { rng: createRng(42).child('stability') });
  }, 120_000);

  it('refits on each half by time and on each calendar quarter of the 4000 demo leads', () => {
    expect(st.subsets.map((s) => s.label)).toEqual(['first half', 'second half', '2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    expect(st.subsets[0]).toMatchObject({ kind: 'half', rows: 2000, from: '2024-01-01' });
    expect(st.subsets[1]).toMatchObject({ kind: 'half', rows: 2000, to: '2025-12-31' });
    expect(st.subsets.filter((s) => s.kind === 'quarter').reduce((n, s) => n + s.rows, 0)).toBe(4000);
    expect(st.floors).toEqual({ minPositives: 20, minNegatives: 20 });
  });

  it('the win ranking holds on both halves; a quarter with no complete value horizon is said, not compared', () => {
    for (const s of st.subsets.slice(0, 2)) expect(s.win!.spearman).toBeGreaterThanOrEqual(0.9);
    const last = st.subsets[st.subsets.length - 1];
    expect(last.win).not.toBeNull();
    expect(last.value).toBeNull();
    expect(last.skipped).toEqual(['value: 0 won leads with value above 0 in a complete horizon (at least 20 needed)']);
    expect(st.win.compared).toBe(10);
    expect(st.value.compared).toBe(9);
    expect(st.win.minSpearman).toBeLessThanOrEqual(st.win.medianSpearman);
  });

  it('a subset with too few won or not-won leads is skipped, naming only the short side and the floor', () => {
    const input = inputOf(glm);
    const half = input.rows.slice(0, Math.floor(input.rows.length / 2));
    const won = half.reduce((n, i) => n + data.frame.won[i], 0);
    const lost = half.length - won;
    // Floors above the first half's won leads only, then above both counts: no refit is needed to skip.
    const onlyWon = rankingStability(data.frame, input, { minPositives: won + 1, minNegatives: 20 });
    expect(onlyWon.subsets[0].skipped).toEqual([`win and value: ${won} won (at least ${won + 1} needed)`]);
    const both = rankingStability(data.frame, input, { minPositives: 4001, minNegatives: 4001 });
    expect(both.subsets[0].skipped).toEqual([`win and value: ${won} won (at least 4001 needed) and ${lost} not won (at least 4001 needed)`]);
    expect(won).toBeGreaterThan(100);
    expect(lost).toBeGreaterThan(1000);
  });

  it('a quarter that holds every fit row is not compared with itself (no subset compared)', () => {
    // Fit rows: the demo's 2024-Q1 only; floors at its won count, so each half (fewer won) is skipped.
    const input = inputOf(glm);
    const q1 = input.rows.filter((i) => new Date(data.frame.createdAt[i]).getUTCFullYear() === 2024 && new Date(data.frame.createdAt[i]).getUTCMonth() < 3);
    const won = q1.reduce((n, i) => n + data.frame.won[i], 0);
    const only = rankingStability(data.frame, { ...input, rows: q1, model: undefined }, { minPositives: won, minNegatives: 1 });
    expect(only.subsets.map((x) => x.label)).toEqual(['first half', 'second half', '2024-Q1']);
    expect(only.subsets[0].skipped[0]).toMatch(/^win and value: \d+ won \(at least \d+ needed\)$/);
    expect(only.subsets[2]).toMatchObject({ rows: q1.length, win: null, value: null,
      skipped: [`win and value: the subset is the whole fit set (all ${q1.length} rows), so comparing it says nothing`] });
    expect(only.win).toMatchObject({ compared: 0, minSpearman: NaN });
    expect(only.value.compared).toBe(0);
  }, 60_000);

  it('lists every indicator, the ones that move most first, with its rank on each subset', () => {
    const shifts = st.win.shifts;
    expect(shifts).toHaveLength(8);
    for (let k = 1; k < shifts.length; k++) expect(shifts[k].maxShift).toBeLessThanOrEqual(shifts[k - 1].maxShift);
    for (const x of shifts) {
      const moved = x.ranks.map((r) => (r === null ? 0 : Math.abs(r - x.rank)));
      expect(x.maxShift).toBe(Math.max(...moved));
      if (x.maxShift > 0) expect(x.worst).toBe(st.subsets[moved.indexOf(x.maxShift)].label);
      x.ranks.forEach((r, s) => expect(r).toBe(st.subsets[s].win?.ranks[x.feature] ?? null));
    }
  });

  it('stabilityTable: a part not compared reads —, never NaN, and the skipped column says why', () => {
    const rows = stabilityTable(st).objects() as Record<string, unknown>[];
    expect(rows[0]).toMatchObject({ subset: 'first half', leads: 2000, 'Spearman, win': 1, 'Spearman, value': 1, skipped: '' });
    // README, "Stability": the win ranking on 2024-Q3, where free_email falls from rank 2 to 7.
    expect(rows[4]).toMatchObject({ subset: '2024-Q3', 'Spearman, win': 0.619, 'Spearman, value': 0.333 });
    expect(rows[9]).toEqual({ subset: '2025-Q4', from: '2025-10-01', to: '2025-12-31', leads: 642, 'Spearman, win': 0.786, 'Spearman, value': '—',
      skipped: 'value: 0 won leads with value above 0 in a complete horizon (at least 20 needed)' });
    expect(stabilityTable(st).toHTML()).not.toMatch(/NaN/);
  });

  it('the numbers the README states: win on the quarters 0.40 to 0.98, median 0.71; over halves and quarters (medianSpearman) 0.76', () => {
    const quarters = st.subsets.filter((s) => s.kind === 'quarter').map((s) => s.win!.spearman).sort((a, b) => a - b);
    expect([quarters[0], quarters[quarters.length - 1]].map((x) => x.toFixed(2))).toEqual(['0.40', '0.98']);
    expect(((quarters[3] + quarters[4]) / 2).toFixed(3)).toBe('0.714');
    expect([st.win.medianSpearman, st.value.medianSpearman].map((x) => x.toFixed(2))).toEqual(['0.76', '0.45']);
  });

  it('is deterministic', () => {
    expect(rankingStability(data.frame, inputOf(glm), { rng: createRng(42).child('stability') })).toEqual(st);
  }, 60_000);
});

describe('featureShapes', () => {
  it('GLM: a number is a line in z over the observed range; a category gives each level its term', () => {
    const t = glm, win = t.final.win as GlmState;
    const shapes = featureShapes(win, t.final.features, data.frame.features, t.fitRows);
    expect(shapes.map((s) => s.feature)).toEqual(t.final.features.map((f) => f.name));
    const employees = shapes.find((s) => s.feature === 'employees')!;
    if (employees.kind !== 'number') throw new Error('employees');
    const spec = t.final.features.find((f) => f.name === 'employees') as NumberFeatureSpec;
    const term = win.terms.employees;
    if (term.kind !== 'number') throw new Error('term');
    expect(employees.form).toBe('linear');
    expect(employees.bins).toBeNull();
    for (const p of employees.curve) expect(p.contribution).toBeCloseTo(term.weight * ((Math.log1p(p.x) - spec.center) / spec.scale) + term.offset, 12);
    const xs = employees.curve.map((p) => p.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    const source = shapes.find((s) => s.feature === 'source')!;
    if (source.kind !== 'category') throw new Error('source');
    expect(source.levels.reduce((n, l) => n + l.count, 0)).toBe(4000);
    const sourceTerm = win.terms.source;
    if (sourceTerm.kind !== 'category' || t.final.features.find((f) => f.name === 'source')!.kind !== 'category') throw new Error('source');
    const levels = (t.final.features.find((f) => f.name === 'source') as { levels: string[] }).levels;
    for (const l of source.levels) expect(l.contribution).toBe(sourceTerm.values[levels.indexOf(l.level)]);
  });

  it('EBM: a number is its step function, bin by bin in raw units, with counts that add up', () => {
    const t = ebm, value = t.final.value as EbmState;
    const rows = t.fitRows.filter((i) => data.frame.won[i] && !data.frame.censored[i]);
    const shapes = featureShapes(value, t.final.features, data.frame.features, rows);
    const employees = shapes.find((s) => s.feature === 'employees')!;
    if (employees.kind !== 'number' || !employees.bins) throw new Error('employees');
    expect(employees.form).toBe('steps');
    expect(employees.bins.reduce((n, b) => n + b.count, 0) + (employees.missing?.count ?? 0)).toBe(rows.length);
    const spec = t.final.features.find((f) => f.name === 'employees') as NumberFeatureSpec;
    const term = value.terms.employees;
    if (term.kind !== 'number') throw new Error('term');
    for (const b of employees.bins) {
      // Each bin's value is the lookup at any raw value inside it.
      const mid = (b.from + b.to) / 2;
      expect(b.contribution).toBe(term.values[ebmBin(term.edges, (Math.log1p(mid) - spec.center) / spec.scale)]);
      expect(b.from).toBeLessThanOrEqual(b.to);
    }
    expect(employees.curve).toHaveLength(2 * employees.bins.length);
    expect(shapeChart(employees)).toMatch(/^<svg[\s\S]*employees: shape \(value if won\)[\s\S]*<\/svg>$/);
  });
});
