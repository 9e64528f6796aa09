import { applyRules } from '../audit/apply-rules.js';
import type { RuleSet } from '../audit/rule-set.js';
import { DAY_MS } from '../core/dates.js';
import { LeadvalueError, shown } from '../core/errors.js';
import { formatPercent } from '../core/format-percent.js';
import { formatThousands } from '../core/format-thousands.js';
import { Warnings } from '../core/warn.js';
import { wilsonInterval, type Proportion } from '../evaluate/wilson-interval.js';
import type { LeadFrame } from '../join/build-lead-frame.js';
import { poolSegments, segmentLeads } from './segments.js';

/** Options of {@link funnelReview}. */
export interface FunnelOptions {
  /** Today's qualification rules: adds the `qualified` stage (or pass `qualified` directly). */
  rules?: RuleSet;
  /** 0/1 per lead: who is qualified, when computed elsewhere (e.g. `applyRules(…).qualified`). */
  qualified?: ArrayLike<number>;
  /** A category feature to segment by (lead or deal stage), or `month`. */
  by?: string;
  /** How messages name `by` (default `options.by`; the CLI passes its flag, `funnel --by`). */
  byLabel?: string;
  /** Keep this many largest segments and pool the rest into `(other: k segments)` (default: all). Not applied to `month`: every month is shown, in date order. */
  top?: number;
  /** Also review by cohort month of lead creation (default true). */
  cohorts?: boolean;
  /** Wilson interval coverage (default 0.95). */
  level?: number;
  /** Where unknown levels in the rules are reported. */
  warnings?: Warnings;
}

/** One stage of a funnel path. */
export interface FunnelStep {
  /** `lead`, `qualified` / `not qualified`, `won`, `active`, `valuable`. */
  stage: string;
  count: number;
  /** Who could reach this stage: the previous stage's count (for `valuable`: the active leads whose value is known). */
  eligible: number;
  /** count / eligible, with its Wilson interval: the step's conversion. */
  rate: Proportion;
  /** count / the path's first stage (for `valuable`: its leads whose value is known), with its Wilson interval. */
  ofStart: Proportion;
}

/** Quartiles of a duration in days (NaN when n is 0). */
export interface DayQuartiles { n: number; q1: number; median: number; q3: number }

/** The funnel of one segment along one path. */
export interface FunnelPath {
  segment: string;
  /** `all` leads; with rules also `qualified` and `not qualified` ones. */
  path: 'all' | 'qualified' | 'not qualified';
  steps: FunnelStep[];
  /** Won leads whose horizon is not complete: left out of the `valuable` stage. */
  censored: number;
  /** Value in the horizon summed over the path's won leads whose value is known. */
  totalValue: number;
  /**
   * Expected value per lead of the path (per qualified lead on the qualified path; per won lead when the
   * path starts at won): win rate × mean value of the won leads whose value is known. NaN when every won lead is censored.
   */
  valuePerLead: number;
  /** Days from lead creation to the win (won leads), and from the win to the first revenue (active leads). */
  timing: { leadToWon: DayQuartiles; wonToFirstRevenue: DayQuartiles };
}

/** Where leads are lost between two stages of a path. */
export interface DropOut { segment: string; path: FunnelPath['path']; from: string; to: string; lost: number; lostShare: number }

/** The funnel / customer-journey review. Plain data; {@link funnelTables} makes arquero tables of it. */
export interface FunnelReview {
  /** What each stage means. */
  stages: { stage: string; meaning: string }[];
  overall: FunnelPath[];
  by: { feature: string; stage: 'lead' | 'deal' | 'date'; startsAt: 'lead' | 'won' } | null;
  bySegment: FunnelPath[] | null;
  byCohort: FunnelPath[] | null;
  /** Losses along the overall path (the qualified one when rules are given), biggest share first. */
  dropOut: DropOut[];
  horizon: string;
  notes: string[];
}

/**
 * Stage-by-stage review of the customer journey: lead → qualified (when
 * rules are given) → won → active (any revenue after the win, at any time)
 * → valuable (value in the horizon above 0; censored leads left out), overall,
 * by a segment and by cohort month, with counts and Wilson intervals on each
 * rate; where leads drop out; time between stages (quartiles of days from lead
 * to win and from win to first revenue).
 *
 * Segmenting by a `deal`-stage field (recorded when a deal closed, e.g. Olist's
 * business_segment) starts the funnel at `won`: the field does not exist for
 * leads never won, so lead → won rates by it would be meaningless.
 * @param frame - the lead frame
 * @param options - rules or a qualified mask, segment feature, pooling, interval level
 * @throws LeadvalueError on an unknown segment feature or a qualified mask of the wrong length
 * @example
 * const review = funnelReview(data.frame, { by: 'origin' });
 * funnelTables(review).bySegment?.print(); // null without `by`
 */
