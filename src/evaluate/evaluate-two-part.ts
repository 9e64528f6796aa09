import type { Rng } from '../core/rng.js';
import type { CalibrationMethod } from '../scoring/calibration.js';
import type { MetricValue } from '../scoring/model-types.js';
import { auc } from './auc.js';
import { averagePrecision } from './average-precision.js';
import { bootstrapMetrics, type Statistic } from './bootstrap.js';
import { decileTable, type DecileTable } from './decile-table.js';
import { normalizedGini } from './normalized-gini.js';
import { reliabilityTable, type ReliabilityTable } from './reliability-table.js';
import { sameLength } from './same-length.js';
import { spearman } from './spearman.js';
import { topShare } from './value-share.js';

/** How well a ranking captures realised value. */
export interface ValueRankingMetrics {
  /** Normalized Gini of the ranking against realised value. */
  gini: MetricValue;
  /** Share of all realised value captured by the top 10% / 20% of leads. */
  top10: MetricValue;
  top20: MetricValue;
  /** Spearman rank correlation with realised value. */
  spearman: MetricValue;
}

/** Held-out metrics of a two-part model on the test period, with bootstrap intervals. */
export interface TwoPartMetrics {
  rows: { test: number; won: number; valueKnown: number; censoredExcluded: number };
  /** Realised win rate and value per lead on the test period. */
  base: { winRate: number; valuePerLead: number; totalValue: number };
  conversion: { auc: MetricValue; prAuc: MetricValue };
  /** Ranking by expected value P(win)·E[value | won]. */
  valueByExpectedValue: ValueRankingMetrics;
  /** Ranking by P(win) alone: what conversion-only qualification would do. */
  valueByWinProbability: ValueRankingMetrics;
  /** Expected-value ranking minus conversion ranking (paired bootstrap). */
  gain: { gini: MetricValue; top20: MetricValue };
  bootstrap: { resamples: number; level: number };
  /** Are the predictions right in level, not only in order? */
  calibration: CalibrationMetrics;
}

/** Calibration of a two-part model's outputs on the test period. */
export interface CalibrationMetrics {
  /** The calibration applied to P(win) (`none`: the model's own probabilities). */
  method: CalibrationMethod;
  /** P(win): 10 bins of about equal count, mean predicted vs observed win rate (Wilson intervals), ECE. */
  win: ReliabilityTable;
  /** ECE of the same model's P(win) without the calibration, on the same bins strategy; absent when method is `none`. */
  uncalibratedEce?: number;
  /**
   * Expected value P(win) × E[value | won] against realised value, by decile of
   * expected value over test leads whose value is known, with the decile MAPE;
   * null when fewer than 10 such leads. Censored won leads are left out while
   * leads not (yet) won count 0, so with much censoring realised value per lead
   * is understated here: see `notes` and `valueIfWon`.
   */
  value: DecileTable | null;
  /**
   * E[value | won] against realised value, by decile, over the won test leads
   * whose horizon is complete: the value part's own calibration, which
   * censoring does not tilt. Null when fewer than 10 such leads (or no valueIfWon given).
   */
  valueIfWon: DecileTable | null;
  /** Caveats in words, e.g. how many won test leads were censored. */
  notes: string[];
}

/**
 * Evaluates a two-part model's test-period predictions: AUC and PR-AUC of
 * winning over all test leads; for value, over test leads whose horizon is
 * complete (censored won leads are excluded, never counted as zero), the
 * value metrics of the expected-value ranking and of the conversion-only
 * ranking side by side, with paired bootstrap 95% intervals; and calibration:
 * a reliability table of P(win) with its ECE, and predicted against realised
 * value by decile with the decile MAPE (expected value over every test lead
 * with known value; value if won over the won ones).
 * @param pred - predictions on test rows: pWin and expectedValue (and valueIfWon, for its deciles)
 * @param truth - won (0/1), value (NaN when censored), on the same rows
 * @param rng - for the bootstrap
 * @param options - bootstrap resamples and level; the calibration the P(win) carries, and the P(win) before it
 * @throws LeadvalueError when the inputs differ in length (one value per test lead each), or as the metrics do
 */
