import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tieGroups } from '../../src/evaluate/tie-groups.js';

/** The groups as sets of keys, highest first: [[key, count], …]. */
function groupsOf(key: ArrayLike<number>, order: Int32Array, ends: Int32Array): number[][] {
  const out: number[][] = [];
  let start = 0;
  for (const end of ends) {
    out.push([key[order[start]], end - start]);
    start = end;
  }
  return out;
}

describe('tieGroups', () => {
  it('sorts descending and groups ties (hand example)', () => {
    const { order, ends } = tieGroups(Float64Array.of(0.2, 0.9, 0.2), Int32Array.of(0, 1, 2));
    expect(Array.from(order)).toEqual([1, 0, 2]);
    expect(Array.from(ends)).toEqual([1, 3]);
  });

  it('orders negatives, −0, 0, subnormals and huge values like numeric comparison', () => {
    const key = Float64Array.of(3, -0, -1e300, 0, 5e-324, -5e-324, 1e300, -2.5, 0, -0, 2 ** 53, -Number.MAX_VALUE);
    const rows = Int32Array.from(key, (_, i) => i);
    const { order, ends } = tieGroups(key, rows, false);
    const sortedKeys = Array.from(order, (r) => key[r]);
    const expected = Array.from(key).sort((a, b) => a - b);
    sortedKeys.forEach((v, i) => expect(v === expected[i]).toBe(true)); // −0 === 0
    // −0 and 0 (four rows) form one group.
    expect(groupsOf(key, order, ends).find(([k]) => k === 0)?.[1]).toBe(4);
    expect(Array.from(rows)).toEqual(Array.from(key, (_, i) => i)); // input not modified
  });

  it('agrees with a comparison sort on random doubles, with repeated rows', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -3, max: 3 })), { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 80 }),
        fc.boolean(),
        (values, picks, descending) => {
          fc.pre(values.length > 0);
          const key = Float64Array.from(values);
          const rows = Int32Array.from(picks, (i) => i % key.length);
          const { order, ends } = tieGroups(key, rows, descending);
          const expected = Array.from(rows, (r) => key[r]).sort((a, b) => (descending ? b - a : a - b));
          expect(Array.from(order, (r) => key[r]).every((v, i) => v === expected[i])).toBe(true);
          expect(Array.from(order).sort()).toEqual(Array.from(rows).sort());
          const distinct = new Set(expected.map((v) => v + 0)).size;
          expect(ends.length).toBe(distinct);
          if (rows.length > 0) expect(ends[ends.length - 1]).toBe(rows.length);
        },
      ),
    );
  });
});
