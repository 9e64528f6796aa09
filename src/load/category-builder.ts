import { ByteInterner } from './byte-interner.js';
import { INITIAL_ROWS, isBlankByte, missingValue, textOf, type Column, type ColumnBuilder, type ColumnSpec } from './column-builder.js';
import { FieldKind } from './parse-csv.js';

/**
 * Builds a category column: an Int32Array of codes (-1 = missing) and the
 * levels in first-seen order. Values are looked up by their bytes, so a
 * level's text is decoded once, not once per row.
 */
export class CategoryBuilder implements ColumnBuilder {
  private codes = new Int32Array(INITIAL_ROWS);
  private n = 0;
  private readonly levels = new ByteInterner();

  constructor(private readonly spec: ColumnSpec) {}

  add(bytes: Buffer, start: number, end: number, kind: number, row: number): void {
    if (kind === FieldKind.plain) {
      while (start < end && isBlankByte(bytes[start])) start++;
      while (end > start && isBlankByte(bytes[end - 1])) end--;
    }
    let code = -1;
    if (start === end) {
      if (this.spec.required) missingValue(this.spec, row);
    } else if (kind === FieldKind.escaped) {
      code = this.levels.internText(textOf(bytes, start, end, kind)); // rare: `""` escapes change the bytes
    } else {
      code = this.levels.intern(bytes, start, end);
    }
    if (this.n === this.codes.length) {
      const bigger = new Int32Array(this.codes.length * 2);
      bigger.set(this.codes);
      this.codes = bigger;
    }
    this.codes[this.n++] = code;
  }

  finish(): Column {
    return { type: 'category', codes: this.codes.slice(0, this.n), levels: this.levels.values };
  }
}
