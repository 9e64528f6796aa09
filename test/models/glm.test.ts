import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical-json.js';
import { encodeFeatures, type EncodedCategory, type EncodedMatrix, type EncodedNumber } from '../../src/features/encode.js';
import { fitFeatures } from '../../src/features/fit-features.js';
import { subsetMatrix } from '../../src/features/subset-matrix.js';
import { fitGlm, linearPredictorOf, predictGlm, type GlmParams } from '../../src/models/glm.js';
import type { GlmState } from '../../src/scoring/model-types.js';
import { glmData, gridFeatures } from './glm-data.js';

// Reference numbers: /usr/bin/python3 (Debian), scikit-learn 1.2.1, numpy, on the data of
// glmData() reproduced by this Python (same Park–Miller generator, same integer arithmetic):
//
//   s = 20240501
//   def nxt():
//       global s; s = (s * 48271) % 2147483647; return s
//   for i in range(300):
//       l = nxt() % 4; xi = nxt() % 1000
//       w = 1 if nxt() % 100 < 10 + 15 * l + xi // 25 else 0
//       a = 0 if nxt() % 3 == 0 else (nxt() % 50) * (l + 1) + xi // 10
//       # level l, x = xi / 10, label w, amount a   (167 wins; mean amount 70.88333333333334)
//   z = (x - x.mean()) / x.std(ddof=1)               # as fitFeatures: sample sd
//   X = [one-hot of all 4 levels (no drop), z]
//   G = the grid: levels a, b, c, d × x in (0, 50, 99.9), level-major, z-scored with the training mean/sd
//   LogisticRegression(C=C, solver='newton-cg', tol=1e-10).fit(X, w).predict_proba(G)[:, 1]
//   PoissonRegressor(alpha=0, solver='newton-cholesky', tol=1e-14).fit(X[:, 1:], a).predict(G[:, 1:])
//       (level a dropped: same fitted means without a penalty, and a full-rank design)
//   PoissonRegressor(alpha=0.05, solver='newton-cholesky', tol=1e-14).fit(X, a).predict(G)
// Each was cross-checked with a plain Newton iteration on the same penalised objective
// (agreement better than 1e-9).
//
// Why the objectives match: scikit-learn's logistic loss is C · Σ logloss + ½‖w‖², i.e.
// Σ logloss + 1/(2C) ‖w‖², which is fitGlm's with l2 = 1/C; the intercept is not penalised in
// either, and fitGlm's extra parameters ((other), (missing) slots, the missing-x term) get no
// data, so the penalty holds them at 0. PoissonRegressor minimises (1/2n) Σ deviance + α/2 ‖w‖²
// = (1/n) Σ (μ − y·η) + const + α/2 ‖w‖²; fitGlm divides amounts by their mean ȳ, which turns its
// penalty l2 into l2·ȳ in original units, so α corresponds to l2 = n·α / ȳ.
const SKLEARN_LOGIT_C1 = [0.13926150677599775, 0.2991328218089267, 0.5291259417108227, 0.2644964573838531, 0.4868228085145324, 0.7140927784964344, 0.5065557430261728, 0.730316903226085, 0.8769972897061189, 0.4728699134057085, 0.7029487886282115, 0.8616957166060529];
const SKLEARN_LOGIT_C025 = [0.17276064201838573, 0.3392442378086869, 0.5575093772435129, 0.2860706326567071, 0.49624451385216867, 0.7073817841431798, 0.4950580420123952, 0.7067713618116274, 0.8553852439144379, 0.4642344443550379, 0.6805316408223658, 0.8394228543422844];
const SKLEARN_POISSON_A0 = [26.0454574873381, 45.96037647966393, 81.01060240346753, 35.83503977611354, 63.23528469694148, 111.45967241414237, 37.750254850271325, 66.61491455718145, 117.41666998138236, 52.848608250234584, 93.25779486837096, 164.37789939446068];
const SKLEARN_POISSON_A005 = [26.097401644398428, 46.03592809949805, 81.11544170495637, 35.85249042163904, 63.243946417661164, 111.43602096487587, 37.763181790867364, 66.61441416355672, 117.37479511904804, 52.834230894488854, 93.19980922978334, 164.21833999201974];
const MEAN_AMOUNT = 70.88333333333334;

const data = glmData();
const N = 300;
const allRows = Int32Array.from({ length: N }, (_, i) => i);
const specs = fitFeatures(data.features, allRows, { minLevelCount: 1 });
const matrix = encodeFeatures(specs, data.features, allRows);
const grid = encodeFeatures(specs, gridFeatures(), Int32Array.from({ length: 12 }, (_, i) => i));

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
const maxRelDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]) / Math.abs(b[i])));

