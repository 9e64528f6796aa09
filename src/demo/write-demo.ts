import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemo, type DemoOptions } from './generate-demo.js';

/** What {@link writeDemo} wrote: one entry per file, in writing order. */
export interface WrittenDemo {
  /** `name` of the file, its `path` (joined onto `dir`), its size in bytes and its data rows (without the header). */
  files: { name: string; path: string; bytes: number; rows: number }[];
}

/** The files {@link writeDemo} writes, in order. */
export const DEMO_FILES = ['leads.csv', 'new-leads.csv', 'outcomes.csv', 'revenue.csv'] as const;

/**
 * Generates the demo history ({@link generateDemo}) and writes `leads.csv`,
 * `outcomes.csv` and `revenue.csv` into `dir` (created if missing). Each file
 * is written to a temporary file in the same folder, then renamed over the
 * target, so a reader never sees a half-written file.
 *
 * @param dir - the folder to write into, e.g. `data/demo`
 * @param options - passed to {@link generateDemo}
 * @returns the files written, with byte sizes and data row counts
 * @throws LeadvalueError when an option is invalid; a Node error when the folder cannot be written
 * @example
 * writeDemo('data/demo'); // the committed demo files, byte for byte
 */
export function writeDemo(dir: string, options: DemoOptions = {}): WrittenDemo {
  const tables = generateDemo(options);
  const texts: Record<(typeof DEMO_FILES)[number], string> = {
    'leads.csv': tables.leads,
    'new-leads.csv': tables.newLeads,
    'outcomes.csv': tables.outcomes,
    'revenue.csv': tables.revenue,
  };
  mkdirSync(dir, { recursive: true });
  const files: WrittenDemo['files'] = [];
  for (const name of DEMO_FILES) {
    const path = join(dir, name);
    const temp = join(dir, `.${name}.${process.pid}.tmp`);
    try {
      writeFileSync(temp, texts[name], 'utf8');
      renameSync(temp, path);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    const text = texts[name];
    files.push({ name, path, bytes: Buffer.byteLength(text, 'utf8'), rows: text.split('\n').length - 2 });
  }
  return { files };
}
