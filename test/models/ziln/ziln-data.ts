// Synthetic data from a known zero-inflated lognormal: P(value > 0), μ and σ
// depend linearly (σ through softplus) on two standard-normal features, and μ
// also on a category. Used by the ZILN tests.
import { createRng } from '../../../src/core/rng.js';
import type { EncodedMatrix } from '../../../src/features/encode.js';

/** The true coefficients: [intercept, x1, x2] per head, plus μ's effect of category level 2. */
export const TRUTH = {
  logit: [-0.5, 1.0, -0.8],
  mu: [1.0, 0.5, 0.7],
  sigmaRaw: [0.3, 0.4, -0.2],
  muLevel2: 0.5,
};

const softplus = (x: number): number => Math.log1p(Math.exp(x));

/**
 * `n` rows: numbers x1, x2 (z-scores; x2 missing in ~5% of rows when `withMissing`),
 * a category `c` with 4 levels + (other) + (missing) slots, and ZILN values.
 */
export function zilnData(n: number, seed = 1, withMissing = false): { matrix: EncodedMatrix; values: Float64Array; expected: Float64Array } {
  const rng = createRng(seed);
  const x1 = new Float64Array(n), x2 = new Float64Array(n), missing2 = new Uint8Array(n), slots = new Int32Array(n);
  const values = new Float64Array(n), expected = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x1[i] = rng.normal(); x2[i] = rng.normal(); slots[i] = rng.int(4);
    const p = 1 / (1 + Math.exp(-(TRUTH.logit[0] + TRUTH.logit[1] * x1[i] + TRUTH.logit[2] * x2[i])));
    const mu = TRUTH.mu[0] + TRUTH.mu[1] * x1[i] + TRUTH.mu[2] * x2[i] + (slots[i] === 2 ? TRUTH.muLevel2 : 0);
    const sigma = softplus(TRUTH.sigmaRaw[0] + TRUTH.sigmaRaw[1] * x1[i] + TRUTH.sigmaRaw[2] * x2[i]);
    expected[i] = p * Math.exp(mu + sigma * sigma / 2);
    values[i] = rng.next() < p ? Math.exp(mu + sigma * rng.normal()) : 0;
    if (withMissing && rng.next() < 0.05) { missing2[i] = 1; x2[i] = 0; }
  }
  return {
    matrix: {
      rows: n,
      columns: [
        { kind: 'number', name: 'x1', z: x1, missing: new Uint8Array(n) },
        { kind: 'number', name: 'x2', z: x2, missing: missing2 },
        { kind: 'category', name: 'c', slots, size: 6 },
      ],
    },
    values,
    expected,
  };
}
