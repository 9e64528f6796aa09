// scoreCsv (src/cli/score-csv.ts) scores in batches with the columnar scorer
// (src/cli/lead-batches.ts). Its output must be the bytes `leadvalue score`
// wrote when it scored every row with scoreLead: the reference below is that
// row-by-row code, kept here as it was (CsvTokenizer, scoreLead per row, every
// field re-quoted, numbers through toPrecision(6)). Generated leads span three
// batches, with missing, unseen, padded, literal "(missing)" and extreme values,
// number texts in every plain-decimal form, two date formats, quoted fields
// with commas, quotes and non-ASCII text; on random models of every part kind
// (GLM, EBM with pairs, linear ZILN, ZILN MLP; calibrations; goal segments)
// and a goals override. Errors: the same message, for the same row, as before.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BATCH_ROWS } from '../../src/cli/lead-batches.js';
import { SCORE_COLUMNS, scoreCsv } from '../../src/cli/score-csv.js';
import { showPath } from '../../src/cli/show-path.js';
import { LeadvalueError } from '../../src/core/errors.js';
import { createRng } from '../../src/core/rng.js';
import { CsvTokenizer, fieldText, tokenizeCsv } from '../../src/load/parse-csv.js';
import type { GlmState, GoalProfile, ModelFile } from '../../src/scoring/model-types.js';
import { scoreLead } from '../../src/scoring/score-lead.js';
import { removeTempDirs, tempDir } from '../scoring/demo-model.js';
import { randomGoals, randomModel, type ValueKind, type WinKind } from '../scoring/score-columns-models.js';

afterAll(removeTempDirs);

// Counts the calls of scoreColumns (one per batch) and scoreLead (row by row), and can make one scoreColumns call
// fail as if the columnar path had met something it cannot score: that batch must then come out the same, row by row.
const spy = vi.hoisted(() => ({ columns: 0, leads: 0, failAt: -1 }));
vi.mock('../../src/scoring/score-columns.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/scoring/score-columns.js')>();
  return {
    ...m,
    scoreColumns: (...args: Parameters<typeof m.scoreColumns>) => {
      if (++spy.columns === spy.failAt) throw new Error('a failure of the columnar path (simulated)');
      return m.scoreColumns(...args);
    },
  };
});
vi.mock('../../src/scoring/score-lead.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/scoring/score-lead.js')>();
  return { ...m, scoreLead: (...args: Parameters<typeof m.scoreLead>) => { spy.leads++; return m.scoreLead(...args); } };
});
/** Runs scoreCsv; returns its result and how many times it called scoreColumns and scoreLead. */
async function counted(...args: Parameters<typeof scoreCsv>) {
  const before = { ...spy };
  const result = await scoreCsv(...args);
  return { result, columnCalls: spy.columns - before.columns, leadCalls: spy.leads - before.leads };
}

/** Rows of the generated files: the third batch is partial. */
const ROWS = 2 * BATCH_ROWS + 777;

interface Counts { unseen: Record<string, number>; missing: Record<string, number>; extreme: Record<string, number> }

/** `leadvalue score` as it was before batches, on a whole file in memory: the output text and the counts, or the error it threw. */
function rowByRow(model: ModelFile, path: string, options: { goals?: GoalProfile; topReasons?: number; delimiter?: string } = {}): { text: string; counts: Counts } {
  const label = showPath(path); // the file as the CLI names it since it names it with its folder (was its base name)
  const num = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : '');
  const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  let header: string[] | null = null;
  let text = '';
  const counts: Counts = { unseen: {}, missing: {}, extreme: {} };
  const tokenizer = new CsvTokenizer({ delimiter: options.delimiter ?? model.input.delimiter, label, fieldName: (i) => header?.[i] ?? `field ${i + 1}` }, (row) => {
    const fields = Array.from({ length: row.fieldCount }, (_, i) => fieldText(row, i));
    if (!header) {
      header = fields.map((f) => f.trim());
      text += [...header, ...SCORE_COLUMNS].map(csvField).join(',') + '\n';
      return;
    }
    if (fields.length !== header.length) {
      throw new LeadvalueError(`${label} row ${row.row}`, `${fields.length} fields, expected ${header.length}`, undefined,
        fields.length > header.length ? 'check for unquoted commas' : 'check for a missing field or a line broken inside a value');
    }
    const lead: Record<string, string> = {};
    header.forEach((h, i) => { lead[h] = fields[i]; });
    const s = scoreLead(model, lead, { goals: options.goals, topReasons: options.topReasons ?? 3, where: `${label} row ${row.row}` });
    for (const f of s.unseen) counts.unseen[f] = (counts.unseen[f] ?? 0) + 1;
    for (const f of s.missing) counts.missing[f] = (counts.missing[f] ?? 0) + 1;
    for (const f of s.extreme) counts.extreme[f] = (counts.extreme[f] ?? 0) + 1;
    text += [...fields, num(s.pWin), num(s.valueIfWon), num(s.expectedValue), num(s.score), s.goalProfile, s.reasons.map((r) => r.text).join('; ')].map(csvField).join(',') + '\n';
  });
  tokenizer.push(readFileSync(path));
  tokenizer.end();
  return { text, counts };
}

