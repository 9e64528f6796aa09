import { describe, expect, it } from 'vitest';
import { encodeFeatures, type EncodedMatrix } from '../../src/features/encode.js';
import { fitFeatures } from '../../src/features/fit-features.js';
import { subsetMatrix } from '../../src/features/subset-matrix.js';
import { fitGlmChoosingL2, meanDeviance } from '../../src/models/choose-l2.js';
import { fitGlm, predictGlm } from '../../src/models/glm.js';
import type { RawFeature } from '../../src/load/load-source.js';
import { glmData, parkMiller } from './glm-data.js';

const range = (a: number, b: number) => Int32Array.from({ length: b - a }, (_, i) => a + i);

/** Mean Bernoulli deviance written out independently: −2/n Σ [y log μ + (1 − y) log(1 − μ)]. */
const bernoulliDeviance = (y: ArrayLike<number>, mu: ArrayLike<number>) =>
  -2 * Array.from(y, (v, i) => (v === 1 ? Math.log(mu[i]) : Math.log(1 - mu[i]))).reduce((a, c) => a + c, 0) / y.length;

describe('meanDeviance', () => {
  it('matches scikit-learn', () => {
    // /usr/bin/python3, sklearn 1.2.1: 2 * log_loss([1,0,1], [0.8,0.4,0.3]) = 1.291961319604091,
    // mean_poisson_deviance([2,0,3.5], [1,0.5,4]) = 0.6126229912893743
    expect(meanDeviance('logit', [1, 0, 1], [0.8, 0.4, 0.3])).toBeCloseTo(1.291961319604091, 12);
    expect(meanDeviance('log', [2, 0, 3.5], [1, 0.5, 4])).toBeCloseTo(0.6126229912893743, 12);
  });

  it('stays finite for predictions of exactly 0 or 1', () => {
    expect(Number.isFinite(meanDeviance('logit', [1, 0], [0, 1]))).toBe(true);
    expect(Number.isFinite(meanDeviance('log', [3], [0]))).toBe(true);
  });
});

