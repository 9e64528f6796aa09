import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAdapterConfig } from '../../src/load/adapter-config.js';
import { loadSource } from '../../src/load/load-source.js';
import { readCsv } from '../../src/load/read-csv.js';

function write(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lv-source-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const CONFIG = {
  name: 'crm',
  tables: {
    leads: { file: 'leads.csv', columns: { lead_id: 'id', created_at: 'created' }, features: { n: { kind: 'number', stage: 'lead', transform: 'log1p' } } },
    outcomes: { file: 'deals.csv', columns: { lead_id: 'id', won_at: 'won' } },
    revenue: { file: 'rev.csv', columns: { lead_id: 'id', at: 'at', amount: 'amount' } },
  },
};
const OUTCOMES = 'id,won\nL1,2024-02-01\n';
const REVENUE = 'id,at,amount\nL1,2024-02-02,10\n';

describe('readCsv row numbers', () => {
  it('records the file row of each data row: blank lines and quoted line breaks counted as a spreadsheet shows them', () => {
    const dir = write({ 'a.csv': 'id,note\nA,x\n\nB,"two\nlines"\nC,y\n' });
    // Row 1 header, row 2 A, row 3 blank, row 4 B (spanning two lines, one record), row 5 C (its record number).
    return readCsv(join(dir, 'a.csv'), { columns: [{ name: 'id', type: 'string' }] }).then((t) => {
      expect(t.rowCount).toBe(3);
      expect(Array.from(t.rowNumbers)).toEqual([2, 4, 5]);
    });
  });
});

describe('loadSource', () => {
  it('names the file row of a duplicate lead id, after a blank line', async () => {
    const dir = write({ 'leads.csv': 'id,created,n\nL1,2024-01-01,1\n\nL2,2024-01-02,1\nL1,2024-01-03,1\n', 'deals.csv': OUTCOMES, 'rev.csv': REVENUE });
    await expect(loadSource(parseAdapterConfig(CONFIG, { path: 'c.json', baseDir: dir }))).rejects.toThrow(/leads\.csv row 5, column id: duplicate lead id \(got "L1"\); it is also on row 2/);
  });

  it('refuses a leads file with a header and no rows', async () => {
    const dir = write({ 'leads.csv': 'id,created,n\n', 'deals.csv': OUTCOMES, 'rev.csv': REVENUE });
    await expect(loadSource(parseAdapterConfig(CONFIG, { path: 'c.json', baseDir: dir }))).rejects.toThrow(/leads\.csv: no leads: the file has a header but no rows/);
  });

  it('names the row of a value log1p cannot take', async () => {
    const dir = write({ 'leads.csv': 'id,created,n\nL1,2024-01-01,1\nL2,2024-01-02,-3\n', 'deals.csv': OUTCOMES, 'rev.csv': REVENUE });
    await expect(loadSource(parseAdapterConfig(CONFIG, { path: 'c.json', baseDir: dir }))).rejects.toThrow(/leads\.csv row 3, column n: log1p needs values above -1 \(got -3\)/);
  });
});

describe('loadSource: fixes a config user can make (a config has no `required`, column types or `header`)', () => {
  const config = (dir: string, leads: Record<string, unknown> = {}) =>
    parseAdapterConfig({ ...CONFIG, tables: { ...CONFIG.tables, leads: { ...CONFIG.tables.leads, ...leads } } }, { path: 'c.json', baseDir: dir });
  const LEADS = 'id,created,n\nL1,2024-01-01,1\n';

  it('an empty required value: fill it in or remove the row, naming the role that needs it', async () => {
    const dir = write({ 'leads.csv': LEADS, 'deals.csv': OUTCOMES, 'rev.csv': 'id,at,amount\nL1,2024-02-02,10\n\nL1,2024-02-03,\n' });
    await expect(loadSource(config(dir))).rejects.toThrow(
      /(^|\/)rev\.csv row 4, column amount: missing value in a required column \(got ""\); fill in the value, or remove the row: every revenue row needs its amount \(tables\.revenue\.columns\.amount\)$/);
  });

  it('not a number: an amount must be one; a number feature may be declared a category', async () => {
    const amount = write({ 'leads.csv': LEADS, 'deals.csv': OUTCOMES, 'rev.csv': 'id,at,amount\nL1,2024-02-02,"1,000"\n' });
    await expect(loadSource(config(amount))).rejects.toThrow(
      /(^|\/)rev\.csv row 2, column amount: not a number \(got "1,000"\); write plain decimals with a point and no thousands separator \(1234\.5, -2, 1e3\): every revenue row needs its amount as a number$/);
    const feature = write({ 'leads.csv': 'id,created,n\nL1,2024-01-01,small\n', 'deals.csv': OUTCOMES, 'rev.csv': REVENUE });
    await expect(loadSource(config(feature))).rejects.toThrow(
      /(^|\/)leads\.csv row 2, column n: not a number \(got "small"\); write plain decimals .*; or, if its values are labels rather than numbers, declare the feature as "kind": "category" \(tables\.leads\.features\.n\)$/);
  });

  it('a file in another delimiter than the config\'s: says which, and the key to set', async () => {
    const dir = write({ 'leads.csv': LEADS, 'deals.csv': OUTCOMES, 'rev.csv': REVENUE });
    await expect(loadSource(config(dir, { delimiter: ';' }))).rejects.toThrow(
      /(^|\/)leads\.csv: no column "id" \(got columns "id,created,n"\); the file may use another delimiter than ";"; its header is one column holding ",": set "delimiter": "," for tables\.leads in the config$/);
    const semicolons = write({ 'leads.csv': 'id;created;n\nL1;2024-01-01;1\n', 'deals.csv': OUTCOMES, 'rev.csv': REVENUE });
    await expect(loadSource(config(semicolons))).rejects.toThrow(/its header is one column holding ";": set "delimiter": ";" for tables\.leads in the config$/);
  });

  it('an empty file: its first row must name the columns (no `header` option to suggest)', async () => {
    const dir = write({ 'leads.csv': LEADS, 'deals.csv': '', 'rev.csv': REVENUE });
    await expect(loadSource(config(dir))).rejects.toThrow(/(^|\/)deals\.csv: empty file: no header row; check the file: its first row must name the columns that tables\.outcomes maps$/);
  });

  it('readCsv alone keeps the fixes in its own options\' terms', async () => {
    const dir = write({ 'a.csv': 'id;n\nA;\n' });
    await expect(readCsv(join(dir, 'a.csv'), { columns: [{ name: 'id', type: 'string' }] })).rejects.toThrow(
      /(^|\/)a\.csv: no column "id" \(got columns "id;n"\); the file may use another delimiter than ","; its header is one column holding ";": pass `delimiter: ";"`$/);
    await expect(readCsv(join(dir, 'a.csv'), { delimiter: ';', columns: [{ name: 'n', type: 'number', required: true }] })).rejects.toThrow(
      /(^|\/)a\.csv row 2, column n: missing value in a required column \(got ""\); fill in the value, or drop `required` for this column$/);
    await expect(readCsv(join(write({ 'b.csv': 'n\nx\n' }), 'b.csv'), { columns: [{ name: 'n', type: 'number' }] })).rejects.toThrow(/or read the column as "string"$/);
  });
});
