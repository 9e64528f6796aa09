import { encodeFeatures, type EncodedMatrix } from '../features/encode.js';
import { fitFeatures } from '../features/fit-features.js';
import type { LeadFrame } from '../join/build-lead-frame.js';
import type { RawFeature } from '../load/load-source.js';
import type { FeatureSpec, GlmState, ModelState } from '../scoring/model-types.js';
import { LeadvalueError } from '../core/errors.js';
import { createRng, type Rng } from '../core/rng.js';
import { fitModelPart, predictModelPart, type ModelPartDecl } from './model-part.js';
import type { Calibration, CalibrationMethod } from '../scoring/calibration.js';
import { calibratedWinProbability, fitWinCalibration } from './win-calibration.js';

/** Parameters of the two-part model. */
export interface TwoPartParams {
  /** Category levels seen fewer times in training pool into `(other)`. */
  minLevelCount: number;
  /** L2 candidates of GLM parts, chosen by an inner time split (one value: fixed). */
  l2: number[];
  /** Model kind of each part (default: GLM for both). */
  win?: ModelPartDecl;
  value?: ModelPartDecl;
  /** Calibration of P(win), fit on the newest 25% of the rows (default `none`; see fitWinCalibration). */
  calibration?: CalibrationMethod;
}

/** A fitted two-part model: P(win | x) and E[value | won, x], over shared feature specs. */
export interface TwoPartModel<S extends ModelState = ModelState> {
  features: FeatureSpec[];
  win: S;
  value: S;
  /** Rows each part was fit on. */
  rows: { win: number; value: number };
  /** A monotone map applied to P(win) after the win part's log-odds; absent: none. */
  calibration?: Calibration;
}

/** Predictions of a two-part model. */
export interface TwoPartPrediction {
  pWin: Float64Array;
  valueIfWon: Float64Array;
  expectedValue: Float64Array;
}

/**
 * Fits the two-part value model on the given rows (oldest first):
 * P(win) on all rows; E[value | won] on won rows whose horizon is complete
 * (censored rows are left out, never counted as zero). Each part is the
 * kind `params.win` / `params.value` declare: by default regularised
 * logistic and Poisson regression; or an EBM (log-loss; Poisson or
 * log1p-squared).
 * Feature transforms are fit on these rows only.
 * @param frame - the lead frame
 * @param features - the features to use (already checked for leakage)
 * @param rows - training rows, oldest first
 * @param params - vocabulary floor, L2 candidates, model kind per part
 * @param rng - randomness (children `win` and `value`; only EBM bagging uses it)
 * @throws LeadvalueError when there are no won rows with known value
 */
export function fitTwoPart(frame: LeadFrame, features: RawFeature[], rows: Int32Array, params: TwoPartParams & { win?: undefined; value?: undefined }, rng?: Rng): TwoPartModel<GlmState>;
export function fitTwoPart(frame: LeadFrame, features: RawFeature[], rows: Int32Array, params: TwoPartParams, rng?: Rng): TwoPartModel;
export function fitTwoPart(frame: LeadFrame, features: RawFeature[], rows: Int32Array, params: TwoPartParams, rng: Rng = createRng(0)): TwoPartModel {
  const specs = fitFeatures(features, rows, { minLevelCount: params.minLevelCount });
  const matrix = encodeFeatures(specs, features, rows);
  const won = Float64Array.from(rows, (i) => frame.won[i]);
  let wins = 0;
  for (const y of won) wins += y;
  if (wins === 0 || wins === won.length) {
    throw new LeadvalueError('training', wins === 0 ? 'no training lead was won' : 'every training lead was won', `${wins} of ${won.length}`,
      wins === 0 ? 'check the outcomes file: are won_at dates filled in, and do its lead ids match the leads file?' : 'the leads table should hold lost and open leads too, not only won ones');
  }
  const win = fitModelPart(matrix, won, params.win ?? { kind: 'glm' }, 'win', params.l2, rng.child('win'));
  const method = params.calibration ?? 'none';
  const calibration = method === 'none' ? undefined : fitWinCalibration(matrix, won, params.win ?? { kind: 'glm' }, params.l2, rng.child('calibration'), method);

  const valueRows = rows.filter((i) => frame.won[i] === 1 && !frame.censored[i]);
  if (valueRows.length === 0) {
    throw new LeadvalueError('training', 'no won lead with a complete horizon to learn value from', `${rows.length} training leads`, 'use a shorter horizon or a later split cut-off');
  }
  const valueMatrix = encodeFeatures(specs, features, valueRows);
  const value = fitModelPart(valueMatrix, Float64Array.from(valueRows, (i) => frame.value[i]), params.value ?? { kind: 'glm' }, 'value', params.l2, rng.child('value'));
  return { features: specs, win, value, rows: { win: rows.length, value: valueRows.length }, ...(calibration ? { calibration } : {}) };
}

/** Predicts P(win) (calibrated when the model carries a calibration), E[value | won] and their product for the given rows. */
export function predictTwoPart(model: TwoPartModel, features: RawFeature[], rows: Int32Array): TwoPartPrediction {
  const matrix: EncodedMatrix = encodeFeatures(model.features, features, rows);
  const pWin = model.calibration ? calibratedWinProbability(model.win, model.calibration, matrix) : predictModelPart(model.win, matrix);
  const valueIfWon = predictModelPart(model.value, matrix);
  const expectedValue = pWin.map((p, i) => p * valueIfWon[i]);
  return { pWin, valueIfWon, expectedValue };
}
