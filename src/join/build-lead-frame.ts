import { LeadvalueError } from '../core/errors.js';
import { fileLabel } from '../core/file-label.js';
import { addDuration, DAY_MS, formatDay, formatDuration, type Duration } from '../core/dates.js';
import { Warnings } from '../core/warn.js';
import type { RawFeature, SourceTables } from '../load/load-source.js';
import { deriveDataEnd, type DataEnd } from './data-end.js';
import { negativeValueError, nettedToZero, pastDataEndError, warnAccountConflicts, warnCreatedAfterDerivedEnd, warnPastDataEnd, warnRevenueNotes, type PastEnd, type RevenueNotes } from './frame-problems.js';

/** What the join and labelling did, for the report. */
export interface LabelReport {
  horizon: string;
  dataEnd: string;
  dataEndSource: DataEnd['source'];
  revenueOutliers: number;
  revenueOutlierDates: string[];
  /** Revenue rows after the end, in the thinly recorded last days. */
  revenueThinTail: number;
  leads: number;
  won: number;
  /** Won leads whose horizon ends after the data: value unknown. */
  censored: number;
  /** Won, horizon complete, value above zero. */
  wonWithValue: number;
  /** Won, horizon complete, value zero: won but worthless in the horizon. */
  wonWithoutValue: number;
  /** Won leads with any revenue row at all, whatever its date (Olist: 380 of 842 won sellers ever sold). */
  wonWithAnyRevenue: number;
  /** Sum of value labels over uncensored leads. */
  totalValue: number;
  revenueRows: number;
  /** Revenue rows attributed to a won lead's horizon. */
  revenueInHorizon: number;
  /** Revenue rows of no won lead: of accounts or leads that never won, and those counted in `revenueUnknownKey`. */
  revenueUnmatched: number;
  /** Of `revenueUnmatched`, rows keyed by an id the leads and outcomes files do not hold, or with the key empty (both warned about). */
  revenueUnknownKey: number;
  /** Revenue rows dated before the account's first win. */
  revenueBeforeWin: number;
  dateRange: { from: string; to: string };
}

/** One row per lead: when it was created and won, its value label, and every declared feature. */
export interface LeadFrame {
  rows: number;
  leadId: string[];
  createdAt: Float64Array;
  /** NaN when never won. */
  wonAt: Float64Array;
  won: Uint8Array;
  /** Revenue in [won_at, won_at + horizon); 0 when never won; NaN when censored. */
  value: Float64Array;
  censored: Uint8Array;
  /**
   * Date of the first revenue row attributed to the lead after its win, at any
   * time (inside the horizon or not, even after the data's end); NaN when the
   * lead never won or its account never brought revenue. The funnel's `active` stage.
   */
  firstRevenueAt: Float64Array;
  /** Every declared feature, aligned with the leads; `deal` features are missing for leads never won. */
  features: RawFeature[];
  horizon: Duration;
  dataEnd: number;
  report: LabelReport;
}

/**
 * Joins leads, outcomes and revenue into one lead frame with labels.
 *
 * Point in time: revenue counts toward a lead only when dated in
 * [won_at, won_at + horizon). A won lead whose horizon ends after the data's
 * end is censored: its value is NaN (excluded from value training and
 * evaluation), never 0. Leads never won have value 0.
 *
 * Revenue keyed by account goes to the account's latest win at or before the
 * revenue date (an account won twice splits its revenue by date). Negative
 * amounts (refunds) are netted into the value of the lead whose horizon they
 * fall in, with a warning; a lead whose value nets below 0 is refused.
 *
 * Leads created after an explicit data end (`label.dataEnd`) are refused
 * (nothing after it is known); after a derived one (`auto`) they are kept,
 * labelled as any lead open at the data end (not won unless a win is
 * recorded), and warned about. With an explicit data end, wins and revenue
 * rows after it are kept as with a derived end (a win counts, its value
 * censored; revenue counts toward no value label) and warned about.
 * @param tables - the loaded canonical tables
 * @param options - horizon, and the data's end (`auto`: from revenue dates)
 * @param warnings - where soft problems are counted, each with its first file row: outcome rows of
 *   unknown leads, duplicate wins, revenue rows before their key's first win, of ids no lead has, without
 *   a key, leads created after a derived data end, wins and revenue after an explicit one, negative rows netted
 * @throws LeadvalueError when the data's end cannot be found, a lead is created after an explicit
 *   data end, or a lead's value nets below 0 (naming the file, row and column)
 */
