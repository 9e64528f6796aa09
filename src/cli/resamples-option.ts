import { LeadvalueError } from '../core/errors.js';

/**
 * The fewest bootstrap resamples `--resamples` takes. A 95% percentile
 * interval reads the 2.5th and 97.5th percentiles of the resamples: with 20
 * each bound is interpolated between the two most extreme draws, with fewer
 * it is the extreme draw itself, so the interval only sizes the spread of a
 * handful of draws (and a paired difference can look significant by chance).
 */
export const MIN_RESAMPLES = 20;

/**
 * Checks a `--resamples` option (train, compare, audit, demo) before any work.
 * @param n - the option's value (undefined: the default, 200)
 * @throws LeadvalueError naming the option and why, below {@link MIN_RESAMPLES}
 */
export function checkResamples(n: number | undefined): void {
  if (n === undefined || n >= MIN_RESAMPLES) return;
  throw new LeadvalueError('--resamples', `must be at least ${MIN_RESAMPLES} for the 95% bootstrap intervals it sizes`, String(n),
    `the intervals are the 2.5th and 97.5th percentiles of the resamples, which below ${MIN_RESAMPLES} are the extremes of a handful of draws; ` +
    'leave it out for the default 200 (use at least 1000 for intervals you publish)');
}
