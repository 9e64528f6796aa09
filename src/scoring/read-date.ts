import { parseDate, type DateFormat } from '../core/dates.js';
import { LeadvalueError, shown } from '../core/errors.js';
import { MAX_EPOCH_MS } from './utc-parts.js';

/**
 * Reads a date as the scorer does: text in the given format, ISO 8601
 * always accepted too; a `Date` or epoch milliseconds as they are.
 * @param raw - the value from a lead
 * @param format - the source's date format (a feature's `dateFormat`, or the model's `input.dateFormat`)
 * @param where - used in the message, e.g. `new.csv row 7, field created_at`
 * @returns epoch milliseconds (UTC), or null when the value is missing (null, undefined, empty)
 * @throws LeadvalueError naming `where` when the text is not a date in either format, or a number is beyond
 *   ±8.64e15 epoch milliseconds (the range of a JavaScript Date; ±Infinity included; NaN is missing)
 * @example
 * readDate('18/05/2023', 'dd/mm/yyyy', 'lead 1, field Date Created') // 1684368000000
 */
export function readDate(raw: unknown, format: DateFormat, where: string): number | null {
  if (raw === null || raw === undefined || raw === '') return null;
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.getTime();
  if (typeof raw === 'number') {
    if (Number.isNaN(raw)) return null;
    if (raw > MAX_EPOCH_MS || raw < -MAX_EPOCH_MS) throw new LeadvalueError(where, 'not a date: epoch milliseconds beyond ±8.64e15', String(raw), 'pass epoch milliseconds (Date.getTime())');
    return raw;
  }
  const text = String(raw).trim();
  let t = parseDate(text, format);
  if (Number.isNaN(t) && format !== 'iso') t = parseDate(text, 'iso');
  if (Number.isNaN(t)) throw new LeadvalueError(where, 'not a date', shown(raw), `use ${format === 'iso' ? 'ISO 8601 (YYYY-MM-DD or YYYY-MM-DD HH:mm:ss, in UTC: no offset, Z or +00:00)' : `${format} or ISO 8601`}`);
  return t;
}
