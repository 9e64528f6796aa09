import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';

const draws = (rng: { next(): number }, n: number) => Array.from({ length: n }, () => rng.next());

describe('createRng', () => {
  it('matches an independent implementation of splitmix32 seeding + xoshiro128**', () => {
    // Python, written from the algorithm descriptions (Blackman & Vigna's xoshiro128**,
    // splitmix32 with multipliers 0x21f0aaad and 0x735a2d97), 32-bit masks, u32 / 2^32:
    // seed 42 → 0.15377165307290852, 0.8504893006756902, 0.018084544222801924
    // seed 0  → 0.41675133258104324, 0.010470665525645018, 0.5870561683550477
    // seed -1 → 0.9555830040480942, 0.42511530756019056, 0.2682696534320712
    expect(draws(createRng(42), 3)).toEqual([0.15377165307290852, 0.8504893006756902, 0.018084544222801924]);
    expect(draws(createRng(0), 3)).toEqual([0.41675133258104324, 0.010470665525645018, 0.5870561683550477]);
    expect(draws(createRng(-1), 3)).toEqual([0.9555830040480942, 0.42511530756019056, 0.2682696534320712]);
  });

  it('gives the same sequence for the same seed and a different one for another seed', () => {
    expect(draws(createRng(7), 50)).toEqual(draws(createRng(7), 50));
    expect(draws(createRng(7), 50)).not.toEqual(draws(createRng(8), 50));
    expect(createRng(7).seed).toBe(7);
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => createRng(1.5)).toThrow(/seed must be an integer \(got 1\.5\)/);
    expect(() => createRng(NaN)).toThrow(/seed must be an integer \(got NaN\)/);
  });

  it('derives children from the seed and label only, not from how much the parent was used', () => {
    const fresh = createRng(11);
    const used = createRng(11);
    draws(used, 1000);
    used.normal();
    expect(draws(used.child('split'), 20)).toEqual(draws(fresh.child('split'), 20));
    // and drawing from a child leaves the parent's sequence alone
    const parent = createRng(11);
    draws(parent.child('split'), 100);
    expect(draws(parent, 20)).toEqual(draws(createRng(11), 20));
  });

  it('gives different labels and different parent seeds different children', () => {
    const a = draws(createRng(11).child('a'), 20);
    expect(draws(createRng(11).child('b'), 20)).not.toEqual(a);
    expect(draws(createRng(12).child('a'), 20)).not.toEqual(a);
    expect(draws(createRng(11), 20)).not.toEqual(a);
  });

  it('draws uniforms in [0, 1) and integers in [0, n) (property)', () => {
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
      const rng = createRng(seed);
      for (let k = 0; k < 50; k++) {
        const u = rng.next();
        expect(u >= 0 && u < 1).toBe(true);
        const i = rng.int(n);
        expect(Number.isInteger(i) && i >= 0 && i < n).toBe(true);
      }
    }));
  });

  it('has uniform and normal moments within sampling error', () => {
    // 20 000 draws: the standard error of a uniform mean is sqrt(1/12/20000) ≈ 0.002,
    // of a normal mean 0.007 and of a normal variance sqrt(2/20000) = 0.01; tolerances are ~5 SE.
    const rng = createRng(2024);
    const n = 20_000;
    let su = 0, sz = 0, szz = 0;
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < n; i++) {
      su += rng.next();
      buckets[rng.int(10)]++;
      const z = rng.normal();
      sz += z; szz += z * z;
    }
    expect(Math.abs(su / n - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(sz / n)).toBeLessThan(0.035);
    expect(Math.abs(szz / n - 1)).toBeLessThan(0.05);
    // each bucket expects 2000 with sd ≈ 42
    for (const b of buckets) expect(Math.abs(b - 2000)).toBeLessThan(250);
  });
});
