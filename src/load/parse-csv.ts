import { LeadvalueError, shown } from '../core/errors.js';

/**
 * How the fields of a row are separated: a single-byte delimiter such as `,`,
 * `;` or `\t`, or `'whitespace'`, where runs of spaces and tabs separate fields
 * and whitespace at the start and end of a line is ignored.
 */
export type CsvDelimiter = string | 'whitespace';

/** Options of {@link CsvTokenizer}. */
export interface CsvTokenizerOptions {
  /** Field separator; default `,`. */
  delimiter?: CsvDelimiter;
  /** Name of the input in error messages; default `csv`. */
  label?: string;
  /** Names a field (by 0-based index) in error messages; default `field N` (1-based). */
  fieldName?: (index: number) => string;
}

/** How a field was written, as found in {@link CsvRow.kinds}. */
export const FieldKind = {
  /** Unquoted: the bytes as written, surrounding whitespace included. */
  plain: 0,
  /** Quoted without escapes: the bytes between the quotes. */
  quoted: 1,
  /** Quoted with `""` escapes: the bytes between the quotes, escapes still doubled. */
  escaped: 2,
} as const;

/**
 * One row as the tokenizer sees it: byte ranges into `bytes`, nothing decoded.
 * The object and its arrays are reused: read them inside the callback only.
 * Field `i` is `bytes[starts[i], ends[i])`, written as `kinds[i]` ({@link FieldKind}).
 */
export interface CsvRow {
  bytes: Buffer;
  starts: Int32Array;
  ends: Int32Array;
  kinds: Uint8Array;
  /** Number of fields in this row. */
  fieldCount: number;
  /** 1-based record number in the file (the first line is row 1); blank lines count. */
  row: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

// Scanner states kept between chunks.
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const AFTER_QUOTE = 3;

/**
 * A streaming, byte-level RFC 4180 CSV tokenizer. Push Buffer chunks split
 * anywhere (inside a field, a quote escape or a CRLF); it calls `onRow` for each
 * complete record with byte ranges of its fields, so the caller decodes only
 * the fields it needs.
 *
 * Accepted: quoted fields with `""` escapes, delimiters and line breaks inside
 * quotes, LF, CRLF or CR line ends, a UTF-8 byte-order mark at the start (dropped),
 * spaces or tabs between a closing quote and the delimiter. Blank lines (nothing
 * but spaces or tabs) are skipped but keep their row number.
 *
 * Memory: it holds the current chunk plus the unfinished row at its end; a row
 * longer than a chunk is gathered in a buffer that grows by doubling.
 *
 * @example
 * const rows: string[][] = [];
 * const t = new CsvTokenizer({}, (r) => rows.push(Array.from({ length: r.fieldCount }, (_, i) => fieldText(r, i))));
 * t.push(Buffer.from('a,"b ""c"""\n1,'));
 * t.push(Buffer.from('2\n'));
 * t.end(); // rows: [['a', 'b "c"'], ['1', '2']]
 */
export class CsvTokenizer {
  private readonly delimiter: number;
  private readonly whitespace: boolean;
  private readonly label: string;
  private readonly fieldName: (index: number) => string;
  private readonly onRow: (row: CsvRow) => void;
  private readonly view: CsvRow;

  private buf: Buffer = Buffer.alloc(0);
  private own: Buffer | null = null;
  private len = 0;
  private pos = 0;
  private rowStart = 0;
  private fieldStart = 0;
  private state = FIELD_START;
  private kind: number = FieldKind.plain;
  private skipLF = false;
  private bomChecked = false;
  private fieldCount = 0;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private kinds = new Uint8Array(64);
  private row = 1;
  private ended = false;
  /** Bytes of the first line checked so far, or -1 once it ended: the input must start as text (see {@link checkText}). */
  private textChecked = 0;
  /** The input's first bytes (up to 8), to name a known binary format. */
  private head: Buffer = Buffer.alloc(0);
  /** A control byte found among the first 2 bytes, held (nothing is tokenized before 3 bytes) until a third names the format. */
  private control: [byte: number, offset: number] | null = null;

