import { isUtf8 } from 'node:buffer';
import type { DateFormat } from '../core/dates.js';
import { FieldKind, fieldText, type CsvRow } from '../load/parse-csv.js';
import { compileScorer, type CompiledScorer } from '../scoring/compile-scorer.js';
import type { LeadColumns } from '../scoring/encode-columns.js';
import type { GoalProfile, ModelFile } from '../scoring/model-types.js';
import { readDate } from '../scoring/read-date.js';
import { scoreColumns } from '../scoring/score-columns.js';
import { readNumberText, scoreLead, type LeadScore } from '../scoring/score-lead.js';
import { ByteOutput } from './byte-output.js';
import { csvField } from './csv-field.js';
import { ReasonTexts } from './reason-texts.js';

const COMMA = 0x2c, LF = 0x0a;
const NOT_ASCII = /[\x80-\xff]/;

/** Field i of a row as Latin-1 text: one character per byte, as the file has it (doubled quotes of an escaped field made single). */
function fieldBytes(row: CsvRow, i: number): string {
  const text = row.bytes.toString('latin1', row.starts[i], row.ends[i]);
  return row.kinds[i] === FieldKind.escaped ? text.replaceAll('""', '"') : text;
}

/**
 * The output's header line: the file's column names (trimmed), then the score columns. A name that is not valid
 * UTF-8 is copied as its bytes (trimmed of ASCII white space only), as the rows' fields are.
 * @param row - the header row
 * @param header - its names as read (trimmed texts)
 * @param scoreColumns - the columns appended
 */
export function headerLine(row: CsvRow, header: string[], scoreColumns: readonly string[]): Buffer {
  const names = header.map((name, i) => {
    if (isUtf8(row.bytes.subarray(row.starts[i], row.ends[i]))) return Buffer.from(csvField(name)).toString('latin1');
    return csvField(fieldBytes(row, i).replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, ''));
  });
  return Buffer.from([...names, ...scoreColumns.map(csvField)].join(',') + '\n', 'latin1');
}

/** Rows scored together: the columns of a batch stay small (constant memory) and the per-batch costs are shared by many rows. */
export const BATCH_ROWS = 4096;

/** Per feature, how many leads had an unseen category, a missing value, an extreme number; keys in the order scoreLead row by row first reports them. */
export interface LeadCounts {
  unseen: Record<string, number>;
  missing: Record<string, number>;
  extreme: Record<string, number>;
}

/** Options of {@link LeadBatches}. */
export interface LeadBatchOptions {
  goals?: GoalProfile;
  /** Reasons per lead (default 3). */
  topReasons?: number;
  /** The input's name in messages (`leads.csv row 7, field …`). */
  label: string;
  /** The input's delimiter (`whitespace` or one byte). */
  delimiter: string;
}

/** A source column the model reads: where it is in the file, and how scoreColumns is given it. */
interface Source {
  name: string;
  field: number;
  /**
   * How scoreColumns is given it: `number` when only plain number features read it (a Float64Array, as scoreLead
   * reads the texts); `date` when only date parts in one format do (epoch ms, each text read by readDate);
   * `text` for categories, or categories and date parts (the texts); `mixed` when plain numbers and
   * anything else read it, which no one column can serve (the run is then scored row by row).
   */
  kind: 'number' | 'date' | 'text' | 'mixed';
  /** For `date`: the features' date format. */
  format: DateFormat;
}

/**
 * The scoring half of `leadvalue score`: collects the rows of a CSV (their
 * fields re-quoted for the output, and the texts of the columns the model
 * reads) and scores them {@link BATCH_ROWS} at a time with scoreColumns,
 * making one output line per row (see {@link take}). The lines, the reasons
 * and the counts are exactly those scoring each row with scoreLead gives:
 * scoreColumns is bit-identical to it, and whenever anything in a batch's
 * columnar path fails (a number text that does not parse, a value
 * scoreColumns refuses) the batch is scored row by row with scoreLead, which
 * throws the message (file, row, field) the CLI always gave.
 */
export class LeadBatches {
  /** Output lines not yet taken (see {@link take}), as UTF-8 bytes: held outside the JavaScript heap, they cost the garbage collector nothing. */
  private pieces: Buffer[] = [];
  private readonly out = new ByteOutput();
  /** Rows scored so far. */
  rows = 0;
  readonly counts: LeadCounts = { unseen: {}, missing: {}, extreme: {} };

  private readonly sources: Source[];
  /** Per source: the batch's texts (kept for the row-by-row fallback too). */
  private readonly texts: string[][];
  private readonly numbers: Float64Array[];
  /** Per row of the batch: the input fields, re-quoted and joined by commas, as Latin-1 text (one character per byte of the file); and its row number in the file. */
  private readonly lines: string[] = [];
  private readonly rowNumbers = new Float64Array(BATCH_ROWS);
  private size = 0;
  /** Compiled on the first batch; null while not yet, false when the columnar path cannot serve this run. */
  private scorer: CompiledScorer | null | false = null;
  private reasonTexts: ReasonTexts | null = null;
  private readonly top: number;
  /** A separator other than a comma, written as a comma when a row is copied as it is. */
  private readonly swap: string | null;
  /** Any byte in a row that rules out copying it as it is: a quote, and a comma when it is not the separator. */
  private readonly unsafe: RegExp;
  /** Whether a row can be copied as it is at all: not where runs of whitespace separate the fields. */
  private readonly copyable: boolean;

