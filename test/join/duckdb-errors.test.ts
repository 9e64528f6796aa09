import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileLabel } from '../../src/core/file-label.js';
import { buildLeadFrameDuckdb } from '../../src/join/duckdb/build-lead-frame-duckdb.js';
import { frameCommand } from '../../src/cli/frame-command.js';
import { loadSource } from '../../src/load/load-source.js';
import { configFor, writeFiles } from './duckdb-helpers.js';

const good = {
  'leads.csv': 'lead_id,created_at,account_id\nL1,2024-01-01,A1\nL2,2024-01-02,A2\n',
  'outcomes.csv': 'lead_id,won_at\nL1,2024-01-10\n',
  'revenue.csv': 'account_id,at,amount\nA1,2024-01-10,10\nA1,2024-01-11,5\n',
};
const quiet = { update() {}, done() {} };

/** Both engines must refuse the files with this message. */
async function refusedBoth(files: Record<string, string>, message: RegExp): Promise<void> {
  const config = configFor(writeFiles({ ...good, ...files }));
  await expect(loadSource(config)).rejects.toThrow(message);
  await expect(buildLeadFrameDuckdb(config, { threads: 1 })).rejects.toThrow(message);
}

describe('buildLeadFrameDuckdb: bad input named by file, row and column, as the TypeScript loader names it', () => {
  it('a missing column', () => refusedBoth(
    { 'leads.csv': 'lead_id,created,account_id\nL1,2024-01-01,A1\n' },
    /(^|\/)leads\.csv: no column "created_at" \(got columns "lead_id", "created", "account_id"\); check the spelling/));

  it('an unparsable date (row counted past a blank line)', () => refusedBoth(
    { 'revenue.csv': 'account_id,at,amount\nA1,2024-01-10,10\n\nA1,2024-13-01,5\n' },
    /(^|\/)revenue\.csv row 4, column at: not a date in the iso format \(got "2024-13-01"\); write dates as YYYY-MM-DD/));

  it('an impossible calendar date in day-first format', async () => {
    const config = configFor(writeFiles({ ...good, 'outcomes.csv': 'lead_id,won_at\nL1,31/02/2024\n' }));
    config.tables.outcomes.dateFormat = 'dd/mm/yyyy';
    const message = /(^|\/)outcomes\.csv row 2, column won_at: not a date in the dd\/mm\/yyyy format \(got "31\/02\/2024"\)/;
    await expect(loadSource(config)).rejects.toThrow(message);
    await expect(buildLeadFrameDuckdb(config)).rejects.toThrow(message);
  });

  it('a number that is not a plain decimal', () => refusedBoth(
    { 'revenue.csv': 'account_id,at,amount\nA1,2024-01-10,"1,000"\n' },
    /(^|\/)revenue\.csv row 2, column amount: not a number \(got "1,000"\); write plain decimals with a point and no thousands separator \(1234\.5, -2, 1e3\): every revenue row needs its amount as a number$/));

  it('an empty required value, with the fix a config can make', () => refusedBoth(
    { 'revenue.csv': 'account_id,at,amount\nA1,,10\n' },
    /(^|\/)revenue\.csv row 2, column at: missing value in a required column \(got ""\); fill in the value, or remove the row: every revenue row needs its at \(tables\.revenue\.columns\.at\)$/));

  it('a file in another delimiter than the config\'s, with the key to set', () => refusedBoth(
    { 'outcomes.csv': 'lead_id;won_at\nL1;2024-01-10\n' },
    /(^|\/)outcomes\.csv: no column "lead_id" \(got columns "lead_id;won_at"\); the file may use another delimiter than ","; its header is one column holding ";": set "delimiter": ";" for tables\.outcomes in the config$/));

  it('a column the config reads named twice in the header', () => refusedBoth(
    { 'leads.csv': 'lead_id,created_at,account_id,created_at\nL1,2024-01-01,A1,2024-01-02\n' },
    /(^|\/)leads\.csv: column "created_at" appears twice in the header \(columns 2 and 4\); rename one of them in the file$/));

  it('a duplicate lead id', () => refusedBoth(
    { 'leads.csv': 'lead_id,created_at,account_id\nL1,2024-01-01,A1\nL2,2024-01-01,A2\nL1,2024-01-03,A3\n' },
    /leads\.csv row 4, column lead_id: duplicate lead id \(got "L1"\); it is also on row 2/));

  it('a row with too many fields', () => refusedBoth(
    { 'revenue.csv': 'account_id,at,amount\nA1,2024-01-10,10\nA1,2024-01-11,5,7\n' },
    /(^|\/)revenue\.csv row 3: 4 fields, expected 3 as in the header/));

  it('a row with too many fields in a .csv.gz names the file by fileLabel, as the TypeScript loader does, to the character', async () => {
    // Formerly DuckDB named the bare file (revenue.csv.gz row 3: …) where the loader named its path (…/revenue.csv.gz row 3: …).
    const dir = writeFiles({ ...good, 'revenue.csv.gz': 'account_id,at,amount\nA1,2024-01-10,10\nA1,2024-01-11,5,7\n' });
    const config = configFor(dir);
    config.tables.revenue.file = join(dir, 'revenue.csv.gz');
    const message = (error: unknown) => (error as Error).message;
    const ts = await loadSource(config).then(() => 'loaded', message);
    const duck = await buildLeadFrameDuckdb(config, { threads: 1 }).then(() => 'built', message);
    expect(ts.startsWith(`${fileLabel(join(dir, 'revenue.csv.gz'))} row 3: 4 fields, expected 3 as in the header`)).toBe(true);
    expect(duck).toBe(ts);
  });

  it('a log1p feature at or below -1', async () => {
    const config = configFor(writeFiles({ ...good, 'leads.csv': 'lead_id,created_at,account_id,seats\nL1,2024-01-01,A1,3\nL2,2024-01-02,A2,-1\n' }));
    config.tables.leads.features.push({ name: 'seats', kind: 'number', stage: 'lead', column: 'seats', transform: 'log1p' });
    const message = /leads\.csv row 3, column seats: log1p needs values above -1 \(got -1\)/;
    await expect(loadSource(config)).rejects.toThrow(message);
    await expect(buildLeadFrameDuckdb(config)).rejects.toThrow(message);
  });

  it('no revenue dates at all: the data end cannot be found', async () => {
    const config = configFor(writeFiles({ ...good, 'revenue.csv': 'account_id,at,amount\n' }), { label: { horizon: '30d', dataEnd: 'auto' } });
    await expect(buildLeadFrameDuckdb(config)).rejects.toThrow(/revenue\.csv: cannot find the end of the data.*set label\.dataEnd/);
  });
});