describe('fitGlm matches scikit-learn', () => {
  it('logit, l2 = 1: LogisticRegression(C=1) probabilities within 1e-6', () => {
    const state = fitGlm(matrix, data.won, { link: 'logit', l2: 1, target: 'P(win)' });
    expect(state.converged).toBe(true);
    expect(maxAbsDiff(predictGlm(state, grid), SKLEARN_LOGIT_C1)).toBeLessThan(1e-6);
  });

  it('logit, l2 = 4: LogisticRegression(C=0.25) probabilities within 1e-6', () => {
    const state = fitGlm(matrix, data.won, { link: 'logit', l2: 4, target: 'P(win)' });
    expect(maxAbsDiff(predictGlm(state, grid), SKLEARN_LOGIT_C025)).toBeLessThan(1e-6);
  });

  it('log, l2 = 0: PoissonRegressor(alpha=0) means within 1e-5 (relative 1e-7)', () => {
    const state = fitGlm(matrix, data.amount, { link: 'log', l2: 0, target: 'E[value]' });
    const mu = predictGlm(state, grid);
    expect(state.converged).toBe(true);
    expect(maxAbsDiff(mu, SKLEARN_POISSON_A0)).toBeLessThan(1e-5);
    expect(maxRelDiff(mu, SKLEARN_POISSON_A0)).toBeLessThan(1e-7);
  });

  it('log, l2 = n·α/ȳ: PoissonRegressor(alpha=0.05) means within relative 1e-6 (the penalty is on mean-scaled amounts)', () => {
    const state = fitGlm(matrix, data.amount, { link: 'log', l2: (N * 0.05) / MEAN_AMOUNT, target: 'E[value]' });
    expect(state.converged).toBe(true);
    expect(maxRelDiff(predictGlm(state, grid), SKLEARN_POISSON_A005)).toBeLessThan(1e-6);
    // and the same l2 without the ȳ factor is a much stronger penalty (l2·ȳ in original units), visibly different
    const unscaled = fitGlm(matrix, data.amount, { link: 'log', l2: N * 0.05, target: 'E[value]' });
    expect(maxRelDiff(predictGlm(unscaled, grid), SKLEARN_POISSON_A005)).toBeGreaterThan(1e-4);
  });
});

/** Deep copies of a matrix's typed arrays and the labels, to check nothing was written to. */
function snapshot(m: EncodedMatrix, y: ArrayLike<number>) {
  return {
    columns: m.columns.map((c) => (c.kind === 'number' ? [Array.from(c.z), Array.from(c.missing)] : [Array.from(c.slots), c.size])),
    y: Array.from(y),
  };
}