  /**
   * @param options - delimiter, label and field names for error messages
   * @param onRow - called once per record, in order
   * @throws LeadvalueError when the delimiter is not a single byte other than a quote or line break
   */
  constructor(options: CsvTokenizerOptions, onRow: (row: CsvRow) => void) {
    const delimiter = options.delimiter ?? ',';
    this.label = options.label ?? 'csv';
    this.whitespace = delimiter === 'whitespace';
    this.delimiter = this.whitespace ? SPACE : checkDelimiter(delimiter, this.label);
    this.fieldName = options.fieldName ?? ((i) => `field ${i + 1}`);
    this.onRow = onRow;
    this.view = { bytes: this.buf, starts: this.starts, ends: this.ends, kinds: this.kinds, fieldCount: 0, row: 0 };
  }

  /**
   * Tokenizes the next chunk, calling `onRow` for every record it completes.
   * The tokenizer may read `chunk` until the next `push` or `end` returns (it copies
   * only the unfinished row out of it then): do not overwrite it before.
   * @throws LeadvalueError on text after a closing quote, when the first line is not
   * text (a Parquet, Excel or other binary file, UTF-16 text), or when called after {@link end}
   */
  push(chunk: Buffer): void {
    if (this.ended) throw new LeadvalueError(this.label, 'data pushed after the end', undefined, 'create a new tokenizer per input');
    if (chunk.length === 0) return;
    if (this.textChecked >= 0) this.checkText(chunk);
    this.append(chunk);
    if (!this.bomChecked) {
      if (this.len < 3) return; // wait for enough bytes to see a BOM
      this.dropBom();
    }
    if (this.whitespace) this.scanWhitespace();
    else this.scanDelimited();
  }

