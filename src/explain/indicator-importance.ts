import { LeadvalueError, shown } from '../core/errors.js';
import { resampleRows } from './resample-rows.js';
import { createRng, type Rng } from '../core/rng.js';
import type { LeadFrame } from '../join/build-lead-frame.js';
import type { RawFeature } from '../load/load-source.js';
import { fitTwoPart, type TwoPartModel, type TwoPartParams } from '../models/two-part.js';
import type { FeatureStage } from '../scoring/model-types.js';
import type { LeadingIndicator } from './leading-indicators.js';
import { importanceRanks, indicatorKey, twoPartIndicators } from './two-part-indicators.js';

/** What a two-part model was fit on: enough to refit it (a TrainedModel's `features`, `fitRows`, `params`, `final`). */
export interface FitInput {
  /** Raw feature columns the model uses. */
  features: RawFeature[];
  /** The training rows, oldest first. */
  rows: Int32Array;
  /** The model's parameters. */
  params: TwoPartParams;
  /** The model fit on exactly these rows with these parameters; fit here when absent. */
  model?: TwoPartModel;
}

/** One feature's importance in one part, with its interval over refits. */
export interface ImportanceInterval {
  /** Feature name (`a × b` for an EBM pair term). */
  feature: string;
  stage: FeatureStage;
  part: 'win' | 'value';
  /** For a linear ZILN value part: the head. */
  head?: 'logit' | 'mu';
  /** Spread (standard deviation) of the feature's exact contribution over the rows, with the model fit on all rows. */
  importance: number;
  /** Percentile interval of the importance over refits on bootstrap resamples of the rows. */
  low: number;
  high: number;
  /** Rank in its part with the model fit on all rows (1 = most important). */
  rank: number;
  /** Share of refits in which the feature ranked among the part's top 3. */
  top3: number;
}

/** Result of {@link indicatorImportance}. */
export interface IndicatorImportance {
  /** Most important first, as the full-data model ranks them. */
  win: ImportanceInterval[];
  value: ImportanceInterval[];
  /** Refits that entered the intervals. */
  refits: number;
  /** Refits whose fit failed on their resample (e.g. too few won leads in it), with the first reason. */
  failed: number;
  failure?: string;
  level: number;
  /** What the interval means, in words. */
  note: string;
}

/** Options of {@link indicatorImportance}. */
export interface ImportanceOptions {
  /** Refits on bootstrap resamples (default 30). */
  refits?: number;
  /** Coverage of the intervals (default 0.95). */
  level?: number;
  /** Randomness; each refit r draws its resample from `rng.child('refit r')`. Default createRng(0). */
  rng?: Rng;
}

/**
 * Global importance of each leading indicator, with a bootstrap interval:
 * each feature's importance is the spread of its exact contribution to the
 * part's linear predictor (log-odds of winning; log value if won) over the
 * rows; the interval is over **refits**: the whole two-part model is refit
 * (same parameters, the L2 or boosting rounds chosen again) on `refits`
 * resamples of the training rows drawn with replacement (kept oldest first,
 * so the inner time splits still validate on the newest rows), and the
 * importance is measured again over each resample. The percentile interval
 * says how much the importance depends on which leads happened to be in the
 * history. The win part is measured over all rows, the value part over the
 * won rows with a complete horizon. A calibration is left out of the refits:
 * it maps P(win) after the contributions and does not change them.
 *
 * @param frame - the lead frame
 * @param input - features, training rows (oldest first), parameters, and the model fit on them if at hand
 * @param options - `refits` (30), `level` (0.95), `rng`
 * @returns per part, every indicator with its estimate, interval, rank and how often it made the top 3
 * @throws LeadvalueError when refits or level is out of range, or when the full-data fit fails
 * @example
 * const trained = lv.trainModel(data);
 * const imp = lv.indicatorImportance(data.frame,
 *   { features: trained.features, rows: trained.fitRows, params: trained.params, model: trained.final },
 *   { refits: 30, rng: lv.createRng(42).child('importance') });
 * imp.win[0]; // { feature: 'demo_requested', importance: 0.41, low: 0.37, high: 0.45, rank: 1, … }
 */
