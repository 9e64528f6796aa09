import { LeadvalueError, shown } from '../core/errors.js';
import { resampleRows } from './resample-rows.js';
import { createRng } from '../core/rng.js';
import type { RawFeature } from '../load/load-source.js';
import { fitValueModel, type ValueModel, type ValueModelOptions } from '../models/fit-value-model.js';
import type { ModelPartDecl } from '../models/model-part.js';
import type { ModelState } from '../scoring/model-types.js';
import { summariseHeads, type ImportanceOptions, type IndicatorImportance } from './indicator-importance.js';
import { leadingIndicators, type LeadingIndicator } from './leading-indicators.js';
import { indicatorKey } from './two-part-indicators.js';

/**
 * Importance of each feature of a value-only model ({@link fitValueModel}),
 * with a bootstrap interval, as {@link indicatorImportance} does for a
 * two-part model: importance = spread (standard deviation) of the feature's
 * exact contribution to log value over the training rows; the interval is
 * over refits of the model (same declaration, L2 or boosting rounds chosen
 * again) on resamples of the training rows drawn with replacement, kept
 * oldest first. The result's `win` list is empty.
 *
 * A linear ZILN gives each feature twice, once per head (`logit`: log-odds of
 * any value; `mu`: log typical amount): ranks and top-3 shares are within a
 * head, as the heads are on different scales. Its refits train for the
 * model's kept number of epochs on the same share of their rows (the oldest
 * `1 − validationFraction`), without early stopping of their own: on
 * resamples, early stopping ended anywhere from epoch 1 to 8 (CDNOW, default
 * settings; 1 to 12 with batch 64), as the validation loss is flat from the first epoch on while
 * the weights of correlated features keep trading off, so the intervals
 * measured where each refit stopped more than the data; the estimate then
 * fell outside its own interval. The note says how many epochs that is, and
 * warns when they are too few steps for the weights to get far from their
 * start (steps × learning rate below 0.5).
 * @param features - raw feature columns
 * @param value - value per row, NaN when censored (left out)
 * @param rows - training rows, oldest first
 * @param decl - the model kind, e.g. `{ kind: 'ebm', loss: 'poisson' }`
 * @param options - refits (30), level (0.95), rng (refit r uses `rng.child('refit r')`), and the fit's l2 / minLevelCount;
 *   `model`: the model already fit on exactly these rows, to save one fit
 * @returns the value part's indicators with estimate, interval, rank and top-3 share
 * @throws LeadvalueError when refits or level is out of range, or the full-data fit fails
 * @example
 * const imp = await lv.valueImportance(frame.features, frame.value, split.train, { kind: 'ebm', loss: 'poisson' },
 *   { refits: 20, rng: lv.createRng(42).child('importance') });
 * tslab.display.html(lv.importanceTable(imp).toHTML());
 */
export async function valueImportance(
  features: RawFeature[], value: ArrayLike<number>, rows: Int32Array, decl: ModelPartDecl,
  options: ImportanceOptions & Pick<ValueModelOptions, 'l2' | 'minLevelCount'> & { model?: ValueModel } = {},
): Promise<IndicatorImportance> {
  const refits = options.refits ?? 30, level = options.level ?? 0.95;
  if (!Number.isInteger(refits) || refits < 1) throw new LeadvalueError('valueImportance', 'refits must be a positive integer', shown(refits), 'e.g. refits: 30');
  if (typeof level !== 'number' || !(level > 0 && level < 1)) throw new LeadvalueError('valueImportance', 'level must be between 0 and 1', shown(level), 'e.g. level: 0.95');
  const rng = options.rng ?? createRng(0);
  const fitOptions = { l2: options.l2, minLevelCount: options.minLevelCount };
  const model = options.model ?? await fitValueModel(features, value, rows, decl, { ...fitOptions, rng: rng.child('fit') });
  const known = model.rows, n = known.length;
  const ziln = zilnRefits(decl, model.state);
  const measure = (m: ValueModel, sample: Int32Array) => leadingIndicators(m.state, m.features, features, sample);
  const full = measure(model, known);
  const samples: Map<string, number>[] = [];
  let failed = 0, failure: string | undefined;
  for (let r = 0; r < refits; r++) {
    const child = rng.child(`refit ${r}`);
    const sample = resampleRows(known, child);
    try {
      const refit = await fitValueModel(features, value, ziln ? sample.subarray(0, ziln.fitRows) : sample, ziln?.decl ?? decl, { ...fitOptions, rng: child.child('fit') });
      samples.push(new Map(measure(refit, sample).map((x) => [indicatorKey(x), x.importance])));
    } catch (e) {
      if (!(e instanceof LeadvalueError)) throw e;
      failed++;
      failure ??= e.message;
    }
  }
  return {
    win: [],
    value: summariseHeads(full, samples, level),
    refits: samples.length, failed, ...(failure ? { failure } : {}), level,
    note: `${Math.round(level * 100)}% percentile intervals over ${samples.length} refits of the value model on bootstrap resamples of the ${n} training rows` +
      (failed ? ` (${failed} refits failed and are left out)` : '') +
      (ziln ? `; ZILN refits train the model's ${ziln.epochs} epoch${ziln.epochs === 1 ? '' : 's'} on the oldest ${ziln.fitRows} rows of their resample, without early stopping of their own` +
        (ziln.reach < SHORT_REACH ? ` (the model kept epoch ${ziln.epochs} of ${ziln.epochsRun}: ${ziln.steps} Adam step${ziln.steps === 1 ? '' : 's'} at learning rate ${ziln.learningRate} move no weight ` +
          `much more than ${ziln.reach.toPrecision(2)} from its start at 0, and the first steps move every weight about alike, so with correlated features its importances ` +
          'say more about where training stopped than about the data; give an epoch more steps: a smaller batchSize, e.g. 64)' : '') +
        '; importance = standard deviation of the exact contribution to each head (log-odds of any value; μ, log typical amount) over the rows, ranked within its head'
        : '; importance = standard deviation of the exact contribution to log value over the rows'),
  };
}

/**
 * How the refits of a linear ZILN train: the model's kept epochs, on the same
 * number of oldest rows it trained on, with no validation tail (so no early
 * stopping); undefined for other kinds (and a ZILN MLP, which has no importances).
 */
export function zilnRefits(decl: ModelPartDecl, state: ModelState):
  { decl: ModelPartDecl; epochs: number; epochsRun: number; fitRows: number; steps: number; learningRate: number; reach: number } | undefined {
  if (decl.kind !== 'ziln' || state.kind !== 'ziln' || state.architecture.hidden.length > 0) return undefined;
  const { learningRate, batchSize } = state.params;
  const steps = state.bestEpoch * Math.ceil(state.rows.fit / batchSize);
  return {
    decl: { ...decl, epochs: state.bestEpoch, validationFraction: 0 }, epochs: state.bestEpoch, epochsRun: state.epochsRun, fitRows: state.rows.fit,
    steps, learningRate, reach: steps * learningRate,
  };
}

/**
 * Below this distance (steps × learning rate: Adam moves a weight by about the
 * learning rate per step at most) a linear ZILN's weights are said to be
 * barely past their start: CDNOW's default fit (batch 512) keeps epoch 1, 26
 * steps at 0.01, 0.26; with batch 64, 412 steps, 4.1; the demo's won leads with
 * batch 64, 85 steps, 0.85.
 */
const SHORT_REACH = 0.5;

