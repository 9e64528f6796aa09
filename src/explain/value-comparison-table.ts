import * as aq from 'arquero';
import type { ValueMetrics } from '../evaluate/evaluate-value.js';

/**
 * Several value models side by side on the same held-out rows: normalized
 * Gini and top-20% value share with their bootstrap intervals, Spearman, the
 * decile MAPE (level, not ranking) and, when given, fit seconds and a note.
 * Display in a notebook with `.toHTML()`.
 * @param runs - a name per model, its {@link evaluateValue} metrics, optionally fit seconds and a note
 * @example
 * tslab.display.html(lv.valueComparisonTable([{ name: 'GLM (Poisson)', metrics: m }]).toHTML());
 */
export function valueComparisonTable(runs: { name: string; metrics: ValueMetrics; seconds?: number; note?: string }[]): aq.ColumnTable {
  const ci = (m: { estimate: number; low: number; high: number }) => `${m.estimate.toFixed(3)} [${m.low.toFixed(3)}, ${m.high.toFixed(3)}]`;
  return aq.from(runs.map(({ name, metrics: m, seconds, note }) => ({
    model: name,
    'normalized Gini': ci(m.gini),
    'top-20% value share': ci(m.top20),
    Spearman: ci(m.spearman),
    'decile MAPE': m.deciles && Number.isFinite(m.deciles.mape) ? Math.round(m.deciles.mape * 1000) / 1000 : NaN,
    ...(seconds === undefined ? {} : { 'fit s': Math.round(seconds * 100) / 100 }),
    ...(note === undefined ? {} : { note }),
  })));
}
