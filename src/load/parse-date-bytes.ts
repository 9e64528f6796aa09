import { parseDate, type DateFormat } from '../core/dates.js';

/**
 * Parses a date straight from bytes, with the result of `parseDate` (core/dates)
 * for the same text. The common shapes are read without making a string —
 * `YYYY-MM-DD`, `YYYY-MM-DD HH:mm`, `YYYY-MM-DD HH:mm:ss` (space or `T`, optional
 * `Z`), `YYYYMMDD`, `DD/MM/YYYY` and `MM/DD/YYYY` with two-digit day and month;
 * every other text (fractions of seconds, offsets, one-digit days, leap seconds,
 * years before 100, ...) is handed to `parseDate`.
 *
 * @param bytes - the buffer
 * @param start - first byte of the date (already trimmed)
 * @param end - one past its last byte
 * @param format - the date format of the column
 * @returns epoch milliseconds (UTC), or NaN when the text is not a valid date in that format
 * @example
 * parseDateBytes(Buffer.from('2018-02-01'), 0, 10, 'iso') // 1517443200000
 */
export function parseDateBytes(bytes: Uint8Array, start: number, end: number, format: DateFormat): number {
  const length = end - start;
  let y = -1, mo = -1, d = -1, h = 0, mi = 0, s = 0;
  if (format === 'iso') {
    if (length === 10 || length === 16 || length === 19 || (length === 20 && bytes[end - 1] === 0x5a)) {
      if (bytes[start + 4] === 0x2d && bytes[start + 7] === 0x2d) {
        y = digits(bytes, start, 4);
        mo = digits(bytes, start + 5, 2);
        d = digits(bytes, start + 8, 2);
        if (length > 10) {
          const t = bytes[start + 10];
          if ((t === 0x20 || t === 0x54) && bytes[start + 13] === 0x3a) {
            h = digits(bytes, start + 11, 2);
            mi = digits(bytes, start + 14, 2);
            if (length > 16) s = bytes[start + 16] === 0x3a ? digits(bytes, start + 17, 2) : -1;
          } else {
            y = -1;
          }
        }
      }
    }
  } else if (format === 'yyyymmdd') {
    if (length !== 8) return NaN; // parseDate accepts exactly eight digits
    y = digits(bytes, start, 4);
    mo = digits(bytes, start + 4, 2);
    d = digits(bytes, start + 6, 2);
  } else if (length === 10 && isSeparator(bytes[start + 2]) && isSeparator(bytes[start + 5])) {
    const first = digits(bytes, start, 2);
    const second = digits(bytes, start + 3, 2);
    y = digits(bytes, start + 6, 4);
    if (format === 'dd/mm/yyyy') {
      d = first;
      mo = second;
    } else if (format === 'mm/dd/yyyy') {
      mo = first;
      d = second;
    }
  }
  // anything unusual (or not a digit) goes the slow, reference way
  if (y < 100 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 || s === 60) {
    return parseDate(Buffer.from(bytes.buffer, bytes.byteOffset + start, length).toString('utf8'), format);
  }
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return NaN;
  return daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000;
}

/** The number written by `count` ASCII digits at `at`, or -1 when one is not a digit. */
function digits(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = bytes[i] - 0x30;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

function isSeparator(c: number): boolean {
  return c === 0x2f || c === 0x2e || c === 0x2d; // / . -
}

function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, mo: number, d: number): number {
  if (mo <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
