import { LeadvalueError } from '../core/errors.js';
import { createRng, type Rng } from '../core/rng.js';
import { encodeFeatures } from '../features/encode.js';
import { fitFeatures } from '../features/fit-features.js';
import type { RawFeature } from '../load/load-source.js';
import type { FeatureSpec, ModelState } from '../scoring/model-types.js';
import { fitModelPart, loadModelKinds, predictModelPart, type ModelPartDecl } from './model-part.js';

/** GLM L2 candidates when none are given: the adapter configs' default. */
const DEFAULT_L2 = [0.3, 1, 3, 10, 30, 100];

/** A value model on its own (no win part): feature transforms and one fitted state. */
export interface ValueModel {
  /** Feature transforms, fit on the training rows. */
  features: FeatureSpec[];
  /** The fitted model: GLM (log link), EBM (Poisson or log1p-squared) or ZILN. */
  state: ModelState;
  /** Rows it was fit on (training rows whose value is known). */
  rows: Int32Array;
}

/** Options of {@link fitValueModel}. */
export interface ValueModelOptions {
  /** Randomness (EBM bagging, ZILN weights and shuffling); default createRng(0). */
  rng?: Rng;
  /** GLM L2 candidates, chosen on an inner time split (default 0.3, 1, 3, 10, 30, 100); a GLM declaration's own `l2` wins. */
  l2?: number[];
  /** Category levels seen fewer times in training pool into `(other)` (default 1: none pooled). */
  minLevelCount?: number;
}

/**
 * Fits a model of value alone, for data where every row is a customer (no
 * win to predict first), e.g. an {@link earlyActivityFrame}: fits the feature
 * transforms on the training rows whose value is known (censored rows, value
 * NaN, are left out, never counted as 0), encodes them, and fits the declared
 * kind as the value part of the two-part model would be (GLM with a log link
 * and L2 chosen on an inner time split; EBM; ZILN, loading tfjs first).
 * @param features - raw feature columns
 * @param value - value per row, NaN when unknown (censored)
 * @param rows - training rows, oldest first (the inner splits validate on the newest)
 * @param decl - the model kind and its settings, e.g. `{ kind: 'ebm', loss: 'poisson' }`
 * @param options - rng, GLM L2 candidates, vocabulary floor
 * @returns the fitted transforms and state, and the rows used
 * @throws LeadvalueError when no training row has a known value, or as the kind's fit does
 * @example
 * const model = await lv.fitValueModel(frame.features, frame.value, split.train, { kind: 'glm' }, { rng: lv.createRng(42).child('glm') });
 * const predicted = lv.predictValueModel(model, frame.features, split.test);
 */
export async function fitValueModel(features: RawFeature[], value: ArrayLike<number>, rows: Int32Array, decl: ModelPartDecl, options: ValueModelOptions = {}): Promise<ValueModel> {
  const known = rows.filter((i) => !Number.isNaN(value[i]));
  if (known.length === 0) throw new LeadvalueError('fitValueModel', 'no training row has a known value', `${rows.length} rows, all censored`, 'use a shorter horizon or rows further from the data end');
  await loadModelKinds({ value: decl });
  const specs = fitFeatures(features, known, { minLevelCount: options.minLevelCount ?? 1 });
  const state = fitModelPart(encodeFeatures(specs, features, known), Float64Array.from(known, (i) => value[i]), decl, 'value', options.l2 ?? DEFAULT_L2, options.rng ?? createRng(0));
  return { features: specs, state, rows: known };
}

/**
 * Predicted value (a mean amount) of a {@link fitValueModel} model for the given rows.
 * @param model - the fitted model
 * @param features - the raw feature columns (the same names as at fitting)
 * @param rows - rows to predict
 */
export function predictValueModel(model: ValueModel, features: RawFeature[], rows: Int32Array): Float64Array {
  return predictModelPart(model.state, encodeFeatures(model.features, features, rows));
}
