import * as aq from 'arquero';
import { formatPercent } from '../core/format-percent.js';
import type { Proportion } from '../evaluate/wilson-interval.js';
import type { MetricValue } from '../scoring/model-types.js';
import type { RuleAudit } from './audit-rules.js';

/** Display tables of a rule audit. */
export interface AuditTables {
  /** Qualified vs not qualified vs all: leads, win rate, value per lead and value share. */
  groups: aq.ColumnTable;
  /** Per rule: points, how often it fires, win rate and value per lead when it fires vs not, the lifts with intervals, flags. */
  rules: aq.ColumnTable;
  /** Per rule: the points vs the model's mean contribution difference and implied points (null when no model was given). */
  agreement: aq.ColumnTable | null;
}

/**
 * Arquero tables of a rule audit, rounded for reading; rates carry their
 * Wilson 95% interval and lifts their bootstrap 95% interval, as text
 * (`1.52 [1.21, 1.90]`). The numbers themselves are in the audit object.
 * @example
 * const t = auditTables(auditRules(frame, rules));
 * tslab.display.html(t.rules.toHTML());
 */
export function auditTables(audit: RuleAudit): AuditTables {
  const groups = aq.from(audit.groups.map((g) => ({
    group: g.group,
    leads: g.leads,
    'share of leads': pct(g.leadShare),
    won: g.won,
    'win rate': rate(g.winRate),
    'won, value known': g.wonValueKnown,
    'won, no value': g.wonWithoutValue,
    valuable: g.valuable,
    'value/won': money(g.valuePerWon),
    'value/lead': ratio(g.valuePerLead, 2),
    'share of value': pct(g.valueShare),
  })));
  const byPoints = audit.rules.some((r) => r.points !== null);
  const rules = aq.from(audit.rules.map((r) => {
    const row: Record<string, unknown> = { rule: r.name };
    if (byPoints) row.points = r.points;
    row.condition = r.condition;
    row.fires = r.fires;
    row['fire rate'] = pct(r.fireRate);
    row['win rate fires / not'] = `${pct(r.winRate.fires.estimate)} / ${pct(r.winRate.not.estimate)}`;
    row['win lift'] = ratio(r.winLift);
    row['value/lead fires / not'] = `${money(r.valuePerLead.fires)} / ${money(r.valuePerLead.not)}`;
    row['value lift'] = ratio(r.valueLift);
    row.flags = r.flags.join(', ');
    return row;
  }));
  const agreement = audit.model ? aq.from(audit.rules.map((r) => {
    const row: Record<string, unknown> = { rule: r.name };
    if (byPoints) row.points = r.points;
    row['win Δ log-odds'] = signed(r.model!.win.delta);
    if (byPoints) row['win: model points'] = whole(r.model!.win.impliedPoints);
    row['win verdict'] = r.model!.win.verdict;
    row['value Δ log'] = signed(r.model!.value.delta);
    if (byPoints) row['value: model points'] = whole(r.model!.value.impliedPoints);
    row['value verdict'] = r.model!.value.verdict;
    return row;
  })) : null;
  return { groups, rules, agreement };
}

function pct(x: number): string {
  return Number.isFinite(x) ? formatPercent(x) : '–';
}

function rate(p: Proportion): string {
  if (!(p.trials > 0)) return '–';
  const n = (x: number) => formatPercent(x).slice(0, -1);
  return `${formatPercent(p.estimate)} [${n(p.low)}, ${n(p.high)}]`;
}

function ratio(m: MetricValue, digits = 2): string {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
  if (!Number.isFinite(m.estimate)) return '–';
  return `${f(m.estimate)} [${f(m.low)}, ${f(m.high)}]`;
}

function money(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : '–';
}

function signed(x: number): string {
  return Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(2)}` : '–';
}

function whole(x: number | null): string {
  return x === null || !Number.isFinite(x) ? '–' : `${x >= 0 ? '+' : ''}${Math.round(x)}`;
}
