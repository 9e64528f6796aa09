import type { EncodedMatrix } from '../features/encode.js';
import { subsetMatrix } from '../features/subset-matrix.js';
import type { GlmState } from '../scoring/model-types.js';
import { fitGlm, predictGlm, type GlmParams } from './glm.js';
import { denseGlmPreconditioner, glmGram } from './glm-preconditioner.js';

/**
 * Fits a GLM with the L2 penalty chosen by an inner *time* split: the rows
 * (given oldest first) are cut at `validationShare` from the end (with fewer
 * than 20 rows on either side there is no search: the strongest candidate is
 * used, the safe choice on small data); each
 * candidate is fit on the older part and scored by mean deviance on the newer
 * part; the best is refit on all rows. Ties go to the stronger penalty.
 * @param matrix - encoded rows, oldest first
 * @param y - labels or amounts
 * @param params - link and target; `l2` is replaced by the chosen candidate
 * @param candidates - penalties to try (one candidate: no search)
 */
export function fitGlmChoosingL2(
  matrix: EncodedMatrix, y: Float64Array, params: Omit<GlmParams, 'l2'>, candidates: number[], validationShare = 0.25,
): GlmState {
  const sorted = [...candidates].sort((a, b) => b - a);
  const nFit = Math.floor(matrix.rows * (1 - validationShare));
  if (sorted.length === 1 || nFit < 20 || matrix.rows - nFit < 20) {
    // Too few rows to validate on: the strongest penalty is the safe choice on small data.
    return fitGlm(matrix, y, { ...params, l2: sorted[0] ?? 1 });
  }
  const fitRows = Int32Array.from({ length: nFit }, (_, i) => i);
  const valRows = Int32Array.from({ length: matrix.rows - nFit }, (_, i) => nFit + i);
  const fitX = subsetMatrix(matrix, fitRows), valX = subsetMatrix(matrix, valRows);
  const fitY = y.subarray(0, nFit), valY = y.subarray(nFit);
  // Down the penalty path, each fit starts where the previous (stronger) one ended; all share one
  // XᵀX estimate (of all rows: the older part's is as good a preconditioner, it is not recomputed).
  const gram = denseGlmPreconditioner(fitX) ? glmGram(matrix) : undefined;
  const fits: GlmState[] = [];
  for (const l2 of sorted) fits.push(fitGlm(fitX, fitY, { ...params, l2, start: fits[fits.length - 1], gram }));
  const losses = fits.map((fit) => meanDeviance(params.link, valY, predictGlm(fit, valX)));
  let best = 0;
  for (let k = 1; k < losses.length; k++) if (losses[k] < losses[best] - 1e-12) best = k;
  const state = fitGlm(matrix, y, { ...params, l2: sorted[best], start: fits[best], gram });
  return { ...state, l2Choice: { candidates: sorted, validationLoss: losses, validationRows: valRows.length } };
}

/** Mean Bernoulli deviance (logit) or Poisson deviance (log) of predictions μ. */
export function meanDeviance(link: 'logit' | 'log', y: ArrayLike<number>, mu: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const m = Math.min(Math.max(mu[i], 1e-12), link === 'logit' ? 1 - 1e-12 : Infinity);
    if (link === 'logit') total += -2 * (y[i] * Math.log(m) + (1 - y[i]) * Math.log(1 - m));
    else total += 2 * ((y[i] > 0 ? y[i] * Math.log(y[i] / m) : 0) - (y[i] - m));
  }
  return total / y.length;
}
