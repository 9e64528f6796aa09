import { LeadvalueError } from '../core/errors.js';
import type { EncodedMatrix } from '../features/encode.js';
import type { GlmState, GlmTerm } from '../scoring/model-types.js';
import { lbfgs } from './lbfgs.js';

/** Parameters of a regularised GLM fit. */
export interface GlmParams {
  /** `logit` with labels 0/1 (logistic regression), `log` with amounts ≥ 0 (Poisson quasi-likelihood: fits the mean). */
  link: 'logit' | 'log';
  /** L2 penalty on every coefficient but the intercept: loss = Σ deviance/2 + l2/2 · ‖β‖². */
  l2: number;
  /** What μ means, for the model file. */
  target: string;
  maxIterations?: number;
}

/**
 * Fits a regularised generalised linear model by L-BFGS directly over
 * category codes (no one-hot matrix): logistic regression for `logit`,
 * Poisson regression for `log` (a consistent estimator of E[y | x] for any
 * non-negative y, including zero-heavy money amounts).
 *
 * Contributions are centred on the training rows, so each term averages 0 and
 * reads as "compared with an average lead"; the intercept absorbs the shift.
 * @param matrix - encoded features
 * @param y - labels (0/1) or amounts (≥ 0), one per row; not mutated
 * @param params - link, penalty, target name
 * @returns plain-JSON state
 * @throws LeadvalueError on empty input, NaN labels, or labels outside the link's range
 * @example
 * const win = fitGlm(matrix, won, { link: 'logit', l2: 1, target: 'P(win)' });
 */
export function fitGlm(matrix: EncodedMatrix, y: ArrayLike<number>, params: GlmParams): GlmState {
  validate(matrix, y, params);
  const n = matrix.rows;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  // Amounts are fit on the scale of their mean, for conditioning; undone below.
  const scale = params.link === 'log' ? (mean > 0 ? mean : 1) : 1;
  const target = new Float64Array(n);
  for (let i = 0; i < n; i++) target[i] = y[i] / scale;

  const offsets = layout(matrix);
  const dim = offsets[offsets.length - 1];
  const x0 = new Float64Array(dim);
  const m0 = mean / scale;
  x0[0] = params.link === 'logit' ? Math.log(Math.max(m0, 1e-9) / Math.max(1 - m0, 1e-9)) : Math.log(Math.max(m0, 1e-9));
  const eta = new Float64Array(n), resid = new Float64Array(n);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    linearPredictor(matrix, offsets, theta, eta);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const e = eta[i];
      if (params.link === 'logit') {
        // log(1 + e^η) − yη, computed stably.
        loss += (e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e))) - target[i] * e;
        resid[i] = 1 / (1 + Math.exp(-e)) - target[i];
      } else {
        const mu = Math.exp(e);
        loss += mu - target[i] * e;
        resid[i] = mu - target[i];
      }
    }
    gradient(matrix, offsets, resid, grad);
    for (let j = 1; j < dim; j++) { loss += 0.5 * params.l2 * theta[j] * theta[j]; grad[j] += params.l2 * theta[j]; }
    return loss;
  };
  const result = lbfgs(objective, x0, { maxIterations: params.maxIterations ?? 1000, tolerance: 1e-8 });
  const theta = result.x;
  if (params.link === 'log') theta[0] += Math.log(scale);

  // Centre each term on the training rows.
  let intercept = theta[0];
  const terms: Record<string, GlmTerm> = {};
  matrix.columns.forEach((col, c) => {
    const o = offsets[c];
    if (col.kind === 'number') {
      // z need not average 0 on these rows (the value part fits on won rows with z-scores of all rows).
      let missing = 0, sumZ = 0;
      for (let i = 0; i < n; i++) if (col.missing[i]) missing++; else sumZ += col.z[i];
      const shift = (theta[o] * sumZ + missing * theta[o + 1]) / n;
      intercept += shift;
      terms[col.name] = { kind: 'number', weight: theta[o], offset: 0 - shift, missing: theta[o + 1] - shift };
    } else {
      const counts = new Float64Array(col.size);
      for (let i = 0; i < n; i++) counts[col.slots[i]]++;
      let shift = 0;
      for (let s = 0; s < col.size; s++) shift += (counts[s] / n) * theta[o + s];
      intercept += shift;
      terms[col.name] = { kind: 'category', values: Array.from(theta.subarray(o, o + col.size), (v) => v - shift) };
    }
  });
  return {
    kind: 'glm', link: params.link, target: params.target, intercept, terms, l2: params.l2, l2Choice: null,
    rows: n, iterations: result.iterations, converged: result.converged,
  };
}