export function buildLeadFrame(
  tables: SourceTables,
  options: { horizon: Duration; dataEnd: 'auto' | number },
  warnings: Warnings = new Warnings(),
): LeadFrame {
  const { leads, outcomes, revenue } = tables;
  const n = leads.rows;
  const indexOf = new Map<string, number>();
  leads.leadId.forEach((id, i) => indexOf.set(id, i));

  // Outcomes → per-lead win date and outcome row.
  const wonAt = new Float64Array(n).fill(NaN);
  const outcomeRow = new Int32Array(n).fill(-1);
  const accountOf: (string | null)[] = leads.accountId ? leads.accountId.slice() : new Array(n).fill(null);
  const accountRow = new Int32Array(n).fill(-1); // the outcome row whose account the lead's win uses
  for (let r = 0; r < outcomes.rows; r++) {
    const i = indexOf.get(outcomes.leadId[r]);
    if (i === undefined) {
      warnings.warn('outcome-unknown-lead', `${fileLabel(outcomes.file)}: outcome rows for leads not in ${fileLabel(leads.file)} are ignored (first: row ${outcomes.rowNumbers[r]}, lead ${JSON.stringify(outcomes.leadId[r])})`);
      continue;
    }
    const t = outcomes.wonAt[r];
    if (outcomeRow[i] >= 0) {
      warnings.warn('outcome-duplicate', `${fileLabel(outcomes.file)}: leads with several outcome rows keep the earliest win (first: row ${outcomes.rowNumbers[r]}, lead ${JSON.stringify(outcomes.leadId[r])})`);
      if (Number.isNaN(t) || t >= wonAt[i]) continue; // keep the earliest win; a row without a win never hides one
    }
    if (t < leads.createdAt[i]) {
      warnings.warn('won-before-created', `${fileLabel(outcomes.file)}: leads won before they were created (first: row ${outcomes.rowNumbers[r]}, lead ${JSON.stringify(outcomes.leadId[r])}); check the date columns`);
    }
    wonAt[i] = t;
    outcomeRow[i] = r;
    if (outcomes.accountId && outcomes.accountId[r] !== null) { accountOf[i] = outcomes.accountId[r]; accountRow[i] = r; }
  }
  if (revenue.keyRole === 'account_id' && leads.accountId && outcomes.accountId) {
    // The outcome's account wins (a deal is often booked under a merged or corrected account), but never silently.
    let first = -1, count = 0;
    for (let i = 0; i < n; i++) {
      const own = leads.accountId[i];
      if (accountRow[i] < 0 || own === null || own === accountOf[i]) continue;
      count++;
      if (first < 0 || accountRow[i] < accountRow[first]) first = i;
    }
    if (count > 0) {
      warnAccountConflicts(warnings, {
        outcomes: outcomes.file, outcomeRow: outcomes.rowNumbers[accountRow[first]], outcomeAccount: accountOf[first]!,
        leads: leads.file, leadRow: leads.rowNumbers[first], leadAccount: leads.accountId[first]!, lead: leads.leadId[first],
      }, count);
    }
  }

  const end: DataEnd = options.dataEnd === 'auto'
    ? deriveDataEnd(revenue.at)
    : { at: options.dataEnd + DAY_MS - 1, source: 'config', outliers: 0, outlierDates: [], thinTail: 0 };
  if (options.dataEnd !== 'auto') {
    let last = -Infinity;
    for (let r = 0; r < revenue.rows; r++) if (revenue.at[r] > last && revenue.at[r] <= end.at) last = revenue.at[r];
    if (end.at - last > 31 * DAY_MS) {
      warnings.warn('data-end-late', `label.dataEnd ${formatDay(options.dataEnd)} is more than 31 days after the last revenue row on or before it (${Number.isFinite(last) ? formatDay(last) : 'none'}): horizons that end in the gap count as complete although nothing was recorded there; set it to when the revenue export really ends, or "auto"`);
    }
  }
  if (Number.isNaN(end.at)) {
    throw new LeadvalueError(fileLabel(revenue.file), 'cannot find the end of the data: the revenue table has no dates', undefined, 'set label.dataEnd in the config');
  }
  const keyNoun = revenue.keyRole === 'account_id' ? 'account' : 'lead';
  // Nothing after the data end is known. A lead created after an explicit end contradicts the config: refused.
  // After a derived end (the revenue export's last well-recorded day) it is kept, open as any lead at the data end, and warned about.
  const created = pastEnd(leads.createdAt, end.at, leads.rowNumbers);
  if (created && options.dataEnd !== 'auto') throw pastDataEndError({ file: leads.file, row: created.row, column: columnOf(leads, 'created_at') }, created, options.dataEnd);
  if (created) warnCreatedAfterDerivedEnd(warnings, leads.file, created, end.at);
  if (options.dataEnd !== 'auto') {
    // Outcome rows of leads not in the leads file are ignored (warned above), whatever their date.
    const won = pastEnd(outcomes.wonAt, end.at, outcomes.rowNumbers, (r) => indexOf.has(outcomes.leadId[r]));
    if (won) warnPastDataEnd(warnings, 'won', outcomes.file, `lead ${JSON.stringify(outcomes.leadId[won.index])}`, won, options.dataEnd);
    const late = pastEnd(revenue.at, end.at, revenue.rowNumbers);
    if (late) warnPastDataEnd(warnings, 'revenue', revenue.file, `${keyNoun} ${JSON.stringify(revenue.key[late.index])}`, late, options.dataEnd);
  }

  const won = new Uint8Array(n);
  const censored = new Uint8Array(n);
  const value = new Float64Array(n);
  const horizonEnd = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(wonAt[i])) continue;
    won[i] = 1;
    horizonEnd[i] = addDuration(wonAt[i], options.horizon);
    // The horizon [won_at, won_at + H) is complete when its last instant is covered by the data.
    if (horizonEnd[i] - 1 > end.at) { censored[i] = 1; value[i] = NaN; }
  }

  // Revenue → the won lead it belongs to, point in time.
  const winsByKey = new Map<string, number[]>();
  const keyOf = revenue.keyRole === 'account_id' ? accountOf : leads.leadId;
  for (let i = 0; i < n; i++) {
    const key = keyOf[i];
    if (!won[i] || key === null) continue;
    const list = winsByKey.get(key);
    if (list) list.push(i); else winsByKey.set(key, [i]);
  }
  for (const list of winsByKey.values()) list.sort((a, b) => wonAt[a] - wonAt[b]);
  // Keys the files give a lead (won or not; an account from either file, also one an outcome replaced):
  // revenue of any other key is for someone the leads and outcomes files do not know.
  const knownKeys = new Set<string>();
  for (let i = 0; i < n; i++) if (keyOf[i] !== null) knownKeys.add(keyOf[i]!);
  if (revenue.keyRole === 'account_id') {
    for (const a of [...(leads.accountId ?? []), ...(outcomes.accountId ?? [])]) if (a !== null) knownKeys.add(a);
  }
  let inHorizon = 0, unmatched = 0;
  // What the warnings name: each kind's count and its first row.
  const notes: RevenueNotes = {
    beforeWin: { count: 0, row: 0, key: '', firstWin: NaN }, unknownKey: { count: 0, row: 0, key: '' },
    noKey: { count: 0, row: 0 }, netted: { count: 0, row: 0, key: '', amount: 0 },
  };
  const rowOf = (r: number) => (revenue.rowNumbers ? revenue.rowNumbers[r] : r + 2);
  const anyRevenue = new Uint8Array(n);
  const firstRevenueAt = new Float64Array(n).fill(NaN);
  const firstNegative = new Int32Array(n).fill(-1); // per lead, its first negative row in the horizon
  const absoluteSum = new Float64Array(n);
  for (let r = 0; r < revenue.rows; r++) {
    const key = revenue.key[r];
    const list = key === null ? undefined : winsByKey.get(key);
    if (!list) {
      unmatched++;
      if (key === null) { if (notes.noKey.count++ === 0) notes.noKey.row = rowOf(r); }
      else if (!knownKeys.has(key) && notes.unknownKey.count++ === 0) notes.unknownKey = { count: 1, row: rowOf(r), key };
      continue;
    }
    const t = revenue.at[r];
    let owner = -1;
    for (const i of list) if (wonAt[i] <= t) owner = i; else break;
    if (owner < 0) {
      if (notes.beforeWin.count++ === 0) notes.beforeWin = { count: 1, row: rowOf(r), key: key!, firstWin: wonAt[list[0]] };
      continue;
    }
    anyRevenue[owner] = 1;
    if (!(firstRevenueAt[owner] <= t)) firstRevenueAt[owner] = t;
    if (t < horizonEnd[owner] && !censored[owner]) {
      const amount = revenue.amount[r];
      value[owner] += amount;
      absoluteSum[owner] += Math.abs(amount);
      inHorizon++;
      if (amount < 0) {
        if (notes.netted.count++ === 0) notes.netted = { count: 1, row: rowOf(r), key: key!, amount };
        if (firstNegative[owner] < 0) firstNegative[owner] = r;
      }
    }
  }
  let negative = -1, negativeLeads = 0;
  for (let i = 0; i < n; i++) {
    if (!(value[i] < 0)) continue;
    if (nettedToZero(value[i], absoluteSum[i])) { value[i] = 0; continue; }
    negativeLeads++;
    if (negative < 0 || firstNegative[i] < firstNegative[negative]) negative = i;
  }
  if (negativeLeads > 0) {
    const r = firstNegative[negative];
    throw negativeValueError({ file: revenue.file, row: rowOf(r), column: columnOf(revenue, 'amount') },
      { id: leads.leadId[negative], keyNoun, key: revenue.key[r]!, wonAt: wonAt[negative], horizon: formatDuration(options.horizon), value: value[negative], amount: revenue.amount[r] }, negativeLeads);
  }
  warnRevenueNotes(warnings, notes, {
    revenue: revenue.file, keyRole: revenue.keyRole, leads: leads.file,
    accountsIn: [...(leads.accountId ? [leads.file] : []), ...(outcomes.accountId ? [outcomes.file] : [])],
  });

  const features = [...leads.features, ...outcomes.features.map((f) => alignToLeads(f, outcomeRow))];
  let wonWithValue = 0, wonWithoutValue = 0, nCensored = 0, totalValue = 0, wonWithAnyRevenue = 0;
  let from = Infinity, to = -Infinity;
  for (let i = 0; i < n; i++) {
    from = Math.min(from, leads.createdAt[i]); to = Math.max(to, leads.createdAt[i]);
    wonWithAnyRevenue += anyRevenue[i];
    if (censored[i]) { nCensored++; continue; }
    totalValue += value[i];
    if (won[i]) { if (value[i] > 0) wonWithValue++; else wonWithoutValue++; }
  }
  return {
    rows: n, leadId: leads.leadId, createdAt: leads.createdAt, wonAt, won, value, censored, firstRevenueAt, features,
    horizon: options.horizon, dataEnd: end.at,
    report: {
      horizon: formatDuration(options.horizon), dataEnd: formatDay(end.at), dataEndSource: end.source,
      revenueOutliers: end.outliers, revenueOutlierDates: end.outlierDates, revenueThinTail: end.thinTail,
      leads: n, won: wonWithValue + wonWithoutValue + nCensored, censored: nCensored, wonWithValue, wonWithoutValue, wonWithAnyRevenue,
      totalValue: Math.round(totalValue * 100) / 100,
      revenueRows: revenue.rows, revenueInHorizon: inHorizon, revenueUnmatched: unmatched, revenueUnknownKey: notes.unknownKey.count + notes.noKey.count,
      revenueBeforeWin: notes.beforeWin.count,
      dateRange: n ? { from: formatDay(from), to: formatDay(to) } : { from: '', to: '' },
    },
  };
}

