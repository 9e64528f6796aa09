import { LeadvalueError } from '../core/errors.js';
import type { BinaryMetricOptions } from './auc.js';
import { binaryLabels } from './binary-labels.js';
import { metricRows } from './metric-rows.js';
import { tieGroups } from './tie-groups.js';

/**
 * Average precision (area under the precision–recall curve), exactly as
 * scikit-learn's `average_precision_score` defines it: with thresholds at the
 * distinct score values, taken from high to low,
 * `AP = Σₖ (Rₖ − Rₖ₋₁) · Pₖ`, where Pₖ and Rₖ are precision and recall when
 * every row scoring at least the k-th threshold is called positive (R₀ = 0).
 * No interpolation.
 *
 * Ties: a tie group enters the curve all at once, so the result never
 * depends on row order. Note this is scikit-learn's definition, which is not
 * the same as the average of AP over random orderings of tied scores.
 *
 * @param scores - predicted scores, higher meaning more likely positive (finite)
 * @param labels - 1 for positive, 0 for negative, same length as `scores`
 * @param options - `indices` to evaluate a row subset; `onUndefined` for the no-positives case
 * @returns average precision in [0, 1]; 1 when there are no negatives
 * @throws LeadvalueError on a length mismatch, a non-finite value, a label other than 0/1,
 *   or no positive row (unless `onUndefined: 'nan'`)
 * @example
 * averagePrecision(Float64Array.of(0.1, 0.4, 0.35, 0.8), Float64Array.of(0, 0, 1, 1));
 * // 0.8333… = (1/2)·1 + (1/2)·(2/3)
 */
export function averagePrecision(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: BinaryMetricOptions = {},
): number {
  const rows = metricRows('averagePrecision', scores, labels, { first: 'score', second: 'label' }, options.indices);
  const { positives, negatives } = binaryLabels('averagePrecision', labels, rows);
  if (positives === 0) {
    if (options.onUndefined === 'nan') return NaN;
    throw new LeadvalueError('averagePrecision', 'no positive rows', `0 positives, ${negatives} negatives`,
      'average precision needs at least one row with label 1; use onUndefined: "nan" inside a bootstrap');
  }
  const { order, ends } = tieGroups(scores, rows, true);
  let truePositives = 0;
  let ap = 0;
  let start = 0;
  for (let g = 0; g < ends.length; g++) {
    let pos = 0;
    for (let p = start; p < ends[g]; p++) pos += labels[order[p]];
    truePositives += pos;
    // Recall rises by pos / positives at this threshold; precision is TP / (rows called positive).
    if (pos > 0) ap += (pos / positives) * (truePositives / ends[g]);
    start = ends[g];
  }
  return ap;
}
