import { LeadvalueError, shown } from '../core/errors.js';
import { metricRows, type MetricOptions } from './metric-rows.js';
import { tieGroups } from './tie-groups.js';

/** The cumulative captured share of value at several fractions of rows. */
export interface CaptureCurve {
  /** Fractions of rows, top by prediction first (in the order requested). */
  fraction: Float64Array;
  /** Share of total realised value captured by that top fraction, in [0, 1]. */
  share: Float64Array;
}

/** Cumulative lift at several fractions of rows. */
export interface LiftCurve {
  /** Fractions of rows, top by prediction first (in the order requested). */
  fraction: Float64Array;
  /** Captured share divided by fraction: 1 is random targeting, 3 is three times better. */
  lift: Float64Array;
}

/**
 * Share of total realised value captured by the top `fraction` of rows by
 * prediction.
 *
 * The top `fraction · n` rows are taken along the Lorenz (capture) curve,
 * which is linear inside each tie group of predictions and between rows, so
 * a tie group straddling the boundary counts fractionally: the result is the
 * expected share under a random ordering of tied rows, and never depends on
 * row order. `fraction · n` need not be an integer (a part row counts
 * by its part).
 *
 * @param predictions - predicted values (finite)
 * @param realised - realised values, ≥ 0, same length as `predictions`
 * @param fraction - fraction of rows targeted, in [0, 1]
 * @param options - `indices` to evaluate a row subset
 * @returns captured share in [0, 1]; NaN when the realised total is 0
 * @throws LeadvalueError on a length mismatch, a non-finite or negative value, or a fraction outside [0, 1]
 * @example
 * // top 2 of 4 rows hold 10 + 5 of 20
 * topShare(Float64Array.of(0.9, 0.3, 0.8, 0.1), Float64Array.of(10, 1, 5, 4), 0.5); // 0.75
 */
export function topShare(
  predictions: ArrayLike<number>,
  realised: ArrayLike<number>,
  fraction: number,
  options: MetricOptions = {},
): number {
  checkFraction('topShare', fraction);
  const curve = lorenz('topShare', predictions, realised, options);
  return shareAt(curve, fraction * curve.rows);
}

/**
 * Capture curve (cumulative gains): the share of total realised value
 * captured by the top fraction of rows by prediction, at each requested
 * fraction. Ties are handled as in {@link topShare}.
 *
 * @param predictions - predicted values (finite)
 * @param realised - realised values, ≥ 0, same length as `predictions`
 * @param points - a count k, meaning the fractions 1/k, 2/k, …, 1, or an explicit list of fractions in [0, 1]
 * @param options - `indices` to evaluate a row subset
 * @returns the fractions and the captured share at each (NaN everywhere when the realised total is 0)
 * @throws LeadvalueError as {@link topShare}, or when `points` is not a positive integer
 * @example
 * const { fraction, share } = captureCurve(pred, value, 10);
 * // plot share against fraction, with the diagonal as the random baseline
 */
export function captureCurve(
  predictions: ArrayLike<number>,
  realised: ArrayLike<number>,
  points: number | ArrayLike<number>,
  options: MetricOptions = {},
): CaptureCurve {
  const fraction = curveFractions('captureCurve', points);
  const curve = lorenz('captureCurve', predictions, realised, options);
  const share = new Float64Array(fraction.length);
  for (let i = 0; i < fraction.length; i++) share[i] = shareAt(curve, fraction[i] * curve.rows);
  return { fraction, share };
}

/**
 * Cumulative lift curve: the captured share at each fraction divided by the
 * fraction, i.e. the mean realised value of the top rows over the overall
 * mean. At fraction 0 the limit is used (the top tie group's mean over the
 * overall mean). Ties are handled as in {@link topShare}.
 *
 * @param predictions - predicted values (finite)
 * @param realised - realised values, ≥ 0, same length as `predictions`
 * @param points - a count k, meaning the fractions 1/k, 2/k, …, 1, or an explicit list of fractions in [0, 1]
 * @param options - `indices` to evaluate a row subset
 * @returns the fractions and the cumulative lift at each; the lift at fraction 1 is 1
 * @throws LeadvalueError as {@link captureCurve}
 * @example
 * liftCurve(Float64Array.of(0.9, 0.3, 0.8, 0.1), Float64Array.of(10, 1, 5, 4), [0.25, 1]);
 * // { fraction: [0.25, 1], lift: [2, 1] }  (10/20 of the value in 1/4 of the rows)
 */
