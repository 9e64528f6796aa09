import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDuration, datePart, datePartNumber, DAY_MS, formatDay, formatDuration, parseDate, parseDuration, type DateFormat,
} from '../../src/core/dates.js';

// Epoch milliseconds below come from Python's datetime, an independent source:
// /usr/bin/python3 -c "from datetime import datetime, timezone as tz; print(int(datetime(2018,2,1,tzinfo=tz.utc).timestamp()*1000))"
const T_2018_02_01 = 1517443200000; // Thursday
const T_2018_02_01_134530 = 1517492730000;
const T_1997_01_01 = 852076800000;
const T_2024_01_31 = 1706659200000;
const T_2024_01_31_1030 = 1706697000000;
const T_2024_02_29 = 1709164800000;
const T_2025_02_28 = 1740700800000;

describe('parseDate', () => {
  it('parses ISO dates as UTC midnight (Python datetime: 1517443200000)', () => {
    expect(parseDate('2018-02-01')).toBe(T_2018_02_01);
    expect(parseDate('2018-02-01', 'iso')).toBe(T_2018_02_01);
  });

  it('keeps the time of day, with T or a space, seconds and fractions optional', () => {
    expect(parseDate('2018-02-01T13:45:30')).toBe(T_2018_02_01_134530);
    expect(parseDate('2018-02-01 13:45:30')).toBe(T_2018_02_01_134530);
    expect(parseDate('2018-02-01T13:45:30Z')).toBe(T_2018_02_01_134530);
    expect(parseDate('2018-02-01T13:45:30+00:00')).toBe(T_2018_02_01_134530);
    expect(parseDate('2018-02-01T13:45')).toBe(T_2018_02_01_134530 - 30_000);
    expect(parseDate('2018-02-01T13:45:30.25')).toBe(T_2018_02_01_134530 + 250);
    expect(parseDate('2018-02-01T13:45:30.123456789')).toBe(T_2018_02_01_134530 + 123);
  });

  it('returns NaN for impossible calendar dates instead of rolling over', () => {
    expect(parseDate('2024-02-31')).toBeNaN();
    expect(parseDate('2023-02-29')).toBeNaN(); // 2023 is not a leap year
    expect(parseDate('2024-02-29')).toBe(T_2024_02_29); // 2024 is
    expect(parseDate('2024-04-31')).toBeNaN();
    expect(parseDate('2024-13-01')).toBeNaN();
    expect(parseDate('2024-00-10')).toBeNaN();
    expect(parseDate('2024-01-00')).toBeNaN();
    expect(parseDate('2024-01-01T24:00')).toBeNaN();
    expect(parseDate('2024-01-01T12:60')).toBeNaN();
  });

  it('returns NaN for text that is not a date in the format', () => {
    for (const text of ['', 'yesterday', '2024-1-5', '24-01-05', '2024/01/05', ' 2024-01-05', '2024-01-05T', '2024-01-05T10:00+01:00']) {
      expect(parseDate(text), text).toBeNaN();
    }
  });

  it('parses yyyymmdd, day-first and month-first formats (Python datetime values)', () => {
    expect(parseDate('19970101', 'yyyymmdd')).toBe(T_1997_01_01);
    expect(parseDate('19970132', 'yyyymmdd')).toBeNaN();
    expect(parseDate('31/01/2024', 'dd/mm/yyyy')).toBe(T_2024_01_31);
    expect(parseDate('31.01.2024', 'dd/mm/yyyy')).toBe(T_2024_01_31);
    expect(parseDate('01/31/2024', 'mm/dd/yyyy')).toBe(T_2024_01_31);
    expect(parseDate('1-31-2024 10:30', 'mm/dd/yyyy')).toBe(T_2024_01_31_1030);
    expect(parseDate('31/02/2024', 'dd/mm/yyyy')).toBeNaN();
    expect(parseDate('01/31/2024', 'dd/mm/yyyy')).toBeNaN(); // month 31
  });

  it('refuses an unknown format with the message format of the library', () => {
    expect(() => parseDate('2024-01-01', 'ymd' as DateFormat)).toThrow(/^date format: unknown format \(got "ymd"\); use one of iso, yyyymmdd/);
  });

  it('round-trips every day through formatDay (property)', () => {
    fc.assert(fc.property(fc.integer({ min: -25_000, max: 60_000 }), (day) => {
      const ms = day * DAY_MS;
      expect(parseDate(formatDay(ms))).toBe(ms);
    }));
  });
});

