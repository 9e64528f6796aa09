import { datePart } from '../core/dates.js';

/** A part of a date a feature may derive (see FeatureSpec `derive`). */
export type DerivedPart = 'month' | 'weekday' | 'quarter' | 'hour';

/** Largest |epoch ms| a JavaScript Date can hold (ECMAScript TimeClip). */
export const MAX_EPOCH_MS = 8.64e15;
const DAY_MS = 86_400_000;

/**
 * The index of a date part of an instant (UTC), in integer arithmetic instead
 * of a `Date` per row: `month` 0–11, `weekday` 0 = Sunday … 6 (as
 * `getUTCDay`), `quarter` 0–3, `hour` 0–23. Equal to what `new Date(ms)` gives
 * for every |ms| ≤ 8.64e15, fractions of a millisecond truncated toward 0 as
 * Date does (test/scoring/score-columns-dates.test.ts checks it against Date).
 * The caller checks the range.
 * @param ms - epoch milliseconds, finite, |ms| ≤ {@link MAX_EPOCH_MS}
 * @param part - which part
 * @returns the part's index
 * @example
 * utcPartIndex(Date.UTC(2024, 4, 17, 9), 'month') // 4 (May)
 */
export function utcPartIndex(ms: number, part: DerivedPart): number {
  const t = Math.trunc(ms);
  const days = Math.floor(t / DAY_MS);
  if (part === 'hour') return Math.floor((t - days * DAY_MS) / 3_600_000);
  if (part === 'weekday') return (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
  // Month of a day count: H. Hinnant's civil_from_days (eras of 400 years, years from March).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month0 = mp < 10 ? mp + 2 : mp - 10;
  return part === 'month' ? month0 : Math.floor(month0 / 3);
}

/** How many indices a part has. */
export const PART_SIZE: Record<DerivedPart, number> = { month: 12, weekday: 7, quarter: 4, hour: 24 };

/**
 * The category level of each index of a part, as core/dates' datePart names it
 * (`jan`…, `sun`…, `q1`…, `00`…), read off datePart itself so the two cannot disagree.
 */
export function partLevels(part: DerivedPart): string[] {
  return Array.from({ length: PART_SIZE[part] }, (_, i) => {
    // 2006-01-01 was a Sunday: day i of January 2006 has weekday index i for i < 7.
    const ms = part === 'month' ? Date.UTC(2006, i, 1) : part === 'quarter' ? Date.UTC(2006, 3 * i, 1)
      : part === 'weekday' ? Date.UTC(2006, 0, 1 + i) : Date.UTC(2006, 0, 1, i);
    return datePart(ms, part)!;
  });
}

/**
 * The number a numeric date-part feature takes for an index (as core/dates'
 * datePartNumber): month 1–12, weekday 0 = Monday … 6, quarter 1–4, hour 0–23.
 */
export function partNumber(index: number, part: DerivedPart): number {
  if (part === 'weekday') return (index + 6) % 7;
  return part === 'hour' ? index : index + 1;
}

/**
 * utcPartIndex for whole days, tabulated: dates in a batch cluster within some
 * years, so a table over the days seen beats the calendar arithmetic per row.
 * The table grows to cover new days (with a year of margin either side), up to
 * 4M days (11,000 years); beyond that the arithmetic is used.
 */
export class DayPartTable {
  private lo = 0;
  private table = new Int8Array(0);
  /** @param part - `month` or `quarter` (the parts that depend on the day alone, and not trivially) */
  constructor(private readonly part: 'month' | 'quarter') {}

  /** The part index of day `day` (days since 1970-01-01, UTC). */
  index(day: number): number {
    const j = day - this.lo;
    if (j >= 0 && j < this.table.length) return this.table[j];
    return this.grow(day);
  }

  private grow(day: number): number {
    const lo = Math.min(this.table.length ? this.lo : day, day) - 366;
    const hi = Math.max(this.table.length ? this.lo + this.table.length : day + 1, day + 1) + 366;
    if (hi - lo > 4_000_000) return utcPartIndex(day * DAY_MS, this.part);
    const table = new Int8Array(hi - lo);
    for (let d = lo; d < hi; d++) table[d - lo] = utcPartIndex(d * DAY_MS, this.part);
    this.lo = lo;
    this.table = table;
    return table[day - lo];
  }
}
