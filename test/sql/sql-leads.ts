// Shared by the SQL export tests: generated leads full of the values that
// decide exactness (missing, padded, unseen, malformed, values on EBM bin
// edges, odd dates), a DuckDB table loaded with them, and the comparison of
// the exported query's rows with the production scorer's scores.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { expect } from 'vitest';
import { createRng, type Rng } from '../../src/core/rng.js';
import { LeadvalueError } from '../../src/core/errors.js';
import type { EbmState, ModelFile, NumberFeatureSpec } from '../../src/scoring/model-types.js';
import { scoreLead } from '../../src/scoring/score-lead.js';

/** A lead as a table row: text (as a CSV holds it), a boolean (a BOOLEAN column), or NULL. */
export type Lead = Record<string, string | boolean | null>;

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];
const pad = (rng: Rng, s: string) => pick(rng, ['', '', '', ' ', '\t', '\u00a0', ' \n'])
  + s + pick(rng, ['', '', '', ' ', '\r', '\u3000']);

// 'true' and 'false' as text are refused, as the scorer refuses the strings: only a BOOLEAN column reads as 1/0.
const ODD_NUMBERS = ['', '   ', '1e3', '+.5', '5.', '-0', '0.1', '1E-7', '007', '2.50', '12abc', '0x10', '1,000', 'NaN', '1e400', '-1', '-2.5', '-0.999', 'true', 'false'];
const ODD_DATES = [
  '', '   ', '2024-02-29', '2023-02-29', '2024-02-30', '0004-02-29', '0000-02-29', '0050-06-15', '1999-12-31T23:59:59',
  '2024-03-05 10:59:60', '2024-03-05T23:59:60', '2024-03-05T10:30:60', '2024-03-05T10:30:00.123456789Z', '2024-03-05T24:00',
  '2024-03-05+00:00', '2024-03-05T07:15+0000', '2024-13-01', '2024-00-10', '2024-3-5', '20240305', '05/03/2024', '5.3.2024',
  '31/12/2024 23:15', '12/31/2024', '29/02/2023', 'yesterday', '2024-03-05T10:00:00+01:00',
];

/** The edges (on the raw scale) of the model's EBM number terms, so generated values hit them exactly. */
function edgeValues(model: ModelFile, spec: NumberFeatureSpec): number[] {
  const out: number[] = [];
  for (const part of [model.params.win, model.params.value]) {
    if (part.kind !== 'ebm') continue;
    const term = (part as EbmState).terms[spec.name];
    if (term?.kind === 'number') {
      for (const e of term.edges) {
        const x = e * spec.scale + spec.center;
        out.push(spec.transform === 'log1p' ? Math.expm1(x) : x);
      }
    }
  }
  return out;
}

/** A random date text in a format, from 1990 to 2030, sometimes with a time. */
function dateText(rng: Rng, format: string): string {
  const t = Date.UTC(1990, 0, 1) + Math.floor(rng.next() * 40 * 365.25 * 86400) * 1000;
  const d = new Date(t), p2 = (n: number) => String(n).padStart(2, '0');
  const [y, m, day, h, mi, s] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  const time = rng.next() < 0.4 ? ` ${p2(h)}:${p2(mi)}${rng.next() < 0.5 ? `:${p2(s)}` : ''}` : '';
  if (format === 'yyyymmdd' && rng.next() < 0.7) return `${y}${p2(m)}${p2(day)}`;
  if (format === 'dd/mm/yyyy' && rng.next() < 0.7) return `${day}/${p2(m)}/${y}${time}`;
  if (format === 'mm/dd/yyyy' && rng.next() < 0.7) return `${m}-${day}-${y}${time}`;
  return `${y}-${p2(m)}-${p2(day)}${time.replace(' ', rng.next() < 0.5 ? 'T' : ' ')}`;
}

/**
 * Leads for a model: every source column filled mostly with ordinary values,
 * and about one in five with an odd one (missing, padded, unseen, malformed).
 * The `booleans` columns hold true, false or NULL instead (a BOOLEAN column).
 */
export function generateLeads(model: ModelFile, n: number, seed: number, booleans: readonly string[] = []): Lead[] {
  const rng = createRng(seed);
  const columns = new Map<string, (r: Rng) => string | boolean | null>();
  for (const spec of model.features) {
    if (columns.has(spec.column) && !spec.derive) continue;
    if (booleans.includes(spec.column)) {
      columns.set(spec.column, (r) => (r.next() < 0.05 ? null : r.next() < 0.4));
    } else if (spec.derive) {
      const format = spec.dateFormat ?? 'iso';
      columns.set(spec.column, (r) => (r.next() < 0.08 ? (r.next() < 0.2 ? null : pick(r, ODD_DATES)) : pad(r, dateText(r, format))));
    } else if (spec.kind === 'number') {
      const edges = edgeValues(model, spec);
      columns.set(spec.column, (r) => {
        const u = r.next();
        if (u < 0.04) return null;
        if (u < 0.06) return pick(r, ODD_NUMBERS);
        if (u < 0.3 && edges.length) return String(pick(r, edges));
        const x = Math.expm1(spec.center + spec.scale * r.normal());
        const v = spec.transform === 'log1p' ? Math.max(0, Math.round(x)) : spec.center + spec.scale * r.normal();
        return pad(r, String(spec.transform === 'log1p' ? v : Math.round(v * 100) / 100));
      });
    } else {
      columns.set(spec.column, (r) => {
        const u = r.next();
        if (u < 0.05) return null;
        if (u < 0.1) return pick(r, ['', '  ', 'never-seen', spec.levels[0]?.toUpperCase() ?? 'X', "o'brien", '(missing)', '(other)']);
        return pad(r, pick(r, spec.levels));
      });
    }
  }
  return Array.from({ length: n }, (_, i) => {
    const lead: Lead = { [model.input.leadId]: `L${String(i + 1).padStart(6, '0')}` };
    for (const [column, gen] of columns) lead[column] = gen(rng);
    return lead;
  });
}

