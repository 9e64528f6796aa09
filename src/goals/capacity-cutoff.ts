import { DAY_MS, formatDay } from '../core/dates.js';
import { LeadvalueError, shown } from '../core/errors.js';
import type { GoalCapacity, GoalMinimum } from '../scoring/model-types.js';

/** One scored lead, as the cut-off needs it. */
export interface CutoffLead {
  /** Goal-weighted score (higher is worked first). */
  score: number;
  /** P(win): summed into the expected wins. */
  pWin: number;
  /** P(win) × E[value | won]: summed into the expected value. */
  expectedValue: number;
  /** Lead id: breaks ties after the creation time. */
  id?: string;
  /** Creation time (epoch ms, UTC): needed for a capacity per week or month; breaks ties (older first). */
  createdAt?: number;
  /** Names of the goal segments the lead is in (for minimums). */
  segments?: readonly string[];
  /** Realised outcome when known (history): won or not; null/undefined = unknown. */
  won?: boolean | number | null;
  /** Realised value in the horizon when known; NaN, null or undefined = unknown (censored, or not in the history). */
  value?: number | null;
}

/** Capacity: K leads per week or month, or K leads in this one batch. */
export type CutoffCapacity = GoalCapacity | { leads: number; per: 'batch' };

/** Options of {@link capacityCutoff}. */
export interface CutoffOptions {
  capacity: CutoffCapacity;
  /** Shares of the worked leads that must come from a segment (a goal profile's `minimums`). */
  minimums?: readonly GoalMinimum[];
  /** Today's rule selection, aligned with the leads (true or 1 = the rule qualifies the lead), e.g. `applyRules(…).qualified`. */
  rule?: ArrayLike<boolean | number>;
  /** Name of the rule, for reports. */
  ruleName?: string;
  /** Days the leads cover, inclusive (epoch ms of the first and last day); default: from the first to the last lead's day. */
  span?: { from: number; to: number };
}

/** What working a set of leads delivers. */
export interface Delivery {
  leads: number;
  /** Σ P(win). */
  expectedWins: number;
  /** Σ expected value. */
  expectedValue: number;
  /** Σ won over the leads whose outcome is known (null when no outcome is known). */
  realisedWins: number | null;
  /** Leads with a known outcome (won or not). */
  wonKnown: number;
  /** Σ realised value over the leads whose value is known (null when none is). */
  realisedValue: number | null;
  /** Leads with a known value. */
  valueKnown: number;
  /** Leads won whose value is unknown (horizon not complete by the data's end: censored), left out of realisedValue. */
  censored: number;
  /** Share of all known realised value (over every lead given) that these leads hold (null when there is none). */
  valueShare: number | null;
}

/** How a minimum was met. */
export interface MinimumReport {
  segment: string;
  share: number;
  /** ⌈share × worked⌉. */
  required: number;
  /** Segment leads among the top-ranked leads, before the minimum. */
  before: number;
  /** After swapping in the segment's best unworked leads for the lowest-ranked others. */
  after: number;
  /** Leads still missing (the segment has too few leads, or every other worked lead is held by an earlier minimum). */
  shortfall: number;
  /** Lowest score of a lead the minimum brought in (null when it brought none): the segment's own threshold. */
  threshold: number | null;
  /** Leads it brought in, and the leads they replaced (indices, in the order swapped). */
  added: number[];
  removed: number[];
}

