import { basename } from 'node:path';
import { DAY_MS, formatDay } from '../core/dates.js';
import { LeadvalueError, shown } from '../core/errors.js';
import type { Column } from '../load/column-builder.js';
import type { RawFeature } from '../load/load-source.js';

/**
 * A transaction log, column-wise: what {@link readCsv} returns (a `LoadedTable`),
 * or the same shape built in memory. `file` and `rowNumbers` only name rows in
 * error messages; without them rows are counted from 1.
 */
export interface TransactionTable {
  file?: string;
  rowCount: number;
  rowNumbers?: Int32Array;
  columns: Record<string, Column>;
}

/** Options of {@link earlyActivityFrame}: which columns hold what, and the two windows. */
export interface EarlyActivityOptions {
  /** Customer id column (category or string). */
  customer: string;
  /** Transaction date column (type `date`). */
  at: string;
  /** Amount column (number, ≥ 0; 0 allowed). */
  amount: string;
  /** Further number columns (≥ 0) summed like the amount, e.g. items per order. */
  counts?: string[];
  /** Length of the early window in days, the first purchase's day being day 0 (default 84 = 12 weeks). */
  earlyDays?: number;
  /** Length of the value horizon in days, right after the early window (default 364 = 52 weeks). */
  horizonDays?: number;
  /** The last day the log covers (epoch ms, any time that day, UTC); default the day of its latest transaction. Later transactions are left out. */
  dataEnd?: number;
  /** Name of the log in error messages; default the base name of `file`. */
  label?: string;
}

/** What {@link earlyActivityFrame} found, in numbers. */
export interface EarlyActivityReport {
  transactions: number;
  customers: number;
  /** Customers whose value horizon ends after the data's end: value NaN, never 0. */
  censored: number;
  /** Of those, customers whose early window itself is cut by the data's end (their features cover fewer days). */
  earlyIncomplete: number;
  /** Transactions with amount 0 (kept: they count as purchases). */
  zeroAmount: number;
  /** Transactions dated after `dataEnd`, left out. */
  afterDataEnd: number;
  /** Customers whose every transaction is after `dataEnd`, left out (they are not customers yet at that date). */
  customersAfterDataEnd: number;
  earlyDays: number;
  horizonDays: number;
  /** `YYYY-MM-DD` */
  dataEnd: string;
  /** First purchase dates, earliest and latest (`YYYY-MM-DD`). */
  firstFrom: string;
  firstTo: string;
}

/** One row per customer: early-activity features, the value label, and censoring. */
export interface EarlyActivityFrame {
  /** Number of customers (rows). */
  rows: number;
  /** Customer ids in order of first appearance in the log (the row order). */
  customerId: string[];
  /** Day of each customer's first purchase (epoch ms, UTC midnight). */
  firstAt: Float64Array;
  /** Raw features (stage `lead`), as {@link fitFeatures} and {@link encodeFeatures} take them. */
  features: RawFeature[];
  /** Amount summed over the horizon; NaN when censored. */
  value: Float64Array;
  /** 1 when the horizon is not complete by the data's end. */
  censored: Uint8Array;
  /** The data's last day (epoch ms, UTC midnight). */
  dataEnd: number;
  report: EarlyActivityReport;
}

type NumberColumn = Extract<Column, { type: 'number' | 'date' }>;