/** The source column of a role, for messages (the role's own name for tables built in code). */
function columnOf(table: { columns?: Record<string, string> }, role: string): string {
  return table.columns?.[role] ?? role;
}

/**
 * Rows dated after `end` (among those `include` keeps): how many, the first in
 * the file (its index, file row and date) and the latest date; null when none.
 */
function pastEnd(at: Float64Array, end: number, rowNumbers: Int32Array | undefined, include: (r: number) => boolean = () => true): (PastEnd & { index: number }) | null {
  let found: (PastEnd & { index: number }) | null = null;
  for (let r = 0; r < at.length; r++) {
    if (!(at[r] > end) || !include(r)) continue;
    if (found) { found.count++; if (at[r] > found.latest) found.latest = at[r]; } else found = { count: 1, index: r, row: rowNumbers ? rowNumbers[r] : r + 2, at: at[r], latest: at[r] };
  }
  return found;
}

/** Re-indexes an outcome feature onto leads: missing where the lead has no outcome row. */
function alignToLeads(f: RawFeature, outcomeRow: Int32Array): RawFeature {
  const n = outcomeRow.length;
  if (f.kind === 'number') {
    const values = new Float64Array(n).fill(NaN);
    for (let i = 0; i < n; i++) if (outcomeRow[i] >= 0) values[i] = f.values[outcomeRow[i]];
    if (!f.source) return { ...f, values };
    // Values now in lead order: their file rows too, so a message about one names the outcome row it came from.
    const rowNumbers = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) if (outcomeRow[i] >= 0) rowNumbers[i] = f.source.rowNumbers[outcomeRow[i]];
    return { ...f, values, source: { file: f.source.file, rowNumbers } };
  }
  const codes = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) if (outcomeRow[i] >= 0) codes[i] = f.codes[outcomeRow[i]];
  return { ...f, codes };
}
