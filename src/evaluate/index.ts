/**
 * `leadvalue/evaluate`: metrics for lead scores and value predictions.
 *
 * Every metric takes the prediction first and the truth second, accepts any
 * `ArrayLike<number>` (Float64Array typical), validates lengths and finite
 * values, takes an optional `{ indices }` row subset (for bootstrapping
 * without copying the data), and never depends on row order: tied
 * predictions are resolved as the expectation over random tie orders, or
 * (average precision, Spearman) as the standard definition prescribes.
 */
export { auc, type BinaryMetricOptions } from './auc.js';
export { averagePrecision } from './average-precision.js';
export { normalizedGini } from './normalized-gini.js';
export { topShare, captureCurve, liftCurve, type CaptureCurve, type LiftCurve } from './value-share.js';
export { spearman } from './spearman.js';
export { averageRanks } from './average-ranks.js';
export { decileTable, type DecileTable, type DecileGroup, type DecileTableOptions } from './decile-table.js';
export {
  bootstrapInterval,
  bootstrapMetrics,
  type BootstrapInterval,
  type BootstrapOptions,
  type Statistic,
} from './bootstrap.js';
export type { MetricOptions } from './metric-rows.js';
export { wilsonInterval, normalQuantile, type Proportion } from './wilson-interval.js';
