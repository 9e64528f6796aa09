import { LeadvalueError, shown } from '../core/errors.js';

/** A proportion with its confidence interval. */
export interface Proportion {
  /** successes / trials; NaN when there are no trials. */
  estimate: number;
  low: number;
  high: number;
  successes: number;
  trials: number;
}

/**
 * Wilson score interval of a binomial proportion: unlike the normal
 * ("Wald") interval it stays inside [0, 1] and keeps its coverage near 0,
 * near 1 and for small counts, which funnel stages of small segments have.
 *
 * @param successes - count of successes, an integer in [0, trials]
 * @param trials - count of trials, a non-negative integer
 * @param level - coverage (default 0.95)
 * @returns the estimate and interval; all NaN when trials is 0
 * @throws LeadvalueError when the counts are not integers or successes > trials, or the level is outside (0, 1)
 * @example
 * wilsonInterval(8, 10); // { estimate: 0.8, low: 0.490, high: 0.943, successes: 8, trials: 10 }
 */
export function wilsonInterval(successes: number, trials: number, level = 0.95): Proportion {
  if (!Number.isInteger(trials) || trials < 0) throw new LeadvalueError('wilsonInterval', 'trials must be a non-negative integer', shown(trials));
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new LeadvalueError('wilsonInterval', `successes must be an integer between 0 and trials (${trials})`, shown(successes));
  }
  if (typeof level !== 'number' || !(level > 0 && level < 1)) throw new LeadvalueError('wilsonInterval', 'level must be between 0 and 1', shown(level), 'e.g. 0.95');
  if (trials === 0) return { estimate: NaN, low: NaN, high: NaN, successes, trials };
  const z = normalQuantile(0.5 + level / 2);
  const p = successes / trials, z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  // Exact ends at 0 and 1 (rounding would otherwise leave e.g. 1e-17 below 0).
  return { estimate: p, low: successes === 0 ? 0 : Math.max(0, centre - half), high: successes === trials ? 1 : Math.min(1, centre + half), successes, trials };
}

/**
 * Quantile of the standard normal distribution (Acklam's rational
 * approximation, relative error below 1.2e-9; 0.975 → 1.959964).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5, r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