export function evaluateTwoPart(
  pred: { pWin: Float64Array; expectedValue: Float64Array; valueIfWon?: Float64Array },
  truth: { won: ArrayLike<number>; value: ArrayLike<number> },
  rng: Rng,
  options: {
    resamples?: number; level?: number;
    /** The calibration the predictions carry (default `none`). */
    calibration?: CalibrationMethod;
    /** The model's P(win) before the calibration, for the comparison `uncalibratedEce`. */
    uncalibratedPWin?: ArrayLike<number>;
  } = {},
): TwoPartMetrics {
  sameLength('evaluateTwoPart', [
    ['pred.pWin', pred.pWin], ['pred.expectedValue', pred.expectedValue], ['pred.valueIfWon', pred.valueIfWon],
    ['truth.won', truth.won], ['truth.value', truth.value], ['options.uncalibratedPWin', options.uncalibratedPWin],
  ]);
  const n = pred.pWin.length;
  const resamples = options.resamples ?? 200, level = options.level ?? 0.95;
  const won = Float64Array.from(truth.won);
  const conv = bootstrapMetrics(n, {
    // A resample with one class only has no AUC: it is skipped and counted, not an error.
    auc: (indices) => auc(pred.pWin, won, { indices, onUndefined: 'nan' }),
    prAuc: (indices) => averagePrecision(pred.pWin, won, { indices, onUndefined: 'nan' }),
  }, { resamples, level, rng: rng.child('conversion') });

  const known: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(truth.value[i])) known.push(i);
  const ev = Float64Array.from(known, (i) => pred.expectedValue[i]);
  const pw = Float64Array.from(known, (i) => pred.pWin[i]);
  const value = Float64Array.from(known, (i) => truth.value[i]);
  const stats = (p: Float64Array): Record<'gini' | 'top10' | 'top20' | 'spearman', Statistic> => ({
    gini: (indices) => normalizedGini(p, value, { indices }),
    top10: (indices) => topShare(p, value, 0.1, { indices }),
    top20: (indices) => topShare(p, value, 0.2, { indices }),
    spearman: (indices) => spearman(p, value, { indices }),
  });
  const a = stats(ev), b = stats(pw);
  const v = bootstrapMetrics(value.length, {
    evGini: a.gini, evTop10: a.top10, evTop20: a.top20, evSpearman: a.spearman,
    pwGini: b.gini, pwTop10: b.top10, pwTop20: b.top20, pwSpearman: b.spearman,
    gainGini: (ix) => a.gini(ix) - b.gini(ix),
    gainTop20: (ix) => a.top20(ix) - b.top20(ix),
  }, { resamples, level, rng: rng.child('value') });
  const mv = (x: { estimate: number; low: number; high: number }): MetricValue => ({ estimate: x.estimate, low: x.low, high: x.high });
  let wins = 0, total = 0;
  for (let i = 0; i < n; i++) wins += won[i];
  const wonKnown = known.filter((i) => won[i] === 1);
  const notes = n - value.length > 0
    ? [`${n - value.length} of ${wins} won test leads are censored (horizon not complete) and left out of the value deciles while leads not won count 0, so realised value per lead is understated there; the value-if-won deciles are not tilted by this`]
    : [];
  for (const x of value) total += x;
  return {
    rows: { test: n, won: wins, valueKnown: value.length, censoredExcluded: n - value.length },
    base: { winRate: wins / n, valuePerLead: value.length ? total / value.length : NaN, totalValue: total },
    conversion: { auc: mv(conv.auc), prAuc: mv(conv.prAuc) },
    valueByExpectedValue: { gini: mv(v.evGini), top10: mv(v.evTop10), top20: mv(v.evTop20), spearman: mv(v.evSpearman) },
    valueByWinProbability: { gini: mv(v.pwGini), top10: mv(v.pwTop10), top20: mv(v.pwTop20), spearman: mv(v.pwSpearman) },
    gain: { gini: mv(v.gainGini), top20: mv(v.gainTop20) },
    bootstrap: { resamples, level },
    calibration: {
      method: options.calibration ?? 'none',
      win: reliabilityTable(pred.pWin, won, { level }),
      ...(options.uncalibratedPWin && (options.calibration ?? 'none') !== 'none' ? { uncalibratedEce: reliabilityTable(options.uncalibratedPWin, won).ece } : {}),
      value: value.length >= 10 ? decileTable(ev, value) : null,
      valueIfWon: pred.valueIfWon && wonKnown.length >= 10 ? decileTable(wonKnown.map((i) => pred.valueIfWon![i]), wonKnown.map((i) => truth.value[i])) : null,
      notes,
    },
  };
}

/**
 * Why the value metrics of a held-out evaluation are undefined, or null when
 * they are not: no test lead was won, or every won test lead is censored (its
 * horizon ends after the data, so its value is unknown), as with a late split.
 * @param m - from evaluateTwoPart
 * @returns e.g. `the value part was not evaluated: none of the 74 won test leads has a complete horizon (all censored)`
 */
export function valueNotEvaluated(m: Pick<TwoPartMetrics, 'rows'>): string | null {
  const { won, censoredExcluded } = m.rows;
  if (won === 0) return 'the value part was not evaluated: no test lead was won';
  if (won - censoredExcluded > 0) return null;
  return `the value part was not evaluated: ${won > 1 ? `none of the ${won} won test leads has` : 'the one won test lead has no'} a complete horizon (${won > 1 ? 'all ' : ''}censored)`;
}
