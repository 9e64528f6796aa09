import * as aq from 'arquero';
import type { TwoPartMetrics } from '../evaluate/evaluate-two-part.js';
import type { LeadingIndicator } from './leading-indicators.js';

/**
 * The held-out metrics as an arquero table: one row per metric, the
 * expected-value ranking and the conversion-only ranking side by side, each
 * with its bootstrap interval. Display in a notebook with `.toHTML()`.
 */
export function metricsTable(m: TwoPartMetrics): aq.ColumnTable {
  const rows: { metric: string; ranking: string; estimate: number; low: number; high: number }[] = [
    { metric: 'AUC of winning', ranking: 'P(win)', ...m.conversion.auc },
    { metric: 'PR-AUC of winning', ranking: 'P(win)', ...m.conversion.prAuc },
  ];
  const pairs: [string, keyof TwoPartMetrics['valueByExpectedValue']][] = [
    ['normalized Gini of value', 'gini'], ['value share, top 10%', 'top10'], ['value share, top 20%', 'top20'], ['Spearman with value', 'spearman'],
  ];
  for (const [label, key] of pairs) {
    rows.push({ metric: label, ranking: 'expected value', ...m.valueByExpectedValue[key] });
    rows.push({ metric: label, ranking: 'P(win) only', ...m.valueByWinProbability[key] });
  }
  return aq.from(rows.map((r) => ({ metric: r.metric, ranking: r.ranking, estimate: round(r.estimate), low: round(r.low), high: round(r.high) })));
}

/** Leading indicators as an arquero table: feature, part, spread, and the strongest effects in words. */
export function indicatorsTable(list: LeadingIndicator[]): aq.ColumnTable {
  return aq.from(list.map((x) => ({
    feature: x.feature,
    stage: x.stage,
    part: x.part === 'win' ? 'log-odds of winning' : 'log value if won',
    spread: round(x.importance),
    effects: x.effects.map((e) => `${e.level} ${e.contribution >= 0 ? '+' : ''}${e.contribution.toFixed(2)} (n=${e.count})`).join('; '),
  })));
}

function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1000) / 1000 : NaN;
}
