import { LeadvalueError, shown } from '../core/errors.js';
import { metricRows, type MetricOptions } from './metric-rows.js';
import { wilsonInterval, type Proportion } from './wilson-interval.js';

/** Options of {@link reliabilityTable}. */
export interface ReliabilityOptions extends MetricOptions {
  /** Number of bins (default 10). */
  bins?: number;
  /**
   * `quantile` (default): bins of about equal count, cut between predicted
   * values, so tied predictions share a bin; `uniform`: bins of equal width,
   * [b/k, (b+1)/k) (the last one closed).
   */
  strategy?: 'quantile' | 'uniform';
  /** Coverage of the Wilson intervals of the observed rates (default 0.95). */
  level?: number;
}

/** One bin of predicted probability. */
export interface ReliabilityBin {
  /** 1-based, lowest predictions first. */
  bin: number;
  /** Lowest and highest prediction in the bin. */
  minPredicted: number;
  maxPredicted: number;
  count: number;
  meanPredicted: number;
  /** Observed rate of the outcome, with its Wilson interval. */
  observed: Proportion;
  /** meanPredicted − observed rate: above 0, the model is too optimistic here. */
  gap: number;
}

/** Result of {@link reliabilityTable}. */
export interface ReliabilityTable {
  /** Non-empty bins, lowest predictions first. */
  bins: ReliabilityBin[];
  strategy: 'quantile' | 'uniform';
  /** Expected calibration error: Σ (count / n) · |gap| over the bins. */
  ece: number;
  /** The largest |gap| of any bin. */
  maxGap: number;
  /** Mean prediction and observed rate over all rows (calibration in the large). */
  meanPredicted: number;
  observedRate: number;
  rows: number;
  level: number;
}

/**
 * Reliability table of predicted probabilities: rows binned by prediction,
 * and per bin the mean prediction against the observed rate of the outcome
 * (with a Wilson interval), plus the expected calibration error (ECE, the
 * count-weighted mean |gap|) and the largest gap. A calibrated model has
 * every observed rate near its mean prediction.
 *
 * Quantile bins: with m rows sorted by prediction s₀ ≤ … ≤ s_{m−1} and k bins,
 * the cut values are c_j = s_{⌈j·m/k⌉−1} (j = 1…k−1) and a row goes into bin
 * #{j : c_j < p}; without ties the bins hold ⌈j·m/k⌉ − ⌈(j−1)·m/k⌉ rows, with
 * ties a tie group is never split (bins may be merged, empty bins are
 * dropped). The table never depends on row order.
 *
 * @param predicted - probabilities in [0, 1]
 * @param outcomes - 0/1, same length
 * @param options - `bins` (10), `strategy` (`quantile`), `level` (0.95), `indices`
 * @returns the non-empty bins and the summary
 * @throws LeadvalueError on a length mismatch, a non-finite value, a prediction outside [0, 1], an outcome not 0/1,
 *   no rows, or a bad bin count
 * @example
 * const t = reliabilityTable(pWin, won);
 * t.ece;                       // 0.012: predictions off by 1.2 points on average
 * t.bins[9].observed.estimate; // win rate of the top 10% of leads
 */
export function reliabilityTable(predicted: ArrayLike<number>, outcomes: ArrayLike<number>, options: ReliabilityOptions = {}): ReliabilityTable {
  const k = options.bins ?? 10, strategy = options.strategy ?? 'quantile', level = options.level ?? 0.95;
  if (!Number.isInteger(k) || k < 1) throw new LeadvalueError('reliabilityTable', 'bins must be a positive integer', shown(k), 'pass e.g. bins: 10');
  if (strategy !== 'quantile' && strategy !== 'uniform') throw new LeadvalueError('reliabilityTable', 'unknown strategy', shown(strategy), 'use "quantile" or "uniform"');
  const rows = metricRows('reliabilityTable', predicted, outcomes, { first: 'prediction', second: 'outcome' }, options.indices);
  const m = rows.length;
  if (m === 0) throw new LeadvalueError('reliabilityTable', 'no rows', '0 rows', 'pass at least one prediction');
  for (const i of rows) {
    if (!(predicted[i] >= 0 && predicted[i] <= 1)) throw new LeadvalueError('reliabilityTable', `prediction at row ${i} is not a probability`, shown(predicted[i]), 'pass P(win) in [0, 1]');
    if (outcomes[i] !== 0 && outcomes[i] !== 1) throw new LeadvalueError('reliabilityTable', `outcome at row ${i} is not 0 or 1`, shown(outcomes[i]));
  }
  let binOf: (p: number) => number;
  if (strategy === 'uniform') binOf = (p) => Math.min(k - 1, Math.floor(p * k));
  else {
    const sorted = Float64Array.from(rows, (i) => predicted[i]).sort();
    const cuts = Array.from({ length: k - 1 }, (_, j) => sorted[Math.ceil(((j + 1) * m) / k) - 1]);
    binOf = (p) => {
      let b = 0;
      while (b < cuts.length && cuts[b] < p) b++;
      return b;
    };
  }
  const count = new Float64Array(k), wins = new Float64Array(k), sum = new Float64Array(k);
  const lo = new Float64Array(k).fill(Infinity), hi = new Float64Array(k).fill(-Infinity);
  for (const i of rows) {
    const p = predicted[i], b = binOf(p);
    count[b]++; wins[b] += outcomes[i]; sum[b] += p;
    lo[b] = Math.min(lo[b], p); hi[b] = Math.max(hi[b], p);
  }
  const bins: ReliabilityBin[] = [];
  let ece = 0, maxGap = 0, totalPredicted = 0, totalWins = 0;
  for (let b = 0; b < k; b++) {
    if (count[b] === 0) continue;
    const observed = wilsonInterval(wins[b], count[b], level);
    const meanPredicted = sum[b] / count[b];
    const gap = meanPredicted - observed.estimate;
    bins.push({ bin: bins.length + 1, minPredicted: lo[b], maxPredicted: hi[b], count: count[b], meanPredicted, observed, gap });
    ece += (count[b] / m) * Math.abs(gap);
    maxGap = Math.max(maxGap, Math.abs(gap));
    totalPredicted += sum[b]; totalWins += wins[b];
  }
  return { bins, strategy, ece, maxGap, meanPredicted: totalPredicted / m, observedRate: totalWins / m, rows: m, level };
}
