import * as aq from 'arquero';
import { formatPercent } from '../core/format-percent.js';
import type { Proportion } from '../evaluate/wilson-interval.js';
import type { FunnelPath, FunnelReview } from './funnel-review.js';

/** Display tables of a funnel review. */
export interface FunnelTables {
  /** Every step of every path, one row each, numbers only: for plots and further verbs. */
  steps: aq.ColumnTable;
  /** One row per path: counts, each step's rate with its 95% interval, value per lead, median days. */
  overall: aq.ColumnTable;
  bySegment: aq.ColumnTable | null;
  byCohort: aq.ColumnTable | null;
  dropOut: aq.ColumnTable;
}

/**
 * Arquero tables of a funnel review, for notebooks (`.toHTML()`) and the CLI.
 * The wide tables show rates as `11.8% [10.5, 13.2]` (Wilson 95% interval);
 * the `steps` table keeps plain numbers.
 * @example
 * const t = funnelTables(funnelReview(frame, { by: 'origin' }));
 * t.bySegment?.print();
 */
export function funnelTables(review: FunnelReview): FunnelTables {
  const withRules = review.overall.length > 1;
  const part = (name: string, paths: FunnelPath[] | null) => (paths ?? []).flatMap((p) => p.steps.map((s) => ({
    part: name, segment: p.segment, path: p.path, stage: s.stage, count: s.count, eligible: s.eligible,
    rate: r4(s.rate.estimate), low: r4(s.rate.low), high: r4(s.rate.high),
    of_start: r4(s.ofStart.estimate), of_start_low: r4(s.ofStart.low), of_start_high: r4(s.ofStart.high),
  })));
  const steps = aq.from([...part('overall', review.overall), ...part(review.by?.feature ?? 'segment', review.bySegment), ...part('cohort', review.byCohort)]);
  return {
    steps,
    overall: wide(review.overall, withRules, 'segment'),
    bySegment: review.bySegment ? wide(review.bySegment, withRules && review.by?.startsAt === 'lead', review.by!.feature) : null,
    byCohort: review.byCohort ? wide(review.byCohort, withRules, 'cohort', true) : null,
    dropOut: aq.from(review.dropOut.map((d) => ({ path: d.path, from: d.from, to: d.to, lost: d.lost, 'lost share': pct(d.lostShare) }))),
  };
}

function wide(paths: FunnelPath[], withRules: boolean, label: string, censored = false): aq.ColumnTable {
  const rows = paths.map((p) => {
    const get = (stage: string) => p.steps.find((s) => s.stage === stage);
    const lead = get('lead'), onPath = p.path === 'all' ? undefined : get(p.path), won = get('won')!, active = get('active')!, valuable = get('valuable')!;
    const row: Record<string, unknown> = { [label]: p.segment };
    if (withRules) row.path = p.path;
    if (lead) row.leads = lead.count;
    if (withRules && lead) row['on path'] = onPath ? onPath.count : lead.count;
    row.won = won.count;
    if (lead) row['win rate'] = interval(won.rate);
    row.active = active.count;
    row['active/won'] = interval(active.rate);
    row.valuable = valuable.count;
    row['valuable/active'] = interval(valuable.rate);
    if (censored) row.censored = p.censored;
    row[lead ? 'value/lead' : 'value/won'] = money(p.valuePerLead);
    row['days to win'] = days(p.timing.leadToWon.median);
    row['days to 1st revenue'] = days(p.timing.wonToFirstRevenue.median);
    return row;
  });
  return aq.from(rows);
}

/** `11.8% [10.5, 13.2]`, or `–` when there were no trials. */
export function interval(p: Proportion): string {
  if (!(p.trials > 0)) return '–';
  const n = (x: number) => formatPercent(x).slice(0, -1);
  return `${formatPercent(p.estimate)} [${n(p.low)}, ${n(p.high)}]`;
}

function pct(x: number): string {
  return Number.isFinite(x) ? formatPercent(x) : '–';
}

function money(x: number): number | string {
  return Number.isFinite(x) ? Math.round(x * 100) / 100 : '–';
}

function days(x: number): number | string {
  return Number.isFinite(x) ? Math.round(x * 10) / 10 : '–';
}

function r4(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : NaN;
}
