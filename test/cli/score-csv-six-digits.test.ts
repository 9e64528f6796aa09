// writeSixDigits (src/cli/six-digits.ts), the numbers of `leadvalue score`:
// the bytes of String(Number(x.toPrecision(6))) (the reference: the expression
// the CLI used, computed by V8), '' when not finite. Its fast path is taken
// only where its proof holds; the cases aim at where it could go wrong: ties
// (x·10^k ending in exactly .5), the edges of a decade, trailing zeros, every
// notation String() uses, and doubles of any bit pattern.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sixDigits, SIX_DIGITS_BYTES, writeSixDigits } from '../../src/cli/six-digits.js';

const reference = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : '');

/** The values x such that sixDigits(x) differs from the reference. */
const wrong = (xs: Iterable<number>) => [...xs].filter((x) => sixDigits(x) !== reference(x));

describe('writeSixDigits = String(Number(x.toPrecision(6)))', () => {
  it('on hand-picked values: zero, signs, non-finite, decades, ties, the notations String() switches between', () => {
    const cases = [0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5, 2 / 3, 0.1, 0.3, 1e21, 1e-6, 1e-7, 9.999995e-7, 999999.5, 100000.5, 1234565, 0.1234565,
      5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e300, 123456789012, 1.5, 12.5, 0.000123456, 0.0000123456, 4.97248, 1076.6984];
    expect(wrong(cases.flatMap((x) => [x, -x]))).toEqual([]);
    // A few spelled out (as the CLI writes them).
    expect([0.147787, 1076.6984, 1234567, 1e-7, 0.5, 0, NaN].map(sixDigits)).toEqual(['0.147787', '1076.7', '1234570', '1e-7', '0.5', '0', '']);
  });

  it('around every power of ten and every exact tie n.5 · 10^k from 10^-9 to 10^24', () => {
    const xs: number[] = [];
    for (let k = -9; k <= 24; k++) {
      const p = 10 ** k;
      for (const m of [1, 9.99999, 9.999995, 9.9999949, 1.000005, 1.0000049, 5.5, 1.234565]) {
        const x = m * p;
        xs.push(x, x * (1 + Number.EPSILON), x * (1 - Number.EPSILON), -x);
      }
    }
    // Exact binary ties: an integer n plus ½, scaled by powers of two (exact), at 6 significant digits.
    for (let n = 100000; n < 1000000; n += 7919) for (let s = -40; s <= 40; s += 3) xs.push((n + 0.5) * 2 ** s);
    expect(wrong(xs)).toEqual([]);
  });

  it('on doubles of any bit pattern, and on scores, probabilities and amounts as they come', () => {
    fc.assert(fc.property(fc.double(), (x) => sixDigits(x) === reference(x)), { numRuns: 20_000, seed: 6 });
    fc.assert(fc.property(fc.double({ min: 1e-8, max: 1e12, noNaN: true }), (x) => sixDigits(x) === reference(x)), { numRuns: 50_000, seed: 7 });
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: -12, max: 12 }), (n, k) => sixDigits(n * 10 ** k) === reference(n * 10 ** k)), { numRuns: 20_000, seed: 8 });
  });

  it('writes at the position given and returns the end, within SIX_DIGITS_BYTES', () => {
    const buf = new Uint8Array(8 + SIX_DIGITS_BYTES).fill(0x78);
    for (const x of [-123456700000000000000, -0.0000012345, 1e-300, -1.7976931348623157e308]) {
      const end = writeSixDigits(buf, 8, x);
      expect(end - 8).toBeLessThanOrEqual(SIX_DIGITS_BYTES);
      expect(Buffer.from(buf.subarray(8, end)).toString('latin1')).toBe(reference(x));
      expect(buf[7]).toBe(0x78);
    }
    expect(writeSixDigits(buf, 3, NaN)).toBe(3);
  });
});
