import type { DateFormat } from '../core/dates.js';
import type { SqlDialect } from './sql-dialect.js';
import type { SqlColumn, SqlNames } from './sql-query.js';

/**
 * Date parsing in SQL, exactly as src/core/dates.ts `parseDate` and
 * src/scoring/read-date.ts `readDate` read a date: the feature's format, ISO
 * 8601 when that fails; impossible calendar dates refused; all in UTC. Two
 * quirks of JavaScript's Date.UTC are reproduced because the scorer has them:
 * years 0000–0099 are read as 1900–1999 (which decides leap years and
 * weekdays), and a second of 60 carries into the next minute (so 10:59:60 is
 * hour 11, and 23:59:60 rolls into the next day, which the scorer refuses).
 * The patterns use no backslashes, so one spelling works in every dialect.
 * @module
 */

/** ISO 8601 as parseDate reads it. */
const ISO = '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?)?(Z|[+-]00:?00)?';
const COMPACT = '[0-9]{8}';
const SLASHED = '[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?';

/** A date column read in one format: the names of its columns in each stage. */
export interface DateGroup {
  column: string;
  format: DateFormat;
  /** The untrimmed text (missing when NULL or ''), and the trimmed text. */
  raw: string;
  trimmed: string;
  /** Match flags: ISO, and the format's own pattern (absent for iso). */
  iso: string;
  own?: string;
  /** Fields (integers, NULL when the text matches neither pattern). */
  y: string; mo: string; d: string; h: string; mi: string; s: string;
  /** 1 when the text is a valid date, else 0. */
  ok: string;
  /** The year Date.UTC uses, less 1 in January and February (for the weekday), and the hour after a leap second's carry. */
  wy: string;
  hour: string;
}

/** Names the columns of a date group. */
export function dateGroup(names: SqlNames, column: string, format: DateFormat, raw: string, trimmed: string): DateGroup {
  const n = (suffix: string) => names.name(`${column}_${format === 'iso' ? '' : format.replace(/\W/g, '')}`, suffix);
  return {
    column, format, raw, trimmed, iso: n('iso'), own: format === 'iso' ? undefined : n('own'),
    y: n('y'), mo: n('mo'), d: n('d'), h: n('h'), mi: n('mi'), s: n('s'), ok: n('ok'), wy: n('wy'), hour: n('hour'),
  };
}

/** Stage 1: which pattern the trimmed text matches. */
export function dateMatchColumns(g: DateGroup, sql: SqlDialect): SqlColumn[] {
  const cols: SqlColumn[] = [{ expr: sql.fullMatch(g.trimmed, ISO), alias: g.iso, comment: `${g.column} is ISO 8601` }];
  if (g.own) cols.push({ expr: sql.fullMatch(g.trimmed, g.format === 'yyyymmdd' ? COMPACT : SLASHED), alias: g.own, comment: `${g.column} is ${g.format}` });
  return cols;
}

/** Stage 2: the fields of the pattern that matched (the format's own first, as readDate tries it first). */
export function dateFieldColumns(g: DateGroup, sql: SqlDialect): SqlColumn[] {
  const t = g.trimmed;
  const sub = (from: number, len: number) => sql.int(`SUBSTR(${t}, ${from}, ${len})`);
  const timeIso = `SUBSTR(${t}, 11, 1) IN ('T', ' ')`;
  const iso = {
    y: sub(1, 4), mo: sub(6, 2), d: sub(9, 2),
    h: `CASE WHEN ${timeIso} THEN ${sub(12, 2)} ELSE 0 END`,
    mi: `CASE WHEN ${timeIso} THEN ${sub(15, 2)} ELSE 0 END`,
    s: `CASE WHEN ${timeIso} AND SUBSTR(${t}, 17, 1) = ':' THEN ${sub(18, 2)} ELSE 0 END`,
  };
  let own: typeof iso | undefined;
  if (g.format === 'yyyymmdd') own = { y: sub(1, 4), mo: sub(5, 2), d: sub(7, 2), h: '0', mi: '0', s: '0' };
  else if (g.format !== 'iso') {
    const grp = (p: string) => sql.int(sql.group(t, p));
    const first = grp('^([0-9]{1,2})'), second = grp('^[0-9]{1,2}[/.-]([0-9]{1,2})');
    own = {
      y: grp('^[0-9]{1,2}[/.-][0-9]{1,2}[/.-]([0-9]{4})'),
      mo: g.format === 'dd/mm/yyyy' ? second : first,
      d: g.format === 'dd/mm/yyyy' ? first : second,
      h: `COALESCE(${grp('[T ]([0-9]{2}):')}, 0)`,
      mi: `COALESCE(${grp('[T ][0-9]{2}:([0-9]{2})')}, 0)`,
      s: `COALESCE(${grp('[T ][0-9]{2}:[0-9]{2}:([0-9]{2})$')}, 0)`,
    };
  }
  return (['y', 'mo', 'd', 'h', 'mi', 's'] as const).map((k) => ({
    expr: own ? `CASE WHEN ${g.own} THEN ${own[k]} WHEN ${g.iso} THEN ${iso[k]} END` : `CASE WHEN ${g.iso} THEN ${iso[k]} END`,
    alias: g[k],
  }));
}

