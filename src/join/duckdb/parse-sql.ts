import type { DateFormat, Duration } from '../../core/dates.js';
import type { DatePart } from '../../load/adapter-config.js';
import { sqlString } from './sql-text.js';

// The texts each date format accepts: the same regular expressions as parseDate (src/core/dates.ts),
// so DuckDB refuses exactly what the TypeScript loader refuses.
const ISO = String.raw`^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]00:?00)?$`;
const SLASHED = String.raw`^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}([T ]\d{2}:\d{2}(:\d{2})?)?$`;
const D = '[0-9]';
const DAY_GLOB = `${D}${D}${D}${D}-${D}${D}-${D}${D}`;

/**
 * SQL that parses a trimmed text to a TIMESTAMP (UTC, milliseconds kept) the way
 * `parseDate` does for the format, or NULL when the text is not such a date
 * (impossible calendar dates such as 2024-02-31 included). The text is first
 * checked against the format's pattern, then normalised (`T` → space, `Z` or a
 * zero offset dropped, seconds cut to milliseconds, `.` or `-` → `/`) and read
 * with `strptime`.
 * @param text - a SQL expression giving the text (NULL when empty)
 * @param format - the table's date format
 * @returns the SQL expression
 * @example
 * parseDateSql('"won_date"', 'iso')
 */
export function parseDateSql(text: string, format: DateFormat): string {
  switch (format) {
    case 'iso': {
      // Fast paths first: the two shapes of nearly every export, checked with GLOB (no regular expression).
      const normal = `regexp_replace(replace(regexp_replace(${text}, '(Z|[+-]00:?00)$', ''), 'T', ' '), '(\\.\\d{1,3})\\d*$', '\\1')`;
      const byLength = (n: string) => `CASE length(${n}) WHEN 10 THEN try_strptime(${n}, '%Y-%m-%d') WHEN 16 THEN try_strptime(${n}, '%Y-%m-%d %H:%M')
        WHEN 19 THEN try_strptime(${n}, '%Y-%m-%d %H:%M:%S') ELSE try_strptime(${n}, '%Y-%m-%d %H:%M:%S.%f') END`;
      return `CASE WHEN ${text} GLOB '${DAY_GLOB}' THEN try_strptime(${text}, '%Y-%m-%d')
      WHEN ${text} GLOB '${DAY_GLOB} ${D}${D}:${D}${D}:${D}${D}' THEN try_strptime(${text}, '%Y-%m-%d %H:%M:%S')
      WHEN regexp_full_match(${text}, ${sqlString(ISO)}) THEN ${byLength(normal)} END`;
    }
    case 'yyyymmdd':
      return `CASE WHEN regexp_full_match(${text}, '^\\d{8}$') THEN try_strptime(${text}, '%Y%m%d') END`;
    case 'dd/mm/yyyy':
    case 'mm/dd/yyyy': {
      const dm = format === 'dd/mm/yyyy' ? '%d/%m/%Y' : '%m/%d/%Y';
      const normal = `trim(regexp_replace(${text}, '^(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})[T ]?', '\\1/\\2/\\3 '))`;
      return `CASE WHEN regexp_full_match(${text}, ${sqlString(SLASHED)}) THEN try_strptime(${normal}, [${[`${dm} %H:%M:%S`, `${dm} %H:%M`, dm].map(sqlString).join(', ')}]) END`;
    }
  }
}

/**
 * SQL that parses a trimmed text to a DOUBLE the way `parseNumberBytes` does:
 * plain decimals only (`1`, `-2.5`, `.5`, `1e3`), finite; NULL otherwise.
 * @param text - a SQL expression giving the text (NULL when empty)
 * @returns the SQL expression
 */
export function parseNumberSql(text: string): string {
  // Only digits, point, sign and exponent letters, then DuckDB's own parser (it refuses `1.2.3`, `e5`, `-`):
  // the same texts as the loader's syntax, without a regular expression per value.
  return `CASE WHEN translate(${text}, '0123456789.+-eE', '') = '' AND isfinite(TRY_CAST(${text} AS DOUBLE)) THEN CAST(${text} AS DOUBLE) END`;
}

/**
 * SQL for a date part, as `datePart` (a category level: `jan`, `mon`, `q1`, `00`)
 * or `datePartNumber` (month 1–12, weekday 0 = Monday … 6, quarter 1–4, hour 0–23).
 * @param at - a TIMESTAMP expression
 * @param part - which part
 * @param kind - `category` for the level text, `number` for the number
 * @returns the SQL expression (NULL for a NULL timestamp)
 */
export function datePartSql(at: string, part: DatePart, kind: 'category' | 'number'): string {
  if (kind === 'number') {
    return { month: `month(${at})`, weekday: `isodow(${at}) - 1`, quarter: `quarter(${at})`, hour: `hour(${at})` }[part] + '::DOUBLE';
  }
  return {
    month: `lower(strftime(${at}, '%b'))`, weekday: `lower(strftime(${at}, '%a'))`,
    quarter: `'q' || quarter(${at})`, hour: `strftime(${at}, '%H')`,
  }[part];
}

/**
 * SQL that adds a horizon to a TIMESTAMP as `addDuration` does: days and weeks
 * exactly, months and years as calendar months clamped to the month's last day
 * (Jan 31 + 1 month = Feb 28 or 29), the time of day kept.
 * @param at - a TIMESTAMP expression
 * @param horizon - the duration
 * @returns the SQL expression
 */
export function addDurationSql(at: string, horizon: Duration): string {
  const days = horizon.unit === 'days' ? horizon.amount : horizon.unit === 'weeks' ? horizon.amount * 7 : 0;
  if (days) return `${at} + INTERVAL ${days} DAY`;
  return `${at} + INTERVAL ${horizon.unit === 'months' ? horizon.amount : horizon.amount * 12} MONTH`;
}