/** The cut-off and what it is expected to deliver. */
export interface CutoffReport {
  capacity: CutoffCapacity;
  /** Periods the leads cover (fractional at the ends: each day counts 1/7 of a week or 1/days-in-month of a month); 1 for a batch. */
  periods: number;
  /** Leads to work: round(K × periods), at most the number of leads. */
  target: number;
  /** Indices of the worked leads, best rank first (minimum swaps at the end). */
  worked: number[];
  /** Per lead: worked or not. */
  workedMask: boolean[];
  /** Rank of each lead (0 = best) in the deterministic order: score, then older first, then id, then position. */
  rank: number[];
  /** The score of the lowest-ranked lead worked on rank (null when nothing is worked). */
  threshold: number | null;
  /** Leads whose score equals the threshold, and how many of them were worked (older first, then by id). */
  ties: { atThreshold: number; taken: number };
  /** Leads at or above the threshold: what a plain `score ≥ threshold` rule would work (≥ target when ties straddle it). */
  atOrAbove: number;
  minimums: MinimumReport[];
  /** Per calendar period (week or month capacities): leads created, leads worked. */
  perPeriod: { start: string; leads: number; worked: number }[];
  delivers: Delivery;
  /** Expectation of working `target` leads drawn at random from all the leads. */
  random: Delivery;
  /** Today's rule, when a mask was given: every lead it qualifies, and the expectation of working at most `target` of them at random. */
  rule: { name: string; all: Delivery; atCapacity: Delivery } | null;
}

/**
 * Chooses which leads to work under a capacity, and reports what that
 * cut-off is expected to deliver against working the same number at random
 * and against today's rule.
 *
 * - **Batch** (`per: 'batch'`): exactly min(K, n) leads, the best by score.
 * - **Per week / month**: the leads cover P periods (each day counts 1/7 of a
 *   week, or 1/(days in its month) of a month, from the first lead's day to the
 *   last's), and round(K × P) leads are worked: the score threshold such that the
 *   average number of worked leads per period is K. Busy periods get more, quiet ones fewer.
 * - **Ties**: leads are ranked by score, then older first (creation time), then
 *   by id, then by position, so exactly the target is worked and the choice does
 *   not depend on row order when ids are unique. `ties` says how many leads share
 *   the threshold score and how many of them were taken.
 * - **Minimums** (in the given order): when fewer than ⌈share × target⌉ worked
 *   leads are in a segment, its best unworked leads replace the lowest-ranked
 *   worked leads outside it (never one an earlier minimum still needs).
 * @param leads - scored leads
 * @param options - capacity, minimums, today's rule mask
 * @throws LeadvalueError on a score that is not a number, a capacity that is not a whole number above 0, a period capacity for leads without creation dates (naming the lead: `lead 1` is the first), or a rule mask of the wrong length
 * @example
 * const cut = capacityCutoff(leads, { capacity: { leads: 40, per: 'week' } });
 * cut.threshold; cut.delivers.expectedValue / cut.random.expectedValue;
 */
