import { basename } from 'node:path';
import { LeadvalueError } from '../core/errors.js';
import { CsvTokenizer, fieldText } from './parse-csv.js';
import { readFileChunks } from './read-file-chunks.js';

/**
 * Reads a CSV or CSV.gz (gzip recognised by its magic bytes) into plain objects keyed by the header, every value a
 * string, e.g. to score leads in process with `scoreBatch`. Holds all rows in
 * memory: for large files use `leadvalue score`, which streams.
 * @param path - the file
 * @param options - `limit` keeps the first rows only; `last` keeps the last rows only
 * @throws LeadvalueError naming the file and row when a row has the wrong number of fields
 * @example
 * const leads = await readRecords('data/demo/new-leads.csv', { limit: 5 });
 */
export async function readRecords(path: string, options: { limit?: number; last?: number; delimiter?: string } = {}): Promise<Record<string, string>[]> {
  const label = basename(path);
  let header: string[] | null = null;
  const rows: Record<string, string>[] = [];
  const limit = options.limit ?? Infinity;
  const tokenizer = new CsvTokenizer({ delimiter: options.delimiter ?? ',', label }, (row) => {
    const fields = Array.from({ length: row.fieldCount }, (_, i) => fieldText(row, i));
    if (!header) { header = fields.map((f) => f.trim()); return; }
    if (fields.length !== header.length) throw new LeadvalueError(`${label} row ${row.row}`, `${fields.length} fields, expected ${header.length}`);
    if (rows.length >= limit) return;
    const record: Record<string, string> = {};
    header.forEach((h, i) => { record[h] = fields[i]; });
    rows.push(record);
    if (options.last !== undefined && rows.length > options.last) rows.shift();
  });
  await readFileChunks(path, (chunk) => tokenizer.push(chunk), { label });
  tokenizer.end();
  return rows;
}
