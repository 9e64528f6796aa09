import type { Warnings } from '../../core/warn.js';
import { formatDuration } from '../../core/dates.js';
import type { AdapterConfig } from '../../load/adapter-config.js';
import { negativeValueError, pastDataEndError, warnCreatedAfterDerivedEnd, warnPastDataEnd, warnRevenueNotes, type PastEnd, type RevenueNotes } from '../frame-problems.js';
import { locateRows } from './csv-file.js';
import type { DuckdbSession } from './duckdb-session.js';

const ms = (column: string) => `epoch_ms(${column})::DOUBLE`;

/**
 * What buildLeadFrame checks against the data end: leads created after an
 * explicit `label.dataEnd` are refused, after a derived one warned about; with
 * an explicit end, wins and revenue rows after it are warned about — with the
 * same messages, naming the first such row of the file.
 * @param db - the session, with the source tables and `data_end` created
 * @param config - the adapter config
 * @param warnings - the channel
 * @throws LeadvalueError naming the file, row and column of the first lead created after an explicit data end
 */
export async function checkPastDataEnd(db: DuckdbSession, config: AdapterConfig, warnings: Warnings): Promise<void> {
  const dataEnd = config.label.dataEnd;
  const { leads, outcomes, revenue } = config.tables;
  const past = async (from: string, at: string, extra: string, file: string, delimiter: string) => {
    const q = await db.columns(`SELECT count(*) AS n, min(ord) AS first, ${ms(`arg_min(${at}, ord)`)} AS first_at, ${ms(`max(${at})`)} AS latest${extra}
      FROM ${from} WHERE ${at} > (SELECT end_at FROM data_end)`);
    const count = q.n[0] as number;
    if (count === 0) return null;
    const first = q.first[0] as number;
    const row = (await locateRows(file, delimiter, [first])).get(first)!;
    return { count, row, at: q.first_at[0] as number, latest: q.latest[0] as number, key: (q.key?.[0] ?? null) as string | null } satisfies PastEnd & { key: string | null };
  };
  // Nothing after the data end is known: a lead created after an explicit end is refused, after a derived one kept and warned about.
  const created = await past('leads', 'created_at', '', leads.file, leads.delimiter);
  if (created && dataEnd !== 'auto') throw pastDataEndError({ file: leads.file, row: created.row, column: leads.columns.created_at }, created, dataEnd);
  if (created) warnCreatedAfterDerivedEnd(warnings, leads.file, created, (await db.columns(`SELECT ${ms('end_at')} AS end_at FROM data_end`)).end_at[0] as number);
  if (dataEnd === 'auto') return;
  // Outcome rows of leads not in the leads file are ignored (and warned about), whatever their date.
  const won = await past('(SELECT * FROM outcomes o WHERE EXISTS (SELECT 1 FROM leads l WHERE l.lead_id = o.lead_id))', 'won_at', ', arg_min(lead_id, ord) AS key', outcomes.file, outcomes.delimiter);
  if (won) warnPastDataEnd(warnings, 'won', outcomes.file, `lead ${JSON.stringify(won.key)}`, won, dataEnd);
  const late = await past('revenue', '"at"', ', arg_min(key, ord) AS key', revenue.file, revenue.delimiter);
  if (late) warnPastDataEnd(warnings, 'revenue', revenue.file, `${revenue.columns.account_id ? 'account' : 'lead'} ${JSON.stringify(late.key)}`, late, dataEnd);
}

/**
 * What buildLeadFrame checks after attributing revenue: a lead whose value
 * nets below 0 is refused; revenue rows before their key's first win, of keys
 * no lead has, without a key, and negative rows netted are warned about.
 * @param db - the session, with `revenue_by_lead` and `lead_frame` created
 * @param config - the adapter config
 * @param warnings - the channel
 * @returns the report's `revenueUnknownKey`: rows of keys the files do not hold, or without a key
 * @throws LeadvalueError naming the first negative row of a lead whose value nets below 0
 */