export function indicatorImportance(frame: LeadFrame, input: FitInput, options: ImportanceOptions = {}): IndicatorImportance {
  const refits = options.refits ?? 30, level = options.level ?? 0.95;
  if (!Number.isInteger(refits) || refits < 1) throw new LeadvalueError('indicatorImportance', 'refits must be a positive integer', shown(refits), 'e.g. refits: 30');
  if (typeof level !== 'number' || !(level > 0 && level < 1)) throw new LeadvalueError('indicatorImportance', 'level must be between 0 and 1', shown(level), 'e.g. level: 0.95');
  const rng = options.rng ?? createRng(0);
  const params: TwoPartParams = { ...input.params, calibration: 'none' };
  const rows = input.rows, n = rows.length;
  const full = twoPartIndicators(input.model ?? fitTwoPart(frame, input.features, rows, params, rng.child('fit')), input.features, frame, rows);

  const draws: { win: Map<string, number>[]; value: Map<string, number>[] } = { win: [], value: [] };
  let failed = 0, failure: string | undefined;
  for (let r = 0; r < refits; r++) {
    const child = rng.child(`refit ${r}`);
    const sample = resampleRows(rows, child);
    let parts: ReturnType<typeof twoPartIndicators>;
    try {
      parts = twoPartIndicators(fitTwoPart(frame, input.features, sample, params, child.child('fit')), input.features, frame, sample);
    } catch (e) {
      if (!(e instanceof LeadvalueError)) throw e;
      failed++;
      failure ??= e.message;
      continue;
    }
    for (const part of ['win', 'value'] as const) draws[part].push(new Map(parts[part].map((x) => [indicatorKey(x), x.importance])));
  }
  const used = draws.win.length;
  return {
    win: summariseRefits(full.win, draws.win, level),
    value: summariseHeads(full.value, draws.value, level),
    refits: used, failed, ...(failure ? { failure } : {}), level,
    note: `${Math.round(level * 100)}% percentile intervals over ${used} refits of the whole model on bootstrap resamples of the ${n} training leads` +
      (failed ? ` (${failed} refits failed and are left out)` : '') + '; importance = standard deviation of the exact contribution over the rows',
  };
}

/**
 * Importance intervals from refits: each indicator of the full-data model
 * with the percentile interval of its importance over the refits' samples
 * (an indicator a refit lacks counts 0 there), its rank, and how often it made
 * a refit's top 3. Shared by {@link indicatorImportance} and valueImportance.
 * @param list - the full-data model's indicators of one part
 * @param samples - per refit, importance by indicator key
 * @param level - coverage of the intervals
 */
export function summariseRefits(list: LeadingIndicator[], samples: Map<string, number>[], level: number): ImportanceInterval[] {
  const ranks = importanceRanks(list.map((x) => x.importance));
  // How often each indicator made the top 3 of its refit.
  const top3 = new Map<string, number>();
  for (const s of samples) {
    const keys = [...s.keys()], sampleRanks = importanceRanks(keys.map((k) => s.get(k)!));
    keys.forEach((k, i) => { if (sampleRanks[i] <= 3) top3.set(k, (top3.get(k) ?? 0) + 1); });
  }
  return list.map((x, i) => {
    const key = indicatorKey(x);
    // An indicator a refit does not have (an EBM pair it did not choose) contributes nothing there.
    const values = Float64Array.from(samples, (s) => s.get(key) ?? 0).sort();
    return {
      feature: x.feature, stage: x.stage, part: x.part, ...(x.head ? { head: x.head } : {}), importance: x.importance,
      low: quantile(values, (1 - level) / 2), high: quantile(values, (1 + level) / 2), rank: ranks[i],
      top3: samples.length ? (top3.get(key) ?? 0) / samples.length : NaN,
    };
  });
}

/** Quantile of sorted values with linear interpolation (numpy's default); NaN if empty. */
function quantile(sorted: Float64Array, p: number): number {
  const m = sorted.length;
  if (m === 0) return NaN;
  const h = (m - 1) * p, lo = Math.floor(h), hi = Math.min(lo + 1, m - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * {@link summariseRefits} within each head of a linear ZILN (ranks and top-3
 * shares among that head's features: the heads are on different scales),
 * logit head first; for other kinds the same as summariseRefits.
 * @param list - the full-data model's indicators
 * @param samples - per refit, importance by indicator key (`feature (head)` for a ZILN)
 * @param level - coverage of the intervals
 */
export function summariseHeads(list: LeadingIndicator[], samples: Map<string, number>[], level: number): ImportanceInterval[] {
  if (!list.some((x) => x.head)) return summariseRefits(list, samples, level);
  return (['logit', 'mu'] as const).flatMap((head) => {
    const suffix = ` (${head})`;
    const own = samples.map((s) => new Map([...s].filter(([k]) => k.endsWith(suffix))));
    return summariseRefits(list.filter((x) => x.head === head), own, level);
  });
}