/**
 * Early-activity features and a long-term value label from any transaction
 * log (orders, invoices, payments), one row per customer: what the customer
 * did in their first `earlyDays` days predicts what they spend over the
 * `horizonDays` days that follow (the setting of Wang et al. 2019, "A Deep
 * Probabilistic Model for Customer Lifetime Value Prediction", on CDNOW).
 *
 * Days are UTC calendar days counted from the first purchase's day (day 0).
 * The early window is days 0 … earlyDays − 1; the horizon is days earlyDays …
 * earlyDays + horizonDays − 1. So with the defaults a purchase on day 83 is
 * early activity and one on day 84 (exactly 12 weeks later) is value.
 *
 * Features (numbers unless said; `<c>` stands for each `counts` column):
 * `first_amount`, `first_<c>` (the first day's totals, log1p),
 * `early_amount`, `early_<c>`, `early_transactions` (early-window totals, log1p),
 * `early_active_days` (days with a transaction), `early_last_day` (day of the
 * last early transaction, 0 when the first day was the only one),
 * and `cohort_day` (days from the earliest first purchase in the log). All
 * are known at the end of the early window, so a model on them scores a
 * customer `earlyDays` days after the first purchase.
 *
 * A customer whose horizon's last day falls after the data's end is censored:
 * value NaN (leave them out of value training and evaluation), never 0.
 *
 * @param transactions - the log, e.g. from `readCsv`
 * @param options - column names, the two windows in days, the data's end
 * @returns per customer: features, value, censored flags, first-purchase days; and a report
 * @throws LeadvalueError naming file, row and column for a missing customer id
 * or date, a missing, negative or infinite amount or count; naming the column
 * when it is absent or of the wrong type; and for windows that are not
 * positive whole numbers of days or a log without transactions
 * @example
 * const log = await lv.readCsv('CDNOW_master.txt.gz', {
 *   delimiter: 'whitespace',
 *   columns: [
 *     { name: 'customer_id', type: 'category', required: true },
 *     { name: 'date', type: 'date', dateFormat: 'yyyymmdd', required: true },
 *     { name: 'number_of_cds', type: 'number', required: true },
 *     { name: 'dollar_value', type: 'number', required: true },
 *   ],
 * });
 * const frame = lv.earlyActivityFrame(log, { customer: 'customer_id', at: 'date', amount: 'dollar_value', counts: ['number_of_cds'] });
 * frame.rows;             // 23570
 * frame.report.censored;  // 0: every horizon ends before 1998-06-30
 * const specs = lv.fitFeatures(frame.features, trainRows, { minLevelCount: 1 });
 */
