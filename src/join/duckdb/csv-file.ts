import { open } from 'node:fs/promises';
import { fileLabel } from '../../core/file-label.js';
import { LeadvalueError, shown } from '../../core/errors.js';
import { spellingHint } from '../../core/nearest-name.js';
import { CsvTokenizer, fieldText, FieldKind } from '../../load/parse-csv.js';
import { readCsv } from '../../load/read-csv.js';
import { readFileChunks } from '../../load/read-file-chunks.js';
import { otherDelimiter } from '../../load/other-delimiter.js';
import { READ_CSV_FIXES, type ReadFixes } from '../../load/read-fixes.js';
import { repeatedColumn } from '../../load/repeated-column.js';

/** What DuckDB needs to know about a file before reading it. */
export interface CsvFileInfo {
  /** Column names of the header row, in order. */
  header: string[];
  /** Whether the file is gzip-compressed (by its magic bytes, as the TypeScript loader decides). */
  gzip: boolean;
}

/** Thrown inside a chunk callback to stop reading early. */
const STOP = Symbol('stop');

/**
 * Reads a CSV file's header row (and whether it is gzip) with the TypeScript
 * tokenizer, reading only the first chunks, so the header is split exactly as
 * the loader splits it.
 * @param path - the file
 * @param delimiter - the config's delimiter (`,`, `;`, `\t`, `whitespace`, …)
 * @param fixes - how messages say to fix the file (configReadFixes for a config's table)
 * @returns the header names and compression
 * @throws LeadvalueError when the file is missing or has no header row
 */
export async function readCsvHeader(path: string, delimiter: string, fixes: ReadFixes = READ_CSV_FIXES): Promise<CsvFileInfo> {
  const label = fileLabel(path);
  let header: string[] | null = null;
  const tokenizer = new CsvTokenizer({ delimiter, label }, (row) => {
    header = Array.from({ length: row.fieldCount }, (_, i) => (row.kinds[i] === FieldKind.plain ? fieldText(row, i).trim() : fieldText(row, i)));
    throw STOP;
  });
  try {
    await readFileChunks(path, (chunk) => tokenizer.push(chunk), { label, chunkSize: 1 << 16 });
    tokenizer.end();
  } catch (error) {
    if (error !== STOP) throw error;
  }
  if (header === null) throw new LeadvalueError(label, 'empty file: no header row', undefined, fixes.noHeader);
  return { header, gzip: await isGzip(path) };
}

/**
 * Checks that every requested column is in the header, once, with the loader's messages.
 * @param delimiter - the delimiter the header was split with (a one-column header may be another's)
 * @param fixes - how messages say to fix the file
 * @throws LeadvalueError naming the file, the missing column and the columns it has, or the repeated column
 */
export function checkHeader(path: string, header: string[], names: string[], delimiter: string, fixes: ReadFixes = READ_CSV_FIXES): void {
  for (const name of names) {
    if (!header.includes(name)) {
      throw new LeadvalueError(fileLabel(path), `no column ${shown(name)}`, `columns ${header.map((n) => shown(n)).join(', ')}`,
        otherDelimiter(header, delimiter, fixes.delimiter) ?? spellingHint(name, header));
    }
  }
  const repeated = repeatedColumn(header, names);
  if (repeated) throw new LeadvalueError(fileLabel(path), repeated, undefined, 'rename one of them in the file');
}

/**
 * The file rows (as a spreadsheet numbers them: the header is row 1, blank
 * lines count, a quoted field spanning lines is one row) of data records given
 * by position (1 = the first record after the header), in one streaming pass.
 * DuckDB numbers records, not lines; this turns its numbers into the rows
 * the TypeScript loader names in messages.
 * @param path - the file
 * @param delimiter - the config's delimiter
 * @param ords - record positions
 * @returns position → file row
 */
export async function locateRows(path: string, delimiter: string, ords: number[]): Promise<Map<number, number>> {
  const wanted = new Set(ords);
  const last = Math.max(...ords);
  const rows = new Map<number, number>();
  let record = -1; // the header is record 0
  const tokenizer = new CsvTokenizer({ delimiter, label: fileLabel(path) }, (row) => {
    record++;
    if (wanted.has(record)) rows.set(record, row.row);
    if (record >= last) throw STOP;
  });
  try {
    await readFileChunks(path, (chunk) => tokenizer.push(chunk), { label: fileLabel(path) });
    tokenizer.end();
  } catch (error) {
    if (error !== STOP) throw error;
  }
  return rows;
}

/**
 * When DuckDB cannot read a file (a row with too many fields, a quote never
 * closed), re-reads it with the TypeScript reader, which names the row and
 * field the way the loader does; only when that reader finds nothing wrong is
 * DuckDB's own message passed on.
 * @param path - the file
 * @param delimiter - the config's delimiter
 * @param error - what DuckDB threw
 * @param fixes - how messages say to fix the file
 * @throws LeadvalueError always
 */
export async function explainReadError(path: string, delimiter: string, error: unknown, fixes: ReadFixes = READ_CSV_FIXES): Promise<never> {
  await readCsv(path, { columns: [], delimiter, fixes, label: fileLabel(path) }); // the file named as loadSource names it
  const message = (error as Error).message.split('\n')[0];
  throw new LeadvalueError(fileLabel(path), 'DuckDB could not read the file', shown(message), 'check the delimiter and the quoting, or train with "engine": "typescript"');
}

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const bytes = Buffer.alloc(2);
    const { bytesRead } = await handle.read(bytes, 0, 2, 0);
    return bytesRead === 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
