import { LeadvalueError, shown } from '../core/errors.js';
import type { CompiledFeature } from './compile-scorer.js';
import { readDate } from './read-date.js';
import { binarySearch, EXTREME_Z } from './score-lead.js';
import { DayPartTable, MAX_EPOCH_MS, partNumber, utcPartIndex } from './utc-parts.js';

const DAY_MS = 86_400_000;

/** A dictionary-encoded column: row i holds `levels[codes[i]]`; code -1 = missing (as is a null or empty level). */
export interface DictionaryColumn {
  codes: Int32Array;
  levels: readonly (string | null)[];
}

/** A numeric typed array (not BigInt): NaN is missing. */
export type NumericArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | Uint8ClampedArray;

/**
 * One input column, by what the feature reading it is:
 * - number feature: a numeric typed array or `(number | null)[]` (NaN, null = missing);
 * - category feature: `(string | null)[]` (null, '' = missing) or a {@link DictionaryColumn};
 * - date column of date-part features: epoch milliseconds (typed array or numbers; NaN = missing),
 *   date texts in the feature's `dateFormat` or ISO 8601, `Date`s, or a dictionary of date texts.
 */
export type LeadColumn = NumericArray | readonly (number | null | undefined)[] | readonly (string | Date | null | undefined)[] | DictionaryColumn;

/** Input columns keyed by the source column names the model reads (each feature's `column`). */
export type LeadColumns = Record<string, LeadColumn>;

/** A block of encoded rows: per feature, x (raw number; NaN missing) and z, or slot (levels, `(other)`, `(missing)`). */
export interface EncodedBlock {
  x: Float64Array[];
  z: Float64Array[];
  slot: Int32Array[];
  /** Per category feature: rows whose text was literally `(missing)` (unseen; counted missing, matched by `(missing)` segments, as scoreLead does), or null when the block has none. */
  literalMissing: (Uint8Array | null)[];
}

type Reader = (start: number, n: number) => void;

/**
 * Checks the columns a compiled model reads and encodes them block by block
 * into reusable typed arrays. Dictionary levels and date texts of a
 * dictionary are resolved once per batch, not per row.
 */
export class ColumnEncoder {
  readonly rows: number;
  /** Rows per block: the requested size, or fewer for a smaller batch. */
  readonly size: number;
  readonly block: EncodedBlock;
  /** Per feature: rows with a category never seen in training / with the value missing, so far. */
  readonly unseen: Float64Array;
  readonly missing: Float64Array;
  /** Per feature: rows with a number more than EXTREME_Z training standard deviations from the mean, so far. */
  readonly extreme: Float64Array;
  private readonly readers: Reader[];
  private readonly dates = new Map<string, { ms: Float64Array; read: Reader }>();

  /**
   * @param features - the compiled model's features
   * @param columns - the input columns
   * @param size - most rows per block
   * @param where - prefix of messages, e.g. `batch 3` (messages then read `batch 3, column employees, index 7: …`)
   * @throws LeadvalueError naming the column (and index) when a column is absent, of the wrong type or length
   */
  constructor(private readonly features: CompiledFeature[], columns: LeadColumns, size: number, where = '') {
    if (columns === null || typeof columns !== 'object' || Array.isArray(columns)) {
      throw new LeadvalueError(where || 'columns', 'not an object of columns', shown(columns), 'pass { [source column name]: array }');
    }
    const at = (name: string) => `${where ? `${where}, ` : ''}column ${name}`;
    let rows = -1, first = '';
    for (const f of features) {
      const name = f.spec.column;
      const col = columns[name];
      if (col === undefined || col === null) throw new LeadvalueError(at(name), `absent, and feature ${f.spec.name} reads it`, undefined, 'pass the column; all NaN or null scores it as missing');
      const n = columnLength(col, at(name));
      if (rows < 0) { rows = n; first = name; } else if (n !== rows) throw new LeadvalueError(at(name), `has ${n} rows, but column ${first} has ${rows}`, undefined, 'pass columns of one length');
    }
    this.rows = Math.max(rows, 0);
    // Small batches get small blocks: scoring one lead allocates for one row.
    size = this.size = Math.max(1, Math.min(size, this.rows));
    const nf = features.length;
    this.block = { x: [], z: [], slot: [], literalMissing: new Array(nf).fill(null) };
    this.unseen = new Float64Array(nf);
    this.missing = new Float64Array(nf);
    this.extreme = new Float64Array(nf);
    this.readers = features.map((f, k) => {
      const col = columns[f.spec.column], label = at(f.spec.column);
      if (f.spec.kind === 'number') {
        this.block.x[k] = new Float64Array(size);
        this.block.z[k] = new Float64Array(size);
      } else this.block.slot[k] = new Int32Array(size);
      if (f.derive) return this.dateReader(f, k, col, label, size);
      return f.spec.kind === 'number' ? this.numberReader(f, k, col, label) : this.categoryReader(f, k, col, label, size);
    });
  }

