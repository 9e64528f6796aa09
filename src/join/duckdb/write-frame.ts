import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LeadvalueError } from '../../core/errors.js';
import { trackTempFile } from '../../core/temp-files.js';
import type { DuckdbSession } from './duckdb-session.js';
import { sqlString } from './sql-text.js';

/**
 * The COPY options for a frame file, chosen by its name: `.parquet`, `.csv` or `.csv.gz`.
 * @param path - the output file
 * @returns the options of DuckDB's COPY … TO
 * @throws LeadvalueError naming the file when the extension is none of these
 */
export function frameFileFormat(path: string): string {
  if (/\.parquet$/i.test(path)) return "FORMAT parquet, COMPRESSION zstd";
  if (/\.csv\.gz$/i.test(path)) return "FORMAT csv, HEADER true, COMPRESSION gzip, TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%S.%gZ'";
  if (/\.csv$/i.test(path)) return "FORMAT csv, HEADER true, TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%S.%gZ'";
  throw new LeadvalueError(`--out ${path}`, 'unknown frame file type', JSON.stringify(basename(path)), 'end the name in .parquet, .csv or .csv.gz');
}

/**
 * Writes `lead_frame` (without its internal `lead_ord`, rows in lead order) to
 * a Parquet or CSV file: first to a temporary file beside it, then renamed, so
 * a failed or interrupted run leaves nothing half-written.
 * @param db - a session where lead_frame exists (buildLeadFrameDuckdb's `onFrame`)
 * @param path - the output file (.parquet, .csv or .csv.gz)
 * @throws LeadvalueError on an unknown extension or when DuckDB cannot write
 */
export async function writeFrame(db: DuckdbSession, path: string): Promise<void> {
  const format = frameFileFormat(path);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const forget = trackTempFile(temp);
  try {
    await db.run(`COPY (SELECT * EXCLUDE (lead_ord) FROM lead_frame ORDER BY lead_ord) TO ${sqlString(temp)} (${format})`);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    if (error instanceof LeadvalueError) throw error;
    throw new LeadvalueError(path, 'cannot write the frame', JSON.stringify((error as Error).message.split('\n')[0]), 'check the folder exists and is writable');
  } finally {
    forget();
  }
}
