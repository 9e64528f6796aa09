import { LeadvalueError, shown } from '../core/errors.js';
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

/** What a {@link decileChart} shows: the key of the table in `metrics.calibration`. */
export type DecileChartOf = 'value' | 'valueIfWon';

/**
 * The decile chart of value: mean predicted against mean realised value per
 * decile of the prediction, highest decile first. A decile table does not
 * know what it was cut from, so say it with `of`: `value` (default) for the
 * expected value over every lead with known value (`metrics.calibration.value`),
 * `valueIfWon` for value if won over the won leads (`metrics.calibration.valueIfWon`).
 * @param table - from decileTable (or `metrics.calibration.value` / `.valueIfWon`)
 * @param options - `of` (sets the title and y axis), size, or an own `title`
 * @returns an SVG document
 * @throws LeadvalueError on an unknown `of`
 * @example
 * tslab.display.svg(lv.decileChart(trained.metrics.calibration.value!));
 * tslab.display.svg(lv.decileChart(trained.metrics.calibration.valueIfWon!, { of: 'valueIfWon' }));
 */
export function decileChart(table: DecileTable, options: { width?: number; height?: number; title?: string; of?: DecileChartOf } = {}): string {
  if (options.of !== undefined && options.of !== 'value' && options.of !== 'valueIfWon') {
    throw new LeadvalueError('decileChart options.of', 'not a calibration table key', shown(options.of), 'use "value" (expected value) or "valueIfWon"');
  }
  const mape = `MAPE ${Number.isFinite(table.mape) ? table.mape.toFixed(3) : 'n/a'}`;
  const ifWon = options.of === 'valueIfWon';
  const title = ifWon ? `Value if won: predicted vs realised by decile: ${mape}` : `Expected vs realised value by decile: ${mape}`;
  return barChart(table.groups.map((g) => String(g.group)), [
    { name: 'mean predicted', values: table.groups.map((g) => g.meanPredicted) },
    { name: 'mean realised', values: table.groups.map((g) => g.meanRealised) },
  ], {
    title: options.title ?? title,
    xLabel: ifWon ? 'decile of won leads (1 = highest predictions)' : 'decile (1 = highest predictions)',
    yLabel: ifWon ? 'value per won lead' : 'value per lead',
    width: options.width, height: options.height,
  });
}
