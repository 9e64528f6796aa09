import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { averagePrecision } from '../../src/evaluate/average-precision.js';
import { apByPositives, gather, shuffledRows } from './brute-force.js';

const f64 = (...v: number[]) => Float64Array.from(v);

describe('averagePrecision', () => {
  it('matches the scikit-learn documentation example', () => {
    // Scores 0.8 (1), 0.4 (0), 0.35 (1), 0.1 (0). Thresholds high to low:
    // 0.8: P = 1/1, R = 1/2; 0.4: no new positive; 0.35: P = 2/3, R = 2/2.
    // AP = (1/2)·1 + (1/2)·(2/3) = 5/6 = 0.8333… (sklearn docs: 0.83…).
    expect(averagePrecision(f64(0.1, 0.4, 0.35, 0.8), f64(0, 0, 1, 1))).toBeCloseTo(5 / 6, 14);
  });

  it('takes a tie group in one step (hand calculation, checked with scikit-learn)', () => {
    // Thresholds: 0.9 → TP 1 of 1 called, 0.8 → TP 2 of 3, 0.7 → TP 3 of 4,
    // 0.6 → TP 4 of 7, 0.3 → no new positive, 0.2 → TP 5 of 9. Each recall step is 1/5:
    // AP = (1 + 2/3 + 3/4 + 4/7 + 5/9) / 5 = 0.7087301587301587.
    // scikit-learn 1.2.1 average_precision_score gives 0.7087301587301587.
    const s = f64(0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.6, 0.3, 0.2, 0.1);
    const y = f64(1, 0, 1, 1, 0, 1, 0, 0, 1, 0);
    expect(averagePrecision(s, y)).toBeCloseTo(0.7087301587301587, 14);
  });

  it('matches scikit-learn on a second tied example', () => {
    // /usr/bin/python3, sklearn 1.2.1: average_precision_score(y, s) = 0.7112794612794612
    const s = f64(3, 1, 2, 2, 5, 4, 4, 4, 0, 1, 3, 2);
    const y = f64(0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0);
    expect(averagePrecision(s, y)).toBeCloseTo(0.7112794612794612, 14);
  });

  it('is 1 for a perfect ranking and for all-positive labels; the positive rate when all scores tie', () => {
    expect(averagePrecision(f64(1, 2, 3, 4), f64(0, 0, 1, 1))).toBe(1);
    expect(averagePrecision(f64(3, 1, 2), f64(1, 1, 1))).toBe(1);
    // One threshold: P = 2/5, R jumps 0 → 1.
    expect(averagePrecision(f64(5, 5, 5, 5, 5), f64(1, 0, 0, 1, 0))).toBeCloseTo(0.4, 15);
  });

  it('equals the mean precision at each positive (O(n²)) on random data', () => {
    const rng = createRng(12);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + rng.int(200);
      const s = new Float64Array(n);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        s[i] = trial % 2 ? rng.int(8) : rng.normal();
        y[i] = rng.next() < 0.25 ? 1 : 0;
      }
      y[0] = 1;
      expect(averagePrecision(s, y)).toBeCloseTo(apByPositives(s, y), 12);
    }
  });

  it('does not depend on row order and is invariant to increasing transforms', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ s: fc.integer({ min: -3, max: 3 }), y: fc.constantFrom(0, 1) }), { minLength: 1, maxLength: 40 }),
        fc.integer(),
        (rows, seed) => {
          fc.pre(rows.some((r) => r.y === 1));
          const s = Float64Array.from(rows, (r) => r.s);
          const y = Float64Array.from(rows, (r) => r.y);
          const ap = averagePrecision(s, y);
          const perm = shuffledRows(s.length, seed);
          expect(averagePrecision(gather(s, perm), gather(y, perm))).toBeCloseTo(ap, 14);
          expect(averagePrecision(s.map((v) => Math.exp(v) + 2 * v), y)).toBe(ap);
          expect(ap).toBeGreaterThan(0);
          expect(ap).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('evaluates an index subset like the gathered arrays', () => {
    const s = f64(3, 1, 2, 2, 5, 4, 4, 4, 0, 1, 3, 2);
    const y = f64(0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0);
    const indices = [11, 2, 2, 5, 6, 6, 0, 9];
    expect(averagePrecision(s, y, { indices })).toBe(averagePrecision(gather(s, indices), gather(y, indices)));
  });

  it('rejects bad input with a message saying what and where', () => {
    expect(() => averagePrecision(f64(1, 2), f64(1))).toThrow(
      /^averagePrecision: scores and labels differ in length \(got 2 scores, 1 labels\)/,
    );
    expect(() => averagePrecision(f64(NaN, 2), f64(1, 0))).toThrow(/^averagePrecision: score at row 0 is not finite \(got NaN\)/);
    expect(() => averagePrecision(f64(1, 2), f64(1, -1))).toThrow(/label at row 1 is not 0 or 1 \(got -1\)/);
    expect(() => averagePrecision(f64(1, 2), f64(0, 0))).toThrow(/^averagePrecision: no positive rows \(got 0 positives, 2 negatives\)/);
    expect(averagePrecision(f64(1, 2), f64(0, 0), { onUndefined: 'nan' })).toBeNaN();
  });
});
