import { describe, expect, it } from 'vitest';
import type { EncodedMatrix } from '../../src/features/encode.js';
import { encodeFeatures } from '../../src/features/encode.js';
import { fitFeatures } from '../../src/features/fit-features.js';
import { fitGlm, predictGlm } from '../../src/models/glm.js';
import { denseGlmPreconditioner, glmGram, glmLayout, glmPreconditioner, multiplyUpper, solveLower, solveUpper } from '../../src/models/glm-preconditioner.js';
import { glmData } from './glm-data.js';

// 4 rows: x = (1, missing, −2, 0.5), category slots (0, 2, 2, 1) of 3.
// Parameters: intercept, x, x-missing, slot 0, slot 1, slot 2. Rows of the design, by hand:
//   (1, 1, 0, 1, 0, 0), (1, 0, 1, 0, 0, 1), (1, −2, 0, 0, 0, 1), (1, 0.5, 0, 0, 1, 0)
const tiny: EncodedMatrix = {
  rows: 4,
  columns: [
    { kind: 'number', name: 'x', z: Float64Array.of(1, 0, -2, 0.5), missing: Uint8Array.of(0, 1, 0, 0) },
    { kind: 'category', name: 'c', size: 3, slots: Int32Array.of(0, 2, 2, 1) },
  ],
};
// XᵀX of those rows, by hand
const TINY_GRAM = [
  [4, -0.5, 1, 1, 1, 2],
  [-0.5, 5.25, 0, 1, 0.5, -2],
  [1, 0, 1, 0, 0, 1],
  [1, 1, 0, 1, 0, 0],
  [1, 0.5, 0, 0, 1, 0],
  [2, -2, 1, 0, 0, 2],
];

describe('glmGram', () => {
  it('is XᵀX of the design over all rows when they are few (hand-computed)', () => {
    const gram = glmGram(tiny);
    expect(gram).toMatchObject({ rows: 4, sampled: 4 });
    expect(Array.from(glmLayout(tiny))).toEqual([1, 3, 6]);
    expect(Array.from(gram.values)).toEqual(TINY_GRAM.flat());
  });

  it('samples every step-th row when asked for fewer: rows 0 and 2', () => {
    const gram = glmGram(tiny, 2);
    expect(gram.sampled).toBe(2);
    // rows (1, 1, 0, 1, 0, 0) and (1, −2, 0, 0, 0, 1)
    expect(gram.values[0]).toBe(2);
    expect(gram.values[1 * 6 + 1]).toBe(5);
    expect(gram.values[0 * 6 + 1]).toBe(-1);
    expect(gram.values[2 * 6 + 2]).toBe(0);
  });
});

describe('glmPreconditioner', () => {
  it('gives a factor whose triangular solves undo Lᵀ', () => {
    const d = Float64Array.of(0.5, 0.4, 1, 1, 1, 0.7), h = Float64Array.from(d, (v) => 1 / (v * v));
    const L = glmPreconditioner(glmGram(tiny), 4, d, h, 0.25, 1, [[3, 6]]);
    const w = Float64Array.of(0.3, -1, 2, 0.5, -0.25, 4), u = new Float64Array(6), back = new Float64Array(6);
    multiplyUpper(L, w, u);
    solveUpper(L, u, back);
    back.forEach((v, i) => expect(v).toBeCloseTo(w[i], 9));
    // L⁻¹·(L·w) = w, with L·w written out from the lower triangle
    const lw = Float64Array.from(w, (_, i) => { let s = 0; for (let k = 0; k <= i; k++) s += L[i * 6 + k] * w[k]; return s; });
    solveLower(L, lw, back);
    back.forEach((v, i) => expect(v).toBeCloseTo(w[i], 9));
  });

  it('refuses a Gram of another design, naming the dimensions', () => {
    const d = new Float64Array(7).fill(1);
    expect(() => glmPreconditioner(glmGram(tiny), 4, d, d, 0.25, 1, [])).toThrow(/^fitGlm params\.gram: not the Gram of this design \(got 6 parameters for 7\); take it with glmGram of the same features/);
  });

  it('steers the solver only: a Gram from a few sampled rows reaches the same optimum (within 1e-7)', () => {
    const data = glmData();
    const rows = Int32Array.from({ length: 300 }, (_, i) => i);
    const matrix = encodeFeatures(fitFeatures(data.features, rows, { minLevelCount: 1 }), data.features, rows);
    for (const [link, y] of [['logit', data.won], ['log', data.amount]] as const) {
      const own = predictGlm(fitGlm(matrix, y, { link, l2: 1, target: 't' }), matrix);
      const rough = predictGlm(fitGlm(matrix, y, { link, l2: 1, target: 't', gram: glmGram(matrix, 10) }), matrix);
      own.forEach((v, i) => expect(Math.abs(rough[i] - v) / v).toBeLessThan(1e-7));
    }
  });
});

describe('denseGlmPreconditioner', () => {
  it('is used while its factorisation is cheap next to the passes, and the diagonal otherwise', () => {
    expect(denseGlmPreconditioner(tiny)).toBe(true);
    // 200 rows, one category of 3,000 slots: dim 3,001, 3001³ ≈ 2.7e10 > 600 · 200 · 2
    const wide: EncodedMatrix = { rows: 200, columns: [{ kind: 'category', name: 'c', size: 3000, slots: Int32Array.from({ length: 200 }, (_, i) => (i * 7) % 3000) }] };
    expect(denseGlmPreconditioner(wide)).toBe(false);
    // the diagonal path still reaches the optimum: ∂/∂intercept = Σ (μ − y) = 0, so μ averages the labels
    const y = Float64Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const state = fitGlm(wide, y, { link: 'logit', l2: 1, target: 'p' });
    expect(state.converged).toBe(true);
    const mu = predictGlm(state, wide);
    expect(Math.abs(mu.reduce((a, v) => a + v, 0) / 200 - y.reduce((a, v) => a + v, 0) / 200)).toBeLessThan(1e-7);
  });
});
