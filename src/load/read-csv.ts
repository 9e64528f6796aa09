import { basename } from 'node:path';
import type { DateFormat } from '../core/dates.js';
import { LeadvalueError, shown } from '../core/errors.js';
import { spellingHint } from '../core/nearest-name.js';
import type { Column, ColumnBuilder, ColumnType } from './column-builder.js';
import { createColumnBuilder } from './create-column-builder.js';
import { otherDelimiter } from './other-delimiter.js';
import { READ_CSV_FIXES, type ReadFixes } from './read-fixes.js';
import { repeatedColumn } from './repeated-column.js';
import { readFileChunks } from './read-file-chunks.js';
import { CsvTokenizer, fieldText, FieldKind, type CsvDelimiter, type CsvRow } from './parse-csv.js';

export type { Column, ColumnType } from './column-builder.js';

/** One column to load, and how to read it. */
export interface ColumnRequest {
  /** Column name as written in the header (or in `header` when the file has none). */
  name: string;
  type: ColumnType;
  /** For `date` columns; default `iso`. */
  dateFormat?: DateFormat;
  /** Missing (empty) values are an error. */
  required?: boolean;
}

/** Options of {@link readCsv}. */
export interface ReadCsvOptions {
  /** Only these columns are materialised; the others are skipped without decoding. */
  columns: ColumnRequest[];
  /** A single-byte delimiter, or `'whitespace'` for runs of spaces and tabs; default `,`. */
  delimiter?: CsvDelimiter;
  /**
   * `true` (default) when the first row holds the names; the names when the file
   * has no header row; `false` to name the columns by position, `'1'`, `'2'`, ...
   */
  header?: boolean | string[];
  /** Name used in error messages; default the file's base name. */
  label?: string;
  /** Called as the file is read, with bytes of the file on disk (compressed bytes for gzip). */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /**
   * How messages say to fix the file, for a caller whose users do not set these
   * options themselves (an adapter config has no `required` or `header`); default in the terms of these options.
   */
  fixes?: Partial<ReadFixes>;
}

/** A loaded table: the requested columns, each with `rowCount` values. */
export interface LoadedTable {
  /** The path that was read. */
  file: string;
  /** Number of data rows (header and blank lines excluded). */
  rowCount: number;
  /** The file row of each data row (the header is row 1), for messages about a data row found later. */
  rowNumbers: Int32Array;
  /** The requested columns by name. */
  columns: Record<string, Column>;
  /** All column names of the file, in order. */
  header: string[];
}

const CHUNK = 1 << 20;

/**
 * Reads the requested columns of a CSV file, plain or gzip-compressed (detected
 * by its magic bytes, whatever the extension), streaming it in chunks: only
 * the fields of requested columns are decoded.
 *
 * Reading rules: RFC 4180 quoting (`"a, ""b"""`, line breaks inside quotes), LF or
 * CRLF line ends, a UTF-8 byte-order mark is dropped, blank lines are skipped.
 * Surrounding spaces and tabs of unquoted fields are not part of the value. A
 * missing value is an empty field: NaN for numbers and dates, code -1 for
 * categories, null for strings. Numbers are plain decimals (`1`, `-2.5`, `1e3`,
 * `.5`); dates follow `dateFormat` (see `parseDate`) and are epoch ms, UTC.
 * Category levels are in first-seen order.
 *
 * Row numbers in error messages are those a spreadsheet shows: the header is
 * row 1 and the first data row is row 2 (row 1 when `header` gives the names).
 * A record whose quoted field spans lines counts as one row; blank lines count.
 *
 * @param path - the file to read
 * @param options - the columns to load and how to read the file
 * @returns the requested columns
 * @throws LeadvalueError (message `where: what (got X); fix`, naming file, row and
 * column) when the file does not exist or is not valid gzip, is empty or has no
 * header, a requested column is absent (said to be in another delimiter when the
 * header is one column holding one) or named twice, a row has a different number of fields
 * than the header, a quote is never closed, a number or date cannot be read, or
 * a required value is missing
 * @example
 * const leads = await readCsv('data/leads.csv.gz', {
 *   columns: [
 *     { name: 'mql_id', type: 'string', required: true },
 *     { name: 'first_contact_date', type: 'date' },
 *     { name: 'origin', type: 'category' },
 *   ],
 * });
 * leads.rowCount; // 8000
 * leads.columns.origin; // { type: 'category', codes: Int32Array [...], levels: ['social', ...] }
 */
export async function readCsv(path: string, options: ReadCsvOptions): Promise<LoadedTable> {
  const label = options.label ?? basename(path);
  checkRequests(options, label);
  const reader = new TableReader(options, label, { ...READ_CSV_FIXES, ...options.fixes });
  const tokenizer = new CsvTokenizer(
    { delimiter: options.delimiter, label, fieldName: (i) => reader.fieldName(i) },
    (row) => reader.addRow(row),
  );
  await readFileChunks(path, (chunk) => tokenizer.push(chunk), { label, chunkSize: CHUNK, onProgress: options.onProgress });
  tokenizer.end();
  return reader.finish(path);
}

