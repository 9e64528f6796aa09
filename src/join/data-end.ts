import { DAY_MS, formatDay } from '../core/dates.js';

/** How the end of the observed data was found. */
export interface DataEnd {
  /** The last instant the data covers (epoch ms, UTC): the end of the last well-covered day. */
  at: number;
  /** `config` when given, `revenue` when derived from the revenue dates. */
  source: 'config' | 'revenue';
  /** Revenue rows dated after a long gap (far-future typos), ignored for the end. */
  outliers: number;
  /** Their dates (YYYY-MM-DD), at most 10. */
  outlierDates: string[];
  /** Revenue rows after the end in the thin tail (data still arriving), not outliers. */
  thinTail: number;
}

/**
 * The end of the observed data, derived from the revenue dates. Two problems
 * of real exports are handled, and both err early, because an end set too early
 * only censors a few more leads while an end set too late counts leads whose
 * horizon is incomplete as low-value:
 *
 * 1. Far-future outliers: the top dates (at most `maxOutlierShare` of rows) are
 *    scanned for a gap longer than `gapDays`; everything after the lowest such
 *    gap is an outlier (Olist: four items dated 2020 after data that ends in 2018).
 * 2. A thin tail: exports end with days that are only partly recorded. The end
 *    is the last day whose row count is at least `thinShare` of the mean daily
 *    count over the 28 days before it (Olist: ~400 items a day in August 2018,
 *    a few dozen a day in September; the end is 2018-08-31).
 * @param at - revenue dates (epoch ms; NaN ignored)
 * @returns the end (last instant of the last well-covered day) and what was set aside
 */
export function deriveDataEnd(at: ArrayLike<number>, options: { gapDays?: number; maxOutlierShare?: number; thinShare?: number } = {}): DataEnd {
  const gap = (options.gapDays ?? 31) * DAY_MS;
  const sorted = Float64Array.from(at).filter((t) => !Number.isNaN(t)).sort();
  const n = sorted.length;
  if (n === 0) return { at: NaN, source: 'revenue', outliers: 0, outlierDates: [], thinTail: 0 };
  const maxDrop = Math.max(1, Math.floor(n * (options.maxOutlierShare ?? 0.005)));
  let cut = n; // index of the first outlier
  for (let i = n - 1; i >= Math.max(1, n - maxDrop); i--) {
    if (sorted[i] - sorted[i - 1] > gap) cut = i;
  }
  const outlierDates = Array.from(sorted.subarray(cut, Math.min(n, cut + 10)), formatDay);

  // Daily counts over the kept dates.
  const first = Math.floor(sorted[0] / DAY_MS), last = Math.floor(sorted[cut - 1] / DAY_MS);
  const counts = new Float64Array(last - first + 1);
  for (let i = 0; i < cut; i++) counts[Math.floor(sorted[i] / DAY_MS) - first]++;
  const thinShare = options.thinShare ?? 0.2;
  let endDay = counts.length - 1;
  for (; endDay >= 28; endDay--) {
    let sum = 0;
    for (let k = endDay - 28; k < endDay; k++) sum += counts[k];
    if (counts[endDay] >= thinShare * (sum / 28)) break;
  }
  let thinTail = 0;
  for (let k = endDay + 1; k < counts.length; k++) thinTail += counts[k];
  return { at: (first + endDay + 1) * DAY_MS - 1, source: 'revenue', outliers: n - cut, outlierDates, thinTail };
}
