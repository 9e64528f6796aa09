import { LeadvalueError, shown } from './errors.js';

/**
 * Date formats leadvalue parses. All dates are read as UTC; a time of day, when
 * present, is kept.
 * - `iso`: `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:mm[:ss[.sss]]`, optional `Z`
 * - `yyyymmdd`: `19970101`
 * - `dd/mm/yyyy`, `mm/dd/yyyy`: day-first or month-first with `/`, `-` or `.`
 */
export type DateFormat = 'iso' | 'yyyymmdd' | 'dd/mm/yyyy' | 'mm/dd/yyyy';

/** The formats accepted by {@link parseDate}. */
export const DATE_FORMATS: readonly DateFormat[] = ['iso', 'yyyymmdd', 'dd/mm/yyyy', 'mm/dd/yyyy'];

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]00:?00)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Parses a date string to epoch milliseconds (UTC).
 * @param text - the date as written in the file
 * @param format - one of {@link DATE_FORMATS}
 * @returns epoch milliseconds, or NaN when the text is not a valid date in that format
 * (including impossible calendar dates such as 2024-02-31)
 * @example
 * parseDate('2018-02-01', 'iso') // 1517443200000
 */
export function parseDate(text: string, format: DateFormat = 'iso'): number {
  let y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0;
  let m: RegExpExecArray | null;
  switch (format) {
    case 'iso':
      m = ISO.exec(text);
      if (!m) return NaN;
      y = +m[1]; mo = +m[2]; d = +m[3];
      if (m[4] !== undefined) { h = +m[4]; mi = +m[5]; s = m[6] !== undefined ? +m[6] : 0; }
      if (m[7] !== undefined) ms = Math.floor(+('0.' + m[7]) * 1000);
      break;
    case 'yyyymmdd':
      m = COMPACT.exec(text);
      if (!m) return NaN;
      y = +m[1]; mo = +m[2]; d = +m[3];
      break;
    case 'dd/mm/yyyy':
    case 'mm/dd/yyyy':
      m = SLASHED.exec(text);
      if (!m) return NaN;
      [d, mo] = format === 'dd/mm/yyyy' ? [+m[1], +m[2]] : [+m[2], +m[1]];
      y = +m[3];
      if (m[4] !== undefined) { h = +m[4]; mi = +m[5]; s = m[6] !== undefined ? +m[6] : 0; }
      break;
    default:
      throw new LeadvalueError('date format', 'unknown format', shown(format), `use one of ${DATE_FORMATS.join(', ')}`);
  }
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return NaN;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Date.UTC rolls 2024-02-31 over to March: refuse such dates.
  if (new Date(t).getUTCDate() !== d) return NaN;
  return t;
}

/** Formats epoch milliseconds as `YYYY-MM-DD` (UTC). */
export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A length of time with a typed unit, as written in configs: `90d`, `3m`, `12w`, `1y`. */
export interface Duration {
  amount: number;
  unit: 'days' | 'weeks' | 'months' | 'years';
}

const DURATION = /^(\d+)\s*(d|day|days|w|week|weeks|m|month|months|y|year|years)$/;

/**
 * Parses a duration such as `90d`, `3 months`, `52w`, `1y`.
 * @throws LeadvalueError when the text is not a duration
 */
export function parseDuration(text: string, where = 'duration'): Duration {
  const m = DURATION.exec(String(text).trim());
  if (!m || +m[1] <= 0) {
    throw new LeadvalueError(where, 'not a duration', shown(text), 'write a positive whole number and a unit, e.g. "90d", "12w", "3m" or "1y"');
  }
  const unit = m[2][0] === 'd' ? 'days' : m[2][0] === 'w' ? 'weeks' : m[2][0] === 'm' ? 'months' : 'years';
  return { amount: +m[1], unit };
}

/** Writes a duration back as `90d`, `12w`, `3m`, `1y`. */
export function formatDuration(d: Duration): string {
  return `${d.amount}${d.unit[0]}`;
}

/**
 * Adds a duration to a UTC instant. Months and years are calendar months,
 * clamped to the month's last day (Jan 31 + 1 month = Feb 28/29).
 */
export function addDuration(ms: number, d: Duration): number {
  if (d.unit === 'days') return ms + d.amount * DAY_MS;
  if (d.unit === 'weeks') return ms + d.amount * 7 * DAY_MS;
  const months = d.unit === 'months' ? d.amount : d.amount * 12;
  const date = new Date(ms);
  const y = date.getUTCFullYear(), mo = date.getUTCMonth() + months, day = date.getUTCDate();
  const lastDay = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
  const rest = ms - Date.UTC(y, date.getUTCMonth(), day);
  return Date.UTC(y, mo, Math.min(day, lastDay)) + rest;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * The level a date-part feature takes for an instant (UTC): `month` → "jan"…"dec",
 * `weekday` → "mon"…"sun", `quarter` → "q1"…"q4", `hour` → "00"…"23".
 * Returns null for a missing (NaN) instant.
 */
export function datePart(ms: number, part: 'month' | 'weekday' | 'quarter' | 'hour'): string | null {
  if (Number.isNaN(ms)) return null;
  const d = new Date(ms);
  switch (part) {
    case 'month': return MONTHS[d.getUTCMonth()];
    case 'weekday': return WEEKDAYS[d.getUTCDay()];
    case 'quarter': return 'q' + (Math.floor(d.getUTCMonth() / 3) + 1);
    case 'hour': return String(d.getUTCHours()).padStart(2, '0');
  }
}

/**
 * The number a numeric date-part feature takes (UTC): `month` → 1…12,
 * `weekday` → 0 (Monday) … 6 (Sunday), `quarter` → 1…4, `hour` → 0…23.
 * NaN for a missing (NaN) instant.
 */
export function datePartNumber(ms: number, part: 'month' | 'weekday' | 'quarter' | 'hour'): number {
  if (Number.isNaN(ms)) return NaN;
  const d = new Date(ms);
  switch (part) {
    case 'month': return d.getUTCMonth() + 1;
    case 'weekday': return (d.getUTCDay() + 6) % 7;
    case 'quarter': return Math.floor(d.getUTCMonth() / 3) + 1;
    case 'hour': return d.getUTCHours();
  }
}
