import type { CompiledScorer } from '../scoring/compile-scorer.js';
import type { DictionaryColumn, LeadColumns } from '../scoring/encode-columns.js';
import { rowReasons, type ColumnReasons } from '../scoring/row-reasons.js';
import type { ByteOutput } from './byte-output.js';
import { csvField } from './csv-field.js';

/** Remembered texts, at most: then all are forgotten at once (constant memory). */
const MAX_TEXTS = 50_000;
const SEPARATOR = Buffer.from('; ');

/** A reason's text (and its UTF-8 bytes), and whether it holds a character that makes a CSV field quoted. */
interface Known {
  contribution: number;
  text: string;
  bytes: Buffer;
  quote: boolean;
}

/**
 * The `top_reasons` field of `leadvalue score`: a row's reasons from
 * scoreColumns, their texts joined by `; `, quoted as a CSV field needs.
 * The texts are rowReasons' own, remembered: a reason's text depends only on
 * its term (feature, part, head), its contribution and the value the row has
 * in the term's one column (which rowReasons reads as scoreLead does), so a
 * text is reused when all three are the same. A row with any reason not seen
 * so (or a pair term, which reads two columns) gets rowReasons' texts.
 */
export class ReasonTexts {
  private readonly known: Map<unknown, Known>[];
  private count = 0;

  /** @param scorer - the compiled scorer whose reasons are written */
  constructor(private readonly scorer: CompiledScorer) {
    this.known = scorer.reasonTerms.map(() => new Map());
  }

  /**
   * Writes a row's field: `rowReasons(…).map((r) => r.text).join('; ')`, quoted when it holds a quote, comma or line break.
   * @param out - where to write it
   * @param columns - the batch's columns, as scored
   * @param reasons - scoreColumns' reasons for them
   * @param row - the row
   */
  write(out: ByteOutput, columns: LeadColumns, reasons: ColumnReasons, row: number): void {
    const { top, term, contribution } = reasons;
    const start = out.length;
    let quote = false;
    for (let q = 0, o = row * top; q < top; q++) {
      const t = term[o + q];
      if (t < 0) break;
      const known = this.lookUp(columns, t, row);
      if (known === undefined || known.contribution !== contribution[o + q]) {
        out.truncate(start);
        out.text(this.read(columns, reasons, row));
        return;
      }
      if (q) out.bytes(SEPARATOR);
      out.bytes(known.bytes);
      quote ||= known.quote;
    }
    if (quote) {
      // Rare: a value with a comma or quote in a reason. '; ' needs no quotes, so the joined text needs them iff one text does.
      out.truncate(start);
      const texts: string[] = [];
      for (let q = 0, o = row * top; q < top && term[o + q] >= 0; q++) texts.push(this.lookUp(columns, term[o + q], row)!.text);
      out.text(csvField(texts.join('; ')));
    }
  }

  /** What is known of term t with row's value in its column; undefined for a pair (two columns: not remembered). */
  private lookUp(columns: LeadColumns, t: number, row: number): Known | undefined {
    const features = this.scorer.reasonTerms[t].features;
    if (features.length > 1) return undefined;
    return this.known[t].get(features.length ? valueAt(columns[this.scorer.model.features[features[0]].column], row) : null);
  }

  /** The row's field from rowReasons, its texts remembered. */
  private read(columns: LeadColumns, reasons: ColumnReasons, row: number): string {
    const all = rowReasons(this.scorer, columns, reasons, row);
    if (this.count + all.length > MAX_TEXTS) { for (const m of this.known) m.clear(); this.count = 0; }
    all.forEach((r, q) => {
      const t = reasons.term[row * reasons.top + q], features = this.scorer.reasonTerms[t].features;
      if (features.length > 1) return;
      const value = features.length ? valueAt(columns[this.scorer.model.features[features[0]].column], row) : null;
      this.known[t].set(value, { contribution: r.contribution, text: r.text, bytes: Buffer.from(r.text), quote: /[",\n\r]/.test(r.text) });
      this.count++;
    });
    return csvField(all.map((r) => r.text).join('; '));
  }
}

/** Row `row` of a column as rowReasons reads it: a dictionary's level, an array's value. */
function valueAt(col: LeadColumns[string], row: number): unknown {
  if ('codes' in col) {
    const d = col as DictionaryColumn, code = d.codes[row];
    return code < 0 ? null : d.levels[code];
  }
  return (col as ArrayLike<unknown>)[row];
}
