import { LeadvalueError, shown } from '../core/errors.js';
import { tieGroups } from './tie-groups.js';

/**
 * Ranks from 1 (smallest) to n, tied values sharing the average of the ranks
 * they span (the "fractional" or "mid" ranking of `scipy.stats.rankdata`).
 *
 * @param values - values to rank (finite)
 * @param rows - optional row subset (repeats allowed); defaults to every row
 * @returns Float64Array where entry p is the rank of `values[rows[p]]` among the selected rows
 * @throws LeadvalueError when a ranked value is not finite or a row number is out of range
 * @example
 * averageRanks(Float64Array.of(10, 30, 20, 30)); // [1, 3.5, 2, 3.5]
 */
export function averageRanks(values: ArrayLike<number>, rows?: ArrayLike<number>): Float64Array {
  const m = rows === undefined ? values.length : rows.length;
  // Sort positions p (not row numbers) so repeated rows each get a rank.
  const key = new Float64Array(m);
  for (let p = 0; p < m; p++) {
    const row = rows === undefined ? p : rows[p];
    if (!Number.isInteger(row) || row < 0 || row >= values.length) {
      throw new LeadvalueError('averageRanks', `index ${p} is not a row number in [0, ${values.length})`, shown(row));
    }
    key[p] = values[row];
    if (!Number.isFinite(key[p])) {
      throw new LeadvalueError('averageRanks', `value at row ${row} is not finite`, shown(values[row]),
        'remove or impute missing values before ranking');
    }
  }
  const positions = new Int32Array(m);
  for (let p = 0; p < m; p++) positions[p] = p;
  const { order, ends } = tieGroups(key, positions, false);
  const ranks = new Float64Array(m);
  let start = 0;
  for (let g = 0; g < ends.length; g++) {
    // Ranks start+1 … ends[g] averaged.
    const rank = (start + 1 + ends[g]) / 2;
    for (let p = start; p < ends[g]; p++) ranks[order[p]] = rank;
    start = ends[g];
  }
  return ranks;
}