/**
 * Predicts μ (probability for `logit`, mean amount for `log`) for each row.
 * @param state - a fitted GLM
 * @param matrix - encoded with the same feature specs
 */
export function predictGlm(state: GlmState, matrix: EncodedMatrix): Float64Array {
  const eta = linearPredictorOf(state, matrix);
  for (let i = 0; i < eta.length; i++) eta[i] = state.link === 'logit' ? 1 / (1 + Math.exp(-eta[i])) : Math.exp(eta[i]);
  return eta;
}

/** η = intercept + Σ contributions, per row. */
export function linearPredictorOf(state: GlmState, matrix: EncodedMatrix): Float64Array {
  const eta = new Float64Array(matrix.rows).fill(state.intercept);
  for (const col of matrix.columns) {
    const term = state.terms[col.name];
    if (!term || term.kind !== col.kind) throw new LeadvalueError(`feature ${col.name}`, 'the model has no such term', undefined, 'encode with the specs the model was trained on');
    if (col.kind === 'number' && term.kind === 'number') {
      for (let i = 0; i < eta.length; i++) eta[i] += col.missing[i] ? term.missing : term.weight * col.z[i] + term.offset;
    } else if (col.kind === 'category' && term.kind === 'category') {
      for (let i = 0; i < eta.length; i++) eta[i] += term.values[col.slots[i]];
    }
  }
  return eta;
}

/** Start offset of each column's parameters; offsets[0] = 1 (after the intercept), last = dimension. */
function layout(matrix: EncodedMatrix): Int32Array {
  const offsets = new Int32Array(matrix.columns.length + 1);
  let o = 1;
  matrix.columns.forEach((col, c) => { offsets[c] = o; o += col.kind === 'number' ? 2 : col.size; });
  offsets[matrix.columns.length] = o;
  return offsets;
}

function linearPredictor(matrix: EncodedMatrix, offsets: Int32Array, theta: Float64Array, eta: Float64Array): void {
  eta.fill(theta[0]);
  matrix.columns.forEach((col, c) => {
    const o = offsets[c];
    if (col.kind === 'number') {
      const w = theta[o], m = theta[o + 1];
      for (let i = 0; i < eta.length; i++) eta[i] += col.missing[i] ? m : w * col.z[i];
    } else {
      for (let i = 0; i < eta.length; i++) eta[i] += theta[o + col.slots[i]];
    }
  });
}

function gradient(matrix: EncodedMatrix, offsets: Int32Array, resid: Float64Array, grad: Float64Array): void {
  grad.fill(0);
  let g0 = 0;
  for (let i = 0; i < resid.length; i++) g0 += resid[i];
  grad[0] = g0;
  matrix.columns.forEach((col, c) => {
    const o = offsets[c];
    if (col.kind === 'number') {
      let gw = 0, gm = 0;
      for (let i = 0; i < resid.length; i++) if (col.missing[i]) gm += resid[i]; else gw += resid[i] * col.z[i];
      grad[o] = gw; grad[o + 1] = gm;
    } else {
      for (let i = 0; i < resid.length; i++) grad[o + col.slots[i]] += resid[i];
    }
  });
}

function validate(matrix: EncodedMatrix, y: ArrayLike<number>, params: GlmParams): void {
  if (params.link !== 'logit' && params.link !== 'log') throw new LeadvalueError('fitGlm params.link', 'unknown link', JSON.stringify(params.link), 'use "logit" or "log"');
  if (!(params.l2 >= 0)) throw new LeadvalueError('fitGlm params.l2', 'not a non-negative number', String(params.l2));
  if (matrix.rows === 0) throw new LeadvalueError(`fitGlm (${params.target})`, 'no rows to fit', '0 rows', 'check the data and the time split');
  if (y.length !== matrix.rows) throw new LeadvalueError(`fitGlm (${params.target})`, 'labels and rows differ in number', `${y.length} labels for ${matrix.rows} rows`);
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (Number.isNaN(v)) throw new LeadvalueError(`fitGlm (${params.target}) row ${i}`, 'label is NaN', undefined, 'drop censored or unlabelled rows before fitting');
    if (params.link === 'logit' ? v !== 0 && v !== 1 : !(v >= 0 && v < Infinity)) {
      throw new LeadvalueError(`fitGlm (${params.target}) row ${i}`, params.link === 'logit' ? 'label is not 0 or 1' : 'amount is negative or infinite', String(v));
    }
  }
  for (const col of matrix.columns) {
    if (col.kind === 'number') {
      for (let i = 0; i < col.z.length; i++) if (!Number.isFinite(col.z[i])) throw new LeadvalueError(`fitGlm feature ${col.name} row ${i}`, 'value is not finite', String(col.z[i]), 'mark missing values as missing');
    }
  }
}