describe('engine option and leadvalue frame', () => {
  it('config "engine" is validated, with a did-you-mean', () => {
    const dir = writeFiles(good);
    expect(configFor(dir, { engine: 'duckdb' }).engine).toBe('duckdb');
    expect(() => configFor(dir, { engine: 'duckbd' })).toThrow(/field engine: unknown engine \(got "duckbd"\); did you mean "duckdb"\?/);
    expect(() => configFor(dir, { engin: 'duckdb' })).toThrow(/field engin: unknown field .*did you mean "engine"/);
  });

  it('--out writes the frame as CSV (rows = leads, values as built) and leaves no temp file; --sql prints the script', async () => {
    const dir = writeFiles(good);
    const config = join(dir, 'config.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(config, JSON.stringify({ name: 'edge', tables: {
      leads: { file: 'leads.csv', columns: { lead_id: 'lead_id', created_at: 'created_at', account_id: 'account_id' } },
      outcomes: { file: 'outcomes.csv', columns: { lead_id: 'lead_id', won_at: 'won_at' } },
      revenue: { file: 'revenue.csv', columns: { account_id: 'account_id', at: 'at', amount: 'amount' } },
    }, label: { horizon: '30d', dataEnd: '2024-06-30' } }));
    const lines: string[] = [];
    await frameCommand({ config, out: join(dir, 'out', 'frame.csv') }, quiet, (l) => lines.push(l));
    const csv = readFileSync(join(dir, 'out', 'frame.csv'), 'utf8').trim().split('\n');
    expect(csv).toEqual([
      'lead_id,created_at,won_at,won,value,censored,first_revenue_at',
      'L1,2024-01-01T00:00:00.000Z,2024-01-10T00:00:00.000Z,true,15.0,false,2024-01-10T00:00:00.000Z', // 10 + 5 by hand
      'L2,2024-01-02T00:00:00.000Z,,false,0.0,false,',
    ]);
    expect(readdirSync(join(dir, 'out'))).toEqual(['frame.csv']);
    expect(lines.join('\n')).toMatch(/frame written: .*frame\.csv \(2 rows\)/);
    const sql: string[] = [];
    await frameCommand({ config, sql: true }, quiet, (l) => sql.push(l));
    expect(sql.join('\n')).toMatch(/CREATE OR REPLACE TEMP TABLE lead_frame AS/);
    expect(sql.join('\n')).toContain(`read_csv('${join(dir, 'revenue.csv')}'`);
    await expect(frameCommand({ config, out: join(dir, 'frame.xlsx') }, quiet, () => {})).rejects.toThrow(/--out .*frame\.xlsx: unknown frame file type .*\.parquet, \.csv or \.csv\.gz/);
    await expect(frameCommand({ config, out: join(dir, 'f.csv'), engine: 'typescript' }, quiet, () => {})).rejects.toThrow(/--engine: frame files are built by DuckDB/);
    expect(existsSync(join(dir, 'f.csv'))).toBe(false);
  });
});
