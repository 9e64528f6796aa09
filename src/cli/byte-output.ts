import { SIX_DIGITS_BYTES, writeSixDigits } from './six-digits.js';

/**
 * Text written straight into one growing Buffer as UTF-8 bytes. Encoding each
 * piece where it goes costs about half of joining thousands of lines into one
 * string and encoding that (the string would be flattened and, with one
 * character beyond Latin-1 in it, held at two bytes a character).
 */
export class ByteOutput {
  private buf: Buffer;
  /** Bytes written since the last {@link take}. */
  length = 0;

  /** @param size - bytes to start with (it grows as needed) */
  constructor(private readonly size = 1 << 20) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Writes a text as UTF-8 (the encoding of `Buffer.from(text)`). */
  text(s: string): void {
    this.room(3 * s.length); // at most 3 bytes per UTF-16 unit
    this.length += this.buf.write(s, this.length);
  }

  /** Writes a text of ASCII characters only (numbers, separators): one byte each. */
  ascii(s: string): void {
    this.room(s.length);
    this.length += this.buf.write(s, this.length, 'latin1');
  }

  /** Writes bytes held as Latin-1 text (each character, U+0000 … U+00FF, is one byte): bytes read as they were, not re-encoded. */
  latin1(s: string): void {
    this.room(s.length);
    this.length += this.buf.write(s, this.length, 'latin1');
  }

  /** Writes a number to 6 significant digits: the text of `String(Number(x.toPrecision(6)))`, nothing when not finite (see writeSixDigits). */
  sixDigits(x: number): void {
    this.room(SIX_DIGITS_BYTES);
    this.length = writeSixDigits(this.buf, this.length, x);
  }

  /** Writes one byte (an ASCII character's code). */
  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  /** Writes bytes as they are (text encoded before). */
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** Forgets what was written after `length` (a piece started and given up). */
  truncate(length: number): void {
    this.length = Math.min(this.length, length);
  }

  /** The bytes written, handed over (the next writes go to a new Buffer). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.length);
    this.buf = Buffer.allocUnsafe(Math.max(this.size, this.length));
    this.length = 0;
    return out;
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.length + n));
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }
}