/** Stage 3: whether the date is valid, the weekday year, the hour. */
export function dateCheckColumns(g: DateGroup, sql: SqlDialect): SqlColumn[] {
  const { y, mo, d, h, mi, s } = g;
  // Date.UTC reads years 0–99 as 1900–1999: 1900 is not a leap year, 1904…1996 are.
  const leap = `MOD(${y}, 4) = 0 AND (MOD(${y}, 100) <> 0 OR MOD(${y}, 400) = 0) AND ${y} <> 0`;
  const days = `CASE WHEN ${mo} = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END WHEN ${mo} IN (4, 6, 9, 11) THEN 30 ELSE 31 END`;
  const valid = `${y} IS NOT NULL AND ${mo} BETWEEN 1 AND 12 AND ${d} >= 1 AND ${d} <= ${days} AND ${h} <= 23 AND ${mi} <= 59 AND ${s} <= 60 AND NOT (${h} = 23 AND ${mi} = 59 AND ${s} = 60)`;
  void sql;
  return [
    { expr: `CASE WHEN ${valid} THEN 1 ELSE 0 END`, alias: g.ok, comment: `${g.column}: a real date and time (23:59:60 rolls into the next day: refused)` },
    { expr: `CASE WHEN ${y} < 100 THEN ${y} + 1900 ELSE ${y} END - CASE WHEN ${mo} < 3 THEN 1 ELSE 0 END`, alias: g.wy, comment: 'year for the weekday (Sakamoto)' },
    { expr: `${h} + CASE WHEN ${s} = 60 AND ${mi} = 59 THEN 1 ELSE 0 END`, alias: g.hour, comment: 'a second of 60 carries into the next minute' },
  ];
}

/** The date part a feature derives, as a number (month 1–12, weekday 0 = Monday … 6, quarter 1–4, hour 0–23); NULL when missing or invalid. */
export function datePartNumber(g: DateGroup, part: 'month' | 'weekday' | 'quarter' | 'hour', sql: SqlDialect): string {
  const ok = (e: string) => `CASE WHEN ${g.ok} = 1 THEN ${e} END`;
  if (part === 'month') return ok(g.mo);
  if (part === 'quarter') return ok(sql.div(`${g.mo} + 2`, '3'));
  if (part === 'hour') return ok(g.hour);
  return ok(`MOD(${sundayWeekday(g, sql)} + 6, 7)`);
}

/** The levels of a category date part, in the order of its numbers (see {@link datePartBase}). */
export function datePartLevels(part: 'month' | 'weekday' | 'quarter' | 'hour'): string[] {
  if (part === 'month') return ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
  if (part === 'weekday') return ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  if (part === 'quarter') return ['q1', 'q2', 'q3', 'q4'];
  return Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
}

/** The first number of a part (month and quarter count from 1, weekday and hour from 0). */
export function datePartBase(part: 'month' | 'weekday' | 'quarter' | 'hour'): number {
  return part === 'month' || part === 'quarter' ? 1 : 0;
}

/** 0 = Sunday … 6 (Tomohiko Sakamoto's method, integers only, for any dialect). */
function sundayWeekday(g: DateGroup, sql: SqlDialect): string {
  const t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4].map((v, i) => `WHEN ${i + 1} THEN ${v}`).join(' ');
  const wy = g.wy;
  return `MOD(${wy} + ${sql.div(wy, '4')} - ${sql.div(wy, '100')} + ${sql.div(wy, '400')} + CASE ${g.mo} ${t} END + ${g.d}, 7)`;
}
