import { createReadStream, createWriteStream, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { finished, pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import { basename } from 'node:path';
import { createGunzip, createGzip } from 'node:zlib';
import { LeadvalueError } from '../core/errors.js';
import { trackTempFile } from '../core/temp-files.js';
import { CsvTokenizer, fieldText } from '../load/parse-csv.js';
import type { GoalProfile, ModelFile } from '../scoring/model-types.js';
import { csvField } from './csv-field.js';
import { LeadBatches } from './lead-batches.js';

/** What scoring a CSV did. */
export interface ScoreCsvResult {
  rows: number;
  out: string;
  /** Per feature: leads with a category never seen in training. */
  unseen: Record<string, number>;
  /** Per feature: leads with the value missing. */
  missing: Record<string, number>;
  /** Per feature: leads with a number more than 10 training standard deviations from the mean. */
  extreme: Record<string, number>;
}

/** Score columns appended to each input row. */
export const SCORE_COLUMNS = ['p_win', 'value_if_won', 'expected_value', 'score', 'goal_profile', 'top_reasons'] as const;

/**
 * Scores a CSV (or CSV.gz) of new leads into a CSV: every input column, then
 * `p_win`, `value_if_won`, `expected_value`, `score` (goal-weighted),
 * `goal_profile` (the name of the profile the score used: the override's, or the model file's) and `top_reasons`. Streams in and out (constant memory); writes to a temporary
 * file renamed into place at the end, so a failure never leaves a partial
 * output. The input is read with the delimiter the model was trained on
 * (`model.input.delimiter`) unless `options.delimiter` says otherwise; the
 * output is comma-separated, gzip-compressed when its name ends in `.gz`.
 * @param model - a verified model file
 * @param input - path of the leads file, with the source column names the model reads
 * @param output - path to write (`.csv`, or `.csv.gz` for gzip)
 * @throws LeadvalueError naming the input file, row and column on bad input (a header of one column that holds `;`, a tab or `|` is said to be in another delimiter); the output is then not created
 */
export async function scoreCsv(
  model: ModelFile, input: string, output: string,
  options: { goals?: GoalProfile; topReasons?: number; delimiter?: string; onProgress?: (fraction: number) => void } = {},
): Promise<ScoreCsvResult> {
  const label = basename(input);
  let size: number;
  try {
    size = statSync(input).size;
  } catch (e) {
    throw new LeadvalueError(input, 'cannot read the leads file', (e as NodeJS.ErrnoException).code, 'check the path');
  }
  let header: string[] | null = null;
  // Scores the rows in batches with the columnar scorer; the lines and counts are those of scoreLead row by row.
  let batches = null as LeadBatches | null; // (typed so: set in the tokenizer's callback)
  const pending: (string | Buffer)[] = []; // output not yet written: the header line, then each batch's lines
  const needed = [...new Set(model.features.map((f) => f.column))];
  const delimiter = options.delimiter ?? model.input.delimiter;
  const tokenizer = new CsvTokenizer({ delimiter, label, fieldName: (i) => header?.[i] ?? `field ${i + 1}` }, (row) => {
    if (!header) {
      header = Array.from({ length: row.fieldCount }, (_, i) => fieldText(row, i).trim());
      const absent = needed.filter((c) => !header!.includes(c));
      if (absent.length) {
        throw new LeadvalueError(`${label} row ${row.row}`, `the model reads column${absent.length > 1 ? 's' : ''} ${absent.join(', ')}, which the file lacks`, undefined,
          otherDelimiter(header, delimiter) ?? `the file has ${header.join(', ')}; rename its columns to the source names the model was trained on`);
      }
      pending.push([...header, ...SCORE_COLUMNS].map(csvField).join(',') + '\n');
      batches = new LeadBatches(model, header, { goals: options.goals, topReasons: options.topReasons, label, delimiter });
      return;
    }
    if (row.fieldCount !== header.length) {
      // The rows before it are scored first: a bad value in one of them is the error, as when every row was scored as read.
      batches!.flush();
      throw new LeadvalueError(`${label} row ${row.row}`, `${row.fieldCount} fields, expected ${header.length}`, undefined,
        row.fieldCount > header.length ? 'check for unquoted commas' : 'check for a missing field or a line broken inside a value');
    }
    batches!.add(row);
  });
  // Opened once the tokenizer exists: a bad delimiter fails before anything is created.
  const tmp = `${output}.${process.pid}.tmp`;
  // Removed by the CLI's signal handler if the run is interrupted (Ctrl-C, SIGTERM) while it is being written.
  const forget = trackTempFile(tmp);
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (e) {
    forget();
    throw new LeadvalueError(output, 'cannot write the scores file', (e as NodeJS.ErrnoException).code, 'check that its folder exists and is writable');
  }
  const file = createWriteStream(tmp, { fd });
  // `.gz` by its name: gzip into the temporary file, renamed into place as a plain output is.
  const gzip = /\.gz$/i.test(output) ? createGzip() : null;
  const out: NodeJS.WritableStream & { destroy(): void } = gzip ?? file;
  const written = gzip ? pipeline(gzip, file) : finished(file);
  written.catch(() => {});
  // Writes what is pending, waiting whenever the output asks to (constant memory on a slow disk).
  const write = async () => {
    if (batches) pending.push(...batches.take());
    for (const piece of pending.splice(0)) if (!out.write(piece)) await Promise.race([once(out, 'drain'), written]);
  };
  try {
    const source = createReadStream(input, { highWaterMark: 1 << 20 });
    const magic = await firstBytes(input);
    const stream = magic[0] === 0x1f && magic[1] === 0x8b ? source.pipe(createGunzip()) : source;
    let read = 0;
    source.on('data', (chunk) => { read += chunk.length; options.onProgress?.(size ? read / size : 1); });
    for await (const chunk of stream) {
      tokenizer.push(chunk as Buffer);
      await write();
    }
    tokenizer.end();
    if (!batches) throw new LeadvalueError(label, 'the file is empty', undefined, 'it needs a header row naming the columns');
    batches.flush();
    await write();
    out.end();
    await written;
    renameSync(tmp, output);
  } catch (e) {
    out.destroy();
    file.destroy();
    rmSync(tmp, { force: true });
    // Rows read before the failure (a broken quote, a bad gzip stream) are scored first: a bad value in one of them is the error, as when every row was scored as read.
    let error = e;
    try { batches?.flush(); } catch (earlier) { error = earlier; }
    throw error;
  } finally {
    forget();
  }
  const { rows, counts } = batches!;
  return { rows, out: output, ...counts };
}

/** When a one-column header holds a character files are often separated by, the fix to suggest: the file may use it. */
function otherDelimiter(header: string[], delimiter: string): string | undefined {
  const found = header.length === 1 ? [';', '\t', '|', ','].find((c) => c !== delimiter && header[0].includes(c)) : undefined;
  if (!found) return undefined;
  const shownDelimiter = delimiter === 'whitespace' ? 'whitespace' : JSON.stringify(delimiter);
  return `the file may use another delimiter than ${shownDelimiter}; its header is one column holding ${JSON.stringify(found)}: give the delimiter (leadvalue score --delimiter ${JSON.stringify(found)})`;
}

async function firstBytes(path: string): Promise<Buffer> {
  const stream = createReadStream(path, { start: 0, end: 1 });
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