  /**
   * @param model - a verified model file
   * @param header - the file's column names (trimmed), all the model reads among them, each once
   * @param options - goals override, reasons, the input's name and delimiter
   */
  constructor(private readonly model: ModelFile, header: string[], private readonly options: LeadBatchOptions) {
    this.sources = [...new Set(model.features.map((f) => f.column))].map((name): Source => {
      const readers = model.features.filter((f) => f.column === name);
      const plain = readers.filter((f) => f.kind === 'number' && !f.derive).length;
      const formats = new Set(readers.map((f) => (f.derive ? f.dateFormat ?? 'iso' : null)));
      const [format] = formats; // null: a category reads it
      const kind = plain === readers.length ? 'number' : plain > 0 ? 'mixed' : formats.size === 1 && format ? 'date' : 'text';
      return { name, field: header.indexOf(name), kind, format: format ?? 'iso' }; // scoreCsv refuses a header naming a column twice
    });
    if (this.sources.some((s) => s.kind === 'mixed')) this.scorer = false;
    this.texts = this.sources.map(() => new Array<string>(BATCH_ROWS).fill(''));
    this.numbers = this.sources.map((s) => new Float64Array(s.kind === 'number' || s.kind === 'date' ? BATCH_ROWS : 0));
    this.top = options.topReasons ?? 3;
    const d = options.delimiter;
    this.copyable = d !== 'whitespace';
    this.swap = d !== ',' && this.copyable ? d : null;
    this.unsafe = this.swap ? /[",]/ : /"/;
  }

  /** Takes a row of the file (with as many fields as the header: the caller checks); scores the batch when it is full. */
  add(row: CsvRow): void {
    const r = this.size++;
    this.rowNumbers[r] = row.row;
    const count = row.fieldCount;
    const first = row.starts[0], last = row.ends[count - 1];
    let plain = this.copyable;
    for (let i = 0; i < count && plain; i++) plain = row.kinds[i] === FieldKind.plain;
    // Lines are kept as Latin-1 text, one character per byte, and written back byte for byte: the fields are copied
    // as the file has them, bytes that are not UTF-8 too (csvField only looks at ASCII quotes, commas and line breaks).
    const raw = plain ? row.bytes.toString('latin1', first, last) : '';
    if (plain && !this.unsafe.test(raw)) {
      // Unquoted fields free of quotes and commas: csvField leaves each as it is, so the row as written is the fields joined.
      this.lines[r] = this.swap ? raw.replaceAll(this.swap, ',') : raw;
      const ascii = !NOT_ASCII.test(raw);
      for (let c = 0; c < this.sources.length; c++) {
        const f = this.sources[c].field;
        // The model reads texts: a field with bytes beyond ASCII is decoded as UTF-8.
        this.texts[c][r] = ascii ? raw.slice(row.starts[f] - first, row.ends[f] - first) : fieldText(row, f);
      }
    } else {
      this.lines[r] = Array.from({ length: count }, (_, i) => csvField(fieldBytes(row, i))).join(',');
      for (let c = 0; c < this.sources.length; c++) this.texts[c][r] = fieldText(row, this.sources[c].field);
    }
    if (this.size === BATCH_ROWS) this.flush();
  }

  /**
   * Scores the rows held and adds their lines to the output (see {@link take}).
   * @throws LeadvalueError naming the file, row and field, as scoreLead does, for the first row that cannot be scored
   */
  flush(): void {
    const n = this.size;
    if (n === 0) return;
    this.size = 0;
    if (!this.columnar(n)) {
      this.out.truncate(0);
      this.rowByRow(n);
    }
    this.pieces.push(this.out.take());
    this.rows += n;
  }

  /** The output lines made since the last call, UTF-8 encoded, in order. */
  take(): Buffer[] {
    const t = this.pieces;
    this.pieces = [];
    return t;
  }

  /** Scores the batch with scoreColumns, writing its lines and adding its counts; false when anything failed (nothing is counted then). */
  private columnar(n: number): boolean {
    if (this.scorer === false) return false;
    try {
      if (!this.scorer) {
        this.scorer = compileScorer(this.model, { goals: this.options.goals });
        this.reasonTexts = new ReasonTexts(this.scorer);
      }
    } catch {
      this.scorer = false; // an invalid goals override: every row refuses it, row by row, with scoreLead's message
      return false;
    }
    const scorer = this.scorer, reasonTexts = this.reasonTexts!;
    try {
      const columns: LeadColumns = {};
      this.sources.forEach((s, c) => { columns[s.name] = s.kind === 'number' ? this.numberColumn(c, n) : s.kind === 'date' ? this.dateColumn(c, n) : this.textColumn(c, n); });
      const scores = scoreColumns(scorer, columns, { reasons: this.top });
      const { pWin, valueIfWon, expectedValue, score, reasons } = scores;
      const profile = Buffer.from(`,${csvField(scores.goalProfile)},`), out = this.out;
      for (let r = 0; r < n; r++) {
        this.start(r, pWin[r], valueIfWon[r], expectedValue[r], score[r]);
        out.bytes(profile);
        if (reasons) reasonTexts.write(out, columns, reasons, r);
        out.byte(LF);
      }
      this.addCounts(n, scores);
      return true;
    } catch {
      return false;
    }
  }

  /** A number column of the batch, read with scoreLead's rules; throws (to score the batch row by row) on a text scoreLead refuses. */
  private numberColumn(c: number, n: number): Float64Array {
    const texts = this.texts[c], x = this.numbers[c];
    for (let r = 0; r < n; r++) {
      const v = readNumberText(texts[r]);
      if (v === undefined) throw new Error('not a number: scored row by row');
      x[r] = v ?? NaN;
    }
    return n === BATCH_ROWS ? x : x.subarray(0, n);
  }

  /** A date column of the batch as epoch ms (NaN missing), each distinct text read once with readDate, as scoreLead reads it; throws on a text it refuses. */
  private dateColumn(c: number, n: number): Float64Array {
    const texts = this.texts[c], ms = this.numbers[c], format = this.sources[c].format;
    const read = new Map<string, number>();
    for (let r = 0; r < n; r++) {
      const t = texts[r];
      let v = read.get(t);
      if (v === undefined) read.set(t, (v = readDate(t, format, this.sources[c].name) ?? NaN));
      ms[r] = v;
    }
    return n === BATCH_ROWS ? ms : ms.subarray(0, n);
  }

  /** A text column of the batch (the column encoder reads each distinct text once per batch). */
  private textColumn(c: number, n: number): string[] {
    return n === BATCH_ROWS ? this.texts[c] : this.texts[c].slice(0, n);
  }

  /**
   * Adds a batch's counts. A feature counted for the first time is placed where scoring
   * row by row first met it (the CLI's notes list them in that order): the batch's rows
   * are scored with scoreLead until every new one is seen.
   */
  private addCounts(n: number, batch: LeadCounts): void {
    const kinds = ['unseen', 'missing', 'extreme'] as const;
    const fresh = kinds.map((k) => new Set(Object.keys(batch[k]).filter((f) => !Object.hasOwn(this.counts[k], f))));
    let left = fresh.reduce((a, s) => a + s.size, 0);
    const order: [number, string][] = [];
    for (let r = 0; r < n && left > 0; r++) {
      const s = this.scoreRow(r);
      kinds.forEach((k, j) => { for (const f of s[k]) if (fresh[j].delete(f)) { order.push([j, f]); left--; } });
    }
    if (left > 0) throw new Error('the counts disagree with scoreLead: scored row by row');
    for (const [j, f] of order) this.counts[kinds[j]][f] = 0;
    for (const k of kinds) for (const [f, c] of Object.entries(batch[k])) this.counts[k][f] = (this.counts[k][f] ?? 0) + c;
  }

  /** Scores the batch row by row with scoreLead, as `leadvalue score` always did, writing its lines; throws at the first row it refuses. */
  private rowByRow(n: number): void {
    for (let r = 0; r < n; r++) {
      const s = this.scoreRow(r);
      for (const f of s.unseen) this.counts.unseen[f] = (this.counts.unseen[f] ?? 0) + 1;
      for (const f of s.missing) this.counts.missing[f] = (this.counts.missing[f] ?? 0) + 1;
      for (const f of s.extreme) this.counts.extreme[f] = (this.counts.extreme[f] ?? 0) + 1;
      this.start(r, s.pWin, s.valueIfWon, s.expectedValue, s.score);
      this.out.text(`,${csvField(s.goalProfile)},${csvField(s.reasons.map((x) => x.text).join('; '))}\n`);
    }
  }

  private scoreRow(r: number): LeadScore {
    const lead: Record<string, string> = {};
    this.sources.forEach((s, c) => { lead[s.name] = this.texts[c][r]; });
    return scoreLead(this.model, lead, { goals: this.options.goals, topReasons: this.top, where: `${this.options.label} row ${this.rowNumbers[r]}` });
  }

  /** Writes the start of row r's output line: its fields, then p_win, value_if_won, expected_value and score to 6 significant digits (goal_profile and top_reasons follow). */
  private start(r: number, pWin: number, valueIfWon: number, expectedValue: number, score: number): void {
    const out = this.out;
    out.latin1(this.lines[r]);
    out.byte(COMMA);
    out.sixDigits(pWin);
    out.byte(COMMA);
    out.sixDigits(valueIfWon);
    out.byte(COMMA);
    out.sixDigits(expectedValue);
    out.byte(COMMA);
    out.sixDigits(score);
  }
}
