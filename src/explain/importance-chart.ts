import type { IndicatorImportance } from './indicator-importance.js';
import { intervalChart } from './svg-chart.js';

/**
 * The importances of one part with their intervals over refits, as a
 * dot-and-whisker SVG chart: most important first, the dot the all-data
 * importance, the line its interval.
 * @param imp - from indicatorImportance or valueImportance
 * @param part - `win` (log-odds of winning) or `value` (log value if won, or log value for a value-only model)
 * @param options - `top`: show at most this many features (default all); `width`, `title`
 * @example
 * tslab.display.svg(importanceChart(importance, 'value', { top: 8 }));
 */
export function importanceChart(imp: IndicatorImportance, part: 'win' | 'value', options: { top?: number; width?: number; title?: string } = {}): string {
  const rows = imp[part].slice(0, options.top ?? Infinity);
  const scale = part === 'win' ? 'log-odds of winning' : imp.win.length ? 'log value if won' : 'log value';
  const pct = Math.round(imp.level * 100);
  return intervalChart(rows.map((r) => ({ label: r.head ? `${r.feature} (${r.head})` : r.feature, estimate: r.importance, low: r.low, high: r.high })), {
    title: options.title ?? `Importance in the ${scale}`,
    subtitle: `dot: the fit on all rows; line: ${pct}% interval over ${imp.refits} refits on bootstrap resamples`,
    xLabel: `spread of the feature's contribution (${scale})`, width: options.width,
  });
}