export function earlyActivityFrame(transactions: TransactionTable, options: EarlyActivityOptions): EarlyActivityFrame {
  const label = options.label ?? (transactions.file ? basename(transactions.file) : 'transactions');
  const earlyDays = windowDays(options.earlyDays ?? 84, 'earlyDays');
  const horizonDays = windowDays(options.horizonDays ?? 364, 'horizonDays');
  const n = transactions.rowCount;
  if (n === 0) throw new LeadvalueError(label, 'no transactions', undefined, 'check that the file holds data rows under its header');
  const rowName = (r: number) => `${label} row ${transactions.rowNumbers ? transactions.rowNumbers[r] : r + 1}`;
  const key = customerKeys(transactions, options.customer, label, rowName);
  const at = numberColumn(transactions, options.at, 'date', label);
  const amount = numberColumn(transactions, options.amount, 'number', label);
  const countNames = options.counts ?? [];
  // A count column named like a built-in feature's stem (amount, transactions) or twice would give two features one name.
  countNames.forEach((name, k) => {
    if (name === 'amount' || name === 'transactions' || countNames.indexOf(name) !== k) {
      throw new LeadvalueError(`earlyActivityFrame options.counts[${k}]`, countNames.indexOf(name) !== k ? 'named twice' : `would give features the built-in ones have (first_${name}, early_${name})`, JSON.stringify(name),
        'list each count column once, and rename a column called amount or transactions');
    }
  });
  const counts = countNames.map((name) => numberColumn(transactions, name, 'number', label));
  for (let r = 0; r < n; r++) {
    if (Number.isNaN(at[r])) throw new LeadvalueError(`${rowName(r)}, column ${options.at}`, 'missing date', undefined, 'every transaction needs a date');
    checkAmount(amount[r], r, options.amount, rowName, 'amount');
    counts.forEach((values, k) => checkAmount(values[r], r, countNames[k], rowName, 'count'));
  }

  const dayOf = (t: number) => Math.floor(t / DAY_MS);
  let endDay = -Infinity;
  if (options.dataEnd !== undefined) {
    if (!Number.isFinite(options.dataEnd)) throw new LeadvalueError('earlyActivityFrame, option dataEnd', 'not a date', shown(options.dataEnd), 'pass epoch milliseconds, e.g. Date.UTC(1998, 5, 30)');
    endDay = dayOf(options.dataEnd);
  } else for (let r = 0; r < n; r++) endDay = Math.max(endDay, dayOf(at[r]));
  const used = (r: number) => dayOf(at[r]) <= endDay;

  // Customers are those with a transaction by the data's end, in order of first appearance.
  const firstOfKey = new Float64Array(key.ids.length).fill(Infinity);
  for (let r = 0; r < n; r++) if (used(r)) firstOfKey[key.codes[r]] = Math.min(firstOfKey[key.codes[r]], dayOf(at[r]));
  const customerOf = new Int32Array(key.ids.length).fill(-1);
  const ids: string[] = [];
  for (let k = 0; k < key.ids.length; k++) if (firstOfKey[k] < Infinity) { customerOf[k] = ids.length; ids.push(key.ids[k]); }
  const m = ids.length;
  if (m === 0) throw new LeadvalueError('earlyActivityFrame, option dataEnd', 'every transaction is after the data end', formatDay(endDay * DAY_MS), 'pass a later dataEnd');
  const first = new Float64Array(m);
  for (let k = 0; k < key.ids.length; k++) if (customerOf[k] >= 0) first[customerOf[k]] = firstOfKey[k];
  let firstMin = Infinity, firstMax = -Infinity;
  for (let c = 0; c < m; c++) { firstMin = Math.min(firstMin, first[c]); firstMax = Math.max(firstMax, first[c]); }

  const firstAmount = new Float64Array(m), earlyAmount = new Float64Array(m), transactionsEarly = new Float64Array(m), lastDay = new Float64Array(m);
  const firstCounts = counts.map(() => new Float64Array(m)), earlyCounts = counts.map(() => new Float64Array(m));
  const activeDays = new Float64Array(m), value = new Float64Array(m);
  // (customer, day) pairs already counted as active: customer · earlyDays + day is unique inside the window.
  const seen = new Set<number>();
  let zeroAmount = 0, afterEnd = 0, usedRows = 0;
  for (let r = 0; r < n; r++) {
    if (!used(r)) { afterEnd++; continue; }
    usedRows++;
    if (amount[r] === 0) zeroAmount++;
    const c = customerOf[key.codes[r]], day = dayOf(at[r]) - first[c];
    if (day === 0) {
      firstAmount[c] += amount[r];
      counts.forEach((values, k) => { firstCounts[k][c] += values[r]; });
    }
    if (day < earlyDays) {
      earlyAmount[c] += amount[r];
      counts.forEach((values, k) => { earlyCounts[k][c] += values[r]; });
      transactionsEarly[c]++;
      lastDay[c] = Math.max(lastDay[c], day);
      const pair = c * earlyDays + day;
      if (!seen.has(pair)) { seen.add(pair); activeDays[c]++; }
    } else if (day < earlyDays + horizonDays) value[c] += amount[r];
  }

  const censored = new Uint8Array(m);
  let censoredCount = 0, earlyIncomplete = 0;
  for (let c = 0; c < m; c++) {
    if (first[c] + earlyDays + horizonDays - 1 > endDay) { censored[c] = 1; value[c] = NaN; censoredCount++; }
    if (first[c] + earlyDays - 1 > endDay) earlyIncomplete++;
  }

  const num = (name: string, values: Float64Array, transform: 'none' | 'log1p'): RawFeature => ({ name, stage: 'lead', kind: 'number', transform, column: name, values });
  const features: RawFeature[] = [
    num('first_amount', firstAmount, 'log1p'),
    ...countNames.map((name, k) => num(`first_${name}`, firstCounts[k], 'log1p')),
    num('early_amount', earlyAmount, 'log1p'),
    ...countNames.map((name, k) => num(`early_${name}`, earlyCounts[k], 'log1p')),
    num('early_transactions', transactionsEarly, 'log1p'),
    num('early_active_days', activeDays, 'none'),
    num('early_last_day', lastDay, 'none'),
    num('cohort_day', Float64Array.from(first, (d) => d - firstMin), 'none'),
  ];
  return {
    rows: m,
    customerId: ids,
    firstAt: Float64Array.from(first, (d) => d * DAY_MS),
    features, value, censored,
    dataEnd: endDay * DAY_MS,
    report: {
      transactions: usedRows, customers: m, customersAfterDataEnd: key.ids.length - m, censored: censoredCount, earlyIncomplete, zeroAmount, afterDataEnd: afterEnd,
      earlyDays, horizonDays, dataEnd: formatDay(endDay * DAY_MS), firstFrom: formatDay(firstMin * DAY_MS), firstTo: formatDay(firstMax * DAY_MS),
    },
  };
}

