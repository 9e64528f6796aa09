import { LeadvalueError } from '../core/errors.js';
import type { CategoryFeatureSpec, FeatureSpec, NumberFeatureSpec } from '../scoring/model-types.js';
import type { RawFeature } from '../load/load-source.js';
import { featureRowName } from './feature-row-name.js';
import { refuseValue } from './refuse-value.js';

/**
 * Fits each feature's transform on the training rows only: means and scales
 * for numbers (after log1p where asked), vocabularies for categories (levels
 * seen at least `minLevelCount` times; rarer ones pool into `(other)`).
 * @param features - raw feature columns over all leads
 * @param rows - indices of the training rows
 * @param options - `minLevelCount` for category vocabularies
 * @returns one spec per feature, plain JSON
 * @throws LeadvalueError naming the value (by file, row and column when the feature carries its `source`, else by
 * feature and row index) when a training value is not finite, below or at -1 under log1p, or so large that the
 * feature's mean or standard deviation is not a finite number
 * @example
 * const specs = fitFeatures(frame.features, trainRows, { minLevelCount: 10 });
 */
export function fitFeatures(features: RawFeature[], rows: Int32Array, options: { minLevelCount: number }): FeatureSpec[] {
  return features.map((f) => (f.kind === 'number' ? fitNumber(f, rows) : fitCategory(f, rows, options.minLevelCount)));
}

function fitNumber(f: Extract<RawFeature, { kind: 'number' }>, rows: Int32Array): NumberFeatureSpec {
  let count = 0, mean = 0, m2 = 0, missing = 0;
  let largest = 0, largestRow = -1; // the largest |value| after the transform: what to name when the moments overflow
  for (const i of rows) {
    const x = f.values[i];
    if (Number.isNaN(x)) { missing++; continue; }
    const t = f.transform === 'log1p' ? Math.log1p(x) : x;
    if (!(t > -Infinity && t < Infinity)) throw refuseValue(f, i, f.transform);
    if (Math.abs(t) > largest) { largest = Math.abs(t); largestRow = i; }
    count++;
    const d = t - mean;
    mean += d / count;
    m2 += d * (t - mean);
  }
  // Squares of values above ~1e154 overflow: redo the sums on values divided by the largest (only then, so other fits keep their bits).
  if (!Number.isFinite(mean) || !Number.isFinite(m2)) {
    let k = 0, mu = 0, s2 = 0;
    for (const i of rows) {
      const x = f.values[i];
      if (Number.isNaN(x)) continue;
      const t = (f.transform === 'log1p' ? Math.log1p(x) : x) / largest;
      k++;
      const d = t - mu;
      mu += d / k;
      s2 += d * (t - mu);
    }
    mean = mu * largest;
    const sd = Math.sqrt(s2 / (k - 1)) * largest; // k ≥ 2: one value alone cannot overflow the sums
    if (!Number.isFinite(mean) || !Number.isFinite(sd)) {
      throw new LeadvalueError(featureRowName(f, largestRow),
        `too large: the training ${Number.isFinite(mean) ? 'standard deviation' : 'mean'} of feature ${f.name}${f.transform === 'log1p' ? ' after log1p' : ''} is not a finite number`,
        String(f.values[largestRow]), 'a typo or a unit? correct the value');
    }
    return numberSpec(f, mean, sd, rows.length ? missing / rows.length : 0);
  }
  const sd = count > 1 ? Math.sqrt(m2 / (count - 1)) : 0;
  return numberSpec(f, count ? mean : 0, sd, rows.length ? missing / rows.length : 0);
}

function numberSpec(f: Extract<RawFeature, { kind: 'number' }>, center: number, sd: number, missingShare: number): NumberFeatureSpec {
  return {
    name: f.name, stage: f.stage, kind: 'number', column: f.column, ...(f.derive ? { derive: f.derive, dateFormat: f.dateFormat ?? 'iso' } : {}), transform: f.transform,
    center, scale: sd > 1e-12 ? sd : 1, missing: 'own-term',
    missingShare,
  };
}

function fitCategory(f: Extract<RawFeature, { kind: 'category' }>, rows: Int32Array, minLevelCount: number): CategoryFeatureSpec {
  const counts = new Int32Array(f.levels.length);
  for (const i of rows) if (f.codes[i] >= 0) counts[f.codes[i]]++;
  // Sorted so the vocabulary does not depend on row order.
  const levels = f.levels.filter((_, code) => counts[code] >= minLevelCount).sort();
  return {
    name: f.name, stage: f.stage, kind: 'category', column: f.column, ...(f.derive ? { derive: f.derive, dateFormat: f.dateFormat ?? 'iso' } : {}),
    levels, minLevelCount, missing: 'own-slot', unseen: 'other-slot',
  };
}
