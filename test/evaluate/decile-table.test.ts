import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { decileTable } from '../../src/evaluate/decile-table.js';
import { gather, meanOverTieOrders, orderDescending, shuffledRows } from './brute-force.js';

const f64 = (...v: number[]) => Float64Array.from(v);

/** Brute force: realised sum of group g (positions ⌊g·n/k⌋ …), averaged over every tie order. */
function groupSumByEnumeration(pred: Float64Array, value: Float64Array, k: number, g: number): number {
  const n = pred.length;
  const from = Math.floor((g * n) / k);
  const to = Math.floor(((g + 1) * n) / k);
  return meanOverTieOrders(pred, (order) => order.slice(from, to).reduce((s, i) => s + value[i], 0));
}

describe('decileTable', () => {
  it('splits a tie group across groups by expectation (hand calculation)', () => {
    // pred [5, 4, 4, 4, 3, 2], value [10, 0, 6, 3, 1, 2], 3 groups of 2 rows.
    // Sorted: 5 (10) | tie group of three 4s holding 9, i.e. 3 per position | 3 (1) | 2 (2).
    // Group 1: 10 + 3 = 13, mean 6.5, predictions 5 and 4 → mean 4.5.
    // Group 2: 3 + 3 = 6, mean 3, prediction 4.
    // Group 3: 1 + 2 = 3, mean 1.5, predictions 3 and 2 → mean 2.5.
    // MAPE = (|4.5 − 6.5|/6.5 + |4 − 3|/3 + |2.5 − 1.5|/1.5) / 3 = (0.307692… + 0.333… + 0.666…) / 3 = 0.435897…
    const t = decileTable(f64(5, 4, 4, 4, 3, 2), f64(10, 0, 6, 3, 1, 2), { groups: 3 });
    expect(t.groups.map((g) => g.count)).toEqual([2, 2, 2]);
    const expected = [
      { group: 1, minPredicted: 4, maxPredicted: 5, meanPredicted: 4.5, meanRealised: 6.5, sumRealised: 13 },
      { group: 2, minPredicted: 4, maxPredicted: 4, meanPredicted: 4, meanRealised: 3, sumRealised: 6 },
      { group: 3, minPredicted: 2, maxPredicted: 3, meanPredicted: 2.5, meanRealised: 1.5, sumRealised: 3 },
    ];
    expected.forEach((e, i) => {
      const g = t.groups[i];
      expect(g.group).toBe(e.group);
      expect(g.minPredicted).toBe(e.minPredicted);
      expect(g.maxPredicted).toBe(e.maxPredicted);
      expect(g.meanPredicted).toBeCloseTo(e.meanPredicted, 14);
      expect(g.meanRealised).toBeCloseTo(e.meanRealised, 14);
      expect(g.sumRealised).toBeCloseTo(e.sumRealised, 14);
    });
    expect(t.mape).toBeCloseTo((2 / 6.5 + 1 / 3 + 1 / 1.5) / 3, 14);
    expect(t.mapeGroups).toBe(3);
    expect(t.mapeSkipped).toEqual([]);
    expect(t.notes).toEqual([]);
  });

  it('makes 10 groups by default with sizes differing by at most one', () => {
    // n = 12: boundaries ⌊12j/10⌋ = 0,1,2,3,4,6,7,8,9,10,12.
    const pred = Float64Array.from({ length: 12 }, (_, i) => 12 - i);
    const t = decileTable(pred, pred);
    expect(t.groups.map((g) => g.count)).toEqual([1, 1, 1, 1, 2, 1, 1, 1, 1, 2]);
    expect(t.groups[4].meanPredicted).toBe(7.5); // rows predicting 8 and 7
    expect(t.mape).toBeCloseTo(0, 15); // predictions equal realised values
  });

  it('skips groups with zero realised mean in the MAPE and says so', () => {
    // pred [4, 3, 2, 1], value [8, 2, 0, 0], 4 groups: MAPE over groups 1 and 2 only:
    // (|4 − 8|/8 + |3 − 2|/2) / 2 = (0.5 + 0.5) / 2 = 0.5.
    const t = decileTable(f64(4, 3, 2, 1), f64(8, 2, 0, 0), { groups: 4 });
    expect(t.mape).toBeCloseTo(0.5, 15);
    expect(t.mapeGroups).toBe(2);
    expect(t.mapeSkipped).toEqual([3, 4]);
    expect(t.notes).toEqual(['MAPE skips groups 3, 4 of 4: mean realised value is 0']);
    const none = decileTable(f64(1, 2), f64(0, 0), { groups: 2 });
    expect(none.mape).toBeNaN();
    expect(none.notes[0]).toMatch(/^MAPE skips groups 1, 2 of 2/);
  });

  it('equals the mean over all tie orders (permutation enumeration, n ≤ 6)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ p: fc.integer({ min: 0, max: 2 }), v: fc.integer({ min: -3, max: 9 }) }), { minLength: 3, maxLength: 6 }),
        fc.integer({ min: 1, max: 3 }),
        (rows, k) => {
          const p = Float64Array.from(rows, (r) => r.p);
          const v = Float64Array.from(rows, (r) => r.v);
          const t = decileTable(p, v, { groups: k });
          for (let g = 0; g < k; g++) {
            expect(t.groups[g].sumRealised).toBeCloseTo(groupSumByEnumeration(p, v, k, g), 12);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('matches a plain sort on random data without ties', () => {
    const rng = createRng(16);
    for (let trial = 0; trial < 20; trial++) {
      const n = 10 + rng.int(200);
      const p = Float64Array.from({ length: n }, () => rng.normal());
      const v = Float64Array.from({ length: n }, () => Math.exp(rng.normal()));
      const order = orderDescending(p);
      const t = decileTable(p, v);
      t.groups.forEach((g, j) => {
        const rows = order.slice(Math.floor((j * n) / 10), Math.floor(((j + 1) * n) / 10));
        expect(g.count).toBe(rows.length);
        expect(g.sumRealised).toBeCloseTo(rows.reduce((s, i) => s + v[i], 0), 10);
        expect(g.meanPredicted).toBeCloseTo(rows.reduce((s, i) => s + p[i], 0) / rows.length, 12);
        expect(g.maxPredicted).toBe(p[rows[0]]);
        expect(g.minPredicted).toBe(p[rows[rows.length - 1]]);
      });
    }
  });

  it('keeps totals and does not depend on row order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ p: fc.integer({ min: 0, max: 4 }), v: fc.integer({ min: 0, max: 100 }) }), { minLength: 10, maxLength: 60 }),
        fc.integer(),
        (rows, seed) => {
          const p = Float64Array.from(rows, (r) => r.p);
          const v = Float64Array.from(rows, (r) => r.v);
          const t = decileTable(p, v);
          expect(t.groups.reduce((s, g) => s + g.count, 0)).toBe(p.length);
          expect(t.groups.reduce((s, g) => s + g.sumRealised, 0)).toBeCloseTo(v.reduce((s, x) => s + x, 0), 9);
          const perm = shuffledRows(p.length, seed);
          const u = decileTable(gather(p, perm), gather(v, perm));
          u.groups.forEach((g, j) => expect(g.sumRealised).toBeCloseTo(t.groups[j].sumRealised, 10));
        },
      ),
    );
  });

  it('evaluates an index subset like the gathered arrays', () => {
    const p = f64(5, 4, 4, 4, 3, 2);
    const v = f64(10, 0, 6, 3, 1, 2);
    const indices = [0, 0, 1, 2, 5, 5];
    expect(decileTable(p, v, { groups: 3, indices })).toEqual(decileTable(gather(p, indices), gather(v, indices), { groups: 3 }));
  });

  it('rejects bad input with a message saying what and where', () => {
    expect(() => decileTable(f64(1, 2, 3), f64(1, 2, 3))).toThrow(/^decileTable: fewer rows than groups \(got 3 rows, 10 groups\)/);
    expect(() => decileTable(f64(1, 2, 3), f64(1, 2, 3), { groups: 0 })).toThrow(/^decileTable: groups must be a positive integer \(got 0\)/);
    expect(() => decileTable(f64(1, 2), f64(1, 2, 3), { groups: 2 })).toThrow(/^decileTable: predictions and realised values differ in length/);
    expect(() => decileTable(f64(1, NaN), f64(1, 2), { groups: 2 })).toThrow(/^decileTable: prediction at row 1 is not finite \(got NaN\)/);
  });
});
