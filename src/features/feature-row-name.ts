import type { RawFeature } from '../load/load-source.js';

/**
 * Names one value of a raw feature in messages: by file, row and column when
 * the feature was read from a file (its `source`), else by feature and row
 * index (the index into its values, counted from 0).
 * @param f - the raw feature
 * @param i - the row index into its values
 * @returns e.g. `leads.csv row 6, column employees`, or `feature employees row 4`
 * @example
 * featureRowName(frame.features[2], 4); // 'leads.csv row 6, column employees'
 */
export function featureRowName(f: RawFeature, i: number): string {
  const row = f.kind === 'number' && f.source ? f.source.rowNumbers[i] : -1;
  if (f.kind !== 'number' || !f.source || !(row >= 0)) return `feature ${f.name} row ${i}`;
  return `${f.source.file} row ${row}, column ${f.column}${f.column === f.name ? '' : ` (feature ${f.name})`}`;
}
