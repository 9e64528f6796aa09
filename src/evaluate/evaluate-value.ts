import type { Rng } from '../core/rng.js';
import type { MetricValue } from '../scoring/model-types.js';
import { bootstrapMetrics } from './bootstrap.js';
import { decileTable, type DecileTable } from './decile-table.js';
import { normalizedGini } from './normalized-gini.js';
import { sameLength } from './same-length.js';
import { spearman } from './spearman.js';
import { topShare } from './value-share.js';

/** Held-out metrics of a value prediction, with bootstrap intervals. */
export interface ValueMetrics {
  /** Rows given, rows with known value (evaluated), rows left out as censored, and evaluated rows with value above 0. */
  rows: { test: number; valueKnown: number; censoredExcluded: number; positive: number };
  /** Mean and total realised value over the evaluated rows. */
  base: { mean: number; total: number };
  /** Normalized Gini of the ranking against realised value. */
  gini: MetricValue;
  /** Share of realised value in the top 10% / 20% by prediction. */
  top10: MetricValue;
  top20: MetricValue;
  spearman: MetricValue;
  /** Mean predicted against mean realised value by decile of prediction, with the decile MAPE; null below 10 rows. */
  deciles: DecileTable | null;
  bootstrap: { resamples: number; level: number };
}

/**
 * Evaluates predicted value against realised value on held-out rows: the
 * ranking (normalized Gini, top-10% and top-20% value share, Spearman) with
 * bootstrap percentile intervals over the rows, and the level by decile
 * (decile MAPE). Rows whose realised value is NaN (censored) are left out and
 * counted, never scored as 0.
 * @param prediction - predicted value per row
 * @param realised - realised value per row (NaN: unknown)
 * @param rng - for the bootstrap resamples
 * @param options - resamples (200) and level (0.95)
 * @throws LeadvalueError when the predictions and realised values differ in length, or as the metrics do (a non-finite prediction, a negative value)
 * @example
 * const m = lv.evaluateValue(predicted, Float64Array.from(split.test, (i) => frame.value[i]), lv.createRng(42).child('bootstrap'));
 * m.gini; // { estimate: 0.62, low: 0.59, high: 0.65 }
 */
export function evaluateValue(prediction: ArrayLike<number>, realised: ArrayLike<number>, rng: Rng, options: { resamples?: number; level?: number } = {}): ValueMetrics {
  sameLength('evaluateValue', [['predictions', prediction], ['realised values', realised]]);
  const resamples = options.resamples ?? 200, level = options.level ?? 0.95;
  const known: number[] = [];
  for (let i = 0; i < realised.length; i++) if (!Number.isNaN(realised[i])) known.push(i);
  const p = Float64Array.from(known, (i) => prediction[i]), y = Float64Array.from(known, (i) => realised[i]);
  const ci = bootstrapMetrics(y.length, {
    gini: (indices) => normalizedGini(p, y, { indices }),
    top10: (indices) => topShare(p, y, 0.1, { indices }),
    top20: (indices) => topShare(p, y, 0.2, { indices }),
    spearman: (indices) => spearman(p, y, { indices }),
  }, { resamples, level, rng });
  const mv = (x: MetricValue): MetricValue => ({ estimate: x.estimate, low: x.low, high: x.high });
  let total = 0, positive = 0;
  for (const v of y) { total += v; if (v > 0) positive++; }
  return {
    rows: { test: realised.length, valueKnown: y.length, censoredExcluded: realised.length - y.length, positive },
    base: { mean: y.length ? total / y.length : NaN, total },
    gini: mv(ci.gini), top10: mv(ci.top10), top20: mv(ci.top20), spearman: mv(ci.spearman),
    deciles: y.length >= 10 ? decileTable(p, y) : null,
    bootstrap: { resamples, level },
  };
}
