/**
 * Maps UTF-8 byte strings to small integer codes, decoding each distinct value
 * to a JS string once: the lookup hashes and compares bytes, so a value seen
 * before costs no string allocation. Codes are given in first-seen order.
 *
 * @example
 * const interner = new ByteInterner();
 * const bytes = Buffer.from('social,email,social');
 * interner.intern(bytes, 0, 6);   // 0
 * interner.intern(bytes, 7, 12);  // 1
 * interner.intern(bytes, 13, 19); // 0
 * interner.values;                // ['social', 'email']
 */
export class ByteInterner {
  /** The distinct values; a code is an index into this array. */
  readonly values: string[] = [];
  private readonly byText = new Map<string, number>();
  // Key k is keyBytes[keyStart[k], keyStart[k + 1]) and stands for value keyCode[k].
  // slots holds k + 1 (0 = empty): open addressing, linear probing, at most half full.
  private slots = new Int32Array(64);
  private keyBytes = Buffer.allocUnsafe(1024);
  private readonly keyStart: number[] = [0];
  private readonly keyCode: number[] = [];

  /** The code of the value written as `bytes[start, end)`, adding it when new. */
  intern(bytes: Uint8Array, start: number, end: number): number {
    const hash = hashBytes(bytes, start, end);
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
    // new bytes; the text may still be known (invalid UTF-8 decodes alike)
    const code = this.internText(Buffer.from(bytes.buffer, bytes.byteOffset + start, length).toString('utf8'));
    this.addKey(bytes, start, end, code);
    return code;
  }

  /** The code of a value given as text, adding it when new. */
  internText(text: string): number {
    let code = this.byText.get(text);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(text);
      this.byText.set(text, code);
    }
    return code;
  }

  private addKey(bytes: Uint8Array, start: number, end: number, code: number): void {
    const k = this.keyCode.length;
    const from = this.keyStart[k];
    const to = from + (end - start);
    if (to > this.keyBytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(to, this.keyBytes.length * 2));
      this.keyBytes.copy(bigger, 0, 0, from);
      this.keyBytes = bigger;
    }
    this.keyBytes.set(bytes.subarray(start, end), from);
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
    const mask = slots.length - 1;
    let slot = hashBytes(this.keyBytes, this.keyStart[k], this.keyStart[k + 1]) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = k + 1;
  }
}

/** 32-bit FNV-1a. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash;
}