/** Turns the requested columns into one builder per column, checking them against the header. */
class TableReader {
  private header: string[] | null = null;
  private indices: Int32Array = new Int32Array(0);
  private builders: ColumnBuilder[] = [];
  private rowCount = 0;
  private rowNumbers = new Int32Array(1024);
  private width = 0;

  constructor(
    private readonly options: ReadCsvOptions,
    private readonly label: string,
    private readonly fixes: ReadFixes,
  ) {
    if (Array.isArray(options.header)) this.useHeader(options.header.map(String));
  }

  fieldName(index: number): string {
    const name = this.header?.[index];
    return name === undefined ? `field ${index + 1}` : `column ${name}`;
  }

  addRow(row: CsvRow): void {
    if (this.header === null) {
      if (this.options.header === false) {
        this.useHeader(Array.from({ length: row.fieldCount }, (_, i) => String(i + 1)));
      } else {
        const names: string[] = [];
        for (let i = 0; i < row.fieldCount; i++) {
          const text = fieldText(row, i);
          names.push(row.kinds[i] === FieldKind.plain ? text.trim() : text);
        }
        this.useHeader(names);
        return;
      }
    }
    const width = this.width;
    if (row.fieldCount !== width) this.wrongWidth(row, width);
    const { bytes, starts, ends, kinds } = row;
    const indices = this.indices;
    const builders = this.builders;
    for (let k = 0; k < builders.length; k++) {
      const i = indices[k];
      builders[k].add(bytes, starts[i], ends[i], kinds[i], row.row);
    }
    if (this.rowCount === this.rowNumbers.length) {
      const grown = new Int32Array(this.rowNumbers.length * 2);
      grown.set(this.rowNumbers);
      this.rowNumbers = grown;
    }
    this.rowNumbers[this.rowCount++] = row.row;
  }

  finish(path: string): LoadedTable {
    if (this.header === null) {
      const what = this.options.header === false ? 'empty file: no rows' : 'empty file: no header row';
      throw new LeadvalueError(this.label, what, undefined, this.fixes.noHeader);
    }
    // fromEntries defines own properties, so even a column named __proto__ is safe
    const columns: Record<string, Column> = Object.fromEntries(this.options.columns.map((request, k) => [request.name, this.builders[k].finish()]));
    return { file: path, rowCount: this.rowCount, rowNumbers: this.rowNumbers.slice(0, this.rowCount), columns, header: this.header };
  }

  private useHeader(names: string[]): void {
    const seen = new Map<string, number>();
    names.forEach((name, i) => {
      if (!seen.has(name)) seen.set(name, i);
    });
    const requests = this.options.columns;
    this.indices = new Int32Array(requests.length);
    requests.forEach((request, k) => {
      const index = seen.get(request.name);
      if (index === undefined) {
        throw new LeadvalueError(
          this.label,
          `no column ${shown(request.name)}`,
          `columns ${names.map((n) => shown(n)).join(', ')}`,
          otherDelimiter(names, this.options.delimiter ?? ',', this.fixes.delimiter) ?? spellingHint(request.name, names),
        );
      }
      this.indices[k] = index;
    });
    // Which copy would be read? (Repeats of columns not read do not matter.)
    const repeated = repeatedColumn(names, requests.map((request) => request.name));
    if (repeated) throw new LeadvalueError(this.label, repeated, undefined, 'rename one of them in the file');
    this.builders = requests.map((request) => createColumnBuilder({ ...request, label: this.label, fixes: this.fixes }));
    this.header = names;
    this.width = names.length;
  }

  private wrongWidth(row: CsvRow, width: number): never {
    const count = row.fieldCount;
    const start = row.fieldCount > 0 ? row.starts[0] - (row.kinds[0] === FieldKind.plain ? 0 : 1) : 0;
    const end = row.fieldCount > 0 ? row.ends[row.fieldCount - 1] : 0;
    throw new LeadvalueError(
      `${this.label} row ${row.row}`,
      `${count} field${count === 1 ? '' : 's'}, expected ${width} as in the header`,
      shown(row.bytes.toString('utf8', start, end)),
      'quote fields that contain the delimiter, and give every row the same number of fields',
    );
  }
}

/** Checks the options before any byte is read. */
function checkRequests(options: ReadCsvOptions, label: string): void {
  if (!options || !Array.isArray(options.columns)) {
    throw new LeadvalueError(label, 'no columns requested', shown(options?.columns), 'pass `columns: [{ name, type }, ...]`');
  }
  const names = new Set<string>();
  for (const request of options.columns) {
    if (names.has(request.name)) {
      throw new LeadvalueError(label, `column ${shown(request.name)} requested twice`, undefined, 'request each column once');
    }
    names.add(request.name);
    // builds (and so validates) type and date format early
    createColumnBuilder({ ...request, label });
  }
  if (Array.isArray(options.header) && options.header.length === 0) {
    throw new LeadvalueError(label, 'empty `header`', '[]', 'pass the column names, or `true` when the first row holds them');
  }
}
