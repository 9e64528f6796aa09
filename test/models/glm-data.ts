// The deterministic data set of the scikit-learn comparison (see glm.test.ts for the
// Python that generated the reference numbers from the same generator).
import type { RawFeature } from '../../src/load/load-source.js';

/** Park–Miller "minimal standard" generator: s ← s · 48271 mod (2³¹ − 1). Exact in doubles. */
export function parkMiller(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647);
}

export const LEVELS = ['a', 'b', 'c', 'd'];

/**
 * 300 rows: a category with levels a–d, a number x in [0, 99.9], a 0/1 label whose
 * probability rises with the level and with x, and a zero-heavy amount.
 * All arithmetic is on integers, so Python reproduces it bit for bit.
 */
export function glmData(n = 300, seed = 20240501) {
  const next = parkMiller(seed);
  const level: number[] = [], x: number[] = [], won: number[] = [], amount: number[] = [];
  for (let i = 0; i < n; i++) {
    const l = next() % 4;
    const xi = next() % 1000;
    const w = next() % 100 < 10 + 15 * l + Math.floor(xi / 25) ? 1 : 0;
    const a = next() % 3 === 0 ? 0 : (next() % 50) * (l + 1) + Math.floor(xi / 10);
    level.push(l); x.push(xi / 10); won.push(w); amount.push(a);
  }
  // Level codes deliberately not in sorted order: the raw column lists d, b, a, c.
  const rawLevels = ['d', 'b', 'a', 'c'];
  const features: RawFeature[] = [
    { name: 'tier', stage: 'lead', kind: 'category', column: 'tier', levels: rawLevels, codes: Int32Array.from(level, (l) => rawLevels.indexOf(LEVELS[l])) },
    { name: 'x', stage: 'lead', kind: 'number', transform: 'none', column: 'x', values: Float64Array.from(x) },
  ];
  return { features, won: Float64Array.from(won), amount: Float64Array.from(amount), level, x };
}

/** The grid the reference predictions are on: each level × x ∈ {0, 50, 99.9}, level-major. */
export function gridFeatures(): RawFeature[] {
  const level: number[] = [], x: number[] = [];
  for (let l = 0; l < 4; l++) for (const v of [0, 50, 99.9]) { level.push(l); x.push(v); }
  return [
    { name: 'tier', stage: 'lead', kind: 'category', column: 'tier', levels: LEVELS, codes: Int32Array.from(level) },
    { name: 'x', stage: 'lead', kind: 'number', transform: 'none', column: 'x', values: Float64Array.from(x) },
  ];
}