describe('fitGlmChoosingL2', () => {
  const data = glmData();
  const rows = range(0, 300);
  const matrix = encodeFeatures(fitFeatures(data.features, rows, { minLevelCount: 1 }), data.features, rows);

  it('with one candidate fits with it, without a search', () => {
    const state = fitGlmChoosingL2(matrix, data.won, { link: 'logit', target: 'P(win)' }, [2.5]);
    expect(state.l2).toBe(2.5);
    expect(state.l2Choice).toBeNull();
    expect(state).toEqual(fitGlm(matrix, data.won, { link: 'logit', target: 'P(win)', l2: 2.5 }));
  });

  it('records each candidate’s validation loss on the newest 25% of rows and refits the best on all rows', () => {
    // 300 rows: fit on rows 0–224 (floor(300 · 0.75)), validate on rows 225–299 (75 rows).
    // The labels depend strongly on the features, so 1e4 (nearly intercept-only) must lose.
    const candidates = [1, 1e4, 0.01];
    const state = fitGlmChoosingL2(matrix, data.won, { link: 'logit', target: 'P(win)' }, candidates);
    expect(candidates).toEqual([1, 1e4, 0.01]); // not sorted in place
    expect(state.l2Choice?.candidates).toEqual([1e4, 1, 0.01]);
    expect(state.l2Choice?.validationRows).toBe(75);
    const fitX = subsetMatrix(matrix, range(0, 225)), valX = subsetMatrix(matrix, range(225, 300));
    // Reference: each candidate fit from a cold start to a tight tolerance (the search warm-starts
    // down the penalty path, so it agrees to the solver's tolerance, not bit for bit).
    const tight = { link: 'logit', target: 'P(win)', tolerance: 1e-12 } as const;
    const expected = [1e4, 1, 0.01].map((l2) =>
      bernoulliDeviance(data.won.subarray(225), predictGlm(fitGlm(fitX, data.won.subarray(0, 225), { ...tight, l2 }), valX)));
    state.l2Choice!.validationLoss.forEach((loss, k) => expect(Math.abs(loss / expected[k] - 1)).toBeLessThan(1e-7));
    const best = expected.indexOf(Math.min(...expected));
    expect(best).not.toBe(0);
    expect(state.l2).toBe([1e4, 1, 0.01][best]);
    // refit on all 300 rows with the chosen penalty
    const refit = fitGlm(matrix, data.won, { ...tight, l2: state.l2 });
    const p = predictGlm(state, matrix), q = predictGlm(refit, matrix);
    for (let i = 0; i < p.length; i++) expect(Math.abs(p[i] - q[i])).toBeLessThan(1e-6);
    expect(state.rows).toBe(300);
  });

  it('prefers a strong penalty when the features are noise', () => {
    // 40 levels seen ~8 times each, labels independent of them (Park–Miller, seed 7):
    // a weak penalty fits noise and validates worse than a strong one.
    const next = parkMiller(7);
    const n = 320;
    const levels = Array.from({ length: 40 }, (_, i) => `l${String(i).padStart(2, '0')}`);
    const feature: RawFeature = { name: 'noise', stage: 'lead', kind: 'category', column: 'noise', levels, codes: Int32Array.from({ length: n }, () => next() % 40) };
    const y = Float64Array.from({ length: n }, () => (next() % 2));
    const all = range(0, n);
    const m = encodeFeatures(fitFeatures([feature], all, { minLevelCount: 1 }), [feature], all);
    const state = fitGlmChoosingL2(m, y, { link: 'logit', target: 'P(win)' }, [1e-3, 100]);
    const [strong, weak] = state.l2Choice!.validationLoss;
    expect(strong).toBeLessThan(weak);
    expect(state.l2).toBe(100);
  });

  it('breaks ties toward the stronger penalty', () => {
    // No features: the penalty has nothing to act on, every candidate validates the same.
    const none: EncodedMatrix = { rows: 100, columns: [] };
    const y = Float64Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const state = fitGlmChoosingL2(none, y, { link: 'logit', target: 'P(win)' }, [0.1, 10, 1]);
    const losses = state.l2Choice!.validationLoss;
    expect(losses[0]).toBe(losses[1]);
    expect(losses[1]).toBe(losses[2]);
    expect(state.l2).toBe(10);
  });

  it('chooses for the value part too (Poisson deviance)', () => {
    const state = fitGlmChoosingL2(matrix, data.amount, { link: 'log', target: 'E[value]' }, [1e3, 0.1]);
    const fitX = subsetMatrix(matrix, range(0, 225)), valX = subsetMatrix(matrix, range(225, 300));
    const poisson = (y: ArrayLike<number>, mu: ArrayLike<number>) =>
      (2 / y.length) * Array.from(y, (v, i) => (v > 0 ? v * Math.log(v / mu[i]) : 0) - (v - mu[i])).reduce((a, c) => a + c, 0);
    const expected = [1e3, 0.1].map((l2) => poisson(data.amount.subarray(225), predictGlm(fitGlm(fitX, data.amount.subarray(0, 225), { link: 'log', target: 'E[value]', l2, tolerance: 1e-12 }), valX)));
    // warm-started down the path: equal to the solver's tolerance
    state.l2Choice!.validationLoss.forEach((loss, k) => expect(Math.abs(loss / expected[k] - 1)).toBeLessThan(1e-7));
    expect(state.l2).toBe(expected[0] <= expected[1] + 1e-12 ? 1e3 : 0.1);
  });

  it('does not search when either part would have fewer than 20 rows, and then takes the strongest penalty', () => {
    const few = subsetMatrix(matrix, range(0, 40)); // 30 fit + 10 validation rows
    const state = fitGlmChoosingL2(few, data.won.subarray(0, 40), { link: 'logit', target: 'P(win)' }, [1, 10]);
    expect(state.l2Choice).toBeNull();
    expect(state.l2).toBe(10);
  });
});
