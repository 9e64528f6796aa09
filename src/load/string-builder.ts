import { ByteInterner } from './byte-interner.js';
import { isBlankByte, missingValue, textOf, type Column, type ColumnBuilder, type ColumnSpec } from './column-builder.js';
import { FieldKind } from './parse-csv.js';

/** Values looked at before deciding whether a column repeats enough to intern. */
const TRIAL = 4096;

/**
 * Builds a string column (null = missing). Unquoted fields are trimmed.
 *
 * Columns whose values repeat (ids of a parent table, free-text codes) are
 * interned: a repeated value is found by its bytes and shares one string, which
 * saves both decoding and memory. When more than half of the first
 * {@link TRIAL} values are distinct (a column of unique ids), interning stops:
 * it would only cost time there.
 */
export class StringBuilder implements ColumnBuilder {
  private readonly values: (string | null)[] = [];
  private interner: ByteInterner | null = new ByteInterner();
  private seen = 0;

  constructor(private readonly spec: ColumnSpec) {}

  add(bytes: Buffer, start: number, end: number, kind: number, row: number): void {
    if (kind === FieldKind.plain) {
      while (start < end && isBlankByte(bytes[start])) start++;
      while (end > start && isBlankByte(bytes[end - 1])) end--;
    }
    if (start === end) {
      if (this.spec.required) missingValue(this.spec, row);
      this.values.push(null);
      return;
    }
    const interner = this.interner;
    if (interner === null || kind === FieldKind.escaped) {
      this.values.push(textOf(bytes, start, end, kind));
      return;
    }
    this.values.push(interner.values[interner.intern(bytes, start, end)]);
    if (++this.seen === TRIAL && interner.values.length > TRIAL / 2) this.interner = null;
  }

  finish(): Column {
    this.interner = null;
    return { type: 'string', values: this.values };
  }
}
