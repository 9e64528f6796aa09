import { LeadvalueError } from '../core/errors.js';
import type { FeatureSpec } from '../scoring/model-types.js';
import type { RawFeature } from '../load/load-source.js';
import { refuseValue } from './refuse-value.js';

/** A numeric column after its fitted transform: z-scores, 0 where missing, plus the missing mask. */
export interface EncodedNumber { kind: 'number'; name: string; z: Float64Array; missing: Uint8Array }
/** A category column as slot codes: levels, then `(other)`, then `(missing)`. */
export interface EncodedCategory { kind: 'category'; name: string; slots: Int32Array; size: number }
/** The design matrix, column-wise: no one-hot matrix is ever built. */
export interface EncodedMatrix { rows: number; columns: (EncodedNumber | EncodedCategory)[] }

/**
 * Applies fitted feature specs to raw feature columns, for the given rows.
 * @param specs - fitted specs (from fitFeatures or a model file)
 * @param features - raw columns, matched to specs by name
 * @param rows - which rows to encode, in this order
 * @throws LeadvalueError when a spec's feature is absent from the raw columns; naming the value (by file, row and column
 * when the feature carries its `source`, else by feature and row index into its values) when a number is not finite,
 * below or at -1 under log1p, or too far from the training values to standardise
 */
export function encodeFeatures(specs: FeatureSpec[], features: RawFeature[], rows: Int32Array): EncodedMatrix {
  const byName = new Map(features.map((f) => [f.name, f]));
  const n = rows.length;
  const columns = specs.map((spec) => {
    const raw = byName.get(spec.name);
    if (!raw || raw.kind !== spec.kind) {
      throw new LeadvalueError(`feature ${spec.name}`, raw ? `is a ${raw.kind} in the data but a ${spec.kind} in the model` : 'not in the data', undefined, 'train and score with the same features');
    }
    if (spec.kind === 'number' && raw.kind === 'number') {
      const z = new Float64Array(n);
      const missing = new Uint8Array(n);
      for (let r = 0; r < n; r++) {
        const x = raw.values[rows[r]];
        if (Number.isNaN(x)) { missing[r] = 1; continue; }
        const zr = ((spec.transform === 'log1p' ? Math.log1p(x) : x) - spec.center) / spec.scale;
        if (!(zr > -Infinity && zr < Infinity)) throw refuseValue(raw, rows[r], spec.transform); // else a model fit later names a NaN in its own row order
        z[r] = zr;
      }
      return { kind: 'number', name: spec.name, z, missing } satisfies EncodedNumber;
    }
    if (spec.kind === 'category' && raw.kind === 'category') {
      const slotOfLevel = new Map(spec.levels.map((level, s) => [level, s]));
      const other = spec.levels.length, missingSlot = other + 1;
      const slotOfCode = Int32Array.from(raw.levels, (level) => slotOfLevel.get(level) ?? other);
      const slots = new Int32Array(n);
      for (let r = 0; r < n; r++) {
        const code = raw.codes[rows[r]];
        slots[r] = code < 0 ? missingSlot : slotOfCode[code];
      }
      return { kind: 'category', name: spec.name, slots, size: spec.levels.length + 2 } satisfies EncodedCategory;
    }
    throw new Error('unreachable');
  });
  return { rows: n, columns };
}
