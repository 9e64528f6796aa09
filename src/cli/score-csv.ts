import { createWriteStream, openSync, renameSync, rmSync } from 'node:fs';
import { finished, pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { LeadvalueError, shown } from '../core/errors.js';
import { outputTarget } from '../core/output-target.js';
import { trackTempFile } from '../core/temp-files.js';
import { CsvTokenizer, fieldText, type CsvRow } from '../load/parse-csv.js';
import { readFileChunks } from '../load/read-file-chunks.js';
import type { GoalProfile, ModelFile } from '../scoring/model-types.js';
import { checkReasonCount } from '../scoring/score-lead.js';
import { checkModelColumns, modelColumns } from './check-model-columns.js';
import { formatCount } from '../core/format-count.js';
import { headerLine, LeadBatches } from './lead-batches.js';
import { showPath } from './show-path.js';

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
 * Messages name the files as {@link showPath} prints them (relative to the
 * working directory when inside it, else absolute), e.g.
 * `exports/2026-05/new-leads.csv row 5, field pages_viewed: not a number (got "lots"); …`.
 * @param model - a verified model file
 * @param input - path of the leads file, with the source column names the model reads
 * @param output - path to write (`.csv`, or `.csv.gz` for gzip)
 * @throws LeadvalueError naming the input file, row and column on bad input: a missing file or a folder, a
 * corrupt gzip file, a file that is not text (Parquet, Excel), a header lacking a column the model reads (one
 * column holding `;`, a tab or `|` is said to be in another delimiter), a column name given twice, a column
 * named as a score column (p_win … top_reasons: a file scored before), a row of another width, a value the
 * scorer refuses; `options.topReasons` not a whole number from 0 to MAX_REASONS (100). The output is then not created.
 */
export async function scoreCsv(
  model: ModelFile, input: string, output: string,
  options: { goals?: GoalProfile; topReasons?: number; delimiter?: string; onProgress?: (fraction: number) => void } = {},
): Promise<ScoreCsvResult> {
  if (options.topReasons !== undefined) checkReasonCount(options.topReasons, 'options.topReasons'); // before anything is read or created
  const label = showPath(input);
  let header: string[] | null = null;
  // Scores the rows in batches with the columnar scorer; the lines and counts are those of scoreLead row by row.
  let batches = null as LeadBatches | null; // (typed so: set in the tokenizer's callback)
  const pending: (string | Buffer)[] = []; // output not yet written: the header line, then each batch's lines
  const needed = modelColumns(model);
  const delimiter = options.delimiter ?? model.input.delimiter;
  const tokenizer = new CsvTokenizer({ delimiter, label, fieldName: (i) => header?.[i] ?? `field ${i + 1}` }, (row) => {
    if (!header) {
      header = Array.from({ length: row.fieldCount }, (_, i) => fieldText(row, i).trim());
      checkHeader(header, row, needed, delimiter, label);
      pending.push(headerLine(row, header, SCORE_COLUMNS)); // names copied byte for byte, as the rows' fields are
      batches = new LeadBatches(model, header, { goals: options.goals, topReasons: options.topReasons, label, delimiter });
      return;
    }
    if (row.fieldCount !== header.length) {
      // The rows before it are scored first: a bad value in one of them is the error, as when every row was scored as read.
      batches!.flush();
      throw new LeadvalueError(`${label} row ${row.row}`, `${formatCount(row.fieldCount, 'field')}, expected ${header.length}`, undefined,
        row.fieldCount > header.length ? 'check for unquoted commas' : 'check for a missing field or a line broken inside a value');
    }
    batches!.add(row);
  });
  // Opened once the tokenizer exists: a bad delimiter fails before anything is created.
  const sink = openSink(output);
  const file = sink.stream;
  // `.gz` by its name: gzip into the temporary file, renamed into place as a plain output is.
  const gzip = !sink.stdout && /\.gz$/i.test(output) ? createGzip() : null;
  const out: NodeJS.WritableStream & { destroy(): void } = gzip ?? file;
  // A failing write (a full disk) names the output, not Node's bare error.
  const written = (gzip ? pipeline(gzip, file) : sink.finished).catch((e: NodeJS.ErrnoException) => {
    throw new LeadvalueError(sink.label, 'cannot write the scores file', e.code ?? shown(e.message), 'check the free space and permissions of its folder');
  });
  written.catch(() => {});
  // Writes what is pending, waiting whenever the output asks to (constant memory on a slow disk).
  const write = async () => {
    if (batches) pending.push(...batches.take());
    for (const piece of pending.splice(0)) if (!out.write(piece)) await Promise.race([once(out, 'drain'), written]);
  };
  try {
    // The loaders' reader: gzip by its magic bytes, and their messages for a missing file, a folder or a corrupt gzip file.
    await readFileChunks(input, async (chunk) => {
      tokenizer.push(chunk);
      await write();
    }, { label, onProgress: (read, size) => options.onProgress?.(size ? read / size : 1) });
    tokenizer.end();
    if (!batches) throw new LeadvalueError(label, 'the file is empty', undefined, 'it needs a header row naming the columns');
    batches.flush();
    await write();
    if (gzip) out.end(); else sink.end();
    await written;
    if (sink.tmp !== null) renameSync(sink.tmp, sink.path);
  } catch (e) {
    sink.abort();
    if (gzip) gzip.destroy();
    if (sink.tmp !== null) rmSync(sink.tmp, { force: true });
    // Rows read before the failure (a broken quote, a bad gzip stream) are scored first: a bad value in one of them is the error, as when every row was scored as read.
    let error = e;
    try { batches?.flush(); } catch (earlier) { error = earlier; }
    throw error;
  } finally {
    sink.forget();
  }
  const { rows, counts } = batches!;
  return { rows, out: output, ...counts };
}

/**
 * Checks the header before any row is scored: it has every column the model
 * reads; no name is given twice (which copy would the model read, and the
 * output would repeat it; blank names of unnamed columns may repeat); and no
 * column is named as a score column, which the output would then hold twice.
 */
function checkHeader(header: string[], row: CsvRow, needed: string[], delimiter: string, label: string): void {
  const where = `${label} row ${row.row}`;
  checkModelColumns(header, needed, where, delimiter, (found) => `give the delimiter (leadvalue score --delimiter ${JSON.stringify(found)})`);
  const repeated = header.find((name, i) => name !== '' && header.indexOf(name) !== i);
  if (repeated !== undefined) {
    const at = header.flatMap((name, i) => (name === repeated ? [String(i + 1)] : []));
    // As the training loader says it (src/load/read-csv.ts), with the columns' positions.
    throw new LeadvalueError(where, `column ${shown(repeated)} appears ${at.length === 2 ? 'twice' : `${at.length} times`} in the header (columns ${at.slice(0, -1).join(', ')} and ${at.at(-1)})`, undefined,
      'rename one of them in the file');
  }
  const clash = SCORE_COLUMNS.filter((c) => header.includes(c));
  if (clash.length) {
    const all = clash.length === SCORE_COLUMNS.length, them = clash.length > 1 ? 'them' : 'it';
    const read = clash.filter((c) => needed.includes(c));
    const what = all
      ? `the file already has the score columns, which leadvalue score writes after the file's columns (${clash.join(', ')})`
      : `column${clash.length > 1 ? 's' : ''} ${clash.join(', ')} would be in the output twice: leadvalue score writes ${SCORE_COLUMNS.join(', ')} after the file's columns`;
    const fix = read.length
      ? `the model reads ${read.join(', ')}: retrain it with the column renamed, or score with leadvalue serve or scoreBatch, which keep the scores apart from the lead`
      : all ? 'a scored file? score the leads file it came from, or drop those columns first' : `rename or drop ${them} in the file (left from an earlier scoring?)`;
    throw new LeadvalueError(where, what, undefined, fix);
  }
}

/** Where the scores are written, and how to finish or give it up. */
interface Sink {
  stream: NodeJS.WritableStream & { destroy(): void };
  /** Settles when everything written has been handed to the system (rejects on a write error). */
  finished: Promise<void>;
  /** The temporary file renamed onto `path` at the end, or null when written in place (standard output, a FIFO, a device). */
  tmp: string | null;
  /** Standard output (`-`): never gzip-compressed, never closed. */
  stdout: boolean;
  path: string;
  /** The output in messages. */
  label: string;
  /** Ends the output written in place (standard output is flushed, not closed). */
  end(): void;
  abort(): void;
  forget(): void;
}

/**
 * Opens the output: `-` is standard output; an existing FIFO or character device is written in place (no atomicity:
 * a failure can leave part of the output there); a regular file (a symlink resolved to the file it points to) is
 * written to a temporary file beside it, renamed onto it at the end.
 * @throws LeadvalueError naming the output when it cannot be opened (`cannot write the scores file (got EACCES); …`)
 */
function openSink(output: string): Sink {
  const target = outputTarget(output, { stdout: true });
  const label = output === '-' ? 'standard output' : showPath(output);
  if (target.kind === 'stdout') {
    const stream = process.stdout;
    let done = () => {}, fail = (_e: Error) => {};
    const finished = new Promise<void>((resolve, reject) => { done = resolve; fail = reject; });
    const onError = (e: Error) => fail(e);
    stream.on('error', onError); // e.g. EPIPE when the reader went away
    // Standard output is not closed: the last write's callback says everything before it was handed over.
    const end = () => stream.write('', (e) => (e ? fail(e) : done()));
    return { stream, finished, tmp: null, stdout: true, path: output, label, end, abort: () => {}, forget: () => stream.off('error', onError) };
  }
  const tmp = target.kind === 'file' ? `${target.path}.${process.pid}.tmp` : null;
  // Removed by the CLI's signal handler if the run is interrupted (Ctrl-C, SIGTERM) while it is being written.
  const forget = tmp !== null ? trackTempFile(tmp) : () => {};
  let fd: number;
  try {
    fd = openSync(tmp ?? target.path, 'w');
  } catch (e) {
    forget();
    throw new LeadvalueError(label, 'cannot write the scores file', (e as NodeJS.ErrnoException).code, 'check that its folder exists and is writable');
  }
  const stream = createWriteStream(tmp ?? target.path, { fd });
  const done = finished(stream);
  done.catch(() => {}); // awaited only without gzip (pipeline reports the file's errors otherwise); never an unhandled rejection
  return { stream, finished: done, tmp, stdout: false, path: target.path, label, end: () => stream.end(), abort: () => stream.destroy(), forget };
}
