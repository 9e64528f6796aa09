import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { auc } from '../../src/evaluate/auc.js';
import { aucByPairs, gather, shuffledRows } from './brute-force.js';

const f64 = (...v: number[]) => Float64Array.from(v);

// Random rows with integer scores in [-4, 4] (many ties) and both classes.
const binaryRows = fc
  .array(fc.record({ s: fc.integer({ min: -4, max: 4 }), y: fc.constantFrom(0, 1) }), { minLength: 2, maxLength: 40 })
  .filter((rows) => rows.some((r) => r.y === 1) && rows.some((r) => r.y === 0));
const split = (rows: { s: number; y: number }[]) => ({
  s: Float64Array.from(rows, (r) => r.s),
  y: Float64Array.from(rows, (r) => r.y),
});

describe('auc', () => {
  it('matches the scikit-learn documentation example', () => {
    // Positives score 0.35 and 0.8, negatives 0.1 and 0.4. Pairs won:
    // 0.35 > 0.1, 0.35 < 0.4, 0.8 > 0.1, 0.8 > 0.4 → 3 of 4 = 0.75
    // (also roc_auc_score([0,0,1,1], [0.1,0.4,0.35,0.8]) in the sklearn docs).
    expect(auc(f64(0.1, 0.4, 0.35, 0.8), f64(0, 0, 1, 1))).toBe(0.75);
  });

  it('counts tied pairs as 1/2 (hand calculation, checked with scikit-learn)', () => {
    // positives 0.9, 0.8, 0.7, 0.6, 0.2; negatives 0.8, 0.6, 0.6, 0.3, 0.1
    // 0.9 beats 5 → 5; 0.8 beats 4, ties 1 → 4.5; 0.7 beats 4 → 4;
    // 0.6 beats 2, ties 2 → 3; 0.2 beats 1 → 1. (5+4.5+4+3+1)/25 = 17.5/25 = 0.7.
    // scikit-learn 1.2.1 roc_auc_score gives 0.7.
    const s = f64(0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.6, 0.3, 0.2, 0.1);
    const y = f64(1, 0, 1, 1, 0, 1, 0, 0, 1, 0);
    expect(auc(s, y)).toBeCloseTo(0.7, 14);
  });

  it('matches scikit-learn on a second tied example', () => {
    // /usr/bin/python3, sklearn 1.2.1: roc_auc_score(y, s) = 0.7222222222222222
    const s = f64(3, 1, 2, 2, 5, 4, 4, 4, 0, 1, 3, 2);
    const y = f64(0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0);
    expect(auc(s, y)).toBeCloseTo(0.7222222222222222, 14);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one and 0.5 when all scores tie', () => {
    expect(auc(f64(1, 2, 3, 4), f64(0, 0, 1, 1))).toBe(1);
    expect(auc(f64(4, 3, 2, 1), f64(0, 0, 1, 1))).toBe(0);
    expect(auc(f64(7, 7, 7), f64(0, 1, 1))).toBe(0.5);
  });

  it('equals the O(n²) pair count on random data', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 50; trial++) {
      const n = 2 + rng.int(200);
      const s = new Float64Array(n);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        // Half the trials with heavy ties, half with continuous scores.
        s[i] = trial % 2 ? rng.int(6) : rng.normal();
        y[i] = rng.next() < 0.3 + 0.4 * (trial % 3) / 2 ? 1 : 0;
      }
      y[0] = 1;
      y[1] = 0;
      expect(auc(s, y)).toBeCloseTo(aucByPairs(s, y), 12);
    }
  });

  it('is invariant to strictly increasing transforms of the scores', () => {
    fc.assert(
      fc.property(binaryRows, (rows) => {
        const { s, y } = split(rows);
        const t = s.map((v) => v * v * v + 5 * v + Math.exp(v)); // strictly increasing
        expect(auc(t, y)).toBe(auc(s, y));
      }),
    );
  });

  it('satisfies auc(−s) = 1 − auc(s)', () => {
    fc.assert(
      fc.property(binaryRows, (rows) => {
        const { s, y } = split(rows);
        expect(auc(s.map((v) => -v), y)).toBeCloseTo(1 - auc(s, y), 12);
      }),
    );
  });

  it('does not depend on row order', () => {
    fc.assert(
      fc.property(binaryRows, fc.integer(), (rows, seed) => {
        const { s, y } = split(rows);
        const perm = shuffledRows(s.length, seed);
        expect(auc(gather(s, perm), gather(y, perm))).toBe(auc(s, y));
      }),
    );
  });

  it('evaluates an index subset (with repeats) like the gathered arrays', () => {
    const s = f64(0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.6, 0.3, 0.2, 0.1);
    const y = f64(1, 0, 1, 1, 0, 1, 0, 0, 1, 0);
    const indices = Int32Array.of(0, 0, 1, 4, 4, 4, 8, 9);
    expect(auc(s, y, { indices })).toBe(auc(gather(s, indices), gather(y, indices)));
    expect(auc(s, y, { indices })).toBeCloseTo(aucByPairs(gather(s, indices), gather(y, indices)), 14);
  });

  it('does not mutate its inputs', () => {
    const s = Object.freeze([0.3, 0.1, 0.2]) as readonly number[];
    const y = Object.freeze([1, 0, 1]) as readonly number[];
    const indices = Object.freeze([2, 1, 0]) as readonly number[];
    expect(auc(s, y, { indices })).toBe(1);
    expect(s).toEqual([0.3, 0.1, 0.2]);
  });

  it('rejects bad input with a message saying what and where', () => {
    expect(() => auc(f64(1, 2, 3), f64(0, 1, 0, 1))).toThrow(
      /^auc: scores and labels differ in length \(got 3 scores, 4 labels\); pass one score and one label per row$/,
    );
    expect(() => auc(f64(1, NaN, 3), f64(0, 1, 0))).toThrow(/^auc: score at row 1 is not finite \(got NaN\)/);
    expect(() => auc(f64(1, 2, 3), f64(0, Infinity, 0))).toThrow(/^auc: label at row 1 is not finite \(got Infinity\)/);
    expect(() => auc(f64(1, 2, 3), f64(0, 2, 1))).toThrow(/^auc: label at row 1 is not 0 or 1 \(got 2\)/);
    expect(() => auc(f64(1, 2, 3), f64(1, 1, 1))).toThrow(/^auc: only one class present \(got 3 positives, 0 negatives\)/);
    expect(() => auc(f64(), f64())).toThrow(/only one class present \(got 0 positives, 0 negatives\)/);
    expect(() => auc(f64(1, 2), f64(0, 1), { indices: [0, 2] })).toThrow(
      /^auc: index 1 is not a row number in \[0, 2\) \(got 2\)/,
    );
    expect(() => auc(f64(1, 2), f64(0, 1), { indices: [0.5] })).toThrow(/index 0 is not a row number/);
  });

  it('returns NaN for a single class when asked to (for bootstraps)', () => {
    expect(auc(f64(1, 2, 3), f64(0, 0, 0), { onUndefined: 'nan' })).toBeNaN();
  });
});