/**
 * Generated leads for the random models' columns (industry, employees, source, pages, created_at, touched_at) and two
 * more, written with `delimiter`; with `oneLine`, no field holds a line break (so line i + 1 is data row i).
 */
function leadsCsv(seed: number, rows: number, delimiter = ',', oneLine = false): string {
  const rng = createRng(seed);
  const pick = (xs: readonly string[]) => xs[rng.int(xs.length)];
  const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
  // Quoted where the delimiter needs it; a comma is plain text in a file separated by ";".
  const industries = ['finance', 'health', 'logistics', 'retail', 'saas', 'telco', 'mining', ' saas ', '(missing)', '', 'Finance', q('health, care'), 'Bäckerei'];
  const employees = ['12', '250', '3.5', '1e3', ' 42 ', '', '+7', '.5', '-0.5', '0', '4095', '4096', '123456', '1e6', '007', '2.50E1', '-0'];
  const notes = ['plain', delimiter === ',' ? q('Acme, Inc.') : 'Acme, Inc.', q('say "hi"'), 'Zürich', 'ab"c', '', 'x', oneLine ? 'one line' : q('two\nlines')];
  const sources = ['ads', 'partner', 'referral', 'events', '', ' ads'];
  const iso = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 19);
  const dmy = (t: number) => { const d = new Date(t); return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()} ${iso(t).slice(11, 16)}`; };
  const instant = () => Date.UTC(1990 + rng.int(45), rng.int(12), 1 + rng.int(28), rng.int(24), rng.int(60), rng.int(60));
  const lines = [['lead_id', 'industry', 'employees', 'note', 'source', 'pages', 'created_at', 'touched_at'].join(delimiter)];
  for (let i = 0; i < rows; i++) {
    const r = rng.next();
    const created = r < 0.07 ? '' : r < 0.5 ? iso(instant()) : iso(instant()).slice(0, 10);
    const touched = rng.next() < 0.07 ? '' : rng.next() < 0.5 ? dmy(instant()) : iso(instant());
    const pages = rng.next() < 0.08 ? '' : rng.next() < 0.01 ? '30' : String(rng.int(40) - 2) + (rng.next() < 0.05 ? '.0' : '');
    lines.push([`L${i}`, pick(industries), pick(employees), pick(notes), pick(sources), pages, created, touched].join(delimiter));
  }
  return lines.join('\n') + '\n';
}

/** `text` matched literally in a regular expression. */
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where two outputs first differ (line number and both lines), or null when they are the same. */
function firstDifference(got: string, want: string): string | null {
  if (got === want) return null;
  const a = got.split('\n'), b = want.split('\n');
  const i = a.findIndex((line, k) => line !== b[k]);
  return `line ${i + 1}:\n  got  ${a[i]}\n  want ${b[i]}`;
}

const KINDS: [WinKind, ValueKind][] = [['glm', 'glm'], ['ebm', 'ebm'], ['ebm', 'ziln'], ['glm', 'mlp']];

describe('scoreCsv in batches = scoreLead row by row, byte for byte', () => {
  it.each(KINDS)(`${ROWS} generated leads (3 batches), win %s, value %s: the output file, and the counts in the order first met`, async (win, value) => {
    const dir = tempDir('score-csv-batches');
    const seen = { unseen: 0, missing: 0, extreme: 0, pairs: 0, heads: 0 };
    for (const [seed, override, topReasons] of [[11, false, undefined], [12, true, 1], [13, false, 4]] as const) {
      const model = randomModel(seed, win, value);
      const goals = override ? randomGoals(createRng(seed + 1), model.features, 'override') : undefined;
      const input = join(dir, `leads-${seed}.csv`);
      writeFileSync(input, leadsCsv(seed, ROWS));
      const want = rowByRow(model, input, { goals, topReasons });
      const { result: got, columnCalls, leadCalls } = await counted(model, input, join(dir, 'scores.csv'), { goals, topReasons });
      const text = readFileSync(join(dir, 'scores.csv'), 'utf8');
      expect(firstDifference(text, want.text)).toBe(null);
      expect(got.rows).toBe(ROWS);
      // Scored by columns, batch by batch: scoreLead only finds where a feature is first counted.
      expect(columnCalls).toBe(3);
      expect(leadCalls).toBeLessThan(100);
      for (const k of ['unseen', 'missing', 'extreme'] as const) {
        expect(got[k]).toEqual(want.counts[k]);
        expect(Object.keys(got[k])).toEqual(Object.keys(want.counts[k]));
        seen[k] += Object.keys(got[k]).length;
      }
      seen.pairs += text.split(' × ').length - 1;
      seen.heads += text.split('typical amount if won').length + text.split('any value if won').length - 2;
    }
    // The cases covered what they are meant to (not vacuous).
    expect(seen.unseen).toBeGreaterThan(0);
    expect(seen.missing).toBeGreaterThan(0);
    expect(seen.extreme).toBeGreaterThan(0);
    if (win === 'ebm') expect(seen.pairs).toBeGreaterThan(0);
    if (value === 'ziln') expect(seen.heads).toBeGreaterThan(0);
  }, 120_000);

  it('the same with gzip in and out, and with ";" and whitespace as the delimiter', async () => {
    const dir = tempDir('score-csv-batches');
    const model = randomModel(21, 'ebm', 'glm');
    const plain = join(dir, 'leads.csv');
    writeFileSync(plain, leadsCsv(21, ROWS));
    const want = rowByRow(model, plain);
    writeFileSync(join(dir, 'leads.csv.gz'), gzipSync(readFileSync(plain)));
    await scoreCsv(model, join(dir, 'leads.csv.gz'), join(dir, 'scores.csv.gz'));
    expect(firstDifference(gunzipSync(readFileSync(join(dir, 'scores.csv.gz'))).toString('utf8'), want.text)).toBe(null);

    const semicolon = join(dir, 'leads-semicolon.csv');
    writeFileSync(semicolon, leadsCsv(22, ROWS, ';'));
    await scoreCsv(model, semicolon, join(dir, 'semicolon.csv'), { delimiter: ';' });
    expect(firstDifference(readFileSync(join(dir, 'semicolon.csv'), 'utf8'), rowByRow(model, semicolon, { delimiter: ';' }).text)).toBe(null);

    // Whitespace-separated: every field quoted (an empty one has to be).
    const spaced = join(dir, 'leads-spaced.csv');
    writeFileSync(spaced, tokenizeCsv(readFileSync(plain)).slice(0, 500).map((fields) => fields.map((f) => `"${f.replaceAll('"', '""')}"`).join(' \t ')).join('\n') + '\n');
    await scoreCsv(model, spaced, join(dir, 'spaced.csv'), { delimiter: 'whitespace' });
    expect(firstDifference(readFileSync(join(dir, 'spaced.csv'), 'utf8'), rowByRow(model, spaced, { delimiter: 'whitespace' }).text)).toBe(null);
  }, 120_000);

  it('a batch the columnar path fails on is scored row by row with scoreLead: the same bytes and counts', async () => {
    const dir = tempDir('score-csv-batches');
    const model = randomModel(61, 'ebm', 'ziln');
    const goals = randomGoals(createRng(62), model.features, 'override');
    const input = join(dir, 'leads.csv');
    writeFileSync(input, leadsCsv(61, ROWS));
    const want = rowByRow(model, input, { goals });
    spy.failAt = spy.columns + 2; // the second batch
    try {
      const { result, columnCalls, leadCalls } = await counted(model, input, join(dir, 'scores.csv'), { goals });
      expect(firstDifference(readFileSync(join(dir, 'scores.csv'), 'utf8'), want.text)).toBe(null);
      for (const k of ['unseen', 'missing', 'extreme'] as const) expect(Object.entries(result[k])).toEqual(Object.entries(want.counts[k]));
      expect(columnCalls).toBe(3);
      expect(leadCalls).toBeGreaterThanOrEqual(BATCH_ROWS);
    } finally {
      spy.failAt = -1;
    }
  }, 60_000);

  it('a column read both as a plain number and as a category: the run is scored row by row, the same bytes', async () => {
    const dir = tempDir('score-csv-batches');
    const model = randomModel(31, 'glm', 'glm');
    // The source category now reads the pages column: no one column for scoreColumns can serve both.
    model.features = model.features.map((f) => (f.name === 'source' ? { ...f, column: 'pages' } : f));
    const input = join(dir, 'leads.csv');
    writeFileSync(input, leadsCsv(31, BATCH_ROWS + 10));
    const { columnCalls } = await counted(model, input, join(dir, 'scores.csv'));
    expect(firstDifference(readFileSync(join(dir, 'scores.csv'), 'utf8'), rowByRow(model, input).text)).toBe(null);
    expect(columnCalls).toBe(0);
  }, 60_000);
});

