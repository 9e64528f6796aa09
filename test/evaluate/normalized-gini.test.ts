import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { normalizedGini } from '../../src/evaluate/normalized-gini.js';
import { gather, giniOfOrder, meanOverTieOrders, orderDescending, shuffledRows } from './brute-force.js';

const f64 = (...v: number[]) => Float64Array.from(v);

/** Brute force: mean over every tie order of Kaggle's normalized Gini. */
function giniByEnumeration(pred: Float64Array, value: Float64Array): number {
  const perfect = giniOfOrder(value, orderDescending(value));
  return meanOverTieOrders(pred, (order) => giniOfOrder(value, order)) / perfect;
}

// Small random cases (n ≤ 6) with heavy ties in predictions and in values.
const smallCase = fc
  .array(fc.record({ p: fc.integer({ min: 0, max: 3 }), v: fc.integer({ min: 0, max: 5 }) }), { minLength: 2, maxLength: 6 })
  .filter((rows) => new Set(rows.map((r) => r.v)).size > 1);

describe('normalizedGini', () => {
  it('matches the Kaggle reference code on an example without ties', () => {
    // Kaggle (Porto Seguro / Allstate) gini_normalized in numpy, run once with /usr/bin/python3:
    // actual [0,120,0,40,300,0,15,80], pred [.1,.7,.2,.5,.9,.05,.3,.4]
    // gini = 0.3248873873873874, perfect = 0.33389639639639634, normalized = 0.9730185497470492
    const actual = f64(0, 120, 0, 40, 300, 0, 15, 80);
    const pred = f64(0.1, 0.7, 0.2, 0.5, 0.9, 0.05, 0.3, 0.4);
    expect(normalizedGini(pred, actual)).toBeCloseTo(0.9730185497470492, 14);
  });

  it('treats a tie group as a straight segment of the Lorenz curve (hand calculation)', () => {
    // pred [0.9, 0.5, 0.5, 0.1], value [6, 0, 3, 1], total 10, n 4.
    // Cumulative value by prediction: 6, then the tie group {0, 3} averages to 7.5 and 9, then 10.
    // Σ = 32.5 → gini = (32.5/10 − 5/2)/4 = 0.1875. (The two tie orders give 31 and 34, mean 32.5.)
    // Perfect order 6, 3, 1, 0: Σ = 6 + 9 + 10 + 10 = 35 → (3.5 − 2.5)/4 = 0.25.
    // Normalized: 0.1875 / 0.25 = 0.75.
    expect(normalizedGini(f64(0.9, 0.5, 0.5, 0.1), f64(6, 0, 3, 1))).toBeCloseTo(0.75, 14);
  });

  it('is 1 for a perfect ordering, −1 for a reversed one, 0 when all predictions tie', () => {
    expect(normalizedGini(f64(0.9, 0.3, 0.8, 0.1), f64(10, 0, 5, 0))).toBeCloseTo(1, 14);
    // Reversed order for value [3, 2, 1] (hand): Σ 1, 3, 6 = 10/6 − 2 = −1/3 vs perfect Σ 3, 5, 6 = 14/6 − 2 = 1/3 → −1.
    expect(normalizedGini(f64(1, 2, 3), f64(3, 2, 1))).toBeCloseTo(-1, 14);
    // One tie group: the Lorenz curve is the diagonal, Σ = T(n+1)/2 → gini 0.
    expect(normalizedGini(f64(4, 4, 4, 4), f64(1, 0, 7, 2))).toBeCloseTo(0, 14);
  });

  it('equals the mean over all tie orders (permutation enumeration, n ≤ 6)', () => {
    fc.assert(
      fc.property(smallCase, (rows) => {
        fc.pre(rows.some((r) => r.v > 0));
        const p = Float64Array.from(rows, (r) => r.p);
        const v = Float64Array.from(rows, (r) => r.v);
        expect(normalizedGini(p, v)).toBeCloseTo(giniByEnumeration(p, v), 12);
      }),
      { numRuns: 300 },
    );
  });

  it('equals Kaggle’s code on random data without ties', () => {
    const rng = createRng(13);
    for (let trial = 0; trial < 30; trial++) {
      const n = 2 + rng.int(300);
      const p = Float64Array.from({ length: n }, () => rng.normal());
      const v = Float64Array.from({ length: n }, () => (rng.next() < 0.3 ? Math.exp(2 * rng.normal()) : 0));
      v[0] = 1;
      v[1] = 0;
      const expected = giniOfOrder(v, orderDescending(p)) / giniOfOrder(v, orderDescending(v));
      expect(normalizedGini(p, v)).toBeCloseTo(expected, 11);
    }
  });

  it('gives exactly 1 for the truth itself', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 50 }), (values) => {
        fc.pre(new Set(values).size > 1);
        const v = Float64Array.from(values);
        expect(normalizedGini(v, v)).toBe(1);
      }),
    );
  });

  it('does not depend on row order, value scale or increasing transforms of predictions', () => {
    fc.assert(
      fc.property(smallCase, fc.integer(), (rows, seed) => {
        fc.pre(rows.some((r) => r.v > 0));
        const p = Float64Array.from(rows, (r) => r.p);
        const v = Float64Array.from(rows, (r) => r.v);
        const g = normalizedGini(p, v);
        const perm = shuffledRows(p.length, seed);
        expect(normalizedGini(gather(p, perm), gather(v, perm))).toBeCloseTo(g, 12);
        expect(normalizedGini(p, v.map((x) => 37.5 * x))).toBeCloseTo(g, 12);
        expect(normalizedGini(p.map((x) => Math.exp(x)), v)).toBeCloseTo(g, 14);
      }),
    );
  });

  it('evaluates an index subset like the gathered arrays', () => {
    const actual = f64(0, 120, 0, 40, 300, 0, 15, 80);
    const pred = f64(0.1, 0.7, 0.2, 0.5, 0.9, 0.05, 0.3, 0.4);
    const indices = [1, 1, 4, 0, 6, 6, 7];
    expect(normalizedGini(pred, actual, { indices })).toBeCloseTo(
      normalizedGini(gather(pred, indices), gather(actual, indices)), 14);
  });

  it('returns NaN without a positive total or when every realised value is equal', () => {
    expect(normalizedGini(f64(1, 2, 3), f64(0, 0, 0))).toBeNaN();
    expect(normalizedGini(f64(1, 2, 3), f64(5, 5, 5))).toBeNaN();
    expect(normalizedGini(f64(), f64())).toBeNaN();
  });

  it('rejects bad input with a message saying what and where', () => {
    expect(() => normalizedGini(f64(1, 2), f64(1, 2, 3))).toThrow(
      /^normalizedGini: predictions and realised values differ in length \(got 2 predictions, 3 realised values\)/,
    );
    expect(() => normalizedGini(f64(1, NaN), f64(1, 2))).toThrow(/^normalizedGini: prediction at row 1 is not finite \(got NaN\)/);
    expect(() => normalizedGini(f64(1, 2), f64(NaN, 2))).toThrow(/realised value at row 0 is not finite \(got NaN\)/);
    expect(() => normalizedGini(f64(1, 2), f64(3, -2))).toThrow(/^normalizedGini: realised value at row 1 is negative \(got -2\)/);
  });
});
