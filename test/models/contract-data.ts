// Synthetic lead history for the model contract suite (test/models/contract.test.ts):
// a category with a rare level (pooled into `(other)`) and missing values, a number
// with missing values, a skewed number (log1p), a 0/1 label and a zero-heavy amount.
// Rows are oldest first; `day` repeats (4 leads a day), so some rows share a timestamp.
import { createRng } from '../../src/core/rng.js';
import { encodeFeatures, type EncodedMatrix } from '../../src/features/encode.js';
import { fitFeatures } from '../../src/features/fit-features.js';
import type { RawFeature } from '../../src/load/load-source.js';
import type { FeatureSpec } from '../../src/scoring/model-types.js';

export const TIERS = ['a', 'b', 'c', 'd', 'rare'];

export interface ContractData {
  features: RawFeature[];
  specs: FeatureSpec[];
  matrix: EncodedMatrix;
  won: Float64Array;
  amount: Float64Array;
  /** Day index of each row (ascending, 4 rows a day). */
  day: Int32Array;
  /** Each row as a lead record keyed by column names (what the scorer reads). */
  leads: Record<string, unknown>[];
}

/**
 * @param n - rows
 * @param seed - generator seed
 * @param pair - strength of a planted interaction on the log-odds of winning (tier c with x above 50), 0 for none
 */
export function contractData(n = 400, seed = 11, pair = 0): ContractData {
  const rng = createRng(seed);
  const tier: number[] = [], x: number[] = [], w: number[] = [], won: number[] = [], amount: number[] = [];
  for (let i = 0; i < n; i++) {
    // 'rare' (code 4) only twice: pooled into (other) by minLevelCount 5; 5% missing (code −1).
    const t = i === 7 || i === 250 ? 4 : rng.next() < 0.05 ? -1 : rng.int(4);
    const xi = rng.next() < 0.05 ? NaN : Math.round(rng.next() * 1000) / 10;
    const wi = Math.round(Math.exp(rng.normal() * 1.5 + 2));
    const eta = -1 + [0, 0.5, 1, -0.5, 0.3][t < 0 ? 0 : t] + (Number.isNaN(xi) ? 0 : 0.02 * (xi - 50)) + (t === 2 && xi > 50 ? pair : t === 2 ? -pair : 0);
    tier.push(t); x.push(xi); w.push(wi);
    won.push(rng.next() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
    amount.push(rng.next() < 0.3 ? 0 : Math.round(Math.exp(3 + 0.4 * Math.log1p(wi) + (t === 2 ? 0.5 : 0) + rng.normal() * 0.5)));
  }
  const features: RawFeature[] = [
    { name: 'tier', stage: 'lead', kind: 'category', column: 'tier', levels: TIERS, codes: Int32Array.from(tier) },
    { name: 'x', stage: 'lead', kind: 'number', transform: 'none', column: 'x', values: Float64Array.from(x) },
    { name: 'w', stage: 'lead', kind: 'number', transform: 'log1p', column: 'w', values: Float64Array.from(w) },
  ];
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const specs = fitFeatures(features, rows, { minLevelCount: 5 });
  const leads = rows.reduce<Record<string, unknown>[]>((out, i) => {
    out.push({ tier: tier[i] < 0 ? '' : TIERS[tier[i]], x: Number.isNaN(x[i]) ? '' : x[i], w: w[i] });
    return out;
  }, []);
  return {
    features, specs, matrix: encodeFeatures(specs, features, rows), won: Float64Array.from(won), amount: Float64Array.from(amount),
    day: Int32Array.from(rows, (i) => Math.floor(i / 4)), leads,
  };
}
