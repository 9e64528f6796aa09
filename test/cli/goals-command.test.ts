// goalsCommand (src/cli/goals-command.ts) called in process on the demo data
// as a European CRM exports it (test/scoring/european-demo.ts): `;` between
// fields, the creation date in "Date Created" written dd/mm/yyyy, and no
// feature derived from that date.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goalsCommand, type GoalsCommand } from '../../src/cli/goals-command.js';
import { createProgress } from '../../src/cli/progress.js';
import { removeTempDirs, tempDir } from '../scoring/demo-model.js';
import { DATE_CREATED, trainEuropeanDemo, type EuropeanDemo } from '../scoring/european-demo.js';

let eu: EuropeanDemo;
beforeAll(async () => {
  eu = await trainEuropeanDemo();
}, 120_000);
afterAll(removeTempDirs);

async function goals(o: Omit<GoalsCommand, 'model'>): Promise<string> {
  const lines: string[] = [];
  await goalsCommand({ model: eu.path, ...o }, createProgress({ quiet: true }), (l) => lines.push(l));
  return lines.join('\n');
}
/** The European new leads with one field of one file row (header = row 1) changed. */
function editedNewLeads(row: number, column: string, value: string): string {
  const lines = readFileSync(eu.newLeads, 'utf8').trimEnd().split('\n').map((l) => l.split(';'));
  lines[row - 1][lines[0].indexOf(column)] = value;
  const path = join(tempDir('goals-edit'), 'new.csv');
  writeFileSync(path, lines.map((l) => l.join(';')).join('\n') + '\n');
  return path;
}

describe('leadvalue goals with a dd/mm/yyyy, ";" source', () => {
  it('the model has no feature derived from the creation date, and goals still works on new leads', async () => {
    expect(eu.model.features.some((f) => f.column === DATE_CREATED)).toBe(false);
    const out = await goals({ input: eu.newLeads, capacity: '10/week' });
    // Printed as dates, in date order (not text order: "01/04/2026 … 30/04/2026").
    expect(out).toMatch(/300 leads created 2026-04-01 … 2026-04-30; capacity 10 leads per week over 4\.3 weeks → 43 worked/);
  });

  it('--from keeps the leads created from that day on, compared as dates; the in-sample note counts them by date too', async () => {
    // As for the ISO demo (test/cli/goals-cli.test.ts): 1201 leads from 2025-07-01, all fit on (refit on all leads).
    const out = await goals({ config: eu.config, from: '2025-07-01', capacity: '100' });
    expect(out).toMatch(/note: the model was fit on 1201 of these leads: realised numbers on them are in-sample/);
    expect(out).toMatch(/1201 leads created 2025-07-01 … 2025-12-31; capacity 100 leads in this batch → 100 worked/);
    const window = await goals({ config: eu.config, from: '2024-05-05', to: '2024-05-12', capacity: '10' });
    expect(window).toMatch(/leads created 2024-05-05 … 2024-05-11;/);
    expect(window).not.toMatch(/\b0 leads created/);
  });

  it('a bad value names the file and its row (header = row 1), also after --from filtered rows out', async () => {
    await expect(goals({ input: editedNewLeads(7, 'employees', 'lots'), capacity: '10' })).rejects.toThrow(/(^|\/)new\.csv row 7, field employees: not a number \(got "lots"\)/);
    await expect(goals({ input: editedNewLeads(7, DATE_CREATED, '31/02/2026'), capacity: '10' })).rejects.toThrow(/(^|\/)new\.csv row 7, field Date Created: not a date \(got "31\/02\/2026"\); use dd\/mm\/yyyy or ISO 8601/);
    // Row 40 of the file is created 2026-04-0x or later; --from drops the leads before it, the row number stays the file's.
    const lines = readFileSync(eu.newLeads, 'utf8').trimEnd().split('\n');
    const day = lines[39].split(';')[1];
    const from = `${day.slice(6, 10)}-${day.slice(3, 5)}-${day.slice(0, 2)}`;
    await expect(goals({ input: editedNewLeads(40, 'employees', 'lots'), capacity: '10', from })).rejects.toThrow(/(^|\/)new\.csv row 40, field employees: not a number/);
  });

  it('one lead, capacity one: "1 lead", not "1 leads"', async () => {
    const path = join(tempDir('goals-one'), 'one.csv');
    writeFileSync(path, readFileSync(eu.newLeads, 'utf8').split('\n').slice(0, 2).join('\n') + '\n');
    const out = await goals({ input: path, capacity: '1' });
    expect(out).toMatch(/^1 lead created (\S+) … \1; capacity 1 lead in this batch → 1 worked$/m);
    expect(out).not.toMatch(/\b1 leads\b/);
  });

  it('refuses leads lacking a column the model reads, as score does, instead of ranking leads it cannot tell apart', async () => {
    const renamed = readFileSync(eu.newLeads, 'utf8').replace(/^(.*?)\bsource\b/, '$1Source');
    const path = join(tempDir('goals-columns'), 'new.csv');
    writeFileSync(path, renamed);
    await expect(goals({ input: path, capacity: '10' })).rejects.toThrow(
      /(^|\/)new\.csv row 1: the model reads column source, which the file lacks; the file has lead_id, Date Created, account_id, Source, .*; rename its columns to the source names the model was trained on$/);
    // The config's leads table (--config without --in) is checked the same way, before the history is loaded.
    const config = JSON.parse(readFileSync(eu.config, 'utf8'));
    const configPath = join(tempDir('goals-columns'), 'config.json');
    writeFileSync(configPath, JSON.stringify({ ...config, tables: { ...config.tables, leads: { ...config.tables.leads, file: path } } }));
    await expect(goals({ config: configPath, capacity: '10' })).rejects.toThrow(/(^|\/)new\.csv row 1: the model reads column source, which the file lacks/);
    // A file in another delimiter than the model's is said to be one.
    const commas = join(tempDir('goals-columns'), 'commas.csv');
    writeFileSync(commas, readFileSync(eu.newLeads, 'utf8').replaceAll(';', ','));
    await expect(goals({ input: commas, capacity: '10' })).rejects.toThrow(
      /(^|\/)commas\.csv row 1: the model reads columns lead_id, Date Created, source, industry, .*, which the file lacks; the file may use another delimiter than ";"; its header is one column holding ",": save the file with the delimiter of the leads the model was trained on \(";", the model file's input\.delimiter\)$/);
  });

  it('refuses a lead id given twice, naming both rows, as train does', async () => {
    const lines = readFileSync(eu.newLeads, 'utf8').trimEnd().split('\n');
    const path = join(tempDir('goals-dup'), 'new.csv');
    writeFileSync(path, [...lines, lines[4]].join('\n') + '\n'); // row 5's lead again, as row 302
    const id = lines[4].split(';')[0];
    await expect(goals({ input: path, capacity: '10' })).rejects.toThrow(
      new RegExp(`(^|/)new\\.csv row ${lines.length + 1}, column lead_id: duplicate lead id \\(got "${id}"\\); it is also on row 5; each lead must appear once$`));
  });

  it('a missing --in and --config is named without a doubled "leadvalue" prefix', async () => {
    await expect(goals({})).rejects.toThrow(/^--in or --config is required; give the leads to score/);
  });
});
