import { LeadvalueError, shown } from '../core/errors.js';
import { metricRows, type MetricOptions } from './metric-rows.js';
import { tieGroups } from './tie-groups.js';

/**
 * Normalized Gini of predictions against realised values, as in the Kaggle /
 * insurance competitions: the Gini of the ordering by prediction divided by
 * the Gini of the perfect ordering (by realised value itself).
 *
 * With rows sorted by prediction, highest first, and Lᵢ the share of total
 * realised value in the first i rows, `Gini = (Σᵢ Lᵢ − (n + 1)/2) / n`.
 * A tie group in the predictions is treated as a straight segment of that
 * Lorenz curve, i.e. every cumulative share inside it is replaced by its
 * expectation over random orderings of the tied rows. Because Gini is linear
 * in the Lᵢ, the result equals the expected normalized Gini over random tie
 * orders and never depends on row order.
 *
 * 1 means the predictions rank rows exactly as their realised value does,
 * 0 means no better than random, negative means worse than random.
 *
 * @param predictions - predicted values (finite)
 * @param realised - realised values, ≥ 0, same length as `predictions`
 * @param options - `indices` to evaluate a row subset
 * @returns normalized Gini, at most 1; NaN when the realised total is not
 *   positive or all realised values are equal (the perfect Gini is 0)
 * @throws LeadvalueError on a length mismatch, a non-finite value or a negative realised value
 * @example
 * normalizedGini(Float64Array.of(0.9, 0.3, 0.8, 0.1), Float64Array.of(10, 0, 5, 0)); // 1
 */
export function normalizedGini(
  predictions: ArrayLike<number>,
  realised: ArrayLike<number>,
  options: MetricOptions = {},
): number {
  const rows = metricRows('normalizedGini', predictions, realised,
    { first: 'prediction', second: 'realised value' }, options.indices);
  for (let p = 0; p < rows.length; p++) {
    if (realised[rows[p]] < 0) {
      throw new LeadvalueError('normalizedGini', `realised value at row ${rows[p]} is negative`,
        shown(realised[rows[p]]), 'Gini needs realised values ≥ 0 (e.g. clip refunds at 0)');
    }
  }
  const model = giniSum(predictions, realised, rows);
  const perfect = giniSum(realised, realised, rows);
  // All realised values equal (one tie group): the perfect Gini is exactly 0.
  if (!(model.total > 0) || perfect.groups < 2) return NaN;
  const n = rows.length;
  const offset = (n + 1) / 2;
  return (model.sum / model.total - offset) / (perfect.sum / perfect.total - offset);
}

/**
 * Σᵢ (cumulative realised value over the first i rows by key, descending),
 * with cumulative sums inside tie groups replaced by their expectation, and
 * the total and the number of tie groups. For a tie group of g rows with total T starting after a
 * cumulative C, the expected cumulative sums are C + j·T/g (j = 1..g), which
 * add up to g·C + T·(g + 1)/2.
 */
function giniSum(
  key: ArrayLike<number>,
  realised: ArrayLike<number>,
  rows: Int32Array,
): { sum: number; total: number; groups: number } {
  const { order, ends } = tieGroups(key, rows, true);
  let cumulative = 0;
  let sum = 0;
  let start = 0;
  for (let g = 0; g < ends.length; g++) {
    let groupTotal = 0;
    for (let p = start; p < ends[g]; p++) groupTotal += realised[order[p]];
    const size = ends[g] - start;
    sum += size * cumulative + (groupTotal * (size + 1)) / 2;
    cumulative += groupTotal;
    start = ends[g];
  }
  return { sum, total: cumulative, groups: ends.length };
}
