import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { averageRanks } from '../../src/evaluate/average-ranks.js';
import { spearman } from '../../src/evaluate/spearman.js';
import { gather, pearson, ranksByCounting, shuffledRows } from './brute-force.js';

const f64 = (...v: number[]) => Float64Array.from(v);

const pairs = fc.array(fc.record({ a: fc.integer({ min: -3, max: 3 }), b: fc.integer({ min: 0, max: 5 }) }), {
  minLength: 2,
  maxLength: 40,
});
const split = (rows: { a: number; b: number }[]) => ({
  a: Float64Array.from(rows, (r) => r.a),
  b: Float64Array.from(rows, (r) => r.b),
});
const constant = (x: Float64Array) => x.every((v) => v === x[0]);

describe('averageRanks', () => {
  it('gives tied values the mean of their ranks (hand calculation)', () => {
    // 10 → 1, 20 → 2, the two 30s share ranks 3 and 4 → 3.5.
    expect(Array.from(averageRanks(f64(10, 30, 20, 30)))).toEqual([1, 3.5, 2, 3.5]);
    // Row subset with a repeat: values 30, 30, 10 → 2.5, 2.5, 1.
    expect(Array.from(averageRanks(f64(10, 30, 20, 30), [1, 1, 0]))).toEqual([2.5, 2.5, 1]);
  });

  it('rejects non-finite values and bad row numbers', () => {
    expect(() => averageRanks(f64(1, NaN))).toThrow(/^averageRanks: value at row 1 is not finite \(got NaN\)/);
    expect(() => averageRanks(f64(1, 2), [2])).toThrow(/^averageRanks: index 0 is not a row number in \[0, 2\) \(got 2\)/);
  });
});

describe('spearman', () => {
  it('matches the textbook formula without ties (hand calculation)', () => {
    // Ranks (1,2,3,4) vs (1,3,2,4): Σd² = 2 → 1 − 6·2/(4·15) = 0.8.
    expect(spearman(f64(1, 2, 3, 4), f64(10, 30, 20, 40))).toBeCloseTo(0.8, 15);
  });

  it('matches scipy with ties', () => {
    // /usr/bin/python3, scipy 1.10.1: spearmanr([1,2,2,3,5,5,5,8], [2.5,1,4,4,9,3,7,7]).correlation
    // = 0.7144097497387378
    expect(spearman(f64(1, 2, 2, 3, 5, 5, 5, 8), f64(2.5, 1, 4, 4, 9, 3, 7, 7))).toBeCloseTo(0.7144097497387378, 14);
  });

  it('equals Pearson on O(n²)-counted average ranks on random data', () => {
    const rng = createRng(15);
    for (let trial = 0; trial < 30; trial++) {
      const n = 2 + rng.int(150);
      const a = Float64Array.from({ length: n }, () => rng.int(10));
      const b = Float64Array.from({ length: n }, (_, i) => (trial % 2 ? a[i] + 3 * rng.normal() : rng.int(4)));
      if (constant(a) || constant(b)) continue;
      expect(spearman(a, b)).toBeCloseTo(pearson(ranksByCounting(a), ranksByCounting(b)), 12);
    }
  });

  it('is symmetric, bounded, 1 against itself, and independent of row order and increasing transforms', () => {
    fc.assert(
      fc.property(pairs, fc.integer(), (rows, seed) => {
        const { a, b } = split(rows);
        fc.pre(!constant(a) && !constant(b));
        const rho = spearman(a, b);
        expect(spearman(b, a)).toBeCloseTo(rho, 14);
        expect(Math.abs(rho)).toBeLessThanOrEqual(1);
        expect(spearman(a, a)).toBeCloseTo(1, 14);
        expect(spearman(a.map((x) => Math.exp(x)), b)).toBe(rho);
        const perm = shuffledRows(a.length, seed);
        expect(spearman(gather(a, perm), gather(b, perm))).toBeCloseTo(rho, 14);
      }),
    );
  });

  it('evaluates an index subset like the gathered arrays', () => {
    const a = f64(1, 2, 2, 3, 5, 5, 5, 8);
    const b = f64(2.5, 1, 4, 4, 9, 3, 7, 7);
    const indices = [0, 0, 3, 4, 6, 7, 7];
    expect(spearman(a, b, { indices })).toBe(spearman(gather(a, indices), gather(b, indices)));
  });

  it('returns NaN for a constant input or fewer than two rows', () => {
    expect(spearman(f64(1, 1, 1), f64(1, 2, 3))).toBeNaN();
    expect(spearman(f64(1), f64(2))).toBeNaN();
  });

  it('rejects bad input with a message saying what and where', () => {
    expect(() => spearman(f64(1, 2), f64(1))).toThrow(/^spearman: predictions and realised values differ in length \(got 2 predictions, 1 realised values\)/);
    expect(() => spearman(f64(1, 2), f64(1, NaN))).toThrow(/^spearman: realised value at row 1 is not finite \(got NaN\)/);
  });
});