export async function checkRevenue(db: DuckdbSession, config: AdapterConfig, warnings: Warnings): Promise<{ unknownKey: number }> {
  const { leads, outcomes, revenue } = config.tables;
  const keyNoun = revenue.columns.account_id ? 'account' : 'lead';
  const rowsOf = (ords: (number | null)[]) => locateRows(revenue.file, revenue.delimiter, ords.filter((o): o is number => o !== null));
  // Keys the files give a lead, as buildLeadFrame knows them: lead ids, or accounts of either file (also one an outcome replaced).
  const knownKeys = revenue.columns.account_id
    ? [...(leads.columns.account_id ? ['leads'] : []), ...(outcomes.columns.account_id ? ['outcomes'] : [])]
      .map((t) => `\n      AND NOT EXISTS (SELECT 1 FROM ${t} k WHERE k.account_id = r.key)`).join('')
    : '\n      AND NOT EXISTS (SELECT 1 FROM leads k WHERE k.lead_id = r.key)';

  const negative = await db.columns(`SELECT f.lead_id, ${ms('f.won_at')} AS won_at, v.value, v.first_negative_ord AS ord, r.amount, r.key,
      count(*) OVER () AS leads
    FROM lead_frame f JOIN revenue_by_lead v ON v.lead_ord = f.lead_ord JOIN revenue r ON r.ord = v.first_negative_ord
    WHERE f.value < 0 ORDER BY v.first_negative_ord LIMIT 1`);
  if (negative.ord.length) {
    const ord = negative.ord[0] as number;
    const row = (await rowsOf([ord])).get(ord)!;
    throw negativeValueError({ file: revenue.file, row, column: revenue.columns.amount }, {
      id: negative.lead_id[0] as string, keyNoun, key: negative.key[0] as string, wonAt: negative.won_at[0] as number,
      horizon: formatDuration(config.label.horizon), value: negative.value[0] as number, amount: negative.amount[0] as number,
    }, negative.leads[0] as number);
  }

  const q = await db.columns(`WITH first_win AS (SELECT revenue_key, min(won_at) AS first_won FROM win_periods GROUP BY revenue_key),
    before AS (SELECT r.ord, r.key, f.first_won FROM revenue r JOIN first_win f ON f.revenue_key = r.key WHERE r."at" < f.first_won),
    unknown AS (SELECT r.ord, r.key FROM revenue r WHERE r.key IS NOT NULL${knownKeys}),
    netted AS (SELECT r.ord, r.key, r.amount FROM revenue_by_lead v JOIN revenue r ON r.ord = v.first_negative_ord)
  SELECT (SELECT count(*) FROM before) AS before_n, (SELECT min(ord) FROM before) AS before_ord,
    (SELECT arg_min(key, ord) FROM before) AS before_key, (SELECT ${ms('arg_min(first_won, ord)')} FROM before) AS before_won,
    (SELECT count(*) FROM unknown) AS unknown_n, (SELECT min(ord) FROM unknown) AS unknown_ord, (SELECT arg_min(key, ord) FROM unknown) AS unknown_key,
    (SELECT count(*) FROM revenue WHERE key IS NULL) AS no_key_n, (SELECT min(ord) FROM revenue WHERE key IS NULL) AS no_key_ord,
    (SELECT coalesce(sum(negative_rows), 0) FROM revenue_by_lead) AS netted_n, (SELECT min(ord) FROM netted) AS netted_ord,
    (SELECT arg_min(key, ord) FROM netted) AS netted_key, (SELECT arg_min(amount, ord) FROM netted) AS netted_amount`);
  const one = (name: string) => q[name][0];
  const ords = ['before_ord', 'unknown_ord', 'no_key_ord', 'netted_ord'].map((name) => one(name) as number | null);
  const rows = await rowsOf(ords);
  const rowOf = (name: string) => rows.get(one(name) as number) ?? 0;
  const notes: RevenueNotes = {
    beforeWin: { count: one('before_n') as number, row: rowOf('before_ord'), key: one('before_key') as string, firstWin: one('before_won') as number },
    unknownKey: { count: one('unknown_n') as number, row: rowOf('unknown_ord'), key: one('unknown_key') as string },
    noKey: { count: one('no_key_n') as number, row: rowOf('no_key_ord') },
    netted: { count: one('netted_n') as number, row: rowOf('netted_ord'), key: one('netted_key') as string, amount: one('netted_amount') as number },
  };
  warnRevenueNotes(warnings, notes, {
    revenue: revenue.file, keyRole: revenue.columns.account_id ? 'account_id' : 'lead_id', leads: leads.file,
    accountsIn: [...(leads.columns.account_id ? [leads.file] : []), ...(outcomes.columns.account_id ? [outcomes.file] : [])],
  });
  return { unknownKey: notes.unknownKey.count + notes.noKey.count };
}
