import type { CategoryFeatureSpec, FeatureSpec, NumberFeatureSpec } from '../scoring/model-types.js';
import type { RawFeature } from '../load/load-source.js';

/**
 * Fits each feature's transform on the training rows only: means and scales
 * for numbers (after log1p where asked), vocabularies for categories (levels
 * seen at least `minLevelCount` times; rarer ones pool into `(other)`).
 * @param features - raw feature columns over all leads
 * @param rows - indices of the training rows
 * @param options - `minLevelCount` for category vocabularies
 * @returns one spec per feature, plain JSON
 * @example
 * const specs = fitFeatures(frame.features, trainRows, { minLevelCount: 10 });
 */
export function fitFeatures(features: RawFeature[], rows: Int32Array, options: { minLevelCount: number }): FeatureSpec[] {
  return features.map((f) => (f.kind === 'number' ? fitNumber(f, rows) : fitCategory(f, rows, options.minLevelCount)));
}

function fitNumber(f: Extract<RawFeature, { kind: 'number' }>, rows: Int32Array): NumberFeatureSpec {
  let count = 0, mean = 0, m2 = 0, missing = 0;
  for (const i of rows) {
    const x = f.values[i];
    if (Number.isNaN(x)) { missing++; continue; }
    const t = f.transform === 'log1p' ? Math.log1p(x) : x;
    count++;
    const d = t - mean;
    mean += d / count;
    m2 += d * (t - mean);
  }
  const sd = count > 1 ? Math.sqrt(m2 / (count - 1)) : 0;
  return {
    name: f.name, stage: f.stage, kind: 'number', column: f.column, ...(f.derive ? { derive: f.derive, dateFormat: f.dateFormat ?? 'iso' } : {}), transform: f.transform,
    center: count ? mean : 0, scale: sd > 1e-12 ? sd : 1, missing: 'own-term',
    missingShare: rows.length ? missing / rows.length : 0,
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
