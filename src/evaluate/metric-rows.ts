import { LeadvalueError, shown } from '../core/errors.js';

/** Options shared by every metric in `leadvalue/evaluate`. */
export interface MetricOptions {
  /**
   * Evaluate on these rows only, in this multiset (repeats allowed, as in a
   * bootstrap resample). The data arrays are not copied; only this index list
   * is. Omit to use every row.
   */
  indices?: ArrayLike<number>;
}

/** Names used in error messages for the two inputs of a metric. */
export interface MetricInputNames {
  /** e.g. `score`, `prediction` */
  first: string;
  /** e.g. `label`, `realised value` */
  second: string;
}

/**
 * Validates a metric's two inputs and returns the rows to evaluate.
 *
 * Checks that both arrays have the same length, that every index is an
 * integer row number in range, and that every referenced value is finite.
 * Only referenced rows are checked, so a bootstrap resample costs O(m), not O(n).
 *
 * @param where - the metric's name, used as the error location
 * @param first - first input (predictions / scores)
 * @param second - second input (labels / realised values)
 * @param names - singular names of the inputs for messages
 * @param indices - optional row subset (repeats allowed)
 * @returns a fresh Int32Array of row numbers (0..n-1 when `indices` is omitted)
 * @throws LeadvalueError on a length mismatch, a bad index or a non-finite value
 * @example
 * metricRows('auc', scores, labels, { first: 'score', second: 'label' });
 */
export function metricRows(
  where: string,
  first: ArrayLike<number>,
  second: ArrayLike<number>,
  names: MetricInputNames,
  indices?: ArrayLike<number>,
): Int32Array {
  const n = first.length;
  if (second.length !== n) {
    throw new LeadvalueError(
      where,
      `${names.first}s and ${names.second}s differ in length`,
      `${n} ${names.first}s, ${second.length} ${names.second}s`,
      `pass one ${names.first} and one ${names.second} per row`,
    );
  }
  let rows: Int32Array;
  if (indices === undefined) {
    rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = i;
  } else {
    rows = new Int32Array(indices.length);
    for (let p = 0; p < indices.length; p++) {
      const row = indices[p];
      if (!Number.isInteger(row) || row < 0 || row >= n) {
        throw new LeadvalueError(
          where,
          `index ${p} is not a row number in [0, ${n})`,
          shown(row),
          'pass integer row numbers of the evaluated arrays',
        );
      }
      rows[p] = row;
    }
  }
  for (let p = 0; p < rows.length; p++) {
    const row = rows[p];
    if (!Number.isFinite(first[row])) {
      throw new LeadvalueError(where, `${names.first} at row ${row} is not finite`, shown(first[row]),
        `remove or impute missing ${names.first}s before evaluating`);
    }
    if (!Number.isFinite(second[row])) {
      throw new LeadvalueError(where, `${names.second} at row ${row} is not finite`, shown(second[row]),
        `remove or impute missing ${names.second}s before evaluating`);
    }
  }
  return rows;
}
