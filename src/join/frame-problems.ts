import { formatDay } from '../core/dates.js';
import { LeadvalueError } from '../core/errors.js';
import { fileLabel } from '../core/file-label.js';
import { formatCount } from '../core/format-count.js';
import type { Warnings } from '../core/warn.js';

/**
 * The problems the join finds in the tables, worded once for both engines
 * (buildLeadFrame and buildLeadFrameDuckdb), so their errors and warnings are
 * equal to the character. Rows are file rows (the header is row 1); files are
 * named by fileLabel (relative to the working directory where that is stable).
 */

/** A row of a file found later: its file, file row and source column. */
export interface RowAt { file: string; row: number; column: string }

/** Rows past a configured data end: how many, the first in the file (its row and date) and the latest date. */
export interface PastEnd { count: number; row: number; at: number; latest: number }

/**
 * Leads created after an explicit `label.dataEnd`: refused. The data end is the
 * last day the history covers, so a lead created after it contradicts the
 * config (a typo in the year, or an end left from an earlier export); kept, the
 * time split would test on leads after the data's end, none of whose horizons
 * can be complete. (After a derived end they are kept and warned about:
 * {@link warnCreatedAfterDerivedEnd}.)
 * @param at - where the first such lead is
 * @param past - how many, the first's date and the latest
 * @param dataEnd - the configured last day (epoch ms, UTC; any instant of that day)
 */
export function pastDataEndError(at: RowAt, past: PastEnd, dataEnd: number): LeadvalueError {
  const end = formatDay(dataEnd);
  return new LeadvalueError(`${fileLabel(at.file)} row ${at.row}, column ${at.column}`, `lead created after the data end (label.dataEnd ${end}): nothing after the data end is known`,
    `${formatDay(past.at)}; ${formatCount(past.count, 'lead')} created after it, the latest on ${formatDay(past.latest)}`,
    `set label.dataEnd to the last day the files cover (on or after ${formatDay(past.latest)}), or "auto" to derive it from the revenue dates; to train as of ${end}, remove the leads created after it from the file`);
}

/**
 * Leads created after a data end derived from the revenue dates (`label.dataEnd`
 * "auto"): kept, with one warning giving their count, the latest date and the
 * first one's row. A derived end is the revenue export's last well-recorded
 * day, and a snapshot whose last days have no revenue (a weekend) ends
 * before its leads do; such leads are labelled as any lead open at the data
 * end: not won, value 0 (a win after the end would count, its value censored).
 * The count is in the message, so the warning is counted once.
 * @param file - the leads file
 * @param past - how many, the first's row and date, the latest date
 * @param dataEnd - the derived last day (epoch ms, UTC; any instant of that day)
 */
export function warnCreatedAfterDerivedEnd(warnings: Warnings, file: string, past: PastEnd, dataEnd: number): void {
  warnings.warn('created-after-data-end', `${fileLabel(file)}: ${formatCount(past.count, 'lead')} created after the data end derived from the revenue dates (${formatDay(dataEnd)}), ` +
    `the latest on ${formatDay(past.latest)} (first: row ${past.row}): kept, their outcome not yet known; set label.dataEnd to their last day if the revenue export is complete to it`);
}

/**
 * Wins and revenue rows dated after an explicit `label.dataEnd`: kept, as with
 * a data end derived from revenue (an outcomes export often runs later than the
 * revenue one: Olist has 50 wins after its revenue ends), but warned, with the
 * count, the first row and the latest date. A win after the end counts as won,
 * its value censored; a revenue row after it is in no value label (its date
 * still tells when the customer first paid).
 * @param what - `won` (outcome rows of known leads) or `revenue`
 * @param subject - the first row's lead or account, e.g. `lead "L7"`
 */
export function warnPastDataEnd(warnings: Warnings, what: 'won' | 'revenue', file: string, subject: string, past: PastEnd, dataEnd: number): void {
  const end = formatDay(dataEnd);
  const rows = what === 'won' ? 'wins dated after label.dataEnd ' + end + ' count as won, their value censored' : `revenue rows dated after label.dataEnd ${end} are in no value label`;
  warnings.warn(what === 'won' ? 'won-after-data-end' : 'revenue-after-data-end', `${fileLabel(file)}: ${rows} ` +
    `(first: row ${past.row}, ${subject}, dated ${formatDay(past.at)}; the latest ${formatDay(past.latest)}); ` +
    'if the files run later, set label.dataEnd to their last day, or "auto"', past.count);
}

/**
 * Leads whose account in the outcomes file differs from their account in the
 * leads file, with revenue keyed by account: the outcome's account is used
 * (the deal's account is the one that pays, and a deal is often booked under
 * a merged or corrected account), with a warning naming the first such lead
 * (by outcome row), both files, rows and accounts, and what follows: revenue of
 * the leads file's account is not counted for that lead.
 * @param first - the first such lead: its outcome row and account, its leads row and account
 * @param count - how many leads
 */
export function warnAccountConflicts(
  warnings: Warnings,
  first: { outcomes: string; outcomeRow: number; outcomeAccount: string; leads: string; leadRow: number; leadAccount: string; lead: string },
  count: number,
): void {
  const leads = fileLabel(first.leads);
  warnings.warn('account-conflict', `${fileLabel(first.outcomes)}: leads whose account differs from their account in ${leads} are credited with the outcome's account ` +
    `(first: row ${first.outcomeRow}, lead ${JSON.stringify(first.lead)}, account ${JSON.stringify(first.outcomeAccount)}; ${leads} row ${first.leadRow} has account ${JSON.stringify(first.leadAccount)}); ` +
    `revenue of the leads file's account is not counted for such a lead; if the outcomes file is wrong, correct its account ids`, count);
}