  /**
   * Ends the input: emits the last record when the file does not end with a line break.
   * @throws LeadvalueError when a quoted field is still open (names the row where it started)
   */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.control) throw notText(this.label, this.head, ...this.control);
    if (!this.bomChecked) {
      this.dropBom();
      if (this.whitespace) this.scanWhitespace();
      else this.scanDelimited();
    }
    switch (this.state) {
      case QUOTED:
        // a quote as the very last byte closes the field
        if (this.pos === this.len - 1 && this.buf[this.pos] === QUOTE) {
          this.pos = this.len;
          this.endField(this.len - 1);
        } else {
          throw new LeadvalueError(
            `${this.label} row ${this.row}, ${this.fieldName(this.fieldCount)}`,
            'unterminated quote: a quoted field starts here and never ends',
            shown(this.buf.toString('utf8', this.fieldStart - 1, Math.min(this.len, this.fieldStart + 40))),
            'close the quote, and write quotes inside quoted fields twice ("")',
          );
        }
        break;
      case UNQUOTED:
        this.endField(this.len);
        break;
      case AFTER_QUOTE:
        this.endField(this.quoteEnd);
        break;
      default:
        // `a,b,` at the very end: the last field is empty
        if (this.fieldCount > 0 && !this.whitespace) {
          this.fieldStart = this.len;
          this.kind = FieldKind.plain;
          this.endField(this.len);
        }
    }
    this.state = FIELD_START;
    if (this.fieldCount > 0) this.endRow(this.len);
  }

  /**
   * Checks the first line as its chunks arrive, before anything is tokenized: a
   * control byte other than a tab (a NUL, say) is never in the header of a text
   * file, but is all over a Parquet or Excel file, whose bytes would otherwise
   * fill the messages (`no column … (got "PAR1\u0000…")`). Bytes that are not
   * valid UTF-8 alone are let through: a Latin-1 or Windows-1252 export is text.
   */
  private checkText(chunk: Buffer): void {
    if (this.head.length < 8) this.head = Buffer.concat([this.head, chunk.subarray(0, 8 - this.head.length)]);
    if (this.control) {
      if (this.head.length >= 3) throw notText(this.label, this.head, ...this.control);
      return;
    }
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === LF || c === CR) {
        this.textChecked = -1;
        return;
      }
      if ((c < SPACE && c !== TAB) || c === 0x7f) {
        if (this.head.length >= 3) throw notText(this.label, this.head, c, this.textChecked + i);
        this.control = [c, this.textChecked + i];
        return;
      }
    }
    this.textChecked += chunk.length;
  }

  /** Appends a chunk after the unfinished row, reusing the chunk itself when nothing is left over. */
  private append(chunk: Buffer): void {
    const keep = this.len - this.rowStart;
    if (keep === 0) {
      this.buf = chunk;
      this.len = chunk.length;
      this.pos = 0;
      this.rowStart = 0;
      this.fieldStart = 0;
      return;
    }
    const need = keep + chunk.length;
    let target = this.own;
    if (target === null || target.length < need) {
      target = Buffer.allocUnsafe(Math.max(need, 2 * (target?.length ?? 0), 1 << 16));
    }
    if (this.buf !== target || this.rowStart !== 0) this.buf.copy(target, 0, this.rowStart, this.len);
    chunk.copy(target, keep);
    this.own = target;
    const shift = this.rowStart;
    if (shift !== 0) {
      for (let i = 0; i < this.fieldCount; i++) {
        this.starts[i] -= shift;
        this.ends[i] -= shift;
      }
      this.pos -= shift;
      this.fieldStart -= shift;
      this.quoteEnd -= shift;
    }
    this.buf = target;
    this.len = need;
    this.rowStart = 0;
  }

  private dropBom(): void {
    this.bomChecked = true;
    const b = this.buf;
    if (this.len >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
      this.pos = this.rowStart = this.fieldStart = 3;
    }
  }

  /** Scans `buf[pos, len)` for a single-byte delimiter. */
  private scanDelimited(): void {
    const buf = this.buf;
    const len = this.len;
    const delim = this.delimiter;
    const top = Math.max(delim, LF, CR); // no byte above this ends an unquoted field
    let pos = this.pos;
    while (pos < len) {
      if (this.skipLF) {
        this.skipLF = false;
        if (buf[pos] === LF) this.rowStart = ++pos;
        continue;
      }
      let state = this.state;
      if (state === FIELD_START) {
        if (buf[pos] === QUOTE) {
          state = QUOTED;
          this.kind = FieldKind.quoted;
          this.fieldStart = ++pos;
        } else {
          state = UNQUOTED;
          this.kind = FieldKind.plain;
          this.fieldStart = pos;
        }
      }
      if (state === UNQUOTED) {
        let c = 0;
        while (pos < len) {
          c = buf[pos];
          if (c <= top && (c === delim || c === LF || c === CR)) break;
          pos++;
        }
        if (pos === len) {
          this.state = UNQUOTED;
          break;
        }
        this.endField(pos);
        pos++;
        this.state = FIELD_START;
        if (c !== delim) this.lineEnd(pos, c);
        continue;
      }
      if (state === QUOTED) {
        pos = this.scanQuoted(pos);
        if (this.state === QUOTED) break;
        state = AFTER_QUOTE;
      }
      // AFTER_QUOTE: spaces or tabs may follow the closing quote, then a delimiter or line end
      let c = buf[pos];
      while ((c === SPACE || c === TAB) && c !== delim && pos < len) c = buf[++pos];
      if (pos === len) {
        this.state = AFTER_QUOTE;
        break;
      }
      if (c !== delim && c !== LF && c !== CR) this.textAfterQuote(pos);
      this.endField(this.quoteEnd);
      pos++;
      this.state = FIELD_START;
      if (c !== delim) this.lineEnd(pos, c);
    }
    this.pos = pos;
  }

  /** Scans `buf[pos, len)` where runs of spaces and tabs separate fields. */
  private scanWhitespace(): void {
    const buf = this.buf;
    const len = this.len;
    let pos = this.pos;
    while (pos < len) {
      if (this.skipLF) {
        this.skipLF = false;
        if (buf[pos] === LF) this.rowStart = ++pos;
        continue;
      }
      let state = this.state;
      if (state === FIELD_START) {
        let c = buf[pos];
        while ((c === SPACE || c === TAB) && pos < len) c = buf[++pos];
        if (pos === len) break;
        if (c === LF || c === CR) {
          pos++;
          this.lineEnd(pos, c);
          continue;
        }
        if (c === QUOTE) {
          state = QUOTED;
          this.kind = FieldKind.quoted;
          this.fieldStart = ++pos;
        } else {
          state = UNQUOTED;
          this.kind = FieldKind.plain;
          this.fieldStart = pos;
        }
      }
      if (state === UNQUOTED) {
        let c = 0;
        while (pos < len) {
          c = buf[pos];
          if (c === SPACE || c === TAB || c === LF || c === CR) break;
          pos++;
        }
        if (pos === len) {
          this.state = UNQUOTED;
          break;
        }
        this.endField(pos);
        pos++;
        this.state = FIELD_START;
        if (c === LF || c === CR) this.lineEnd(pos, c);
        continue;
      }
      if (state === QUOTED) {
        pos = this.scanQuoted(pos);
        if (this.state === QUOTED) break;
      }
      // AFTER_QUOTE: whitespace or a line end must follow the closing quote
      if (pos === len) {
        this.state = AFTER_QUOTE;
        break;
      }
      const c = buf[pos];
      if (c !== SPACE && c !== TAB && c !== LF && c !== CR) this.textAfterQuote(pos);
      this.endField(this.quoteEnd);
      pos++;
      this.state = FIELD_START;
      if (c === LF || c === CR) this.lineEnd(pos, c);
    }
    this.pos = pos;
  }

  /** Byte offset of the closing quote of the last quoted field. */
  private quoteEnd = 0;

  /**
   * Finds the closing quote from `pos`, stepping over `""` escapes. Sets the
   * state to AFTER_QUOTE and returns the offset after the closing quote, or
   * leaves the state QUOTED and returns where to resume when the chunk ends first.
   */
  private scanQuoted(pos: number): number {
    const buf = this.buf;
    const len = this.len;
    for (;;) {
      const q = buf.indexOf(QUOTE, pos);
      if (q === -1 || q >= len) {
        this.state = QUOTED;
        return len;
      }
      if (q + 1 === len) {
        // cannot tell a closing quote from an escape yet: look again with the next chunk
        this.state = QUOTED;
        return q;
      }
      if (buf[q + 1] === QUOTE) {
        this.kind = FieldKind.escaped;
        pos = q + 2;
        continue;
      }
      this.quoteEnd = q;
      this.state = AFTER_QUOTE;
      return q + 1;
    }
  }

  private endField(end: number): void {
    const i = this.fieldCount;
    if (i === this.starts.length) this.growFields();
    this.starts[i] = this.fieldStart;
    this.ends[i] = end;
    this.kinds[i] = this.kind;
    this.fieldCount = i + 1;
  }

  /** Ends the record whose line break `c` ends just before `next`. */
  private lineEnd(next: number, c: number): void {
    if (c === CR) this.skipLF = true;
    this.endRow(next);
  }

  private endRow(next: number): void {
    const count = this.fieldCount;
    if (!(count <= 1 && this.isBlank())) {
      const view = this.view;
      view.bytes = this.buf;
      view.starts = this.starts;
      view.ends = this.ends;
      view.kinds = this.kinds;
      view.fieldCount = count;
      view.row = this.row;
      this.onRow(view);
    }
    this.row++;
    this.fieldCount = 0;
    this.rowStart = next;
  }

  /** A row of at most one unquoted field made of spaces and tabs only. */
  private isBlank(): boolean {
    if (this.fieldCount === 0) return true;
    if (this.kinds[0] !== FieldKind.plain) return false;
    const buf = this.buf;
    for (let i = this.starts[0], e = this.ends[0]; i < e; i++) {
      if (buf[i] !== SPACE && buf[i] !== TAB) return false;
    }
    return true;
  }

  private growFields(): void {
    const n = this.starts.length * 2;
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    const kinds = new Uint8Array(n);
    starts.set(this.starts);
    ends.set(this.ends);
    kinds.set(this.kinds);
    this.starts = starts;
    this.ends = ends;
    this.kinds = kinds;
  }

  private textAfterQuote(pos: number): never {
    // show the field from its opening quote up to the next separator or line end
    let end = pos;
    const stop = Math.min(this.len, pos + 40);
    while (end < stop && this.buf[end] !== this.delimiter && this.buf[end] !== LF && this.buf[end] !== CR) end++;
    throw new LeadvalueError(
      `${this.label} row ${this.row}, ${this.fieldName(this.fieldCount)}`,
      'text after a closing quote',
      shown(this.buf.toString('utf8', this.fieldStart - 1, end)),
      'quote the whole field, and write quotes inside it twice ("")',
    );
  }
}

