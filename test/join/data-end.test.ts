import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/core/dates.js';
import { deriveDataEnd } from '../../src/join/data-end.js';
import { d } from './tables.js';

const base = d('2024-01-01');

/** `perDay[k]` rows on day k after 2024-01-01, spread over the day's hours. */
function datesFor(perDay: number[]): number[] {
  const at: number[] = [];
  perDay.forEach((count, day) => {
    for (let k = 0; k < count; k++) at.push(base + day * DAY_MS + (k % 24) * 3_600_000 + k);
  });
  return at;
}

// 60 days with 100 rows each (2024-01-01 … 2024-02-29, 2024 being a leap year), then
// 5 days with 3 rows each (2024-03-01 … 03-05): a tail still being recorded.
const full = new Array<number>(60).fill(100);
const thin = [3, 3, 3, 3, 3];

describe('deriveDataEnd', () => {
  it('cuts a thin tail: the end is the last day with at least 20% of the mean of the 28 days before it', () => {
    // Hand calculation. Day 64 (2024-03-05): 3 rows; days 36–63 average (24·100 + 4·3)/28 = 86.1,
    // 3 < 0.2 · 86.1 → thin. … Day 60 (2024-03-01): days 32–59 average 100, 3 < 20 → thin.
    // Day 59 (2024-02-29): 100 ≥ 20 → the end. Thin tail: 5 days × 3 rows = 15.
    const end = deriveDataEnd(datesFor([...full, ...thin]));
    expect(end).toEqual({ at: d('2024-03-01') - 1, source: 'revenue', outliers: 0, outlierDates: [], thinTail: 15 });
  });

  it('keeps a last day at exactly the threshold and cuts one just under it', () => {
    // 60 days of 100 rows; the 28 days before day 60 average 100 → threshold 0.2 · 100 = 20.
    expect(deriveDataEnd(datesFor([...full, 20]))).toMatchObject({ at: d('2024-03-02') - 1, thinTail: 0 });
    expect(deriveDataEnd(datesFor([...full, 19]))).toMatchObject({ at: d('2024-03-01') - 1, thinTail: 19 });
  });

  it('compares a day with the 28 days before it, not including itself', () => {
    // Days 0–58: 100 rows, except day 31 with 2900; day 59: 30 rows.
    // Day 59: days 31–58 average (2900 + 27 · 100) / 28 = 200, threshold 40 → 30 is thin.
    // Day 58: days 30–57 also average 200, 100 ≥ 40 → the end is day 58 (2024-02-28).
    // (Averaging days 32–59 instead would give (27 · 100 + 30) / 28 = 97.5 and keep day 59.)
    const perDay = new Array<number>(59).fill(100);
    perDay[31] = 2900;
    expect(deriveDataEnd(datesFor([...perDay, 30]))).toMatchObject({ at: d('2024-02-29') - 1, thinTail: 30 });
  });

  it('sets aside four far-future rows after a long gap, then cuts the thin tail', () => {
    // n = 6000 + 15 + 4 = 6019 rows; at most floor(6019 · 0.005) = 30 may be outliers.
    // The gap 2024-03-05 → 2030-06-15 is far longer than 31 days: the 4 rows after it are outliers.
    const far = [d('2030-06-15T10:00'), d('2030-06-15T11:00'), d('2030-06-15'), d('2031-01-02')];
    const end = deriveDataEnd([...far.slice(0, 2), ...datesFor([...full, ...thin]), ...far.slice(2)]);
    expect(end).toEqual({
      at: d('2024-03-01') - 1, source: 'revenue', outliers: 4,
      outlierDates: ['2030-06-15', '2030-06-15', '2030-06-15', '2031-01-02'], thinTail: 15,
    });
  });

  it('sets aside no more than maxOutlierShare of the rows, however far they are', () => {
    // 40 far rows > 30 allowed: they are kept, and their day (40 rows after 28 empty days) is the end.
    const far = new Array<number>(40).fill(d('2030-06-15'));
    const end = deriveDataEnd([...datesFor([...full, ...thin]), ...far]);
    expect(end.outliers).toBe(0);
    expect(end.at).toBe(d('2030-06-16') - 1);
    // with a larger share allowed they go
    expect(deriveDataEnd([...datesFor([...full, ...thin]), ...far], { maxOutlierShare: 0.01 }).outliers).toBe(40);
  });

  it('keeps late rows after a gap shorter than gapDays', () => {
    // 20 days after 2024-02-29 → not an outlier (gap ≤ 31 d); with gapDays 10 it is.
    const late = [d('2024-03-20'), d('2024-03-20')];
    expect(deriveDataEnd([...datesFor(full), ...late]).outliers).toBe(0);
    expect(deriveDataEnd([...datesFor(full), ...late], { gapDays: 10 })).toMatchObject({ outliers: 2, at: d('2024-03-01') - 1, thinTail: 0 });
  });

  it('does not apply the thin-tail rule with fewer than 29 days, nor when thinShare is 0', () => {
    const short = datesFor([100, 100, 100, 100, 100, 100, 100, 100, 100, 1]);
    expect(deriveDataEnd(short)).toMatchObject({ at: d('2024-01-11') - 1, thinTail: 0 });
    expect(deriveDataEnd(datesFor([...full, ...thin]), { thinShare: 0 })).toMatchObject({ at: d('2024-03-06') - 1, thinTail: 0 });
  });

  it('ignores NaN dates and gives NaN when there are none', () => {
    expect(deriveDataEnd([NaN, d('2024-01-05T12:00'), NaN])).toEqual({ at: d('2024-01-06') - 1, source: 'revenue', outliers: 0, outlierDates: [], thinTail: 0 });
    expect(deriveDataEnd([]).at).toBeNaN();
    expect(deriveDataEnd([NaN]).at).toBeNaN();
  });

  it('does not depend on the order of the dates (property)', () => {
    const dates = [...datesFor([...full, ...thin]), d('2030-06-15'), d('2030-06-16')];
    const expected = deriveDataEnd(dates);
    fc.assert(fc.property(fc.integer(), (seed) => {
      // a seeded Fisher–Yates shuffle
      const a = dates.slice();
      let s = seed >>> 0;
      for (let i = a.length - 1; i > 0; i--) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        const j = s % (i + 1);
        [a[i], a[j]] = [a[j], a[i]];
      }
      expect(deriveDataEnd(a)).toEqual(expected);
    }), { numRuns: 20 });
  });

  it('never ends after the last kept date nor before the first (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 300 }), (dayList) => {
      const at = dayList.map((k) => base + k * DAY_MS + 3_600_000);
      const end = deriveDataEnd(at);
      const kept = at.slice().sort((a, b) => a - b).slice(0, at.length - end.outliers);
      expect(end.at).toBeGreaterThanOrEqual(kept[0]);
      expect(end.at).toBeLessThanOrEqual(kept[kept.length - 1] + DAY_MS);
      expect((end.at + 1) % DAY_MS).toBe(0); // the last millisecond of a day
      expect(end.thinTail).toBe(kept.filter((t) => t > end.at).length);
    }));
  });
});
