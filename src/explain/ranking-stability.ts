import { formatDay } from '../core/dates.js';
import { LeadvalueError } from '../core/errors.js';
import { createRng, type Rng } from '../core/rng.js';
import { spearman } from '../evaluate/spearman.js';
import type { LeadFrame } from '../join/build-lead-frame.js';
import { countTargets } from '../models/data-sufficiency.js';
import { fitTwoPart, type TwoPartParams } from '../models/two-part.js';
import type { FitInput } from './indicator-importance.js';
import { leadingIndicators, type LeadingIndicator } from './leading-indicators.js';
import { encodeFeatures } from '../features/encode.js';
import { fitFeatures } from '../features/fit-features.js';
import { fitModelPart } from '../models/model-part.js';
import { importanceRanks, indicatorKey, twoPartIndicators } from './two-part-indicators.js';

/** One part's ranking on a subset, compared with the ranking on all rows. */
export interface SubsetRanking {
  /** Spearman correlation of the features' importances on the subset with those on all rows (NaN when either is constant). */
  spearman: number;
  /** Each indicator's rank on the subset (1 = most important), by indicator key. */
  ranks: Record<string, number>;
}

/** A subset of the training rows the model was refit on. */
export interface StabilitySubset {
  /** `first half`, `second half`, or a calendar quarter such as `2024-Q3`. */
  label: string;
  kind: 'half' | 'quarter';
  /** First and last creation day in the subset. */
  from: string;
  to: string;
  rows: number;
  /** The part's ranking, or null when the part was not compared (see `skipped`). */
  win: SubsetRanking | null;
  value: SubsetRanking | null;
  /** Why a part (or the whole subset) was left out, e.g. `win and value: 18 won (at least 20 needed)`, `win and value: the subset is the whole fit set (all 120 rows), so comparing it says nothing`, `value: 12 won leads with value above 0 in a complete horizon (at least 20 needed)`. */
  skipped: string[];
}

/** How one indicator's rank moved across the subsets. */
export interface RankShift {
  /** Indicator key: the feature (and the head of a ZILN part). */
  feature: string;
  /** Rank on all rows. */
  rank: number;
  /** Rank on each subset, aligned with `subsets`; null where the part was not compared. */
  ranks: (number | null)[];
  /** Largest |subset rank − rank|, and the subset where it happened. */
  maxShift: number;
  worst: string | null;
}

/** One part's stability summary. */
export interface PartStability {
  /** Subsets whose ranking was compared. */
  compared: number;
  /** Lowest and median Spearman over the compared subsets (NaN when none is defined). */
  minSpearman: number;
  medianSpearman: number;
  /** Every indicator, the ones whose rank moves most first. */
  shifts: RankShift[];
}

/** Result of {@link rankingStability}. */
export interface RankingStability {
  subsets: StabilitySubset[];
  win: PartStability;
  value: PartStability;
  /** The floors a subset had to meet to be compared. */
  floors: { minPositives: number; minNegatives: number };
}

/** Options of {@link rankingStability}. */
export interface StabilityOptions {
  /**
   * Least won leads (and won leads with value above 0, for the value part) a
   * subset needs to be compared (default 20: half the training floor, since
   * a subset is a fraction of the history).
   */
  minPositives?: number;
  /** Least leads not won (default 20). */
  minNegatives?: number;
  /** Randomness for the refits (EBM bagging); default createRng(0). */
  rng?: Rng;
}

/**
 * Stability check of the leading-indicator ranking: does it hold on each
 * part of the history? The model is refit with the same parameters on each
 * half of the training rows by time (older, newer) and on each calendar
 * quarter of creation (a cohort), the importances are measured on the
 * subset's own rows, and the ranking is compared with the one on all rows:
 * Spearman between the importances, and per feature how far its rank moves.
 * A subset with fewer than `minPositives` won leads or `minNegatives` lost
 * ones is not compared (nor its value part with fewer than `minPositives`
 * won leads with value above 0), nor a subset that holds every training row
 * (all of them in one quarter); each such case is said in `skipped`.
 *
 * @param frame - the lead frame
 * @param input - features, training rows (oldest first), parameters, and the model fit on them if at hand
 * @param options - floors for a subset (20 and 20), `rng`
 * @returns each subset's rankings and Spearman, and per part the features whose rank moves most
 * @example
 * const st = lv.rankingStability(data.frame, { features: trained.features, rows: trained.fitRows, params: trained.params, model: trained.final });
 * st.win.minSpearman;   // 0.93: the win ranking holds on every half and quarter
 * st.value.shifts[0];   // { feature: 'industry', rank: 2, ranks: [2, 4, …], maxShift: 3, worst: '2024-Q2' }
 */