describe('addDuration', () => {
  it('clamps calendar months to the last day of the month', () => {
    // Jan 31 2024 + 1 month = Feb 29 2024 (leap year); + 1 year from Feb 29 = Feb 28 2025.
    expect(addDuration(T_2024_01_31, { amount: 1, unit: 'months' })).toBe(T_2024_02_29);
    expect(addDuration(T_2024_02_29, { amount: 1, unit: 'years' })).toBe(T_2025_02_28);
    expect(addDuration(T_2024_02_29, { amount: 12, unit: 'months' })).toBe(T_2025_02_28);
    expect(formatDay(addDuration(parseDate('2023-01-31'), { amount: 1, unit: 'months' }))).toBe('2023-02-28');
    expect(formatDay(addDuration(parseDate('2024-10-31'), { amount: 1, unit: 'months' }))).toBe('2024-11-30');
    expect(formatDay(addDuration(parseDate('2024-03-31'), { amount: 3, unit: 'months' }))).toBe('2024-06-30');
  });

  it('carries months over the year and keeps the time of day', () => {
    expect(formatDay(addDuration(parseDate('2023-12-15'), { amount: 1, unit: 'months' }))).toBe('2024-01-15');
    expect(formatDay(addDuration(parseDate('2023-11-30'), { amount: 14, unit: 'months' }))).toBe('2025-01-30');
    // Jan 31 2024 10:30 + 1 month = Feb 29 2024 10:30 (1709164800000 + 10.5 h)
    expect(addDuration(T_2024_01_31_1030, { amount: 1, unit: 'months' })).toBe(T_2024_02_29 + 10.5 * 3_600_000);
  });

  it('adds days and weeks as exact multiples of 24 hours', () => {
    expect(addDuration(T_2024_01_31, { amount: 29, unit: 'days' })).toBe(T_2024_02_29);
    expect(addDuration(T_2018_02_01, { amount: 2, unit: 'weeks' })).toBe(T_2018_02_01 + 14 * DAY_MS);
  });

  it('keeps the day of month when it exists in the target month (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1990, max: 2060 }), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 28 }),
      fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: DAY_MS - 1 }),
      (y, m, d, months, timeOfDay) => {
        const t = Date.UTC(y, m, d) + timeOfDay;
        const u = addDuration(t, { amount: months, unit: 'months' });
        expect(new Date(u).getUTCDate()).toBe(d);
        expect(u - Math.floor(u / DAY_MS) * DAY_MS).toBe(timeOfDay);
        expect((new Date(u).getUTCFullYear() - y) * 12 + new Date(u).getUTCMonth() - m).toBe(months);
      },
    ));
  });
});

describe('parseDuration', () => {
  it('reads amounts with short and long units', () => {
    expect(parseDuration('90d')).toEqual({ amount: 90, unit: 'days' });
    expect(parseDuration(' 3 months ')).toEqual({ amount: 3, unit: 'months' });
    expect(parseDuration('1 month')).toEqual({ amount: 1, unit: 'months' });
    expect(parseDuration('52w')).toEqual({ amount: 52, unit: 'weeks' });
    expect(parseDuration('2 years')).toEqual({ amount: 2, unit: 'years' });
    expect(parseDuration('1y')).toEqual({ amount: 1, unit: 'years' });
  });

  it('writes back the short form', () => {
    for (const text of ['90d', '12w', '3m', '1y']) expect(formatDuration(parseDuration(text))).toBe(text);
  });

  it('refuses what is not a positive whole duration, saying where and how to fix it', () => {
    expect(() => parseDuration('3x')).toThrow(/^duration: not a duration \(got "3x"\); write a positive whole number and a unit/);
    expect(() => parseDuration('0d')).toThrow(/not a duration \(got "0d"\)/);
    expect(() => parseDuration('-3d')).toThrow(/not a duration \(got "-3d"\)/);
    expect(() => parseDuration('1.5m')).toThrow(/not a duration \(got "1.5m"\)/);
    expect(() => parseDuration('')).toThrow(/not a duration \(got ""\)/);
    expect(() => parseDuration('months')).toThrow(/e\.g\. "90d"/);
    expect(() => parseDuration('3 mo', 'config label.horizon')).toThrow(/^config label\.horizon: not a duration \(got "3 mo"\)/);
  });
});

describe('datePart and datePartNumber', () => {
  it('knows 2018-02-01 was a Thursday in February, first quarter (Python: strftime("%a") = Thu)', () => {
    expect(datePart(T_2018_02_01, 'weekday')).toBe('thu');
    expect(datePart(T_2018_02_01, 'month')).toBe('feb');
    expect(datePart(T_2018_02_01, 'quarter')).toBe('q1');
    expect(datePart(T_2018_02_01, 'hour')).toBe('00');
    expect(datePartNumber(T_2018_02_01, 'weekday')).toBe(3); // Monday = 0
    expect(datePartNumber(T_2018_02_01, 'month')).toBe(2);
    expect(datePartNumber(T_2018_02_01, 'quarter')).toBe(1);
    expect(datePartNumber(T_2018_02_01_134530, 'hour')).toBe(13);
    expect(datePart(T_2018_02_01_134530, 'hour')).toBe('13');
  });

  it('puts Monday at 0 and Sunday at 6, and the last hours of the year in q4', () => {
    // 2024-01-15 was a Monday, 2018-02-04 a Sunday (Python strftime).
    expect(datePart(parseDate('2024-01-15'), 'weekday')).toBe('mon');
    expect(datePartNumber(parseDate('2024-01-15'), 'weekday')).toBe(0);
    expect(datePart(parseDate('2018-02-04'), 'weekday')).toBe('sun');
    expect(datePartNumber(parseDate('2018-02-04'), 'weekday')).toBe(6);
    const t = parseDate('2018-12-31T23:59:59');
    expect([datePart(t, 'month'), datePart(t, 'quarter'), datePart(t, 'hour')]).toEqual(['dec', 'q4', '23']);
    expect([datePartNumber(t, 'month'), datePartNumber(t, 'quarter')]).toEqual([12, 4]);
  });

  it('gives null and NaN for a missing instant', () => {
    for (const part of ['month', 'weekday', 'quarter', 'hour'] as const) {
      expect(datePart(NaN, part)).toBeNull();
      expect(datePartNumber(NaN, part)).toBeNaN();
    }
  });

  it('follows the day count from 1970-01-01, a Thursday, at every time of day (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: DAY_MS - 1 }), (day, ms) => {
      const start = day * DAY_MS;
      expect(datePart(start + ms, 'weekday')).toBe(datePart(start, 'weekday'));
      // 1970-01-01 was a Thursday: weekday number = (day + 3) mod 7 with Monday = 0.
      expect(datePartNumber(start + ms, 'weekday')).toBe((day + 3) % 7);
    }));
  });
});