export function capacityCutoff(leads: readonly CutoffLead[], options: CutoffOptions): CutoffReport {
  const n = leads.length;
  const { capacity } = options;
  if (!Number.isInteger(capacity.leads) || capacity.leads < 1) throw new LeadvalueError('capacity.leads', 'not a whole number above 0', shown(capacity.leads));
  leads.forEach((l, i) => {
    if (typeof l.score !== 'number' || Number.isNaN(l.score)) throw new LeadvalueError(`lead ${i + 1}${l.id ? ` (${l.id})` : ''}`, 'score is not a number', shown(l.score));
  });
  if (options.rule && options.rule.length !== n) throw new LeadvalueError('rule', `a mask of ${options.rule.length} values for ${n} leads`, undefined, 'give one true/false per lead, in the same order');

  let periods = 1;
  let perPeriod: CutoffReport['perPeriod'] = [];
  let periodOf: ((t: number) => number) | null = null;
  if (capacity.per !== 'batch') {
    leads.forEach((l, i) => {
      if (typeof l.createdAt !== 'number' || !Number.isFinite(l.createdAt)) {
        throw new LeadvalueError(`lead ${i + 1}${l.id ? ` (${l.id})` : ''}`, `has no creation date, needed for a capacity per ${capacity.per}`, shown(l.createdAt), 'give createdAt, or a capacity per batch');
      }
    });
    periodOf = capacity.per === 'week' ? weekStart : monthStart;
    if (n > 0 || options.span) {
      let first = Infinity, last = -Infinity;
      for (const l of leads) { first = Math.min(first, l.createdAt!); last = Math.max(last, l.createdAt!); }
      const from = Math.floor((options.span?.from ?? first) / DAY_MS);
      const to = Math.floor((options.span?.to ?? last) / DAY_MS);
      periods = 0;
      for (let d = from; d <= to; d++) periods += capacity.per === 'week' ? 1 / 7 : 1 / daysInMonth(d * DAY_MS);
    } else periods = 0;
  }
  const target = Math.min(n, Math.round(capacity.leads * periods));

  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => compareLeads(leads, a, b));
  const rank = new Array<number>(n);
  order.forEach((i, r) => { rank[i] = r; });
  const workedMask = new Array<boolean>(n).fill(false);
  for (let r = 0; r < target; r++) workedMask[order[r]] = true;
  const byRank = new Array<boolean>(n).fill(false);
  for (let r = 0; r < target; r++) byRank[order[r]] = true;

  const minimums = enforceMinimums(leads, order, workedMask, target, options.minimums ?? []);
  const onRank = order.filter((i) => workedMask[i] && byRank[i]);
  const threshold = onRank.length ? leads[onRank[onRank.length - 1]].score : null;
  const ties = { atThreshold: 0, taken: 0 };
  let atOrAbove = 0;
  if (threshold !== null) {
    leads.forEach((l, i) => {
      if (l.score === threshold) { ties.atThreshold++; if (workedMask[i]) ties.taken++; }
      if (l.score >= threshold) atOrAbove++;
    });
  }
  const worked = order.filter((i) => workedMask[i] && byRank[i]).concat(order.filter((i) => workedMask[i] && !byRank[i]));

  if (periodOf) {
    const counts = new Map<number, { leads: number; worked: number }>();
    leads.forEach((l, i) => {
      const p = periodOf!(l.createdAt!);
      const c = counts.get(p) ?? { leads: 0, worked: 0 };
      c.leads++;
      if (workedMask[i]) c.worked++;
      counts.set(p, c);
    });
    perPeriod = [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([p, c]) => ({ start: formatDay(p), ...c }));
  }

  const all = Array.from({ length: n }, (_, i) => i);
  const total = delivery(leads, all, null);
  const totalValue = total.realisedValue;
  const delivers = delivery(leads, worked, totalValue);
  const random = scaled(total, n ? target / n : 0, totalValue);
  let rule: CutoffReport['rule'] = null;
  if (options.rule) {
    const ruled = all.filter((i) => options.rule![i]);
    const ruleAll = delivery(leads, ruled, totalValue);
    rule = { name: options.ruleName ?? 'rule', all: ruleAll, atCapacity: ruled.length <= target ? ruleAll : scaled(ruleAll, target / ruled.length, totalValue) };
  }
  return { capacity, periods, target, worked, workedMask, rank, threshold, ties, atOrAbove, minimums, perPeriod, delivers, random, rule };
}

/** Score descending; then older first; then id; then position. Leads without a date or id sort after those with one. */
function compareLeads(leads: readonly CutoffLead[], a: number, b: number): number {
  const la = leads[a], lb = leads[b];
  if (la.score !== lb.score) return lb.score - la.score;
  const ta = la.createdAt ?? Infinity, tb = lb.createdAt ?? Infinity;
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (la.id !== lb.id) {
    if (la.id === undefined) return 1;
    if (lb.id === undefined) return -1;
    return la.id < lb.id ? -1 : 1;
  }
  return a - b;
}

