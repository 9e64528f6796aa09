import { LeadvalueError, shown } from '../core/errors.js';
import { resampleRows } from './resample-rows.js';
import { createRng } from '../core/rng.js';
import type { RawFeature } from '../load/load-source.js';
import { fitValueModel, type ValueModel, type ValueModelOptions } from '../models/fit-value-model.js';
import type { ModelPartDecl } from '../models/model-part.js';
import { summariseRefits, type ImportanceOptions, type IndicatorImportance } from './indicator-importance.js';
import { leadingIndicators } from './leading-indicators.js';
import { indicatorKey } from './two-part-indicators.js';

/**
 * Importance of each feature of a value-only model ({@link fitValueModel}),
 * with a bootstrap interval, as {@link indicatorImportance} does for a
 * two-part model: importance = spread (standard deviation) of the feature's
 * exact contribution to log value over the training rows; the interval is
 * over refits of the model (same declaration, L2 or boosting rounds chosen
 * again) on resamples of the training rows drawn with replacement, kept
 * oldest first. The result's `win` list is empty.
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
  const measure = (m: ValueModel, sample: Int32Array) => leadingIndicators(m.state, m.features, features, sample);
  const full = measure(model, known);
  const samples: Map<string, number>[] = [];
  let failed = 0, failure: string | undefined;
  for (let r = 0; r < refits; r++) {
    const child = rng.child(`refit ${r}`);
    const sample = resampleRows(known, child);
    try {
      const refit = await fitValueModel(features, value, sample, decl, { ...fitOptions, rng: child.child('fit') });
      samples.push(new Map(measure(refit, sample).map((x) => [indicatorKey(x), x.importance])));
    } catch (e) {
      if (!(e instanceof LeadvalueError)) throw e;
      failed++;
      failure ??= e.message;
    }
  }
  return {
    win: [],
    value: summariseRefits(full, samples, level),
    refits: samples.length, failed, ...(failure ? { failure } : {}), level,
    note: `${Math.round(level * 100)}% percentile intervals over ${samples.length} refits of the value model on bootstrap resamples of the ${n} training rows` +
      (failed ? ` (${failed} refits failed and are left out)` : '') + '; importance = standard deviation of the exact contribution to log value over the rows',
  };
}