/** Known files that are not CSV, by their first bytes: what they are, and how to get a CSV from them. */
const NOT_CSV: { magic: number[]; what: string; fix: string }[] = [
  { magic: [0x50, 0x41, 0x52, 0x31], what: 'a Parquet file (it starts with PAR1)', fix: 'export it to CSV, e.g. duckdb -c "COPY (FROM \'file.parquet\') TO \'file.csv\'"' },
  { magic: [0x50, 0x4b, 0x03], what: 'a ZIP archive, such as an Excel .xlsx workbook (it starts with PK)', fix: 'save the sheet as CSV UTF-8 (Excel: File › Save As › CSV UTF-8), or unzip the archive' },
  { magic: [0xd0, 0xcf, 0x11], what: 'an Excel 97–2003 .xls workbook', fix: 'save the sheet as CSV UTF-8 (Excel: File › Save As › CSV UTF-8)' },
  { magic: [0xff, 0xfe], what: 'UTF-16 text', fix: 'save it as UTF-8 (Excel: CSV UTF-8; or iconv -f UTF-16 -t UTF-8)' },
  { magic: [0xfe, 0xff], what: 'UTF-16 text', fix: 'save it as UTF-8 (Excel: CSV UTF-8; or iconv -f UTF-16 -t UTF-8)' },
];

