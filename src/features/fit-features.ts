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
  const m = moments(f, rows, 1);
  const missingShare = rows.length ? m.missing / rows.length : 0;
  if (Number.isFinite(m.mean) && Number.isFinite(m.m2)) {
    return numberSpec(f, m.count ? m.mean : 0, m.count > 1 ? Math.sqrt(m.m2 / (m.count - 1)) : 0, missingShare);
  }
  // Squares of values above ~1e154 overflow: redo the sums on values divided by the largest (only then, so other fits keep their bits).
  const scaled = moments(f, rows, m.largest);
  const mean = scaled.mean * m.largest;
  const sd = Math.sqrt(scaled.m2 / (scaled.count - 1)) * m.largest; // count ≥ 2: one value alone cannot overflow the sums
  if (!Number.isFinite(mean) || !Number.isFinite(sd)) {
    throw new LeadvalueError(featureRowName(f, m.largestRow),
      `too large: the training ${Number.isFinite(mean) ? 'standard deviation' : 'mean'} of feature ${f.name}${f.transform === 'log1p' ? ' after log1p' : ''} is not a finite number`,
      String(f.values[m.largestRow]), 'a typo or a unit? correct the value');
  }
  return numberSpec(f, mean, sd, missingShare);
}

/**
 * Welford's running mean and sum of squared deviations of the present training values after the transform, each
 * divided by `divisor` (1: the values themselves, bit for bit); the missing count, and the largest |value| after the
 * transform with its row (what to name when the moments overflow).
 * @throws LeadvalueError naming the value when one is not finite after the transform
 */
function moments(f: Extract<RawFeature, { kind: 'number' }>, rows: Int32Array, divisor: number) {
  let count = 0, mean = 0, m2 = 0, missing = 0, largest = 0, largestRow = -1;
  for (const i of rows) {
    const x = f.values[i];
    if (Number.isNaN(x)) { missing++; continue; }
    const t = f.transform === 'log1p' ? Math.log1p(x) : x;
    if (!(t > -Infinity && t < Infinity)) throw refuseValue(f, i, f.transform);
    if (Math.abs(t) > largest) { largest = Math.abs(t); largestRow = i; }
    const u = t / divisor;
    count++;
    const d = u - mean;
    mean += d / count;
    m2 += d * (u - mean);
  }
  return { count, mean, m2, missing, largest, largestRow };
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
