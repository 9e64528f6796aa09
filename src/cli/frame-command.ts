import { resolve } from 'node:path';
import { showPath } from './show-path.js';
import { LeadvalueError } from '../core/errors.js';
import { prepareOutputPath } from '../core/output-path.js';
import { outputTarget } from '../core/output-target.js';
import { Warnings } from '../core/warn.js';
import { readAdapterConfig } from '../load/adapter-config.js';
import { formatLabels } from './format-report.js';
import type { Progress } from './progress.js';

/** Options of `leadvalue frame`. */
export interface FrameCommand {
  config: string;
  dataDir?: string;
  /** Only `duckdb` writes frames. */
  engine?: string;
  /** The frame file: .parquet, .csv or .csv.gz. */
  out?: string;
  /** Print the SQL instead of running it. */
  sql?: boolean;
  memoryLimit?: string;
  tempDir?: string;
  threads?: number;
}

/**
 * `leadvalue frame`: builds the lead frame in DuckDB and writes it to a file,
 * or prints the SQL that builds it (`--sql`), to run in a warehouse.
 * @throws LeadvalueError on bad options, config or input data
 */
export async function frameCommand(o: FrameCommand, progress: Progress, log: (line: string) => void): Promise<void> {
  if (o.engine !== undefined && o.engine !== 'duckdb') {
    throw new LeadvalueError('--engine', 'frame files are built by DuckDB', JSON.stringify(o.engine), 'use --engine duckdb (the default); training in memory needs no frame file');
  }
  if (!o.sql && !o.out) throw new LeadvalueError('', '--out or --sql is required', undefined, 'see leadvalue frame --help');
  const { frameFileFormat, writeFrame } = await import('../join/duckdb/write-frame.js');
  if (o.out) { frameFileFormat(o.out); prepareOutputPath(o.out, '--out', { input: [o.config] }); } // a bad name or path fails before the work
  const config = readAdapterConfig(o.config, { dataDir: o.dataDir });
  const { formatScript, leadFrameScript, readSourceFiles } = await import('../join/duckdb/frame-script.js');
  if (o.sql) {
    log(formatScript(config, leadFrameScript(config, await readSourceFiles(config))));
    return;
  }
  // A symlink is written through (the temporary file goes beside the file it points to); a FIFO or a device is refused:
  // DuckDB writes the frame to a temporary file that is then renamed.
  const target = outputTarget(o.out!);
  if (target.kind !== 'file') throw new LeadvalueError(`--out ${o.out}`, 'is not a regular file (a FIFO or a device)', undefined, 'a frame file is written whole and renamed into place; give a file path');
  const out = resolve(target.path);
  const { buildLeadFrameDuckdb } = await import('../join/duckdb/build-lead-frame-duckdb.js');
  const warnings = new Warnings();
  const t0 = Date.now();
  progress.update('building the lead frame in DuckDB', 0);
  const { frame, tables } = await buildLeadFrameDuckdb(config, {
    warnings, memoryLimit: o.memoryLimit, tempDirectory: o.tempDir, threads: o.threads, onFrame: (db) => writeFrame(db, out),
  });
  progress.done(`built the lead frame from ${tables.leads.rows} leads, ${tables.outcomes.rows} outcomes, ${tables.revenue.rows} revenue rows in ${((Date.now() - t0) / 1000).toFixed(1)} s (DuckDB)`);
  for (const line of formatLabels(frame.report)) log(`  ${line}`);
  log(`frame written: ${showPath(o.out!)} (${frame.rows} rows)`); // named as every command names its output
  for (const w of warnings.format()) log(`warning: ${w}`);
}
