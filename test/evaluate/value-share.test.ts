import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { captureCurve, liftCurve, topShare } from '../../src/evaluate/value-share.js';
import { gather, meanOverTieOrders, orderDescending, shuffledRows } from './brute-force.js';

const f64 = (...v: number[]) => Float64Array.from(v);

/** Brute force: mean over every tie order of (value in the first k rows) / total, k an integer. */
function topShareByEnumeration(pred: Float64Array, value: Float64Array, k: number): number {
  const total = value.reduce((s, v) => s + v, 0);
  return meanOverTieOrders(pred, (order) => order.slice(0, k).reduce((s, i) => s + value[i], 0) / total);
}

const smallCase = fc
  .array(fc.record({ p: fc.integer({ min: 0, max: 3 }), v: fc.integer({ min: 0, max: 9 }) }), { minLength: 1, maxLength: 6 })
  .filter((rows) => rows.some((r) => r.v > 0));
const split = (rows: { p: number; v: number }[]) => ({
  p: Float64Array.from(rows, (r) => r.p),
  v: Float64Array.from(rows, (r) => r.v),
});

describe('topShare', () => {
  // pred [0.9, 0.5, 0.5, 0.5, 0.1], value [8, 0, 3, 6, 3], total 20.
  // By prediction: row 0 (8), then a tie group of 3 rows holding 9 (3 per row in expectation), then 3.
  const pred = f64(0.9, 0.5, 0.5, 0.5, 0.1);
  const value = f64(8, 0, 3, 6, 3);

  it('counts a tie group straddling the boundary fractionally (hand calculation)', () => {
    expect(topShare(pred, value, 0.2)).toBeCloseTo(8 / 20, 15); // 1 row: 8
    expect(topShare(pred, value, 0.4)).toBeCloseTo(11 / 20, 15); // 8 + 1 of 3 tied rows · 9/3
    expect(topShare(pred, value, 0.5)).toBeCloseTo(12.5 / 20, 15); // 2.5 rows: 8 + 1.5 · 3
    expect(topShare(pred, value, 0.8)).toBeCloseTo(17 / 20, 15); // 8 + 9
    expect(topShare(pred, value, 0)).toBe(0);
    expect(topShare(pred, value, 1)).toBe(1);
  });

  it('interpolates linearly between rows when fraction · n is not an integer (hand calculation)', () => {
    // pred distinct, value [10, 1, 5, 4] → sorted values 10, 5, 4, 1 (total 20).
    // fraction 0.3 → 1.2 rows: 10 + 0.2·5 = 11 → 0.55.
    expect(topShare(f64(0.9, 0.3, 0.8, 0.1), f64(10, 1, 5, 4), 0.3)).toBeCloseTo(0.55, 15);
  });

  it('equals the mean over all tie orders (permutation enumeration, n ≤ 6)', () => {
    fc.assert(
      fc.property(smallCase, (rows) => {
        const { p, v } = split(rows);
        for (let k = 0; k <= p.length; k++) {
          expect(topShare(p, v, k / p.length)).toBeCloseTo(topShareByEnumeration(p, v, k), 12);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('equals a plain sort on random data without ties', () => {
    const rng = createRng(14);
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + rng.int(300);
      const p = Float64Array.from({ length: n }, () => rng.normal());
      const v = Float64Array.from({ length: n }, () => Math.exp(rng.normal()));
      const order = orderDescending(p);
      const total = v.reduce((s, x) => s + x, 0);
      const k = rng.int(n + 1);
      const expected = order.slice(0, k).reduce((s, i) => s + v[i], 0) / total;
      expect(topShare(p, v, k / n)).toBeCloseTo(expected, 12);
    }
  });

  it('is exactly 1 at fraction 1, 0 at 0, non-decreasing, and independent of row order', () => {
    fc.assert(
      fc.property(smallCase, fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), (rows, seed, f) => {
        const { p, v } = split(rows);
        expect(topShare(p, v, 1)).toBe(1);
        expect(topShare(p, v, 0)).toBe(0);
        expect(topShare(p, v, Math.min(1, f + 0.1))).toBeGreaterThanOrEqual(topShare(p, v, f) - 1e-15);
        const perm = shuffledRows(p.length, seed);
        expect(topShare(gather(p, perm), gather(v, perm), f)).toBeCloseTo(topShare(p, v, f), 14);
      }),
    );
  });

  it('evaluates an index subset like the gathered arrays', () => {
    const indices = [0, 2, 2, 3, 4];
    expect(topShare(pred, value, 0.4, { indices })).toBeCloseTo(
      topShare(gather(pred, indices), gather(value, indices), 0.4), 15);
  });

  it('returns NaN when the total is 0', () => {
    expect(topShare(f64(1, 2), f64(0, 0), 0.5)).toBeNaN();
    expect(topShare(f64(), f64(), 0.5)).toBeNaN();
  });

  it('rejects bad input with a message saying what and where', () => {
    expect(() => topShare(pred, value, 1.5)).toThrow(/^topShare: fraction must be in \[0, 1\] \(got 1.5\)/);
    expect(() => topShare(pred, value, NaN)).toThrow(/^topShare: fraction must be in \[0, 1\] \(got NaN\)/);
    expect(() => topShare(f64(1), f64(1, 2), 0.5)).toThrow(/^topShare: predictions and realised values differ in length/);
    expect(() => topShare(f64(1, 2), f64(1, -2), 0.5)).toThrow(/^topShare: realised value at row 1 is negative \(got -2\)/);
    expect(() => topShare(f64(1, NaN), f64(1, 2), 0.5)).toThrow(/prediction at row 1 is not finite \(got NaN\)/);
  });
});

describe('captureCurve and liftCurve', () => {
  const pred = f64(0.9, 0.5, 0.5, 0.5, 0.1);
  const value = f64(8, 0, 3, 6, 3);

  it('gives the captured share at k evenly spaced fractions (hand calculation)', () => {
    // Fractions 0.2 … 1 are 1 … 5 rows: 8, 11, 14, 17, 20 of 20 (tie group adds 3 per row).
    const { fraction, share } = captureCurve(pred, value, 5);
    expect(Array.from(fraction)).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
    const expected = [0.4, 0.55, 0.7, 0.85, 1];
    expected.forEach((e, i) => expect(share[i]).toBeCloseTo(e, 15));
    expect(share[4]).toBe(1);
  });

  it('accepts explicit fractions and agrees with topShare', () => {
    const fractions = [0, 0.1, 0.35, 0.5, 0.9, 1];
    const { fraction, share } = captureCurve(pred, value, fractions);
    expect(Array.from(fraction)).toEqual(fractions);
    fractions.forEach((f, i) => expect(share[i]).toBe(topShare(pred, value, f)));
  });

  it('gives cumulative lift = share / fraction, with the limit at fraction 0 (hand calculation)', () => {
    // Overall mean 4. Share 0.4 at 0.2 → lift 2; 0.55 at 0.4 → 1.375; 1 at 1 → 1.
    // At fraction 0: the top tie group (row 0, value 8) over the mean 4 → 2.
    const { fraction, lift } = liftCurve(pred, value, [0, 0.2, 0.4, 1]);
    expect(Array.from(fraction)).toEqual([0, 0.2, 0.4, 1]);
    [2, 2, 1.375, 1].forEach((e, i) => expect(lift[i]).toBeCloseTo(e, 14));
  });

  it('rejects a bad point count or fraction', () => {
    expect(() => captureCurve(pred, value, 0)).toThrow(/^captureCurve: points must be a positive integer or a list of fractions \(got 0\)/);
    expect(() => liftCurve(pred, value, 2.5)).toThrow(/^liftCurve: points must be a positive integer/);
    expect(() => liftCurve(pred, value, [0.5, -0.1])).toThrow(/^liftCurve: fraction must be in \[0, 1\] \(got -0.1\)/);
  });
});