export function funnelReview(frame: LeadFrame, options: FunnelOptions = {}): FunnelReview {
  const { level = 0.95, cohorts = true } = options;
  const n = frame.rows;
  let qualified: Uint8Array | null = null;
  if (options.qualified) {
    if (options.qualified.length !== n) throw new LeadvalueError('funnelReview', `qualified has ${options.qualified.length} entries for ${n} leads`, undefined, 'pass one 0/1 per lead of the frame');
    qualified = Uint8Array.from(options.qualified, (x) => (x ? 1 : 0));
  } else if (options.rules) {
    qualified = applyRules(options.rules, frame, options.warnings).qualified;
  }
  if (options.top !== undefined && !(Number.isInteger(options.top) && options.top >= 1)) {
    throw new LeadvalueError('funnelReview', 'top must be a positive integer', shown(options.top), 'e.g. top: 10');
  }
  const active = Uint8Array.from(frame.firstRevenueAt, (t, i) => (frame.won[i] && !Number.isNaN(t) ? 1 : 0));
  const known = Uint8Array.from(frame.censored, (c) => 1 - c);
  const valuable = Uint8Array.from(frame.value, (v, i) => (frame.won[i] && known[i] && v > 0 ? 1 : 0));

  const path = (segment: string, rows: number[], name: FunnelPath['path'], startAtWon: boolean): FunnelPath => {
    const inPath = name === 'all' ? rows : rows.filter((i) => (qualified![i] === 1) === (name === 'qualified'));
    const wonRows = inPath.filter((i) => frame.won[i]);
    const activeRows = wonRows.filter((i) => active[i]);
    const activeKnown = activeRows.filter((i) => known[i]).length;
    const valuableCount = activeRows.filter((i) => valuable[i]).length;
    const startRows = startAtWon ? wonRows : rows;
    const start = startRows.length;
    const startKnown = startRows.filter((i) => known[i]).length;
    const steps: FunnelStep[] = [];
    const step = (stage: string, count: number, eligible: number, base = start) =>
      steps.push({ stage, count, eligible, rate: wilsonInterval(count, eligible, level), ofStart: wilsonInterval(count, base, level) });
    if (!startAtWon) {
      step('lead', rows.length, rows.length);
      if (name !== 'all') step(name, inPath.length, rows.length);
      step('won', wonRows.length, inPath.length);
    } else {
      step('won', wonRows.length, wonRows.length);
    }
    step('active', activeRows.length, wonRows.length);
    step('valuable', valuableCount, activeKnown, startKnown);
    // Value per lead of the path (per qualified lead on the qualified path) = win rate × mean value of its won
    // leads whose value is known. Averaging over every lead whose value is known instead would keep recent
    // leads never won but drop recent won ones (censored), and understate value per lead.
    const valueBase = name === 'all' || startAtWon ? startRows : inPath;
    let valueSum = 0, wonKnown = 0;
    for (const i of wonRows) if (known[i]) { valueSum += frame.value[i]; wonKnown++; }
    const valuePerLead = wonRows.length === 0 ? (valueBase.length ? 0 : NaN) : wonKnown ? (wonRows.length / valueBase.length) * (valueSum / wonKnown) : NaN;
    return {
      segment, path: name, steps,
      censored: wonRows.filter((i) => !known[i]).length,
      totalValue: Math.round(valueSum * 100) / 100, valuePerLead,
      timing: {
        leadToWon: quartiles(wonRows.map((i) => (frame.wonAt[i] - frame.createdAt[i]) / DAY_MS)),
        wonToFirstRevenue: quartiles(activeRows.map((i) => (frame.firstRevenueAt[i] - frame.wonAt[i]) / DAY_MS)),
      },
    };
  };
  const paths = (segment: string, rows: number[], startAtWon: boolean): FunnelPath[] =>
    startAtWon || !qualified ? [path(segment, rows, 'all', startAtWon)] : [path(segment, rows, 'all', false), path(segment, rows, 'qualified', false), path(segment, rows, 'not qualified', false)];

  const everyRow = Array.from({ length: n }, (_, i) => i);
  const overall = paths('all', everyRow, false);

  let by: FunnelReview['by'] = null;
  let bySegment: FunnelPath[] | null = null;
  const notes: string[] = [];
  if (options.by) {
    const seg = segmentLeads(frame, options.by, options.byLabel ?? 'options.by');
    const startAtWon = seg.stage === 'deal';
    by = { feature: seg.feature, stage: seg.stage, startsAt: startAtWon ? 'won' : 'lead' };
    // Months are a time line: every one, in date order; `top` pools only category segments.
    const byDate = seg.stage === 'date';
    const labels = options.top && !byDate ? poolSegments(seg.labels, options.top, startAtWon ? frame.won : new Uint8Array(n).fill(1)) : seg.labels;
    bySegment = groupRows(labels, !byDate).map(([s, rows]) => paths(s, rows, startAtWon)).flat();
    if (startAtWon) {
      notes.push(`${seg.feature} is a deal-stage field: sales record it when a deal closes, so it exists only for won leads. The funnel by ${seg.feature} starts at won (won → active → valuable); a lead → won rate by it cannot be computed, and using it to qualify or score new leads would be leakage.`);
    }
  }
  const byCohort = cohorts ? groupRows(segmentLeads(frame, 'month').labels, false).map(([s, rows]) => paths(s, rows, false)).flat() : null;

  const main = overall.find((p) => p.path === (qualified ? 'qualified' : 'all'))!;
  const dropOut: DropOut[] = [];
  for (let k = 1; k < main.steps.length; k++) {
    const s = main.steps[k];
    if (main.path === 'qualified' && s.stage === 'qualified') continue; // not qualifying is the rules' choice, not a drop-out
    dropOut.push({ segment: main.segment, path: main.path, from: main.steps[k - 1].stage, to: s.stage, lost: s.eligible - s.count, lostShare: s.eligible ? 1 - s.count / s.eligible : NaN });
  }
  // A step nobody could reach (0 eligible) has no share: it goes last, and is never "where leads drop out most".
  const share = (x: DropOut) => (Number.isNaN(x.lostShare) ? -1 : x.lostShare);
  dropOut.sort((a, b) => (share(b) - share(a)) || (a.from < b.from ? -1 : 1));

  const stages = [
    { stage: 'lead', meaning: 'every lead in the history' },
    ...(qualified ? [{ stage: 'qualified', meaning: options.rules ? `qualified by the rules "${options.rules.name}"${options.rules.example ? ' (an EXAMPLE rule set)' : ''}` : 'qualified (mask given)' }] : []),
    { stage: 'won', meaning: 'the deal was won (won_at set)' },
    { stage: 'active', meaning: 'won and brought any revenue after the win, at any time' },
    { stage: 'valuable', meaning: `won with revenue above 0 in the ${frame.report.horizon} horizon; leads whose horizon is not complete (censored) are left out of this stage's counts and rates` },
  ];
  if (dropOut.length && !Number.isNaN(dropOut[0].lostShare)) {
    const worst = dropOut[0];
    const of = worst.lost + (main.steps.find((s) => s.stage === worst.to)?.count ?? 0);
    notes.unshift(`${main.path === 'qualified' ? 'Qualified leads' : 'Leads'} drop out most between ${worst.from} and ${worst.to}: ${formatThousands(worst.lost)} of ${formatThousands(of)} (${formatPercent(worst.lostShare)}).`);
  }
  const censored = overall[0].censored;
  if (censored) notes.push(`${formatThousands(censored)} won leads have a horizon that ends after the data (${frame.report.dataEnd}): they count as won and (if they sold) active, but are left out of the valuable stage.`);
  notes.push('Times between stages are among leads that reached the later stage; recent leads that will win (or sell) later are not in them yet.');
  return { stages, overall, by, bySegment, byCohort, dropOut, horizon: frame.report.horizon, notes };
}

/** Rows per segment label (nulls skipped), largest first unless `bySize` is false (then by label); pooled `(other: …)` last. */
function groupRows(labels: (string | null)[], bySize = true): [string, number[]][] {
  const groups = new Map<string, number[]>();
  labels.forEach((s, i) => {
    if (s === null) return;
    const list = groups.get(s);
    if (list) list.push(i); else groups.set(s, [i]);
  });
  const pooled = (s: string) => (s.startsWith('(other: ') ? 1 : 0);
  return [...groups.entries()].sort((a, b) => pooled(a[0]) - pooled(b[0]) || (bySize ? b[1].length - a[1].length : 0) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Quartiles by linear interpolation between order statistics (R type 7, numpy's default). */
export function quartiles(days: number[]): DayQuartiles {
  const sorted = Float64Array.from(days).sort();
  const q = (p: number) => {
    const m = sorted.length;
    if (m === 0) return NaN;
    const h = (m - 1) * p, lo = Math.floor(h), hi = Math.min(lo + 1, m - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  };
  return { n: sorted.length, q1: q(0.25), median: q(0.5), q3: q(0.75) };
}
