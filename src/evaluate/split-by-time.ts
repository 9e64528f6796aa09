import { LeadvalueError } from '../core/errors.js';
import { formatDay } from '../core/dates.js';

/** A time split: rows created before the cut-off train, the rest test. Both oldest first. */
export interface TimeSplit {
  cutoff: number;
  train: Int32Array;
  test: Int32Array;
}

/**
 * Splits leads by creation time: train on older leads, test on newer ones,
 * because the model will score the future. Rows are ordered by creation time,
 * then by lead id, so the split does not depend on the input's row order.
 * @param createdAt - creation instants (epoch ms)
 * @param leadId - ids, for a stable order among equal times
 * @param split - an explicit cut-off instant, or a quantile of creation times (default 0.7)
 * @throws LeadvalueError when either side would be empty
 * @example
 * splitByTime(frame.createdAt, frame.leadId, { quantile: 0.7 })
 */
export function splitByTime(createdAt: Float64Array, leadId: string[], split: { cutoff: number } | { quantile: number }): TimeSplit {
  const order = timeOrder(createdAt, leadId);
  let cutoff: number;
  if ('cutoff' in split) cutoff = split.cutoff;
  else {
    const k = Math.min(order.length - 1, Math.floor(split.quantile * order.length));
    cutoff = createdAt[order[k]];
  }
  const train = order.filter((i) => createdAt[i] < cutoff);
  const test = order.filter((i) => createdAt[i] >= cutoff);
  if (train.length === 0 || test.length === 0) {
    throw new LeadvalueError('time split', `the cut-off ${Number.isNaN(cutoff) ? 'NaN' : formatDay(cutoff)} leaves ${train.length ? 'no test' : 'no training'} leads`, undefined,
      `pick a cut-off between the first and last lead (${formatDay(createdAt[order[0]])} … ${formatDay(createdAt[order[order.length - 1]])})`);
  }
  return { cutoff, train, test };
}

/** Row indices ordered by creation time, then lead id. */
export function timeOrder(createdAt: Float64Array, leadId: string[]): Int32Array {
  return Int32Array.from(createdAt.keys()).sort((a, b) => createdAt[a] - createdAt[b] || (leadId[a] < leadId[b] ? -1 : leadId[a] > leadId[b] ? 1 : 0));
}