function enforceMinimums(leads: readonly CutoffLead[], order: number[], worked: boolean[], target: number, minimums: readonly GoalMinimum[]): MinimumReport[] {
  const inSegment = (i: number, s: string) => leads[i].segments?.includes(s) ?? false;
  // Worked leads per segment that has a minimum, kept up to date across swaps.
  const count = new Map<string, number>(minimums.map((m) => [m.segment, 0]));
  order.forEach((i) => { if (worked[i]) for (const s of leads[i].segments ?? []) if (count.has(s)) count.set(s, count.get(s)! + 1); });
  const move = (i: number, on: boolean) => {
    worked[i] = on;
    for (const s of leads[i].segments ?? []) if (count.has(s)) count.set(s, count.get(s)! + (on ? 1 : -1));
  };
  const done: { segment: string; required: number }[] = [];
  /** A worked lead may go when every earlier minimum it counts toward keeps its required number without it. */
  const droppable = (i: number, segment: string) => worked[i] && !inSegment(i, segment) && done.every((m) => !inSegment(i, m.segment) || count.get(m.segment)! > m.required);
  return minimums.map(({ segment, share }) => {
    const required = Math.ceil(share * target - 1e-9);
    const before = count.get(segment)!;
    let threshold: number | null = null;
    const added: number[] = [], removed: number[] = [];
    let cand = 0, drop = order.length - 1, rescanned = false;
    while (count.get(segment)! < required) {
      while (cand < order.length && (worked[order[cand]] || !inSegment(order[cand], segment))) cand++;
      if (cand >= order.length) break;
      while (drop >= 0 && !droppable(order[drop], segment)) drop--;
      if (drop < 0) {
        // A lead skipped as held by an earlier minimum may be free now that a swap added to that segment: look once more.
        if (rescanned) break;
        rescanned = true;
        drop = order.length - 1;
        continue;
      }
      move(order[cand], true);
      move(order[drop], false);
      added.push(order[cand]);
      removed.push(order[drop]);
      threshold = leads[order[cand]].score;
    }
    done.push({ segment, required });
    const after = count.get(segment)!;
    return { segment, share, required, before, after, shortfall: Math.max(0, required - after), threshold, added, removed };
  });
}

function delivery(leads: readonly CutoffLead[], idx: readonly number[], totalValue: number | null): Delivery {
  let expectedWins = 0, expectedValue = 0, wins = 0, wonKnown = 0, value = 0, valueKnown = 0, censored = 0;
  for (const i of idx) {
    const l = leads[i];
    expectedWins += l.pWin;
    expectedValue += l.expectedValue;
    if (l.won !== undefined && l.won !== null) { wonKnown++; wins += Number(l.won) ? 1 : 0; }
    if (typeof l.value === 'number' && Number.isFinite(l.value)) { valueKnown++; value += l.value; } else if (l.won !== undefined && l.won !== null && Number(l.won)) censored++;
  }
  return {
    leads: idx.length, expectedWins, expectedValue,
    realisedWins: wonKnown ? wins : null, wonKnown,
    realisedValue: valueKnown ? value : null, valueKnown, censored,
    valueShare: valueKnown && totalValue ? value / totalValue : null,
  };
}

/** The expectation of working a fraction f of a set at random. */
function scaled(d: Delivery, f: number, totalValue: number | null): Delivery {
  const value = d.realisedValue === null ? null : d.realisedValue * f;
  return {
    leads: d.leads * f, expectedWins: d.expectedWins * f, expectedValue: d.expectedValue * f,
    realisedWins: d.realisedWins === null ? null : d.realisedWins * f, wonKnown: d.wonKnown * f,
    realisedValue: value, valueKnown: d.valueKnown * f, censored: d.censored * f,
    valueShare: value !== null && totalValue ? value / totalValue : null,
  };
}

/** Monday 00:00 UTC of the ISO week holding t. */
function weekStart(t: number): number {
  const day = Math.floor(t / DAY_MS);
  return (day - ((day + 3) % 7 + 7) % 7) * DAY_MS;
}

/** The 1st of the month holding t, 00:00 UTC. */
function monthStart(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function daysInMonth(t: number): number {
  const d = new Date(t);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}