/** The leads' columns, each BOOLEAN when it holds a boolean, else text (as a CSV is read). */
export function leadColumns(leads: Lead[]): { name: string; boolean: boolean }[] {
  return Object.keys(leads[0]).map((name) => ({ name, boolean: leads.some((l) => typeof l[name] === 'boolean') }));
}

/** A new in-memory DuckDB with the leads in table `leads`: VARCHAR columns, BOOLEAN where the leads hold booleans. */
export async function duckdbWithLeads(leads: Lead[], table = 'leads'): Promise<DuckDBConnection> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const columns = leadColumns(leads);
  await c.run(`CREATE TABLE ${table} (${columns.map((k) => `"${k.name}" ${k.boolean ? 'BOOLEAN' : 'VARCHAR'}`).join(', ')})`);
  const appender = await c.createAppender(table);
  for (const lead of leads) {
    for (const { name } of columns) {
      const v = lead[name];
      if (v === null) appender.appendNull(); else if (typeof v === 'boolean') appender.appendBoolean(v); else appender.appendVarchar(v);
    }
    appender.endRow();
  }
  appender.closeSync();
  return c;
}

/** One row of the exported query's result, numbers as numbers. */
export type SqlRow = Record<string, string | number | null>;

/**
 * Compares each SQL row with scoreLead on the same lead: outputs to 1e-9
 * (relative for amounts and the score), the reasons' features, parts and
 * contributions (1e-9), and for a lead the scorer refuses, NULL outputs and
 * the field its error names.
 * @returns how many leads were refused and how many had each kind of reason
 */
export function compareWithScorer(model: ModelFile, leads: Lead[], rows: SqlRow[], reasons = 3): { refused: number; scored: number } {
  expect(rows).toHaveLength(leads.length);
  let refused = 0;
  const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
  leads.forEach((lead, i) => {
    const row = rows[i];
    const where = `lead ${lead[model.input.leadId]} ${JSON.stringify(lead)}`;
    expect(row[model.input.leadId], where).toBe(lead[model.input.leadId]);
    let s;
    try {
      s = scoreLead(model, lead, { topReasons: reasons });
    } catch (e) {
      if (!(e instanceof LeadvalueError)) throw e;
      refused++;
      const field = /field (.+?):/.exec(e.message)![1];
      expect({ field: row.invalid_field, p: row.p_win, score: row.score }, `${where}: ${e.message}`).toEqual({ field, p: null, score: null });
      return;
    }
    expect(row.invalid_field, where).toBeNull();
    expect(Math.abs((row.p_win as number) - s.pWin), `${where} p_win`).toBeLessThanOrEqual(1e-9);
    expect(relative(row.value_if_won as number, s.valueIfWon), `${where} value_if_won`).toBeLessThanOrEqual(1e-9);
    expect(relative(row.expected_value as number, s.expectedValue), `${where} expected_value`).toBeLessThanOrEqual(1e-9);
    expect(relative(row.score as number, s.score), `${where} score`).toBeLessThanOrEqual(1e-9);
    for (let k = 1; k <= reasons; k++) {
      const r = s.reasons[k - 1];
      const got = { feature: row[`reason_${k}_feature`], part: row[`reason_${k}_part`], head: row[`reason_${k}_head`] ?? undefined };
      expect(got, `${where} reason ${k}`).toEqual(r ? { feature: r.feature, part: r.part, head: r.head } : { feature: null, part: null, head: undefined });
      if (r) expect(Math.abs((row[`reason_${k}_contribution`] as number) - r.contribution), `${where} reason ${k}`).toBeLessThanOrEqual(1e-9);
    }
  });
  return { refused, scored: leads.length - refused };
}

/** Runs a query in DuckDB; rows in result order, ordered by the lead id column. */
export async function runDuckdb(c: DuckDBConnection, sql: string, idColumn: string): Promise<SqlRow[]> {
  const reader = await c.runAndReadAll(`SELECT * FROM (${sql.replace(/;\s*$/, '')}) ORDER BY "${idColumn}"`);
  return reader.getRowObjectsJS() as SqlRow[];
}
