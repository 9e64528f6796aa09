import { fileLabel } from '../core/file-label.js';
import { LeadvalueError } from '../core/errors.js';
import { CsvTokenizer, fieldText } from './parse-csv.js';
import { readFileChunks } from './read-file-chunks.js';
import { repeatedColumn } from './repeated-column.js';

/**
 * Reads a CSV or CSV.gz (gzip recognised by its magic bytes) into plain objects keyed by the header, every value a
 * string, e.g. to score leads in process with `scoreBatch`. Holds all rows in
 * memory: for large files use `leadvalue score`, which streams.
 * @param path - the file
 * @param options - `limit` keeps the first rows only; `last` keeps the last rows only
 * @throws LeadvalueError naming the file and row when a row has the wrong number of fields, or the
 * header names a column twice
 * @example
 * const leads = await readRecords('data/demo/new-leads.csv', { limit: 5 });
 */
export async function readRecords(path: string, options: RecordOptions = {}): Promise<Record<string, string>[]> {
  return (await readRecordRows(path, options)).records;
}

/** Options of {@link readRecords}. */
export interface RecordOptions { limit?: number; last?: number; delimiter?: string }

/**
 * {@link readRecords}, with each record's row in the file (the header is row 1;
 * blank lines count), to name a record in messages as `leads.csv row 7`.
 * @returns the records and their rows, aligned; the header's column names (also when the file has no data rows) and its row
 * @throws LeadvalueError naming the file and row when a row has the wrong number of fields, or the
 * header names a column twice
 * @example
 * const { records, rows } = await readRecordRows('data/demo/new-leads.csv');
 * scoreBatch(model, records, { where: 'new-leads.csv row', rows });
 */
export async function readRecordRows(path: string, options: RecordOptions = {}): Promise<{ records: Record<string, string>[]; rows: number[]; header: string[]; headerRow: number }> {
  const label = fileLabel(path);
  let header: string[] | null = null;
  let headerRow = 1;
  const records: Record<string, string>[] = [], rows: number[] = [];
  const limit = options.limit ?? Infinity;
  const tokenizer = new CsvTokenizer({ delimiter: options.delimiter ?? ',', label }, (row) => {
    const fields = Array.from({ length: row.fieldCount }, (_, i) => fieldText(row, i));
    if (!header) {
      header = fields.map((f) => f.trim());
      headerRow = row.row;
      // A record keeps one value per name: which copy would be read? (Blank names of unnamed columns may repeat.)
      const repeated = repeatedColumn(header);
      if (repeated) throw new LeadvalueError(`${label} row ${row.row}`, repeated, undefined, 'rename one of them in the file');
      return;
    }
    if (fields.length !== header.length) throw new LeadvalueError(`${label} row ${row.row}`, `${fields.length} fields, expected ${header.length}`);
    if (records.length >= limit) return;
    const record: Record<string, string> = {};
    header.forEach((h, i) => { record[h] = fields[i]; });
    records.push(record);
    rows.push(row.row);
    if (options.last !== undefined && records.length > options.last) { records.shift(); rows.shift(); }
  });
  await readFileChunks(path, (chunk) => tokenizer.push(chunk), { label });
  tokenizer.end();
  return { records, rows, header: header ?? [], headerRow };
}
