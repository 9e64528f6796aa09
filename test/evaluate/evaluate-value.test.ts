import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { evaluateValue } from '../../src/evaluate/evaluate-value.js';

describe('evaluateValue', () => {
  it('scores the rows with known value only and counts the censored ones (hand calculation)', () => {
    // Rows by prediction: realised 10, 0, 5; the fourth row is censored (NaN) and left out.
    const m = evaluateValue(Float64Array.of(4, 3, 2, 1), Float64Array.of(10, 0, 5, NaN), createRng(1), { resamples: 50 });
    expect(m.rows).toEqual({ test: 4, valueKnown: 3, censoredExcluded: 1, positive: 2 });
    expect(m.base).toEqual({ mean: 5, total: 15 });
    // Top 20% of 3 rows = 0.6 of the top row: 0.6 · 10 / 15 = 0.4.
    expect(m.top20.estimate).toBeCloseTo(0.4, 12);
    // Gini = mean cumulative share − (n + 1) / 2n: model (10/15 + 10/15 + 1)/3 − 2/3 = 1/9,
    // perfect order (10/15 + 1 + 1)/3 − 2/3 = 2/9; normalized 1/2.
    expect(m.gini.estimate).toBeCloseTo(0.5, 12);
    expect(m.deciles).toBeNull(); // fewer than 10 rows
    expect(m.bootstrap).toEqual({ resamples: 50, level: 0.95 });
  });

  it('gives intervals around the estimate, the same for the same seed, and the decile MAPE from 10 rows on', () => {
    const rng = createRng(5);
    const realised = Float64Array.from({ length: 200 }, () => (rng.next() < 0.6 ? 0 : 100 * rng.next()));
    const prediction = Float64Array.from(realised, (v, i) => v + 30 * ((i * 37) % 11) / 11);
    const a = evaluateValue(prediction, realised, createRng(9));
    const b = evaluateValue(prediction, realised, createRng(9));
    expect(a).toEqual(b);
    for (const x of [a.gini, a.top10, a.top20, a.spearman]) {
      expect(x.low).toBeLessThanOrEqual(x.estimate);
      expect(x.high).toBeGreaterThanOrEqual(x.estimate);
    }
    expect(a.deciles?.groups.length).toBe(10);
    expect(a.deciles?.mape).toBeGreaterThan(0);
  });

  it('refuses predictions and realised values of different lengths (it scored the first rows before)', () => {
    expect(() => evaluateValue(Float64Array.of(1, 2, 3), Float64Array.of(0, 1), createRng(1))).toThrow(
      /^evaluateValue: predictions and realised values differ in length \(got 3 predictions, 2 realised values\); pass one of each per row$/);
    expect(() => evaluateValue(Float64Array.of(1, 2), Float64Array.of(0, 1, 5), createRng(1))).toThrow(/\(got 2 predictions, 3 realised values\)/);
  });
});