export function liftCurve(
  predictions: ArrayLike<number>,
  realised: ArrayLike<number>,
  points: number | ArrayLike<number>,
  options: MetricOptions = {},
): LiftCurve {
  const fraction = curveFractions('liftCurve', points);
  const curve = lorenz('liftCurve', predictions, realised, options);
  const lift = new Float64Array(fraction.length);
  for (let i = 0; i < fraction.length; i++) {
    const f = fraction[i];
    if (f > 0) lift[i] = shareAt(curve, f * curve.rows) / f;
    else if (curve.rows === 0) lift[i] = NaN;
    else lift[i] = (curve.groupTotal[0] / curve.ends[0]) / (curve.total / curve.rows);
  }
  return { fraction, lift };
}

/** Tie groups by descending prediction with their realised totals. */
interface Lorenz {
  rows: number;
  total: number;
  ends: Int32Array;
  groupTotal: Float64Array;
  /** cumulative[g] = realised value of all groups before g. */
  cumulative: Float64Array;
}

function lorenz(where: string, predictions: ArrayLike<number>, realised: ArrayLike<number>, options: MetricOptions): Lorenz {
  const rows = metricRows(where, predictions, realised, { first: 'prediction', second: 'realised value' }, options.indices);
  for (let p = 0; p < rows.length; p++) {
    if (realised[rows[p]] < 0) {
      throw new LeadvalueError(where, `realised value at row ${rows[p]} is negative`, shown(realised[rows[p]]),
        'value shares need realised values ≥ 0 (e.g. clip refunds at 0)');
    }
  }
  const { order, ends } = tieGroups(predictions, rows, true);
  const groupTotal = new Float64Array(ends.length);
  const cumulative = new Float64Array(ends.length + 1);
  let start = 0;
  for (let g = 0; g < ends.length; g++) {
    let sum = 0;
    for (let p = start; p < ends[g]; p++) sum += realised[order[p]];
    groupTotal[g] = sum;
    cumulative[g + 1] = cumulative[g] + sum;
    start = ends[g];
  }
  return { rows: rows.length, total: cumulative[ends.length], ends, groupTotal, cumulative };
}

/** Share captured by the top k rows (k real), linear inside tie groups. */
function shareAt(curve: Lorenz, k: number): number {
  if (!(curve.total > 0)) return NaN;
  if (k <= 0) return 0;
  const { ends } = curve;
  // First group whose end reaches k.
  let lo = 0;
  let hi = ends.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid] >= k) hi = mid;
    else lo = mid + 1;
  }
  // Exact at group ends, so topShare(…, 1) is exactly 1.
  if (ends[lo] <= k) return curve.cumulative[lo + 1] / curve.total;
  const start = lo > 0 ? ends[lo - 1] : 0;
  const inside = ((k - start) / (ends[lo] - start)) * curve.groupTotal[lo];
  return (curve.cumulative[lo] + inside) / curve.total;
}

function checkFraction(where: string, fraction: number): void {
  if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1)) {
    throw new LeadvalueError(where, 'fraction must be in [0, 1]', shown(fraction), 'pass e.g. 0.1 for the top 10% of rows');
  }
}

function curveFractions(where: string, points: number | ArrayLike<number>): Float64Array {
  if (typeof points === 'number') {
    if (!Number.isInteger(points) || points < 1) {
      throw new LeadvalueError(where, 'points must be a positive integer or a list of fractions', shown(points),
        'pass e.g. 10 for the fractions 0.1, 0.2, …, 1');
    }
    const fractions = new Float64Array(points);
    for (let i = 0; i < points; i++) fractions[i] = (i + 1) / points;
    return fractions;
  }
  const fractions = Float64Array.from(points);
  for (const f of fractions) checkFraction(where, f);
  return fractions;
}