export function rankingStability(frame: LeadFrame, input: FitInput, options: StabilityOptions = {}): RankingStability {
  const minPositives = options.minPositives ?? 20, minNegatives = options.minNegatives ?? 20;
  const rng = options.rng ?? createRng(0);
  const params: TwoPartParams = { ...input.params, calibration: 'none' };
  const rows = input.rows;
  const full = twoPartIndicators(input.model ?? fitTwoPart(frame, input.features, rows, params, rng.child('fit')), input.features, frame, rows);

  const groups: { label: string; kind: 'half' | 'quarter'; rows: Int32Array }[] = [];
  const half = Math.floor(rows.length / 2);
  groups.push({ label: 'first half', kind: 'half', rows: rows.slice(0, half) }, { label: 'second half', kind: 'half', rows: rows.slice(half) });
  const byQuarter = new Map<string, number[]>();
  for (const i of rows) {
    const d = new Date(frame.createdAt[i]);
    const label = `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
    const list = byQuarter.get(label) ?? [];
    list.push(i);
    byQuarter.set(label, list);
  }
  for (const [label, list] of [...byQuarter].sort(([a], [b]) => (a < b ? -1 : 1))) groups.push({ label, kind: 'quarter', rows: Int32Array.from(list) });

  const subsets = groups.map((g, s): StabilitySubset => {
    const subset: StabilitySubset = {
      label: g.label, kind: g.kind, rows: g.rows.length, win: null, value: null, skipped: [],
      from: g.rows.length ? formatDay(frame.createdAt[g.rows[0]]) : '', to: g.rows.length ? formatDay(frame.createdAt[g.rows[g.rows.length - 1]]) : '',
    };
    // A subset holding every fit row (all of them in one quarter) would be the full fit compared with itself.
    if (g.rows.length === rows.length) {
      subset.skipped.push(`win and value: the subset is the whole fit set (all ${rows.length} rows), so comparing it says nothing`);
      return subset;
    }
    const counts = countTargets(frame, g.rows);
    if (counts.win.positives < minPositives || counts.win.negatives < minNegatives) {
      // Only the short side is named: `18 won (at least 20 needed)`.
      const short = [
        ...(counts.win.positives < minPositives ? [`${counts.win.positives} won (at least ${minPositives} needed)`] : []),
        ...(counts.win.negatives < minNegatives ? [`${counts.win.negatives} not won (at least ${minNegatives} needed)`] : []),
      ];
      subset.skipped.push(`win and value: ${short.join(' and ')}`);
      return subset;
    }
    const valueShort = counts.value.positives < minPositives;
    let parts: { win: LeadingIndicator[]; value?: LeadingIndicator[] };
    try {
      parts = valueShort ? { win: winIndicators(frame, input, params, g.rows, rng.child(`subset ${s}`)) }
        : twoPartIndicators(fitTwoPart(frame, input.features, g.rows, params, rng.child(`subset ${s}`)), input.features, frame, g.rows);
    } catch (e) {
      if (!(e instanceof LeadvalueError)) throw e;
      subset.skipped.push(`win and value: the fit failed: ${e.message}`);
      return subset;
    }
    subset.win = compare(full.win, parts.win);
    if (parts.value) subset.value = compare(full.value, parts.value);
    else subset.skipped.push(`value: ${counts.value.positives} won leads with value above 0 in a complete horizon (at least ${minPositives} needed)`);
    return subset;
  });
  return { subsets, win: summarise(full.win, subsets, 'win'), value: summarise(full.value, subsets, 'value'), floors: { minPositives, minNegatives } };
}

/** The win part alone, fit as fitTwoPart fits it (for a subset with too little value to fit the value part). */
function winIndicators(frame: LeadFrame, input: FitInput, params: TwoPartParams, rows: Int32Array, rng: Rng): LeadingIndicator[] {
  const specs = fitFeatures(input.features, rows, { minLevelCount: params.minLevelCount });
  const won = Float64Array.from(rows, (i) => frame.won[i]);
  const win = fitModelPart(encodeFeatures(specs, input.features, rows), won, params.win ?? { kind: 'glm' }, 'win', params.l2, rng.child('win'));
  return leadingIndicators(win, specs, input.features, rows);
}

/** The subset's ranking of the full list's indicators (one missing from the subset, such as an EBM pair it did not choose, has importance 0). */
function compare(full: LeadingIndicator[], sub: LeadingIndicator[]): SubsetRanking {
  const byKey = new Map(sub.map((x) => [indicatorKey(x), x.importance]));
  const fullImportance = full.map((x) => x.importance), subImportance = full.map((x) => byKey.get(indicatorKey(x)) ?? 0);
  const ranks = importanceRanks(subImportance);
  return {
    spearman: full.length >= 2 ? spearman(fullImportance, subImportance) : NaN,
    ranks: Object.fromEntries(full.map((x, i) => [indicatorKey(x), ranks[i]])),
  };
}

function summarise(full: LeadingIndicator[], subsets: StabilitySubset[], part: 'win' | 'value'): PartStability {
  const fullRanks = importanceRanks(full.map((x) => x.importance));
  const compared = subsets.filter((s) => s[part] !== null);
  const rhos = compared.map((s) => s[part]!.spearman).filter(Number.isFinite).sort((a, b) => a - b);
  const shifts = full.map((x, i): RankShift => {
    const key = indicatorKey(x);
    const ranks = subsets.map((s) => s[part]?.ranks[key] ?? null);
    let maxShift = 0, worst: string | null = null;
    ranks.forEach((r, s) => {
      if (r !== null && Math.abs(r - fullRanks[i]) > maxShift) { maxShift = Math.abs(r - fullRanks[i]); worst = subsets[s].label; }
    });
    return { feature: key, rank: fullRanks[i], ranks, maxShift, worst };
  }).sort((a, b) => b.maxShift - a.maxShift || a.rank - b.rank);
  const median = rhos.length === 0 ? NaN : rhos.length % 2 ? rhos[(rhos.length - 1) / 2] : (rhos[rhos.length / 2 - 1] + rhos[rhos.length / 2]) / 2;
  return { compared: compared.length, minSpearman: rhos.length ? rhos[0] : NaN, medianSpearman: median, shifts };
}
