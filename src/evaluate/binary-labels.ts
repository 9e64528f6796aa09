import { LeadvalueError, shown } from '../core/errors.js';

/** Counts of each class among the evaluated rows. */
export interface ClassCounts {
  positives: number;
  negatives: number;
}

/**
 * Checks that every evaluated label is exactly 0 or 1 and counts the classes.
 *
 * @param where - the metric's name, used as the error location
 * @param labels - binary labels
 * @param rows - rows to check (already validated as in range and finite)
 * @returns the number of positive and negative rows
 * @throws LeadvalueError naming the first row whose label is not 0 or 1
 * @example
 * binaryLabels('auc', Float64Array.of(1, 0, 1), Int32Array.of(0, 1, 2)); // { positives: 2, negatives: 1 }
 */
export function binaryLabels(where: string, labels: ArrayLike<number>, rows: Int32Array): ClassCounts {
  let positives = 0;
  for (let p = 0; p < rows.length; p++) {
    const y = labels[rows[p]];
    if (y === 1) positives++;
    else if (y !== 0) {
      throw new LeadvalueError(where, `label at row ${rows[p]} is not 0 or 1`, shown(y),
        'encode the positive class as 1 and the negative class as 0 (labels come second: metric(scores, labels))');
    }
  }
  return { positives, negatives: rows.length - positives };
}
