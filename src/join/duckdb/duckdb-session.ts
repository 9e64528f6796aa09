import { tmpdir } from 'node:os';
import { LeadvalueError } from '../../core/errors.js';

/** How DuckDB may use the machine. */
export interface DuckdbSettings {
  /** DuckDB's `memory_limit`, e.g. `'500MB'` or `'4GB'` (default: DuckDB's, 80% of RAM). Joins and sorts beyond it spill to `tempDirectory`. */
  memoryLimit?: string;
  /** Where DuckDB spills (default: the OS temporary folder). */
  tempDirectory?: string;
  /** Worker threads (default: one per core). */
  threads?: number;
}

/** A column of a query result, values converted to plain JS (BIGINT → number). */
export type ResultColumns = Record<string, unknown[]>;

/** An open in-memory DuckDB database: run statements, read results, close. */
export interface DuckdbSession {
  /** Runs statements that return nothing of interest. */
  run(sql: string): Promise<void>;
  /** Runs a query and returns its columns by name. */
  columns(sql: string): Promise<ResultColumns>;
  close(): void;
}

/**
 * Opens an in-memory DuckDB database. `@duckdb/node-api` is imported here,
 * dynamically, so nothing else in leadvalue loads it.
 * @param settings - memory limit, spill folder, threads
 * @returns the session
 * @throws LeadvalueError when @duckdb/node-api is not installed or a setting is refused
 * @example
 * const db = await openDuckdb({ memoryLimit: '500MB' });
 * const { n } = await db.columns('SELECT 42 AS n'); // { n: [42] }
 * db.close();
 */
export async function openDuckdb(settings: DuckdbSettings = {}): Promise<DuckdbSession> {
  let api: typeof import('@duckdb/node-api');
  try {
    api = await import('@duckdb/node-api');
  } catch (error) {
    throw new LeadvalueError('engine duckdb', 'cannot load @duckdb/node-api', JSON.stringify((error as Error).message), 'npm install @duckdb/node-api (an optional dependency of leadvalue), or use "engine": "typescript"');
  }
  const options: Record<string, string> = { temp_directory: settings.tempDirectory ?? tmpdir(), preserve_insertion_order: 'true' };
  if (settings.memoryLimit) options.memory_limit = settings.memoryLimit;
  if (settings.threads) options.threads = String(settings.threads);
  let instance: InstanceType<typeof api.DuckDBInstance>;
  try {
    instance = await api.DuckDBInstance.create(':memory:', options);
  } catch (error) {
    throw new LeadvalueError('engine duckdb', 'DuckDB refused the settings', JSON.stringify((error as Error).message), 'e.g. memoryLimit "500MB", threads 2');
  }
  const connection = await instance.connect();
  return {
    async run(sql) { await connection.run(sql); },
    async columns(sql) {
      const reader = await connection.runAndReadAll(sql);
      const columns = reader.getColumnsObjectJS() as ResultColumns;
      for (const values of Object.values(columns)) {
        for (let i = 0; i < values.length; i++) if (typeof values[i] === 'bigint') values[i] = Number(values[i]);
      }
      return columns;
    },
    close() { connection.closeSync(); instance.closeSync(); },
  };
}
