import type { DecileTable } from '../evaluate/decile-table.js';
import type { ReliabilityTable } from '../evaluate/reliability-table.js';
import { barChart, lineChart } from './svg-chart.js';

/**
 * The reliability diagram of P(win): observed win rate against mean
 * predicted probability per bin, with the diagonal a calibrated model lies on.
 * @param table - from reliabilityTable (or `metrics.calibration.win`)
 * @returns an SVG document
 * @example
 * tslab.display.svg(lv.reliabilityChart(trained.metrics.calibration.win));
 */
export function reliabilityChart(table: ReliabilityTable, options: { width?: number; height?: number; title?: string } = {}): string {
  const x = table.bins.map((b) => b.meanPredicted);
  const top = Math.max(...x, ...table.bins.map((b) => b.observed.estimate), 0);
  return lineChart([
    { name: 'observed win rate', x, y: table.bins.map((b) => b.observed.estimate) },
    { name: 'calibrated (y = x)', x: [0, top], y: [0, top] },
  ], { title: options.title ?? `Reliability of P(win): ECE ${table.ece.toFixed(3)}`, xLabel: 'mean predicted P(win)', yLabel: 'observed win rate', width: options.width, height: options.height });
}

/**
 * The decile chart of value: mean predicted against mean realised value per
 * decile of the prediction, highest decile first.
 * @param table - from decileTable (or `metrics.calibration.value`)
 * @returns an SVG document
 * @example
 * tslab.display.svg(lv.decileChart(trained.metrics.calibration.value!));
 */
export function decileChart(table: DecileTable, options: { width?: number; height?: number; title?: string } = {}): string {
  return barChart(table.groups.map((g) => String(g.group)), [
    { name: 'mean predicted', values: table.groups.map((g) => g.meanPredicted) },
    { name: 'mean realised', values: table.groups.map((g) => g.meanRealised) },
  ], { title: options.title ?? `Expected vs realised value by decile: MAPE ${Number.isFinite(table.mape) ? table.mape.toFixed(3) : 'n/a'}`, xLabel: 'decile (1 = highest predictions)', yLabel: 'value per lead', width: options.width, height: options.height });
}
