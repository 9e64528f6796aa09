import { averageRanks } from './average-ranks.js';
import { metricRows, type MetricOptions } from './metric-rows.js';

/**
 * Spearman rank correlation: the Pearson correlation of the average ranks
 * (ties share the mean of the ranks they span), as `scipy.stats.spearmanr`
 * and R's `cor(method = "spearman")` compute it. Symmetric in its inputs and
 * independent of row order.
 *
 * @param predictions - predicted values (finite)
 * @param realised - realised values (finite), same length as `predictions`
 * @param options - `indices` to evaluate a row subset
 * @returns correlation in [−1, 1]; NaN with fewer than 2 rows or when either input is constant
 * @throws LeadvalueError on a length mismatch or a non-finite value
 * @example
 * spearman(Float64Array.of(1, 2, 3, 4), Float64Array.of(10, 30, 20, 40)); // 0.8
 */
export function spearman(
  predictions: ArrayLike<number>,
  realised: ArrayLike<number>,
  options: MetricOptions = {},
): number {
  const rows = metricRows('spearman', predictions, realised, { first: 'prediction', second: 'realised value' }, options.indices);
  const m = rows.length;
  if (m < 2) return NaN;
  const a = averageRanks(predictions, rows);
  const b = averageRanks(realised, rows);
  // Average ranks always have mean (m + 1) / 2 exactly.
  const mean = (m + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let p = 0; p < m; p++) {
    const da = a[p] - mean;
    const db = b[p] - mean;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return NaN;
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}
