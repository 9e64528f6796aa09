import { INITIAL_ROWS, isBlankByte, missingValue, textOf, type Column, type ColumnBuilder, type ColumnSpec } from './column-builder.js';
import { FieldKind } from './parse-csv.js';

/**
 * Builds a category column: an Int32Array of codes (-1 = missing) and the
 * levels in first-seen order. Values are looked up by their bytes in a small
 * hash table, so a level's text is decoded once, not once per row.
 */
export class CategoryBuilder implements ColumnBuilder {
  private codes = new Int32Array(INITIAL_ROWS);
  private n = 0;
  private readonly levels: string[] = [];
  private readonly byText = new Map<string, number>();
  // Byte keys: key k is keyBytes[keyStart[k], keyStart[k + 1]) and stands for level keyCode[k].
  // slots holds k + 1 (0 = empty), open addressing with linear probing.
  private slots = new Int32Array(64);
  private keyBytes = Buffer.allocUnsafe(1024);
  private keyStart: number[] = [0];
  private keyCode: number[] = [];

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
      code = this.code(textOf(bytes, start, end, kind)); // rare: `""` escapes change the bytes
    } else {
      code = this.lookup(bytes, start, end);
    }
    if (this.n === this.codes.length) {
      const bigger = new Int32Array(this.codes.length * 2);
      bigger.set(this.codes);
      this.codes = bigger;
    }
    this.codes[this.n++] = code;
  }

  finish(): Column {
    return { type: 'category', codes: this.codes.slice(0, this.n), levels: this.levels };
  }

  /** The code of a level's text, adding the level when new. */
  private code(text: string): number {
    let code = this.byText.get(text);
    if (code === undefined) {
      code = this.levels.length;
      this.levels.push(text);
      this.byText.set(text, code);
    }
    return code;
  }

  /** The code of the level written as `bytes[start, end)` (no escapes). */
  private lookup(bytes: Buffer, start: number, end: number): number {
    let hash = 0x811c9dc5; // FNV-1a
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    const slots = this.slots;
    const mask = slots.length - 1;
    const keys = this.keyBytes;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const k = slots[slot] - 1;
      if (k < 0) break;
      const from = this.keyStart[k];
      if (this.keyStart[k + 1] - from !== length) continue;
      let i = 0;
      while (i < length && keys[from + i] === bytes[start + i]) i++;
      if (i === length) return this.keyCode[k];
    }
    const code = this.code(bytes.toString('utf8', start, end));
    this.addKey(bytes, start, end, code);
    return code;
  }

  private addKey(bytes: Buffer, start: number, end: number, code: number): void {
    const k = this.keyCode.length;
    const from = this.keyStart[k];
    const to = from + (end - start);
    if (to > this.keyBytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(to, this.keyBytes.length * 2));
      this.keyBytes.copy(bigger, 0, 0, from);
      this.keyBytes = bigger;
    }
    bytes.copy(this.keyBytes, from, start, end);
    this.keyStart.push(to);
    this.keyCode.push(code);
    if (2 * (k + 1) > this.slots.length) this.rehash(this.slots.length * 2);
    else this.insert(this.slots, k);
  }

  private rehash(size: number): void {
    const slots = new Int32Array(size);
    for (let k = 0; k < this.keyCode.length; k++) this.insert(slots, k);
    this.slots = slots;
  }

  private insert(slots: Int32Array, k: number): void {
    const keys = this.keyBytes;
    let hash = 0x811c9dc5;
    for (let i = this.keyStart[k], e = this.keyStart[k + 1]; i < e; i++) hash = Math.imul(hash ^ keys[i], 0x01000193);
    const mask = slots.length - 1;
    let slot = hash & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = k + 1;
  }
}
