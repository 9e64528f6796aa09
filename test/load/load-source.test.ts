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
