import { LeadvalueError } from '../core/errors.js';
import { binaryLabels } from './binary-labels.js';
import { metricRows, type MetricOptions } from './metric-rows.js';
import { tieGroups } from './tie-groups.js';

/** Options of {@link auc} and {@link averagePrecision}. */
export interface BinaryMetricOptions extends MetricOptions {
  /**
   * What to do when the metric is undefined (AUC: only one class present;
   * average precision: no positive rows). `'throw'` (default) raises a
   * LeadvalueError; `'nan'` returns NaN, which {@link bootstrapInterval}
   * skips and counts.
   */
  onUndefined?: 'throw' | 'nan';
}

/**
 * ROC AUC of scores against binary labels: the probability that a random
 * positive row scores higher than a random negative row, tied pairs counting
 * 1/2 (the Mann–Whitney U statistic divided by n₁·n₀). This equals the
 * expected AUC over random orderings of tied scores, and matches
 * scikit-learn's `roc_auc_score`. O(n log n).
 *
 * @param scores - predicted scores, higher meaning more likely positive (finite)
 * @param labels - 1 for positive, 0 for negative, same length as `scores`
 * @param options - `indices` to evaluate a row subset; `onUndefined` for the single-class case
 * @returns AUC in [0, 1]
 * @throws LeadvalueError on a length mismatch, a non-finite value, a label other than 0/1,
 *   or only one class present (unless `onUndefined: 'nan'`)
 * @example
 * auc(Float64Array.of(0.1, 0.4, 0.35, 0.8), Float64Array.of(0, 0, 1, 1)); // 0.75
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>, options: BinaryMetricOptions = {}): number {
  const rows = metricRows('auc', scores, labels, { first: 'score', second: 'label' }, options.indices);
  const { positives, negatives } = binaryLabels('auc', labels, rows);
  if (positives === 0 || negatives === 0) {
    if (options.onUndefined === 'nan') return NaN;
    throw new LeadvalueError('auc', 'only one class present', `${positives} positives, ${negatives} negatives`,
      'AUC needs at least one row of each class; use onUndefined: "nan" inside a bootstrap');
  }
  const { order, ends } = tieGroups(scores, rows, false);
  // Ascending scores: each positive beats every negative below its tie group
  // and half of the negatives inside it. All terms are integers or halves, so
  // the sum is exact.
  let negativesBelow = 0;
  let u = 0;
  let start = 0;
  for (let g = 0; g < ends.length; g++) {
    let pos = 0;
    for (let p = start; p < ends[g]; p++) pos += labels[order[p]];
    const neg = ends[g] - start - pos;
    u += pos * negativesBelow + (pos * neg) / 2;
    negativesBelow += neg;
    start = ends[g];
  }
  return u / (positives * negatives);
}
