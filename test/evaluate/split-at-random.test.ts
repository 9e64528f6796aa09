import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { splitAtRandom } from '../../src/evaluate/split-at-random.js';

describe('splitAtRandom', () => {
  it('splits every row once, round(share · n) of them into training, each part ordered by orderBy then row', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 300 }), fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), (n, seed, share) => {
      const cut = Math.round(n * share);
      if (cut === 0 || cut === n) return;
      const orderBy = Float64Array.from({ length: n }, (_, i) => (i * 7) % 5); // many ties
      const { train, test } = splitAtRandom(n, { rng: createRng(seed), trainShare: share, orderBy });
      expect(train.length).toBe(cut);
      expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      for (const part of [train, test]) for (let k = 1; k < part.length; k++) {
        const a = part[k - 1], b = part[k];
        expect(orderBy[a] < orderBy[b] || (orderBy[a] === orderBy[b] && a < b)).toBe(true);
      }
    }), { numRuns: 50 });
  });

  it('gives the same split for the same seed and another for another seed', () => {
    const a = splitAtRandom(1000, { rng: createRng(42).child('split') });
    const b = splitAtRandom(1000, { rng: createRng(42).child('split') });
    const c = splitAtRandom(1000, { rng: createRng(43).child('split') });
    expect(Array.from(a.train)).toEqual(Array.from(b.train));
    expect(Array.from(a.train)).not.toEqual(Array.from(c.train));
    expect(a.train.length).toBe(700);
  });

  it('refuses a share outside (0, 1), a wrong orderBy length and an empty part', () => {
    expect(() => splitAtRandom(10, { rng: createRng(1), trainShare: 1 })).toThrow(/option trainShare: not a share between 0 and 1 \(got 1\)/);
    expect(() => splitAtRandom(10, { rng: createRng(1), orderBy: [1, 2] })).toThrow(/option orderBy: one value per row expected \(got 2 values for 10 rows\)/);
    expect(() => splitAtRandom(1, { rng: createRng(1) })).toThrow(/1 rows leave no test rows at trainShare 0\.7/);
  });
});