/** A seeded permutation of 0..n−1 (Fisher–Yates with an LCG). */
function permutation(n: number, seed: number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

const cases: { name: string; y: Float64Array; params: GlmParams; close: (a: ArrayLike<number>, b: ArrayLike<number>) => number }[] = [
  { name: 'logit', y: data.won, params: { link: 'logit', l2: 1, target: 'P(win)' }, close: maxAbsDiff },
  { name: 'log', y: data.amount, params: { link: 'log', l2: 0.5, target: 'E[value]' }, close: maxRelDiff },
];

describe.each(cases)('fitGlm model contract ($name)', ({ y, params, close }) => {
  it('gives the same state, byte for byte, when fit twice', () => {
    const a = fitGlm(matrix, y, params);
    const b = fitGlm(matrix, y, params);
    expect(b).toEqual(a);
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('does not mutate its inputs', () => {
    const before = snapshot(matrix, y);
    const paramsBefore = { ...params };
    fitGlm(matrix, y, params);
    expect(snapshot(matrix, y)).toEqual(before);
    expect(params).toEqual(paramsBefore);
  });

  it('predicts the same (within 1e-6) whatever the order of the training rows', () => {
    const reference = predictGlm(fitGlm(matrix, y, params), grid);
    for (const seed of [1, 2, 3]) {
      const p = permutation(N, seed);
      const state = fitGlm(subsetMatrix(matrix, p), Float64Array.from(p, (i) => y[i]), params);
      expect(close(predictGlm(state, grid), reference)).toBeLessThan(1e-6);
      expect(close(predictGlm(state, matrix), predictGlm(fitGlm(matrix, y, params), matrix))).toBeLessThan(1e-6);
    }
  });

  it('saves as plain JSON: JSON round trip and canonical round trip predict identically and rewrite the same bytes', () => {
    const state = fitGlm(matrix, y, params);
    const loaded = JSON.parse(JSON.stringify(state)) as GlmState;
    // (not toEqual(state): with no missing x the state holds offset −0, which JSON writes as 0)
    expect(canonicalJson(loaded)).toBe(canonicalJson(state));
    expect(predictGlm(loaded, grid)).toEqual(predictGlm(state, grid));
    expect(predictGlm(loaded, matrix)).toEqual(predictGlm(state, matrix));
    const text = canonicalJson(state);
    const reloaded = JSON.parse(text) as GlmState;
    expect(predictGlm(reloaded, grid)).toEqual(predictGlm(state, grid));
    expect(canonicalJson(reloaded)).toBe(text);
  });

  it('centres each term: contributions average 0 over the training rows (slot frequencies × values)', () => {
    const state = fitGlm(matrix, y, params);
    const tier = state.terms.tier;
    const col = matrix.columns[0] as EncodedCategory;
    expect(tier.kind).toBe('category');
    if (tier.kind !== 'category') return;
    let avg = 0;
    for (let i = 0; i < N; i++) avg += tier.values[col.slots[i]] / N;
    expect(Math.abs(avg)).toBeLessThan(1e-12);
    const x = state.terms.x;
    const z = (matrix.columns[1] as EncodedNumber).z;
    if (x.kind !== 'number') throw new Error('x should be a number term');
    let avgX = 0;
    for (let i = 0; i < N; i++) avgX += (x.weight * z[i] + x.offset) / N;
    expect(Math.abs(avgX)).toBeLessThan(1e-12);
    // η = intercept + Σ contributions
    const eta = linearPredictorOf(state, grid);
    const gridTier = grid.columns[0] as EncodedCategory, gridZ = (grid.columns[1] as EncodedNumber).z;
    for (let r = 0; r < 12; r++) {
      expect(eta[r]).toBeCloseTo(state.intercept + tier.values[gridTier.slots[r]] + x.weight * gridZ[r] + x.offset, 12);
    }
  });

  it('records what it fit', () => {
    const state = fitGlm(matrix, y, params);
    expect(state).toMatchObject({ kind: 'glm', link: params.link, target: params.target, l2: params.l2, l2Choice: null, rows: N, converged: true });
    expect(Object.keys(state.terms)).toEqual(['tier', 'x']);
    // slots: a, b, c, d, (other), (missing)
    expect(state.terms.tier.kind === 'category' && state.terms.tier.values.length).toBe(6);
  });

  it('refuses an empty input', () => {
    const empty = subsetMatrix(matrix, []);
    expect(() => fitGlm(empty, new Float64Array(0), params)).toThrow(new RegExp(`^fitGlm \\(${params.target.replace(/[[\]()|]/g, '\\$&')}\\): no rows to fit \\(got 0 rows\\); check the data and the time split`));
  });

  it('refuses NaN labels, naming the row', () => {
    const bad = Float64Array.from(y);
    bad[5] = NaN;
    expect(() => fitGlm(matrix, bad, params)).toThrow(/row 5: label is NaN; drop censored or unlabelled rows before fitting/);
  });

  it('refuses labels and rows that differ in number', () => {
    expect(() => fitGlm(matrix, y.subarray(0, 10), params)).toThrow(/labels and rows differ in number \(got 10 labels for 300 rows\)/);
  });

  it('refuses non-finite feature values', () => {
    const broken = subsetMatrix(matrix, [0, 1, 2]);
    (broken.columns[1] as EncodedNumber).z[2] = Infinity;
    expect(() => fitGlm(broken, y.subarray(0, 3), params)).toThrow(/^fitGlm feature x row 2: value is not finite \(got Infinity\); mark missing values as missing/);
  });

  it('refuses a bad link or penalty', () => {
    expect(() => fitGlm(matrix, y, { ...params, l2: -1 })).toThrow(/^fitGlm params\.l2: not a non-negative number \(got -1\)/);
    expect(() => fitGlm(matrix, y, { ...params, l2: NaN })).toThrow(/params\.l2: not a non-negative number \(got NaN\)/);
    expect(() => fitGlm(matrix, y, { ...params, link: 'probit' as 'logit' })).toThrow(/^fitGlm params\.link: unknown link \(got "probit"\); use "logit" or "log"/);
  });

  it('with an enormous penalty predicts the training mean for every lead (intercept-only MLE, hand value)', () => {
    // 167 wins of 300; mean amount 70.8833…
    const mean = params.link === 'logit' ? 167 / 300 : MEAN_AMOUNT;
    const mu = predictGlm(fitGlm(matrix, y, { ...params, l2: 1e12 }), grid);
    for (const m of mu) expect(Math.abs(m - mean) / mean).toBeLessThan(1e-6);
  });

  it('refuses to predict on a matrix with a feature it has no term for', () => {
    const state = fitGlm(matrix, y, params);
    const renamed: EncodedMatrix = { rows: grid.rows, columns: [{ ...(grid.columns[0] as EncodedCategory), name: 'segment' }] };
    expect(() => predictGlm(state, renamed)).toThrow(/^feature segment: the model has no such term; encode with the specs the model was trained on/);
  });

  it('refuses a matrix without a column for one of its terms (the term was skipped before)', () => {
    const state = fitGlm(matrix, y, params);
    const noX: EncodedMatrix = { rows: grid.rows, columns: grid.columns.filter((c) => c.name !== 'x') };
    expect(() => predictGlm(state, noX)).toThrow(/^feature x: the GLM model has this term but the matrix has no such column; encode with the specs the model was trained on$/);
  });

  it('refuses a category encoded with another vocabulary (a level more: level slots would read as (other))', () => {
    const state = fitGlm(matrix, y, params);
    // The model's tier has 4 levels + (other) + (missing) = 6 slots; these specs give 7.
    const wider = specs.map((s) => (s.kind === 'category' ? { ...s, levels: [...s.levels, 'e'] } : s));
    const other = encodeFeatures(wider, gridFeatures(), Int32Array.from({ length: 12 }, (_, i) => i));
    expect(() => predictGlm(state, other)).toThrow(/^feature tier: has 6 slots \(4 levels, \(other\), \(missing\)\) in the GLM model but 7 in the matrix; encode with the specs the model was trained on$/);
    expect(() => linearPredictorOf(state, other)).toThrow(/feature tier: has 6 slots/);
  });
});

describe('fitGlm label ranges', () => {
  it('logit refuses labels other than 0 and 1, naming the row and value', () => {
    const y = Float64Array.from(data.won);
    y[3] = 2;
    expect(() => fitGlm(matrix, y, { link: 'logit', l2: 1, target: 'P(win)' })).toThrow(/^fitGlm \(P\(win\)\) row 3: label is not 0 or 1 \(got 2\)/);
    y[3] = 0.5;
    expect(() => fitGlm(matrix, y, { link: 'logit', l2: 1, target: 'P(win)' })).toThrow(/row 3: label is not 0 or 1 \(got 0\.5\)/);
  });

  it('log refuses negative and infinite amounts, naming the row and value', () => {
    const y = Float64Array.from(data.amount);
    y[7] = -5;
    expect(() => fitGlm(matrix, y, { link: 'log', l2: 0, target: 'E[value]' })).toThrow(/^fitGlm \(E\[value\]\) row 7: amount is negative or infinite \(got -5\)/);
    y[7] = Infinity;
    expect(() => fitGlm(matrix, y, { link: 'log', l2: 0, target: 'E[value]' })).toThrow(/row 7: amount is negative or infinite \(got Infinity\)/);
  });

  it('log accepts non-integer amounts and an all-zero column', () => {
    const zeros = new Float64Array(N);
    const mu = predictGlm(fitGlm(matrix, zeros, { link: 'log', l2: 1, target: 'E[value]' }), grid);
    for (const m of mu) expect(m).toBeLessThan(1e-6);
  });
});

describe('fitGlm known values without features', () => {
  it('logit with no columns predicts the base rate; log the mean (MLE, hand value)', () => {
    const none: EncodedMatrix = { rows: 4, columns: [] };
    expect(predictGlm(fitGlm(none, Float64Array.of(1, 0, 0, 1), { link: 'logit', l2: 1, target: 'p' }), { rows: 1, columns: [] })[0]).toBeCloseTo(0.5, 9);
    expect(predictGlm(fitGlm(none, Float64Array.of(1, 0, 0, 0), { link: 'logit', l2: 0, target: 'p' }), { rows: 1, columns: [] })[0]).toBeCloseTo(0.25, 9);
    expect(predictGlm(fitGlm(none, Float64Array.of(0, 2.5, 10, 0), { link: 'log', l2: 0, target: 'm' }), { rows: 1, columns: [] })[0]).toBeCloseTo(3.125, 9);
  });

  it('a missing number gets its own learned term (saturated fit: each group’s share, hand value)', () => {
    // Three groups, three free parameters (intercept, weight, missing term), l2 = 0, so the MLE
    // reproduces each group's win share: x missing (labels 1,1,1,0) → 3/4; z = 1 (labels 1,0) → 1/2;
    // z = −1 (labels 1,0,0,0) → 1/4.
    const m: EncodedMatrix = {
      rows: 10,
      columns: [{ kind: 'number', name: 'x', z: Float64Array.of(0, 0, 0, 0, 1, 1, -1, -1, -1, -1), missing: Uint8Array.of(1, 1, 1, 1, 0, 0, 0, 0, 0, 0) }],
    };
    const state = fitGlm(m, Float64Array.of(1, 1, 1, 0, 1, 0, 1, 0, 0, 0), { link: 'logit', l2: 0, target: 'p' });
    const p = predictGlm(state, m);
    [0.75, 0.75, 0.75, 0.75, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25].forEach((v, i) => expect(p[i]).toBeCloseTo(v, 6));
  });

  it('centres a number term on the rows it was fit on even when z does not average 0 there', () => {
    // The two-part model fits its value part on won rows only, with z-scores fitted on all
    // training rows, so z need not average 0 over the GLM's rows. Here z over present rows sums
    // to 1 + 1 − 1 − 1 − 1 − 1 = −2. "Over the training rows each term averages 0" (GlmTerm doc):
    // (6 present rows: weight·z + offset; 4 missing rows: missing) / 10 should be 0.
    const m: EncodedMatrix = {
      rows: 10,
      columns: [{ kind: 'number', name: 'x', z: Float64Array.of(0, 0, 0, 0, 1, 1, -1, -1, -1, -1), missing: Uint8Array.of(1, 1, 1, 1, 0, 0, 0, 0, 0, 0) }],
    };
    const state = fitGlm(m, Float64Array.of(1, 1, 1, 0, 1, 0, 1, 0, 0, 0), { link: 'logit', l2: 0, target: 'p' });
    const x = state.terms.x;
    if (x.kind !== 'number') throw new Error('x should be a number term');
    let avg = 0;
    for (let i = 0; i < 10; i++) avg += (m.columns[0] as EncodedNumber).missing[i] ? x.missing : x.weight * (m.columns[0] as EncodedNumber).z[i] + x.offset;
    expect(Math.abs(avg / 10)).toBeLessThan(1e-9);
  });
});

describe('fitGlm row-order invariance (property)', () => {
  const rowsArb = fc.array(
    fc.record({ slot: fc.integer({ min: 0, max: 3 }), z: fc.double({ min: -2, max: 2, noNaN: true }), miss: fc.boolean(), y: fc.constantFrom(0, 1), amount: fc.integer({ min: 0, max: 1000 }) }),
    { minLength: 2, maxLength: 40 },
  ).filter((rows) => rows.some((r) => r.amount > 0));
  type Row = { slot: number; z: number; miss: boolean; y: number; amount: number };
  const build = (rows: Row[], order: Int32Array): EncodedMatrix => ({
    rows: order.length,
    columns: [
      { kind: 'category', name: 'c', size: 6, slots: Int32Array.from(order, (i) => rows[i].slot) },
      { kind: 'number', name: 'n', z: Float64Array.from(order, (i) => (rows[i].miss ? 0 : rows[i].z)), missing: Uint8Array.from(order, (i) => (rows[i].miss ? 1 : 0)) },
    ],
  });

  it.each([
    { link: 'logit' as const, label: (r: Row) => r.y, diff: maxAbsDiff },
    { link: 'log' as const, label: (r: Row) => r.amount, diff: maxRelDiff },
  ])('holds for random small data sets ($link)', ({ link, label, diff }) => {
    fc.assert(fc.property(rowsArb, fc.integer(), (rows, seed) => {
      const identity = Int32Array.from(rows.keys());
      const order = permutation(rows.length, seed);
      const params: GlmParams = { link, l2: 1, target: 't' };
      const a = fitGlm(build(rows, identity), Float64Array.from(identity, (i) => label(rows[i])), params);
      const b = fitGlm(build(rows, order), Float64Array.from(order, (i) => label(rows[i])), params);
      const m = build(rows, identity);
      expect(diff(predictGlm(b, m), predictGlm(a, m))).toBeLessThan(1e-6);
    }), { numRuns: 100 });
  });
});
