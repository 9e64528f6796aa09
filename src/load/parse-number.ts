// Exact powers of ten: every one up to 1e22 is a double without rounding.
const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * Parses a plain decimal number straight from bytes, without making a string:
 * an optional sign, digits with an optional decimal point (`1`, `-2.5`, `.5`, `3.`),
 * and an optional exponent (`1e3`, `2.5E-4`). Nothing else: no surrounding
 * whitespace, thousands separators, `Infinity`, `NaN` or hex.
 *
 * The result equals `Number(text)` bit for bit: short numbers take the exact
 * fast path (at most 15 significant digits and a power of ten up to 1e22, where one
 * IEEE multiplication or division rounds correctly); the rest go through `Number`.
 *
 * @param bytes - the buffer
 * @param start - first byte of the number
 * @param end - one past its last byte
 * @returns the value, or NaN when the bytes are not a number in that syntax
 * @example
 * parseNumberBytes(Buffer.from('58.90'), 0, 5) // 58.9
 */
export function parseNumberBytes(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  let c = bytes[i];
  if (c === 0x2d || c === 0x2b) {
    negative = c === 0x2d;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  while (i < end && (c = bytes[i] - 0x30) >= 0 && c <= 9) {
    mantissa = mantissa * 10 + c;
    digits++;
    i++;
  }
  if (i < end && bytes[i] === 0x2e) {
    i++;
    while (i < end && (c = bytes[i] - 0x30) >= 0 && c <= 9) {
      mantissa = mantissa * 10 + c;
      digits++;
      fraction++;
      i++;
    }
  }
  if (digits === 0) return NaN;
  let exponent = 0;
  if (i < end && (bytes[i] | 0x20) === 0x65) {
    i++;
    let expNegative = false;
    if (i < end && (bytes[i] === 0x2d || bytes[i] === 0x2b)) expNegative = bytes[i++] === 0x2d;
    const expStart = i;
    while (i < end && (c = bytes[i] - 0x30) >= 0 && c <= 9) {
      if (exponent < 100000) exponent = exponent * 10 + c;
      i++;
    }
    if (i === expStart) return NaN;
    if (expNegative) exponent = -exponent;
  }
  if (i !== end) return NaN;
  const scale = exponent - fraction;
  if (digits <= 15 && scale >= -22 && scale <= 22) {
    const value = scale >= 0 ? mantissa * POW10[scale] : mantissa / POW10[-scale];
    return negative ? -value : value;
  }
  return Number(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1'));
}