  /** Encodes rows start … start + n − 1 (n ≤ the block size) into {@link block}. */
  encode(start: number, n: number): void {
    for (const d of this.dates.values()) d.read(start, n);
    for (const read of this.readers) read(start, n);
  }

  private numberReader(f: CompiledFeature, k: number, col: LeadColumn, label: string): Reader {
    const spec = f.spec as Extract<CompiledFeature['spec'], { kind: 'number' }>;
    const x = this.block.x[k];
    if (isDictionary(col)) throw wrongType(label, `number feature ${spec.name}`, 'a dictionary column', 'a Float64Array or an array of numbers (NaN or null = missing)');
    if (!isNumeric(col)) for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (v !== null && v !== undefined && typeof v !== 'number') throw new LeadvalueError(`${label}, index ${i}`, 'not a number', shown(v), 'pass numbers (NaN or null = missing); parse texts first');
    }
    const values = col as ArrayLike<number | null | undefined>;
    // A Float64Array already is x (NaN = missing): read it in place.
    if (col instanceof Float64Array) return (start, n) => { this.block.x[k] = col.subarray(start, start + n); this.finishNumber(k, spec, n, start, label); };
    return (start, n) => {
      for (let i = 0; i < n; i++) {
        const v = values[start + i];
        x[i] = v === null || v === undefined ? NaN : v;
      }
      this.finishNumber(k, spec, n, start, label);
    };
  }

  /** z from x (NaN stays NaN: missing), as scoreLead computes it; counts missing; refuses what scoreLead refuses. */
  private finishNumber(k: number, spec: Extract<CompiledFeature['spec'], { kind: 'number' }>, n: number, start: number, label: string): void {
    const x = this.block.x[k], z = this.block.z[k];
    const { center, scale } = spec, log = spec.transform === 'log1p';
    const ints = this.features[k].zOfInt, size = ints ? ints.length : 0;
    let missing = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i];
      if (v !== v) { z[i] = NaN; missing++; continue; }
      // (Whole numbers off the table and every other value come here; the table's z are checked once below.)
      if (ints) {
        // Small whole numbers (counts: employees, pages): z looked up, computed once by the same expression.
        const j = v | 0;
        if (j === v && j >= 0 && j < size) { z[i] = ints[j]; continue; }
      }
      if (v === Infinity || v === -Infinity) throw new LeadvalueError(`${label}, index ${start + i}`, 'not a finite number', String(v), 'pass a finite number, or NaN or null when unknown');
      if (log && v <= -1) throw new LeadvalueError(`${label}, index ${start + i}`, 'must be above -1 (the model takes log1p of it)', String(v), 'pass a value above -1, or NaN or null when unknown');
      z[i] = log ? (Math.log1p(v) - center) / scale : (v - center) / scale; // = zOf(spec, v), inlined
    }
    this.missing[k] += missing;
    let extreme = 0;
    for (let i = 0; i < n; i++) { const zi = z[i]; if (zi > EXTREME_Z || zi < -EXTREME_Z) extreme++; }
    this.extreme[k] += extreme;
  }

  private categoryReader(f: CompiledFeature, k: number, col: LeadColumn, label: string, size: number): Reader {
    const spec = f.spec as Extract<CompiledFeature['spec'], { kind: 'category' }>;
    const slot = this.block.slot[k];
    const other = f.other, missingSlot = other + 1;
    // code = slot · 2 + 1 when the text is literally "(missing)".
    const codeOf = (raw: string | null | undefined): number => {
      const level = raw === null || raw === undefined ? '' : raw.trim();
      if (level === '') return missingSlot * 2;
      const s = binarySearch(spec.levels, level);
      return s >= 0 ? s * 2 : other * 2 + (level === '(missing)' ? 1 : 0);
    };
    if (isNumeric(col)) throw wrongType(label, `category feature ${spec.name}`, `a ${col.constructor.name}`, 'texts ((string | null)[]) or a dictionary column { codes: Int32Array, levels }');
    let literal: Uint8Array | null = null;
    const mark = (i: number) => { (literal ??= new Uint8Array(size))[i] = 1; this.block.literalMissing[k] = literal; };
    const count = (n: number) => {
      let unseen = 0, missing = 0;
      for (let i = 0; i < n; i++) { const s = slot[i]; if (s === other) unseen++; else if (s === missingSlot) missing++; }
      this.unseen[k] += unseen;
      this.missing[k] += missing;
    };
    if (isDictionary(col)) {
      const codes = Int32Array.from(col.levels, (level, j) => {
        if (level !== null && level !== undefined && typeof level !== 'string') throw new LeadvalueError(`${label}, levels[${j}]`, 'not a text', shown(level), 'levels are texts (null = missing)');
        return codeOf(level);
      });
      const levelCount = codes.length, dict = col.codes;
      return (start, n) => {
        if (literal) literal.fill(0);
        this.block.literalMissing[k] = null;
        for (let i = 0; i < n; i++) {
          const c = dict[start + i];
          if (c === -1) { slot[i] = missingSlot; continue; }
          if (!(c >= 0 && c < levelCount)) throw new LeadvalueError(`${label}, index ${start + i}`, `code not in -1 … ${levelCount - 1} (the column has ${levelCount} levels)`, String(c), 'use -1 for missing');
          const code = codes[c];
          slot[i] = code >> 1;
          if (code & 1) { mark(i); this.missing[k]++; }
        }
        count(n);
      };
    }
    const texts = col as readonly unknown[];
    const seen = new Map<string, number>();
    return (start, n) => {
      if (literal) literal.fill(0);
      this.block.literalMissing[k] = null;
      for (let i = 0; i < n; i++) {
        const raw = texts[start + i];
        let code: number;
        if (typeof raw === 'string') {
          code = seen.get(raw) ?? -1;
          if (code < 0) seen.set(raw, (code = codeOf(raw)));
        } else if (raw === null || raw === undefined) code = missingSlot * 2;
        else throw new LeadvalueError(`${label}, index ${start + i}`, 'not a text', shown(raw), 'pass texts (null or "" = missing), or a dictionary column');
        slot[i] = code >> 1;
        if (code & 1) { mark(i); this.missing[k]++; }
      }
      count(n);
    };
  }

  /** A date-part feature: the column's instants (read once per block for all features on it), then the part. */
  private dateReader(f: CompiledFeature, k: number, col: LeadColumn, label: string, size: number): Reader {
    const spec = f.spec;
    const format = spec.dateFormat ?? 'iso';
    const key = `${spec.column}\u0000${format}`;
    let source = this.dates.get(key);
    if (!source) {
      const instants = new Float64Array(size);
      this.dates.set(key, (source = { ms: instants, read: instantsReader(col, format, label, instants) }));
    }
    const ms = source.ms, part = f.derive!;
    if (spec.kind === 'number') {
      const x = this.block.x[k];
      return (start, n) => {
        for (let i = 0; i < n; i++) { const t = ms[i]; x[i] = t !== t ? NaN : partNumber(utcPartIndex(t, part), part); }
        this.finishNumber(k, spec, n, start, label);
      };
    }
    const slot = this.block.slot[k], slots = f.partSlots!, missingSlot = f.other + 1, other = f.other;
    const days = part === 'month' || part === 'quarter' ? new DayPartTable(part) : null;
    return (start, n) => {
      let unseen = 0, missing = 0;
      for (let i = 0; i < n; i++) {
        const t = ms[i];
        if (t !== t) { slot[i] = missingSlot; missing++; continue; }
        const s = slots[days ? days.index(Math.floor(Math.trunc(t) / DAY_MS)) : utcPartIndex(t, part)];
        slot[i] = s;
        if (s === other) unseen++;
      }
      this.unseen[k] += unseen;
      this.missing[k] += missing;
    };
  }
}

