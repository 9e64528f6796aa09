import { LeadvalueError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { EncodedMatrix } from '../features/encode.js';
import { subsetMatrix } from '../features/subset-matrix.js';
import { calibrateProbability, type Calibration } from '../scoring/calibration.js';
import type { ModelState } from '../scoring/model-types.js';
import { ebmLinearPredictor } from './ebm/predict-ebm.js';
import { fitCalibration } from './fit-calibration.js';
import { linearPredictorOf } from './glm.js';
import { fitModelPart, type ModelPartDecl } from './model-part.js';

/** Share of the newest training rows a calibration is fit on. */
export const CALIBRATION_SHARE = 0.25;

/**
 * Fits the calibration of a win part on an inner time split, never on test
 * rows: the part is refit on the oldest 75% of the given rows with the same
 * declaration, its log-odds on the newest 25% are calibrated against their
 * outcomes, and the map is then applied to the part fit on all the rows (as
 * scikit-learn's `CalibratedClassifierCV(ensemble=False)` applies a map
 * learned on held-out predictions to the model fit on all data).
 * @param matrix - encoded training rows, oldest first
 * @param won - outcomes 0/1 on those rows
 * @param decl - the win part's declaration (GLM or EBM settings)
 * @param l2 - default GLM L2 candidates
 * @param rng - randomness for the inner fit (EBM bagging)
 * @param method - `platt` or `isotonic`
 * @throws LeadvalueError when either side of the inner split has fewer than 20 rows, or the validation rows hold one class only
 */
export function fitWinCalibration(matrix: EncodedMatrix, won: Float64Array, decl: ModelPartDecl, l2: number[], rng: Rng, method: 'platt' | 'isotonic',
  share = CALIBRATION_SHARE): Calibration {
  const n = matrix.rows, nFit = Math.floor(n * (1 - share));
  if (nFit < 20 || n - nFit < 20) {
    throw new LeadvalueError('calibration', `too few training leads for an inner validation split (${nFit} to fit, ${n - nFit} to calibrate on; at least 20 each)`,
      undefined, 'use "calibration": "none", or a longer history');
  }
  const fitRows = Int32Array.from({ length: nFit }, (_, i) => i);
  const tailRows = Int32Array.from({ length: n - nFit }, (_, i) => nFit + i);
  const inner = fitModelPart(subsetMatrix(matrix, fitRows), won.slice(0, nFit), decl, 'win', l2, rng);
  const eta = winLogOdds(inner, subsetMatrix(matrix, tailRows));
  return fitCalibration(method, eta, won.subarray(nFit), `calibration (${method}, on the newest ${n - nFit} of ${n} training leads)`);
}

/** The win part's log-odds η per row (GLM or EBM). */
export function winLogOdds(state: ModelState, matrix: EncodedMatrix): Float64Array {
  if (state.kind === 'glm') return linearPredictorOf(state, matrix);
  if (state.kind === 'ebm') return ebmLinearPredictor(state, matrix);
  throw new LeadvalueError('calibration', 'the win part has no log-odds', JSON.stringify((state as { kind: string }).kind), 'use a GLM or an EBM for the win part');
}

/**
 * P(win) per row with a calibration applied after the linear predictor,
 * exactly as the production scorer does (calibrateProbability).
 */
export function calibratedWinProbability(state: ModelState, calibration: Calibration, matrix: EncodedMatrix): Float64Array {
  const eta = winLogOdds(state, matrix);
  for (let i = 0; i < eta.length; i++) eta[i] = calibrateProbability(calibration, eta[i]);
  return eta;
}
