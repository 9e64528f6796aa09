import { LeadvalueError } from '../core/errors.js';
import type { RawFeature } from '../load/load-source.js';
import { featureRowName } from './feature-row-name.js';

/**
 * The error for a number feature's value that gives no finite number after
 * its transform: ±Infinity, a value log1p cannot take (≤ -1), or one too far
 * from the training values to standardise. Named by file, row and column when
 * the feature carries its source, else by feature and row index.
 * @param f - the raw number feature
 * @param i - the row index into its values
 * @param transform - the transform applied (the fitted spec's)
 * @returns the error to throw
 * @example
 * throw refuseValue(f, 4, 'log1p'); // feature employees row 4: log1p needs values above -1 (got -5); …
 */
export function refuseValue(f: Extract<RawFeature, { kind: 'number' }>, i: number, transform: 'none' | 'log1p'): LeadvalueError {
  const x = f.values[i], where = featureRowName(f, i);
  if (!Number.isFinite(x)) return new LeadvalueError(where, 'not a finite number', String(x), 'use a finite number, or NaN for a missing value');
  if (transform === 'log1p' && x <= -1) return new LeadvalueError(where, 'log1p needs values above -1', String(x), `correct the value, or drop "transform": "log1p" for feature ${f.name}`);
  return new LeadvalueError(where, `too far from the training values of feature ${f.name} to standardise`, String(x), 'a typo or a unit? correct the value');
}
