import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDate, type DateFormat } from '../../src/core/dates.js';
import { parseNumberBytes } from '../../src/load/parse-number.js';
import { parseDateBytes } from '../../src/load/parse-date-bytes.js';

const num = (text: string) => {
  const b = Buffer.from(`xx${text}yy`); // offsets inside a larger buffer
  return parseNumberBytes(b, 2, 2 + Buffer.byteLength(text));
};

describe('parseNumberBytes', () => {
  it('reads plain decimals and scientific notation (values as Number() gives them)', () => {
    expect(num('1')).toBe(1);
    expect(num('-2.5')).toBe(-2.5);
    expect(num('1e3')).toBe(1000);
    expect(num('.5')).toBe(0.5);
    expect(num('3.')).toBe(3);
    expect(num('+7')).toBe(7);
    expect(num('58.90')).toBe(58.9);
    expect(num('2.5E-4')).toBe(0.00025);
    expect(Object.is(num('-0'), -0)).toBe(true);
    expect(num('0.1')).toBe(0.1);
    expect(num('123456789012345678901234567890')).toBe(1.2345678901234568e29);
  });

  it('refuses everything else', () => {
    for (const bad of ['', '-', '.', 'e5', '1e', '1e+', '12,5', '1 000', '0x10', 'Infinity', 'NaN', '1_000', '--1', '1.2.3', ' 1', 'abc']) {
      expect(num(bad), bad).toBeNaN();
    }
  });

  it('equals Number(text) bit for bit on random decimals (fast and slow paths)', () => {
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), maxLength: 20 });
    const text = fc
      .tuple(fc.constantFrom('', '-', '+'), digits, fc.option(digits), fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), fc.integer({ min: 0, max: 400 }))))
      .map(([sign, int, frac, exp]) => sign + int + (frac === null ? '' : '.' + frac) + (exp === null ? '' : exp[0] + exp[1] + exp[2]))
      .filter((t) => /\d/.test(t.split(/e/i)[0]));
    fc.assert(
      fc.property(text, (t) => {
        expect(Object.is(num(t), Number(t))).toBe(true);
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        for (const t of [String(x), x.toFixed(2), x.toExponential(6)]) if (!t.includes('Infinity')) expect(Object.is(num(t), Number(t))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseDateBytes', () => {
  const date = (text: string, format: DateFormat) => parseDateBytes(Buffer.from(text), 0, Buffer.byteLength(text), format);

  it('known values (epoch ms from Date.UTC by hand)', () => {
    expect(date('2018-02-01', 'iso')).toBe(Date.UTC(2018, 1, 1));
    expect(date('2018-02-01 13:45:07', 'iso')).toBe(Date.UTC(2018, 1, 1, 13, 45, 7));
    expect(date('2018-02-01T13:45', 'iso')).toBe(Date.UTC(2018, 1, 1, 13, 45));
    expect(date('19970101', 'yyyymmdd')).toBe(Date.UTC(1997, 0, 1));
    expect(date('31/12/2017', 'dd/mm/yyyy')).toBe(Date.UTC(2017, 11, 31));
    expect(date('12/31/2017', 'mm/dd/yyyy')).toBe(Date.UTC(2017, 11, 31));
    expect(date('2024-02-29', 'iso')).toBe(Date.UTC(2024, 1, 29));
    expect(date('2023-02-29', 'iso')).toBeNaN();
    expect(date('1900-02-29', 'iso')).toBeNaN();
    expect(date('2000-02-29', 'iso')).toBe(Date.UTC(2000, 1, 29));
    expect(date('2018-13-01', 'iso')).toBeNaN();
    expect(date('2018-02-01 24:00:00', 'iso')).toBeNaN();
  });

  it('equals parseDate on random date-like text in every format', () => {
    const d2 = fc.integer({ min: 0, max: 39 }).map((n) => String(n).padStart(2, '0'));
    const year = fc.oneof(fc.integer({ min: 1890, max: 2110 }), fc.integer({ min: 0, max: 9999 })).map((n) => String(n).padStart(4, '0'));
    const sep = fc.constantFrom('-', '/', '.', ' ', 'T', ':', 'x');
    const time = fc.option(fc.tuple(fc.constantFrom(' ', 'T'), d2, d2, fc.option(d2), fc.constantFrom('', 'Z', '.5', '+00:00')));
    const iso = fc.tuple(year, d2, d2, time, sep).map(([y, m, d, t, s]) => {
      const base = `${y}${s === 'x' ? '-' : s === '-' ? '-' : s}${m}-${d}`;
      return t === null ? base : `${base}${t[0]}${t[1]}:${t[2]}${t[3] === null ? '' : ':' + t[3]}${t[4]}`;
    });
    const compact = fc.tuple(year, d2, d2, fc.constantFrom('', '0', 'a')).map(([y, m, d, extra]) => y + m + d + extra);
    const slashed = fc.tuple(fc.oneof(d2, fc.integer({ min: 1, max: 9 }).map(String)), sep, d2, sep, year).map(([a, s1, b, s2, y]) => `${a}${s1}${b}${s2}${y}`);
    const formats: DateFormat[] = ['iso', 'yyyymmdd', 'dd/mm/yyyy', 'mm/dd/yyyy'];
    fc.assert(
      fc.property(fc.oneof(iso, compact, slashed), fc.constantFrom(...formats), (text, format) => {
        expect(Object.is(date(text, format), parseDate(text, format)), `${text} as ${format}`).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });
});
