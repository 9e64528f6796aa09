import { LeadvalueError, shown } from '../core/errors.js';
import type { CompiledScorer, ReasonTerm } from './compile-scorer.js';
import { ebmPairParts } from './ebm-terms.js';
import type { DictionaryColumn, LeadColumns } from './encode-columns.js';
import type { EbmState } from './model-types.js';
import { encodeValue, reasonText, valueModelNote, type Reason } from './score-lead.js';
import { zilnReasonText } from './ziln-terms.js';
import type { ZilnState } from './ziln-types.js';

/** Top reasons of every row, as term indices and contributions (no text: that is built on demand by {@link rowReasons}). */
export interface ColumnReasons {
  /** Reasons kept per row. */
  top: number;
  /** term[row · top + r]: index into `terms` of the row's r-th reason (largest |contribution| first); -1 past its last. */
  term: Int32Array;
  /** contribution[row · top + r]: that reason's exact additive contribution (0 for the ZILN MLP note). */
  contribution: Float64Array;
  /** The candidate terms the indices refer to: feature (or `a × b`), part, and for a linear ZILN the head. */
  terms: readonly ReasonTerm[];
}

/**
 * Picks each row's top reasons from a block of contributions, ranked as
 * scoreLead ranks them: non-zero contributions by |contribution| descending,
 * ties by feature name, then term order (win before value); a ZILN MLP's note
 * takes the last place.
 * @param sink - contributions, row-major: sink[i · reason terms + t]
 */
export function selectReasons(scorer: CompiledScorer, sink: Float64Array, n: number, start: number, out: ColumnReasons): void {
  const { top, term, contribution } = out;
  const keep = scorer.note >= 0 ? top - 1 : top;
  const terms = scorer.reasonTerms.length, rank = scorer.nameRank;
  const bestT = new Int32Array(top), bestC = new Float64Array(top), bestA = new Float64Array(top);
  for (let i = 0; i < n; i++) {
    let count = 0;
    const row = i * terms;
    for (let t = 0; t < terms; t++) {
      const c = sink[row + t];
      if (c === 0 || c !== c) continue;
      const a = Math.abs(c), r = rank[t];
      let p = count;
      while (p > 0 && (a > bestA[p - 1] || (a === bestA[p - 1] && r < rank[bestT[p - 1]]))) p--;
      if (p >= keep) continue;
      for (let q = Math.min(count, keep - 1); q > p; q--) { bestT[q] = bestT[q - 1]; bestC[q] = bestC[q - 1]; bestA[q] = bestA[q - 1]; }
      bestT[p] = t; bestC[p] = c; bestA[p] = a;
      if (count < keep) count++;
    }
    const o = (start + i) * top;
    for (let q = 0; q < count; q++) { term[o + q] = bestT[q]; contribution[o + q] = bestC[q]; }
    if (scorer.note >= 0 && top > 0) { term[o + count] = scorer.note; contribution[o + count] = 0; count++; }
    for (let q = count; q < top; q++) { term[o + q] = -1; contribution[o + q] = 0; }
  }
}

/**
 * One row's reasons as the same {@link Reason} objects scoreLead gives
 * (feature, value as read, part, head, contribution, text), built from the
 * indices scoreColumns returned and the row's values in the columns.
 * @param scorer - the compiled scorer the scores came from
 * @param columns - the columns that were scored
 * @param reasons - `scoreColumns(…).reasons`
 * @param row - the row's index in the columns
 * @returns the row's reasons, most important first
 * @throws LeadvalueError when the row is out of range
 * @example
 * const s = scoreColumns(scorer, columns, { reasons: 3 });
 * rowReasons(scorer, columns, s.reasons!, 0); // [{ feature: 'demo_requested', value: 1, part: 'win', contribution: 0.93, text: '…' }, …]
 */
export function rowReasons(scorer: CompiledScorer, columns: LeadColumns, reasons: ColumnReasons, row: number): Reason[] {
  if (reasons === null || typeof reasons !== 'object') {
    throw new LeadvalueError('rowReasons', 'no reasons to read', shown(reasons), 'score with scoreColumns(scorer, columns, { reasons: n }) and pass its result\'s reasons');
  }
  const rows = reasons.term.length / Math.max(reasons.top, 1);
  if (!(Number.isInteger(row) && row >= 0 && row < rows)) throw new LeadvalueError('rowReasons', `row not in 0 … ${rows - 1}`, String(row));
  const specs = scorer.model.features;
  const where = `row ${row}`;
  const encoded = specs.map((spec) => encodeValue(spec, valueAt(columns[spec.column], row), `${where}, column ${spec.column}`));
  const out: Reason[] = [];
  for (let q = 0; q < reasons.top; q++) {
    const t = reasons.term[row * reasons.top + q];
    if (t < 0) break;
    const rt = scorer.reasonTerms[t], c = reasons.contribution[row * reasons.top + q];
    if (rt.note) { out.push(valueModelNote(scorer.model.params.value as ZilnState)); continue; }
    if (rt.pair !== undefined) {
      const state = (t < firstValueTerm(scorer) ? scorer.model.params.win : scorer.model.params.value) as EbmState;
      const value = ebmPairParts(state, specs, encoded)[rt.pair].value;
      out.push({ feature: rt.feature, value, part: rt.part, contribution: c, text: reasonText(rt.feature, value, rt.part, c) });
      continue;
    }
    const value = encoded[rt.features[0]].shown;
    out.push(rt.head
      ? { feature: rt.feature, value, part: 'value', head: rt.head, contribution: c, text: zilnReasonText(rt.feature, value, rt.head, c) }
      : { feature: rt.feature, value, part: rt.part, contribution: c, text: reasonText(rt.feature, value, rt.part, c) });
  }
  return out;
}

/** Index of the first reason term of the value part. */
function firstValueTerm(scorer: CompiledScorer): number {
  return scorer.model.features.length + (scorer.model.params.win.kind === 'ebm' ? scorer.model.params.win.pairs.length : 0);
}

/** Row `row` of a column as a lead object would hold it. */
function valueAt(col: LeadColumns[string] | undefined, row: number): unknown {
  if (col === undefined || col === null) return undefined;
  if (!Array.isArray(col) && !ArrayBuffer.isView(col)) {
    const d = col as DictionaryColumn;
    const code = d.codes[row];
    return code < 0 ? null : d.levels[code];
  }
  return (col as ArrayLike<unknown>)[row];
}
