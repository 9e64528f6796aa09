import type { DateFormat } from '../core/dates.js';
import { LeadvalueError } from '../core/errors.js';
import { FieldKind } from './parse-csv.js';
import { READ_CSV_FIXES, type ReadFixes } from './read-fixes.js';

/** The type a column is read as. */
export type ColumnType = 'string' | 'category' | 'number' | 'date';

/**
 * A loaded column. Missing values (empty fields) are NaN in numbers and dates,
 * code -1 in categories and null in strings.
 */
export type Column =
  | { type: 'number'; values: Float64Array }
  | { type: 'date'; values: Float64Array }
  | { type: 'category'; codes: Int32Array; levels: string[] }
  | { type: 'string'; values: (string | null)[] };

/** What a builder needs to know to read and report on one column. */
export interface ColumnSpec {
  name: string;
  type: ColumnType;
  dateFormat?: DateFormat;
  required?: boolean;
  /** File label for error messages. */
  label: string;
  /** How messages say to fix a bad value; default readCsv's options ({@link READ_CSV_FIXES}). */
  fixes?: ReadFixes;
}

/** Gathers the values of one column, row by row, from field bytes. */
export interface ColumnBuilder {
  /** Adds the field `bytes[start, end)` of kind `kind` ({@link FieldKind}), found on file row `row`. */
  add(bytes: Buffer, start: number, end: number, kind: number, row: number): void;
  /** The finished column, arrays trimmed to the rows added. */
  finish(): Column;
}

/** Initial capacity of the typed arrays; they grow by doubling. */
export const INITIAL_ROWS = 1024;

/** Space or tab: the whitespace trimmed around unquoted fields and numbers. */
export function isBlankByte(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Reports a missing value in a required column. */
export function missingValue(spec: ColumnSpec, row: number): never {
  throw new LeadvalueError(`${spec.label} row ${row}, column ${spec.name}`, 'missing value in a required column', '""', (spec.fixes ?? READ_CSV_FIXES).missing(spec.name));
}

/** The text of a field, quote escapes undone. */
export function textOf(bytes: Buffer, start: number, end: number, kind: number): string {
  const text = bytes.toString('utf8', start, end);
  return kind === FieldKind.escaped ? text.replaceAll('""', '"') : text;
}
