import { encodeFeatures, type EncodedMatrix } from '../features/encode.js';
import { fitFeatures } from '../features/fit-features.js';
import type { LeadFrame } from '../join/build-lead-frame.js';
import type { RawFeature } from '../load/load-source.js';
import type { FeatureSpec, GlmState } from '../scoring/model-types.js';
import { fitGlmChoosingL2 } from './choose-l2.js';
import { predictGlm } from './glm.js';
import { LeadvalueError } from '../core/errors.js';

/** Parameters of the two-part model. */
export interface TwoPartParams {
  /** Category levels seen fewer times in training pool into `(other)`. */
  minLevelCount: number;
  /** L2 candidates, chosen by an inner time split (one value: fixed). */
  l2: number[];
}

/** A fitted two-part model: P(win | x) and E[value | won, x], over shared feature specs. */
export interface TwoPartModel {
  features: FeatureSpec[];
  win: GlmState;
  value: GlmState;
  /** Rows each part was fit on. */
  rows: { win: number; value: number };
}

/** Predictions of a two-part model. */
export interface TwoPartPrediction {
  pWin: Float64Array;
  valueIfWon: Float64Array;
  expectedValue: Float64Array;
}

/**
 * Fits the two-part value model on the given rows (oldest first):
 * P(win) by regularised logistic regression on all rows; E[value | won] by
 * regularised Poisson regression on won rows whose horizon is complete
 * (censored rows are left out, never counted as zero).
 * Feature transforms are fit on these rows only.
 * @param frame - the lead frame
 * @param features - the features to use (already checked for leakage)
 * @param rows - training rows, oldest first
 * @param params - vocabulary floor and L2 candidates
 * @throws LeadvalueError when there are no won rows with known value
 */
export function fitTwoPart(frame: LeadFrame, features: RawFeature[], rows: Int32Array, params: TwoPartParams): TwoPartModel {
  const specs = fitFeatures(features, rows, { minLevelCount: params.minLevelCount });
  const matrix = encodeFeatures(specs, features, rows);
  const won = Float64Array.from(rows, (i) => frame.won[i]);
  const win = fitGlmChoosingL2(matrix, won, { link: 'logit', target: 'P(win)' }, params.l2);

  const valueRows = rows.filter((i) => frame.won[i] === 1 && !frame.censored[i]);
  if (valueRows.length === 0) {
    throw new LeadvalueError('training', 'no won lead with a complete horizon to learn value from', `${rows.length} training leads`, 'use a shorter horizon or a later split cut-off');
  }
  const valueMatrix = encodeFeatures(specs, features, valueRows);
  const value = fitGlmChoosingL2(valueMatrix, Float64Array.from(valueRows, (i) => frame.value[i]), { link: 'log', target: 'E[value | won]' }, params.l2);
  return { features: specs, win, value, rows: { win: rows.length, value: valueRows.length } };
}

/** Predicts P(win), E[value | won] and their product for the given rows. */
export function predictTwoPart(model: TwoPartModel, features: RawFeature[], rows: Int32Array): TwoPartPrediction {
  const matrix: EncodedMatrix = encodeFeatures(model.features, features, rows);
  const pWin = predictGlm(model.win, matrix);
  const valueIfWon = predictGlm(model.value, matrix);
  const expectedValue = pWin.map((p, i) => p * valueIfWon[i]);
  return { pWin, valueIfWon, expectedValue };
}
