/** 10^0 … 10^22: every one exactly a double, so scaling by one rounds once. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Most bytes {@link writeSixDigits} writes (`-123457000000000000000`, 22, with room to spare). */
export const SIX_DIGITS_BYTES = 32;

const ZERO = 0x30, POINT = 0x2e, MINUS = 0x2d;
const scratch = new Uint8Array(SIX_DIGITS_BYTES);

/**
 * Writes a number to 6 significant digits as `leadvalue score` writes it:
 * exactly the ASCII bytes of `String(Number(x.toPrecision(6)))`, nothing when
 * not finite. `toPrecision` is a runtime call that cost ~0.9 µs (four per
 * scored lead); the common case is done here with one multiplication and
 * checked, and everything else (ties, the edges of a decade, numbers below
 * 10^−6 or from 10^21) still takes `toPrecision`.
 *
 * Why the fast path is exact: for x in [10^e, 10^(e+1)) toPrecision(6) picks
 * n = round(x · 10^(5−e)), ties up, 10^5 ≤ n < 10^6. With 10^|5−e| exact
 * (|5−e| ≤ 22), y = x · 10^(5−e) is the true product rounded once: |y − x · 10^(5−e)| ≤
 * half an ulp of y < 6e−11 (y < 2^20). Taking it only when y is in [100001, 999999)
 * and its fraction is more than 1e−9 from ½ makes e right and round(y) = n.
 * Then Number(text) is the double nearest n · 10^(e−5), and String() of it gives
 * n without trailing zeros: two decimals of at most 15 significant digits never
 * round to the same double, so no shorter text reads back as it. Only the
 * notations String() uses for 10^−6 ≤ |x| < 10^21 are built here.
 * @param buf - where to write, with {@link SIX_DIGITS_BYTES} bytes of room from pos
 * @param pos - where to start
 * @param x - any number
 * @returns the position after the last byte written
 */
export function writeSixDigits(buf: Uint8Array, pos: number, x: number): number {
  if (!Number.isFinite(x)) return pos;
  const a = x < 0 ? -x : x;
  if (a >= 1e-6 && a < 1e21) {
    const e = Math.floor(Math.log10(a)); // −7 … 21 here (log10 may be off by one at a decade: then y is out of range below)
    const y = e <= 5 ? a * POW10[5 - e] : a / POW10[e - 5];
    if (y >= 100001 && y < 999999) {
      const f = Math.floor(y), frac = y - f; // exact: y and f share y's binade
      if (frac < 0.5 - 1e-9 || frac > 0.5 + 1e-9) {
        let n = (frac > 0.5 ? f + 1 : f) | 0, k = 6; // n: 100001 … 999999
        while (n % 10 === 0) { n = (n / 10) | 0; k--; } // no trailing zeros: k digits
        const point = e + 1; // the value is 0.d₁…dₖ × 10^point
        if (x < 0) buf[pos++] = MINUS;
        if (point <= 0) {
          buf[pos++] = ZERO;
          buf[pos++] = POINT;
          for (let i = point; i < 0; i++) buf[pos++] = ZERO;
        }
        // The digits, right to left; the point among them, or zeros after them.
        const dot = point > 0 && point < k ? pos + point : -1, end = pos + k + (dot < 0 ? 0 : 1);
        for (let i = end - 1; i >= pos; i--) {
          if (i === dot) { buf[i] = POINT; continue; }
          buf[i] = ZERO + (n % 10);
          n = (n / 10) | 0;
        }
        pos = end;
        for (let i = k; i < point; i++) buf[pos++] = ZERO;
        return pos;
      }
    }
  }
  const text = String(Number(x.toPrecision(6)));
  for (let i = 0; i < text.length; i++) buf[pos++] = text.charCodeAt(i);
  return pos;
}

/**
 * The text {@link writeSixDigits} writes: `String(Number(x.toPrecision(6)))`, '' when not finite.
 * @param x - any number
 * @returns e.g. '0.147787', '1076.7', '1234570'
 * @example
 * sixDigits(1076.6984) // '1076.7'
 */
export function sixDigits(x: number): string {
  return String.fromCharCode(...scratch.subarray(0, writeSixDigits(scratch, 0, x)));
}