/** Reads a date column's instants for a block into `ms` (NaN = missing); texts as scoreLead reads them (readDate). */
function instantsReader(col: LeadColumn, format: 'iso' | 'yyyymmdd' | 'dd/mm/yyyy' | 'mm/dd/yyyy', label: string, ms: Float64Array): Reader {
  const inRange = (t: number, i: number) => {
    if (t > MAX_EPOCH_MS || t < -MAX_EPOCH_MS) throw new LeadvalueError(`${label}, index ${i}`, 'not a date: epoch milliseconds beyond ±8.64e15', String(t), 'pass epoch milliseconds (Date.getTime())');
    return t;
  };
  let read: Reader;
  if (isDictionary(col)) {
    const levels = Float64Array.from(col.levels, (level, j) => readDate(level, format, `${label}, levels[${j}]`) ?? NaN);
    const codes = col.codes, count = levels.length;
    read = (start, n) => {
      for (let i = 0; i < n; i++) {
        const c = codes[start + i];
        if (c === -1) { ms[i] = NaN; continue; }
        if (!(c >= 0 && c < count)) throw new LeadvalueError(`${label}, index ${start + i}`, `code not in -1 … ${count - 1} (the column has ${count} levels)`, String(c), 'use -1 for missing');
        ms[i] = levels[c];
      }
    };
  } else if (isNumeric(col)) {
    read = (start, n) => {
      for (let i = 0; i < n; i++) { const t = col[start + i]; ms[i] = t === Infinity || t === -Infinity ? NaN : inRange(t, start + i); }
    };
  } else {
    const values = col as readonly unknown[];
    read = (start, n) => {
      for (let i = 0; i < n; i++) {
        const raw = values[start + i];
        if (typeof raw === 'number') { ms[i] = Number.isFinite(raw) ? inRange(raw, start + i) : NaN; continue; }
        const t = readDate(raw, format, `${label}, index ${start + i}`);
        ms[i] = t === null ? NaN : inRange(t, start + i);
      }
    };
  }
  return read;
}