/** The error for a first line holding byte `c` at `offset`, with the input's first bytes `head`. */
function notText(label: string, head: Buffer, c: number, offset: number): LeadvalueError {
  const known = NOT_CSV.find((k) => k.magic.every((b, i) => head[i] === b));
  if (known) return new LeadvalueError(label, `not a CSV file but ${known.what}`, undefined, known.fix);
  // Plain ASCII with every other byte 0: UTF-16 without its byte-order mark.
  const ascii = (b: number | undefined) => b !== undefined && b >= SPACE && b < 0x7f;
  if ((head[0] === 0 && ascii(head[1])) || (ascii(head[0]) && head[1] === 0)) {
    return new LeadvalueError(label, 'not a CSV file but UTF-16 text', undefined, 'save it as UTF-8 (Excel: CSV UTF-8; or iconv -f UTF-16 -t UTF-8)');
  }
  return new LeadvalueError(label, 'not a CSV file: its first line holds a control byte, which text does not have', `0x${c.toString(16).padStart(2, '0')} at byte ${offset + 1}`,
    'give a CSV file (UTF-8 text); a binary export (Parquet, Excel, a database file) has to be exported to CSV first');
}

function checkDelimiter(delimiter: string, label: string): number {
  const code = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
  if (code < 1 || code > 0x7f || code === QUOTE || code === LF || code === CR) {
    throw new LeadvalueError(
      `${label}: delimiter`,
      'not a single-byte separator',
      shown(delimiter),
      'use one ASCII character other than a quote or line break (",", ";", "\\t", "|"), or "whitespace"',
    );
  }
  return code;
}

/**
 * Decodes field `i` of a row as UTF-8 text, with quote escapes undone.
 * Unquoted fields keep their surrounding whitespace.
 */
export function fieldText(row: CsvRow, i: number): string {
  const text = row.bytes.toString('utf8', row.starts[i], row.ends[i]);
  return row.kinds[i] === FieldKind.escaped ? text.replaceAll('""', '"') : text;
}

/**
 * Tokenizes whole input at once and decodes every field: handy for small inputs
 * and tests. For files use {@link CsvTokenizer} (or `readCsv`), which decode only what is asked.
 * @param chunks - the bytes, whole or split into chunks anywhere
 * @param options - delimiter and label
 * @returns one array of field texts per record (blank lines skipped)
 * @throws LeadvalueError on an unterminated quote or text after a closing quote
 * @example
 * tokenizeCsv(Buffer.from('a,b\r\n"x, y",2\r\n')) // [['a', 'b'], ['x, y', '2']]
 */
export function tokenizeCsv(chunks: Buffer | Buffer[], options: CsvTokenizerOptions = {}): string[][] {
  const rows: string[][] = [];
  const tokenizer = new CsvTokenizer(options, (row) => {
    const fields: string[] = [];
    for (let i = 0; i < row.fieldCount; i++) fields.push(fieldText(row, i));
    rows.push(fields);
  });
  for (const chunk of Array.isArray(chunks) ? chunks : [chunks]) tokenizer.push(chunk);
  tokenizer.end();
  return rows;
}
