import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, no whitespace, numbers in JavaScript's
 * shortest round-trip form, and the non-finite numbers spelled out as the
 * strings "NaN", "Infinity" and "-Infinity" (JSON has no spelling for them).
 * -0 is written as 0. The same value always gives the same bytes.
 */
export function canonicalJson(value: unknown): string {
  return write(value);
}

function write(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) return `"${nonFiniteName(value)}"`;
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value) || ArrayBuffer.isView(value)) {
        const items = Array.from(value as ArrayLike<unknown>, (v) => (v === undefined ? 'null' : write(v)));
        return '[' + items.join(',') + ']';
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
      return '{' + keys.map((k) => JSON.stringify(k) + ':' + write(obj[k])).join(',') + '}';
    }
    default:
      throw new TypeError(`canonicalJson: cannot write a ${typeof value}`);
  }
}

/**
 * How the model file (and a `--report`) spells a number JSON cannot: `NaN`, `Infinity` or `-Infinity`.
 * @param x - a number that is not finite
 */
export function nonFiniteName(x: number): 'NaN' | 'Infinity' | '-Infinity' {
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

/** sha256 of a string's UTF-8 bytes, as lowercase hex. */
export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}