function isDictionary(col: LeadColumn): col is DictionaryColumn {
  return !Array.isArray(col) && !ArrayBuffer.isView(col) && typeof col === 'object' && col !== null && 'codes' in col;
}

function isNumeric(col: LeadColumn): col is NumericArray {
  return ArrayBuffer.isView(col) && !(col instanceof DataView) && !(col instanceof BigInt64Array) && !(col instanceof BigUint64Array);
}

/** The column's row count, after checking it is one of the accepted shapes. */
function columnLength(col: unknown, label: string): number {
  if (Array.isArray(col) || isNumeric(col as LeadColumn)) return (col as ArrayLike<unknown>).length;
  if (isDictionary(col as LeadColumn)) {
    const d = col as DictionaryColumn;
    if (!(d.codes instanceof Int32Array)) throw new LeadvalueError(`${label}.codes`, 'not an Int32Array', shown(d.codes), 'a dictionary column is { codes: Int32Array, levels: string[] }');
    if (!Array.isArray(d.levels)) throw new LeadvalueError(`${label}.levels`, 'not an array of texts', shown(d.levels), 'a dictionary column is { codes: Int32Array, levels: string[] }');
    return d.codes.length;
  }
  throw new LeadvalueError(label, 'not a column', shown(col), 'pass an array, a typed array, or a dictionary column { codes: Int32Array, levels: string[] }');
}

function wrongType(label: string, reader: string, got: string, want: string): LeadvalueError {
  return new LeadvalueError(label, `${reader} reads it, so it must be ${want}`, got);
}