/** The revenue rows the join set aside or netted, each with its count and first row. */
export interface RevenueNotes {
  /** Rows of a won key dated before its first win: `key` and the key's first win. */
  beforeWin: { count: number; row: number; key: string; firstWin: number };
  /** Rows of a key no lead has (not one that never won: that is the report's `revenueUnmatched`). */
  unknownKey: { count: number; row: number; key: string };
  /** Rows with the key empty. */
  noKey: { count: number; row: number };
  /** Negative rows (refunds) added to a value label: `amount` of the first. */
  netted: { count: number; row: number; key: string; amount: number };
}

/**
 * Warns, in this order, about revenue rows dated before their key's win,
 * keyed by an id no lead has, with no key, and negative rows netted into a
 * value; a part whose count is 0 gives no warning.
 * @param warnings - the channel (each warning counted by rows)
 * @param tables - files, and how revenue is keyed: `accountsIn` the files holding the leads' accounts
 */
export function warnRevenueNotes(
  warnings: Warnings, notes: RevenueNotes,
  tables: { revenue: string; keyRole: 'account_id' | 'lead_id'; leads: string; accountsIn: string[] },
): void {
  const { keyRole } = tables;
  const revenue = fileLabel(tables.revenue);
  const noun = keyRole === 'account_id' ? 'account' : 'lead';
  const { beforeWin, unknownKey, noKey, netted } = notes;
  if (beforeWin.count > 0) {
    warnings.warn('revenue-before-win', `${revenue}: revenue rows dated before their ${noun}'s first win are ignored ` +
      `(first: row ${beforeWin.row}, ${noun} ${JSON.stringify(beforeWin.key)}, first won ${formatDay(beforeWin.firstWin)}); check the dates, or the ${noun} the rows are keyed by`, beforeWin.count);
  }
  if (unknownKey.count > 0) {
    const whose = keyRole === 'lead_id'
      ? `leads not in ${fileLabel(tables.leads)}`
      : tables.accountsIn.length ? `accounts not in ${tables.accountsIn.map((f) => fileLabel(f)).join(' or ')}` : 'accounts, while no table maps the leads\' account_id';
    const fix = keyRole === 'account_id' && tables.accountsIn.length === 0 ? '; map account_id in tables.leads or tables.outcomes, or key revenue by lead_id' : '';
    warnings.warn('revenue-unknown-key', `${revenue}: revenue rows for ${whose} are ignored (first: row ${unknownKey.row}, ${noun} ${JSON.stringify(unknownKey.key)})${fix}`, unknownKey.count);
  }
  if (noKey.count > 0) {
    warnings.warn('revenue-no-key', `${revenue}: revenue rows without ${noun === 'account' ? 'an account' : 'a lead'} id are ignored (first: row ${noKey.row})`, noKey.count);
  }
  if (netted.count > 0) {
    warnings.warn('revenue-netted', `${revenue}: negative amounts (refunds) are netted into their lead's value in the horizon ` +
      `(first: row ${netted.row}, ${noun} ${JSON.stringify(netted.key)}, amount ${netted.amount})`, netted.count);
  }
}

/**
 * A won lead whose revenue in its horizon nets below 0: refused, naming the
 * lead's first negative row in its horizon. Value is money a customer brought
 * after winning; a negative one is a refund without its sale (the sale dated
 * before the win or in another horizon, or keyed to another account), or a
 * sign error, and no value model can take it.
 * @param at - the first negative row of that lead in its horizon
 * @param lead - the lead, its key (account or lead id), win and net value; `amount` of the row
 * @param leads - how many leads net below 0
 */
export function negativeValueError(
  at: RowAt, lead: { id: string; keyNoun: string; key: string; wonAt: number; horizon: string; value: number; amount: number }, leads: number,
): LeadvalueError {
  const whose = lead.keyNoun === 'lead' ? `lead ${JSON.stringify(lead.id)}` : `lead ${JSON.stringify(lead.id)} (account ${JSON.stringify(lead.key)})`;
  const others = leads > 1 ? `; ${formatCount(leads - 1, 'other lead')} net${leads === 2 ? 's' : ''} below 0 too` : '';
  return new LeadvalueError(`${fileLabel(at.file)} row ${at.row}, column ${at.column}`,
    `negative amount in the horizon of ${whose}, whose revenue in the ${lead.horizon} from its win on ${formatDay(lead.wonAt)} nets to ${Math.round(lead.value * 100) / 100}`,
    String(lead.amount),
    `a value is what the customer brought after winning and cannot be below 0: a refund must follow the sale it refunds, in the same horizon and under the same ${lead.keyNoun}; ` +
    `check the sign, date and ${lead.keyNoun} of the negative rows, or remove them${others}`);
}

/**
 * Up to rounding, a value that refunds cancel exactly (10.10 + 20.20 − 30.30
 * is −3.6e-15 in doubles) is 0: within 1e-9 of the sum of the absolute amounts.
 */
export function nettedToZero(value: number, absoluteSum: number): boolean {
  return value < 0 && -value <= 1e-9 * absoluteSum;
}
