import { LeadvalueError, shown } from '../core/errors.js';
import type { Rng } from '../core/rng.js';

/**
 * A statistic evaluated on a resample: receives the row numbers drawn (with
 * repeats) and returns a number, or NaN when undefined on that resample.
 * Metrics of `leadvalue/evaluate` take these directly as `{ indices }`.
 */
export type Statistic = (indices: Int32Array) => number;

/** Options of {@link bootstrapInterval} and {@link bootstrapMetrics}. */
export interface BootstrapOptions {
  /** Number of resamples drawn (default 200). */
  resamples?: number;
  /** Coverage of the percentile interval (default 0.95). */
  level?: number;
  /** Source of randomness; pass e.g. `rng.child('bootstrap')`. It is advanced by n · resamples draws. */
  rng: Rng;
}

/** A bootstrap percentile interval. */
export interface BootstrapInterval {
  /** The statistic on the full sample (rows 0..n−1). */
  estimate: number;
  /** Lower end: the (1 − level)/2 quantile of the resampled statistics. */
  low: number;
  /** Upper end: the (1 + level)/2 quantile of the resampled statistics. */
  high: number;
  /** The coverage asked for. */
  level: number;
  /** Resamples whose statistic was defined and entered the interval. */
  resamples: number;
  /** Resamples skipped because the statistic was NaN there (e.g. one class only). */
  skipped: number;
}

/**
 * Bootstrap percentile interval of a statistic: draws `resamples` samples of
 * n row numbers with replacement, evaluates the statistic on each, skips and
 * counts those where it is NaN, and takes the (1 − level)/2 and (1 + level)/2
 * quantiles of the rest (linear interpolation between order statistics, as
 * numpy's default `percentile`). Deterministic for a given rng seed.
 *
 * @param n - number of rows in the sample
 * @param statistic - evaluated on row numbers; must not keep or mutate the array
 * @param options - `rng` (required), `resamples` (default 200), `level` (default 0.95)
 * @returns the full-sample estimate, the interval, and how many resamples were used and skipped;
 *   `low` and `high` are NaN when every resample was skipped
 * @throws LeadvalueError when n, resamples or level is out of range
 * @example
 * const ci = bootstrapInterval(labels.length,
 *   (indices) => auc(scores, labels, { indices, onUndefined: 'nan' }),
 *   { rng: createRng(7).child('bootstrap') });
 * // { estimate: 0.81, low: 0.76, high: 0.86, level: 0.95, resamples: 200, skipped: 0 }
 */
export function bootstrapInterval(n: number, statistic: Statistic, options: BootstrapOptions): BootstrapInterval {
  return bootstrapMetrics(n, { statistic }, options).statistic;
}

/**
 * Bootstrap intervals of several statistics on the same resamples: one draw
 * of row numbers per resample is shared by all statistics, so their
 * intervals are paired and side-by-side comparisons are fair. (For an
 * interval of a difference, add the difference as its own statistic.)
 * Each statistic skips its own NaN resamples, as in {@link bootstrapInterval}.
 *
 * @param n - number of rows in the sample
 * @param statistics - named statistics, each evaluated on the same row numbers
 * @param options - `rng` (required), `resamples` (default 200), `level` (default 0.95)
 * @returns for each name, its {@link BootstrapInterval}
 * @throws LeadvalueError when n, resamples or level is out of range
 * @example
 * const cis = bootstrapMetrics(n, {
 *   auc: (indices) => auc(score, converted, { indices, onUndefined: 'nan' }),
 *   gini: (indices) => normalizedGini(score, revenue, { indices }),
 *   giniGain: (indices) => normalizedGini(score, revenue, { indices }) - normalizedGini(baseline, revenue, { indices }),
 * }, { rng: createRng(7).child('bootstrap') });
 * cis.gini.low; // lower end of the 95% interval
 */
export function bootstrapMetrics<K extends string>(
  n: number,
  statistics: Record<K, Statistic>,
  options: BootstrapOptions,
): Record<K, BootstrapInterval> {
  const { resamples = 200, level = 0.95, rng } = options;
  if (!Number.isInteger(n) || n < 1) {
    throw new LeadvalueError('bootstrap', 'n must be a positive integer', shown(n), 'pass the number of rows');
  }
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new LeadvalueError('bootstrap', 'resamples must be a positive integer', shown(resamples), 'pass e.g. resamples: 200');
  }
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new LeadvalueError('bootstrap', 'level must be between 0 and 1', shown(level), 'pass e.g. level: 0.95');
  }
  if (rng === undefined || typeof rng.int !== 'function') {
    throw new LeadvalueError('bootstrap', 'no rng given', undefined, 'pass { rng: createRng(seed) }');
  }
  const names = Object.keys(statistics) as K[];
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const estimates = names.map((name) => statistics[name](all.slice()));
  const values = names.map(() => new Float64Array(resamples));
  const used = names.map(() => 0);
  const indices = new Int32Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) indices[i] = rng.int(n);
    for (let s = 0; s < names.length; s++) {
      // A fresh copy per statistic, so one statistic cannot disturb another's draw.
      const value = statistics[names[s]](names.length > 1 ? indices.slice() : indices);
      if (!Number.isNaN(value)) values[s][used[s]++] = value;
    }
  }
  const result = {} as Record<K, BootstrapInterval>;
  const lowP = (1 - level) / 2;
  names.forEach((name, s) => {
    const sorted = values[s].subarray(0, used[s]).sort();
    result[name] = {
      estimate: estimates[s],
      low: quantile(sorted, lowP),
      high: quantile(sorted, 1 - lowP),
      level,
      resamples: used[s],
      skipped: resamples - used[s],
    };
  });
  return result;
}

/** Quantile of sorted values with linear interpolation (numpy's default, R type 7); NaN if empty. */
function quantile(sorted: Float64Array, p: number): number {
  const m = sorted.length;
  if (m === 0) return NaN;
  const h = (m - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, m - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