function windowDays(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new LeadvalueError(`earlyActivityFrame, option ${name}`, 'not a positive whole number of days', shown(value), name === 'earlyDays' ? 'e.g. earlyDays: 84 (12 weeks)' : 'e.g. horizonDays: 364 (52 weeks)');
  }
  return value;
}

function column(table: TransactionTable, name: string, label: string): Column {
  const col = table.columns[name];
  if (!col) {
    const loaded = Object.keys(table.columns);
    throw new LeadvalueError(`${label}, column ${name}`, 'no such column in the table', loaded.length ? loaded.join(', ') : 'no columns',
      'load it (readCsv columns: [{ name, type }]) or name one of the loaded columns');
  }
  return col;
}

function numberColumn(table: TransactionTable, name: string, type: 'number' | 'date', label: string): Float64Array {
  const col = column(table, name, label);
  if (col.type !== type) {
    throw new LeadvalueError(`${label}, column ${name}`, `not a ${type} column`, `a ${col.type} column`,
      type === 'date' ? "read it with type: 'date' (and its dateFormat)" : "read it with type: 'number'");
  }
  return (col as NumberColumn).values;
}

/** The customer column as dense codes, ids in order of first appearance. */
function customerKeys(table: TransactionTable, name: string, label: string, rowName: (r: number) => string): { codes: Int32Array; ids: string[] } {
  const col = column(table, name, label);
  const missing = (r: number) => new LeadvalueError(`${rowName(r)}, column ${name}`, 'missing customer id', undefined, 'every transaction needs its customer');
  if (col.type === 'category') {
    // readCsv's levels are in first-seen order already; remap anyway so an in-memory table's unused levels do not become customers.
    const remap = new Int32Array(col.levels.length).fill(-1);
    const ids: string[] = [];
    const codes = new Int32Array(table.rowCount);
    for (let r = 0; r < table.rowCount; r++) {
      const level = col.codes[r];
      if (level < 0) throw missing(r);
      if (remap[level] < 0) { remap[level] = ids.length; ids.push(col.levels[level]); }
      codes[r] = remap[level];
    }
    return { codes, ids };
  }
  if (col.type === 'string') {
    const index = new Map<string, number>();
    const ids: string[] = [];
    const codes = new Int32Array(table.rowCount);
    for (let r = 0; r < table.rowCount; r++) {
      const id = col.values[r];
      if (id === null || id === '') throw missing(r);
      let code = index.get(id);
      if (code === undefined) { code = ids.length; index.set(id, code); ids.push(id); }
      codes[r] = code;
    }
    return { codes, ids };
  }
  throw new LeadvalueError(`${label}, column ${name}`, 'not a customer id column', `a ${col.type} column`, "read it with type: 'category' or 'string'");
}

function checkAmount(x: number, r: number, name: string, rowName: (r: number) => string, noun: 'amount' | 'count'): void {
  if (x >= 0 && x < Infinity) return;
  const where = `${rowName(r)}, column ${name}`;
  if (Number.isNaN(x)) throw new LeadvalueError(where, `missing ${noun}`, undefined, `every transaction needs one (0 is allowed)`);
  throw new LeadvalueError(where, x < 0 ? `negative ${noun}` : `not a finite ${noun}`, shown(x), 'refunds and returns do not belong in this log: net them out of their order first');
}
