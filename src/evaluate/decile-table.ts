import { LeadvalueError, shown } from '../core/errors.js';
import { metricRows, type MetricOptions } from './metric-rows.js';
import { tieGroups } from './tie-groups.js';

/** Options of {@link decileTable}. */
export interface DecileTableOptions extends MetricOptions {
  /** Number of groups (default 10, deciles). */
  groups?: number;
}

/** One group (decile) of a {@link decileTable}; group 1 holds the highest predictions. */
export interface DecileGroup {
  /** 1-based group number, 1 = highest predictions. */
  group: number;
  /** Rows in the group. */
  count: number;
  /** Lowest prediction in the group. */
  minPredicted: number;
  /** Highest prediction in the group. */
  maxPredicted: number;
  /** Mean prediction. */
  meanPredicted: number;
  /** Mean realised value (expected over random orders of tied predictions). */
  meanRealised: number;
  /** Sum of realised value (expected over random orders of tied predictions). */
  sumRealised: number;
}

/** Result of {@link decileTable}. */
export interface DecileTable {
  /** One entry per group, highest predictions first. */
  groups: DecileGroup[];
  /** Mean over groups of |mean predicted − mean realised| / |mean realised|; NaN if every group was skipped. */
  mape: number;
  /** Number of groups the MAPE averages over. */
  mapeGroups: number;
  /** Group numbers left out of the MAPE because their mean realised value is 0. */
  mapeSkipped: number[];
  /** Human-readable remarks, e.g. which groups the MAPE skipped; empty when there is nothing to say. */
  notes: string[];
}

/**
 * Decile (or k-quantile) table: rows sorted by prediction, highest first,
 * cut into `groups` groups of equal size, with count, prediction range, mean
 * prediction, mean and sum of realised value per group, plus the decile MAPE
 * (a calibration check for value predictions).
 *
 * Group sizes: group j (0-based) holds sorted positions ⌊j·n/k⌋ to
 * ⌊(j+1)·n/k⌋ − 1, so sizes differ by at most one. Ties: a tie group of
 * predictions straddling a group boundary is not broken by row order;
 * instead every position it occupies carries the tie group's mean realised
 * value, so each group's realised sum is its expectation under a random
 * ordering of the tied rows. The table therefore never depends on row
 * order. (Predictions are equal within a tie group, so the predicted columns
 * are exact.)
 *
 * @param predictions - predicted values (finite)
 * @param realised - realised values (finite), same length as `predictions`
 * @param options - `groups` (default 10); `indices` to evaluate a row subset
 * @returns the groups, the MAPE, and which groups the MAPE skipped and why
 * @throws LeadvalueError on a length mismatch, a non-finite value, a bad group count,
 *   or fewer rows than groups
 * @example
 * const table = decileTable(pred, value);
 * table.groups[0].meanRealised; // mean value of the top 10% of leads
 * table.mape;                   // 0.12 = predictions off by 12% per decile on average
 */
export function decileTable(
  predictions: ArrayLike<number>,
  realised: ArrayLike<number>,
  options: DecileTableOptions = {},
): DecileTable {
  const k = options.groups ?? 10;
  if (!Number.isInteger(k) || k < 1) {
    throw new LeadvalueError('decileTable', 'groups must be a positive integer', shown(k), 'pass e.g. groups: 10 for deciles');
  }
  const rows = metricRows('decileTable', predictions, realised, { first: 'prediction', second: 'realised value' }, options.indices);
  const m = rows.length;
  if (m < k) {
    throw new LeadvalueError('decileTable', 'fewer rows than groups', `${m} rows, ${k} groups`,
      'pass more rows or a smaller groups option');
  }
  const { order, ends } = tieGroups(predictions, rows, true);
  const tieTotal = new Float64Array(ends.length);
  let start = 0;
  for (let t = 0; t < ends.length; t++) {
    let sum = 0;
    for (let p = start; p < ends[t]; p++) sum += realised[order[p]];
    tieTotal[t] = sum;
    start = ends[t];
  }

  const groups: DecileGroup[] = [];
  let t = 0;
  for (let j = 0; j < k; j++) {
    const from = Math.floor((j * m) / k);
    const to = Math.floor(((j + 1) * m) / k);
    let sumPredicted = 0;
    let sumRealised = 0;
    let minPredicted = Infinity;
    let maxPredicted = -Infinity;
    // Advance past tie groups that end before this group starts.
    while (ends[t] <= from) t++;
    for (let u = t; u < ends.length; u++) {
      const tieStart = u > 0 ? ends[u - 1] : 0;
      if (tieStart >= to) break;
      const size = ends[u] - tieStart;
      const overlap = Math.min(ends[u], to) - Math.max(tieStart, from);
      const prediction = predictions[order[tieStart]];
      sumPredicted += overlap * prediction;
      sumRealised += overlap === size ? tieTotal[u] : (overlap / size) * tieTotal[u];
      minPredicted = Math.min(minPredicted, prediction);
      maxPredicted = Math.max(maxPredicted, prediction);
    }
    const count = to - from;
    groups.push({
      group: j + 1,
      count,
      minPredicted,
      maxPredicted,
      meanPredicted: sumPredicted / count,
      meanRealised: sumRealised / count,
      sumRealised,
    });
  }

  let errorSum = 0;
  const mapeSkipped: number[] = [];
  for (const g of groups) {
    if (g.meanRealised === 0) mapeSkipped.push(g.group);
    else errorSum += Math.abs(g.meanPredicted - g.meanRealised) / Math.abs(g.meanRealised);
  }
  const mapeGroups = k - mapeSkipped.length;
  const notes: string[] = [];
  if (mapeSkipped.length > 0) {
    notes.push(`MAPE skips group${mapeSkipped.length > 1 ? 's' : ''} ${mapeSkipped.join(', ')} of ${k}: mean realised value is 0`);
  }
  return { groups, mape: mapeGroups > 0 ? errorSum / mapeGroups : NaN, mapeGroups, mapeSkipped, notes };
}
