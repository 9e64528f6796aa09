import { LeadvalueError, shown } from '../core/errors.js';
import type { Rng } from '../core/rng.js';

/** A random split of rows; each part ordered by `orderBy`, then by row. */
export interface RandomSplit {
  train: Int32Array;
  test: Int32Array;
}

/**
 * Splits rows (customers, accounts) at random: a Fisher–Yates shuffle drawn
 * from `rng`, the first `round(trainShare · n)` of it train, the rest test.
 * Each part is then ordered by `orderBy` (e.g. first-purchase day), ties by
 * row, so models that stop early on the newest rows of their training data
 * still validate on the latest ones.
 *
 * Use it only when a time split tests nothing: the design's rule is to split
 * by time, because a model scores the future. A random split by customer is
 * right when every customer's label window lies in the same calendar period,
 * as in CDNOW (all first purchases in 1997 Q1, 52-week horizons overlapping
 * by at least 75%): a cut by cohort would not test a later period, only move
 * from January's customers to March's.
 *
 * @param rows - number of rows
 * @param options - `rng` (required: same seed, same split), `trainShare` (default 0.7), `orderBy` (default row order)
 * @returns training and test rows
 * @throws LeadvalueError when trainShare is not in (0, 1), orderBy's length differs, or a part would be empty
 * @example
 * const split = lv.splitAtRandom(frame.rows, { rng: lv.createRng(42).child('cdnow-split'), orderBy: frame.firstAt });
 * split.train.length; // 16499 of 23570
 */
export function splitAtRandom(rows: number, options: { rng: Rng; trainShare?: number; orderBy?: ArrayLike<number> }): RandomSplit {
  const share = options.trainShare ?? 0.7;
  if (typeof share !== 'number' || !(share > 0 && share < 1)) throw new LeadvalueError('splitAtRandom, option trainShare', 'not a share between 0 and 1', shown(share), 'e.g. trainShare: 0.7');
  const by = options.orderBy;
  if (by && by.length !== rows) throw new LeadvalueError('splitAtRandom, option orderBy', 'one value per row expected', `${by.length} values for ${rows} rows`);
  const cut = Math.round(rows * share);
  if (cut === 0 || cut === rows) throw new LeadvalueError('splitAtRandom', `${rows} rows leave ${cut === 0 ? 'no training' : 'no test'} rows at trainShare ${share}`, undefined, 'pass more rows or a share nearer 0.5');
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    const j = options.rng.int(i + 1);
    const t = order[i]; order[i] = order[j]; order[j] = t;
  }
  const sorted = (part: Int32Array) => part.sort(by ? (a, b) => by[a] - by[b] || a - b : (a, b) => a - b);
  return { train: sorted(order.slice(0, cut)), test: sorted(order.slice(cut)) };
}
