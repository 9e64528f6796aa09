import { LeadvalueError } from '../../core/errors.js';
import type { EncodedMatrix, EncodedNumber, EncodedCategory } from '../../features/encode.js';
import { ebmBin } from '../../scoring/ebm-terms.js';
import { checkTermColumns } from '../check-term-columns.js';
import { binNumber } from './bin-features.js';
import type { EbmPairTerm, EbmState, EbmTerm } from '../../scoring/model-types.js';

type Column = EncodedNumber | EncodedCategory;

/**
 * Predicts μ for each row: a probability (link logit) or a mean amount (link log).
 * @param state - a fitted EBM
 * @param matrix - encoded with the feature specs the model was trained on
 * @throws LeadvalueError when the matrix's columns are not the model's terms (a column without a term, a term without a column, another kind, or a category with another slot count)
 * @example
 * const p = predictEbm(win, matrix);
 */
export function predictEbm(state: EbmState, matrix: EncodedMatrix): Float64Array {
  const eta = ebmLinearPredictor(state, matrix);
  for (let i = 0; i < eta.length; i++) eta[i] = state.link === 'logit' ? 1 / (1 + Math.exp(-eta[i])) : Math.exp(eta[i]);
  return eta;
}

/** η = intercept + Σ term lookups + Σ pair lookups, per row. */
export function ebmLinearPredictor(state: EbmState, matrix: EncodedMatrix): Float64Array {
  checkTermColumns('EBM', state.terms, matrix);
  const eta = new Float64Array(matrix.rows).fill(state.intercept);
  for (const col of matrix.columns) addTerm(eta, termOf(state, col), col);
  for (const pair of state.pairs) addPair(eta, pair, columnOf(matrix, pair.features[0]), columnOf(matrix, pair.features[1]));
  return eta;
}

/**
 * One feature's exact contribution to η for each row (its main term only;
 * pair terms are separate, see {@link ebmPairContributions}).
 */
export function ebmContributions(state: EbmState, matrix: EncodedMatrix, feature: string): Float64Array {
  const col = columnOf(matrix, feature);
  const out = new Float64Array(matrix.rows);
  addTerm(out, termOf(state, col), col);
  return out;
}

/** A pair term's exact contribution to η for each row. */
export function ebmPairContributions(pair: EbmPairTerm, matrix: EncodedMatrix): Float64Array {
  const out = new Float64Array(matrix.rows);
  addPair(out, pair, columnOf(matrix, pair.features[0]), columnOf(matrix, pair.features[1]));
  return out;
}

function termOf(state: EbmState, col: Column): EbmTerm {
  const term = state.terms[col.name];
  if (!term || term.kind !== col.kind) throw new LeadvalueError(`feature ${col.name}`, 'the model has no such term', undefined, 'encode with the specs the model was trained on');
  if (term.kind === 'category' && col.kind === 'category' && term.values.length !== col.size) checkTermColumns('EBM', { [col.name]: term }, { rows: col.slots.length, columns: [col] });
  return term;
}

function columnOf(matrix: EncodedMatrix, name: string): Column {
  const col = matrix.columns.find((c) => c.name === name);
  if (!col) throw new LeadvalueError(`feature ${name}`, 'not in the matrix', undefined, 'encode with the specs the model was trained on');
  return col;
}

function addTerm(eta: Float64Array, term: EbmTerm, col: Column): void {
  if (col.kind === 'number' && term.kind === 'number') {
    // binNumber counts the edges below z exactly as the scorer's ebmBin does, faster on many rows.
    const bins = binNumber(col, term.edges);
    const values = [...term.values, term.missing];
    for (let i = 0; i < eta.length; i++) eta[i] += values[bins[i]];
  } else if (col.kind === 'category' && term.kind === 'category') {
    for (let i = 0; i < eta.length; i++) eta[i] += term.values[col.slots[i]];
  }
}

/** The bin of row i on one axis of a pair (same rule as the scorer's ebmPairBin). */
function axisBin(col: Column, edges: number[] | null, i: number): number {
  if (col.kind === 'category') return col.slots[i];
  const e = edges ?? [];
  return col.missing[i] ? e.length + 1 : ebmBin(e, col.z[i]);
}

function addPair(eta: Float64Array, pair: EbmPairTerm, a: Column, b: Column): void {
  for (let i = 0; i < eta.length; i++) eta[i] += pair.values[axisBin(a, pair.edges[0], i)][axisBin(b, pair.edges[1], i)];
}