describe('scoreCsv in batches: errors as before', () => {
  /** The generated file with some rows replaced by a plain one holding `text` in `column`: [data row (1 = the first after the header: record 2), column, text]. */
  const withValues = (dir: string, name: string, changes: [number, string, string][], extra = '') => {
    const lines = leadsCsv(41, ROWS, ',', true).trimEnd().split('\n');
    const header = lines[0].split(',');
    for (const [row, column, text] of changes) {
      const fields = [`L${row - 1}`, 'finance', '12', 'plain', 'ads', '3', '2024-01-01', '01/02/2024 10:00'];
      fields[header.indexOf(column)] = text;
      lines[row] = fields.join(',');
    }
    const path = join(dir, name);
    writeFileSync(path, lines.join('\n') + '\n' + extra);
    return path;
  };
  const model = randomModel(41, 'ebm', 'ziln');
  const failure = (f: () => unknown) => { try { f(); } catch (e) { return (e as Error).message; } throw new Error('did not throw'); };
  /** A message about `path` as the CLI names it (its folder included), then `rest` (a regular expression's source). */
  const about = (path: string, rest: string) => new RegExp(`^${escapeRegExp(showPath(path))}${rest}`);

  it('a bad number in a later batch: the message names the file, row and field, as row by row; no output, no temporary file', async () => {
    const dir = tempDir('score-csv-batches');
    // Row 5000 (the second batch) has a text for a number; a later row of the same batch a bad date, and a later batch another bad number.
    const input = withValues(dir, 'leads.csv', [[5000, 'employees', 'lots'], [5100, 'created_at', '31/02/2026'], [9000, 'pages', 'x']]);
    const message = failure(() => rowByRow(model, input));
    expect(message).toMatch(about(input, ' row 5001, field employees: not a number \\(got "lots"\\)'));
    await expect(scoreCsv(model, input, join(dir, 'scores.csv'))).rejects.toThrow(message);
    expect(readdirSync(dir)).toEqual(['leads.csv']);
  });

  it('a bad date before a bad number in the same batch, a non-finite output, a field count: the first in the file is the one reported', async () => {
    const dir = tempDir('score-csv-batches');
    const cases: [string, [number, string, string][], string][] = [
      ['date.csv', [[4500, 'pages', '1e999'], [4400, 'created_at', '2026-13-01']], ' row 4401, field created_at: not a date'],
      ['number.csv', [[4400, 'pages', '1e999'], [4500, 'created_at', '2026-13-01']], ' row 4401, field pages: not a number \\(got "1e999"\\)'],
      ['log.csv', [[8300, 'employees', '-1'], [8400, 'pages', 'x']], ' row 8301, field employees: must be above -1'],
    ];
    for (const [name, changes, pattern] of cases) {
      const input = withValues(dir, name, changes);
      const message = failure(() => rowByRow(model, input));
      expect(message).toMatch(about(input, pattern));
      await expect(scoreCsv(model, input, join(dir, 'scores.csv'))).rejects.toThrow(message);
    }
    // A row with a field too many after a bad value earlier in its batch: the bad value; before it: the field count.
    const late = withValues(dir, 'late.csv', [[4200, 'pages', 'x']]);
    writeFileSync(late, readFileSync(late, 'utf8').replace('\nL4300,', '\nL4300,extra,'));
    await expect(scoreCsv(model, late, join(dir, 'scores.csv'))).rejects.toThrow(about(late, ' row 4201, field pages: not a number'));
    const early = withValues(dir, 'early.csv', [[4200, 'pages', 'x']]);
    writeFileSync(early, readFileSync(early, 'utf8').replace('\nL4100,', '\nL4100,extra,'));
    await expect(scoreCsv(model, early, join(dir, 'scores.csv'))).rejects.toThrow(about(early, ' row 4102: 9 fields, expected 8; check for unquoted commas$'));
    // A quote left open at the end of the file, after a bad value in the last (unscored) batch: the bad value.
    const open = withValues(dir, 'open.csv', [[8500, 'employees', 'lots']], 'L9999,"never closed');
    await expect(scoreCsv(model, open, join(dir, 'scores.csv'))).rejects.toThrow(about(open, ' row 8501, field employees: not a number'));
    expect(readdirSync(dir).filter((f) => f.startsWith('scores'))).toEqual([]);
  });

  it('an output that is not finite: the message names the row, as row by row', async () => {
    const dir = tempDir('score-csv-batches');
    const glm = randomModel(51, 'glm', 'glm');
    // pages (no log1p) so far out, on the side its value term grows, that e^η overflows.
    const input = withValues(dir, 'huge.csv', [[6000, 'pages', (glm.params.value as GlmState).terms.pages.kind === 'number' && (glm.params.value as GlmState).terms.pages.weight > 0 ? '1e300' : '-1e300']]);
    const message = failure(() => rowByRow(glm, input));
    expect(message).toMatch(about(input, ' row 6001: valueIfWon is not a finite number; field pages = -?1e\\+300 contributes'));
    await expect(scoreCsv(glm, input, join(dir, 'scores.csv'))).rejects.toThrow(message);
  });
});
