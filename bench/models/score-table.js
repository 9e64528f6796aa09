// Scores every model's test predictions with leadvalue's metric functions
// (Python's predictions included), with paired bootstrap intervals, and lays
// the result out as a text table and as markdown.
import { auc } from '../../dist/evaluate/auc.js';
import { averagePrecision } from '../../dist/evaluate/average-precision.js';
import { bootstrapMetrics } from '../../dist/evaluate/bootstrap.js';
import { decileTable } from '../../dist/evaluate/decile-table.js';
import { normalizedGini } from '../../dist/evaluate/normalized-gini.js';
import { topShare } from '../../dist/evaluate/value-share.js';

/** Bootstrap intervals only up to this many test rows: beyond, 200 resamples of every metric cost minutes. */
export const MAX_BOOTSTRAP_ROWS = 50_000;

const METRICS = {
  conversion: {
    auc: { title: 'AUC', f: (p, y, indices) => auc(p, y, { indices, onUndefined: 'nan' }) },
    ap: { title: 'PR-AUC', f: (p, y, indices) => averagePrecision(p, y, { indices, onUndefined: 'nan' }) },
  },
  value: {
    gini: { title: 'normalized Gini', f: (p, y, indices) => normalizedGini(p, y, { indices }) },
    top20: { title: 'top-20% value share', f: (p, y, indices) => topShare(p, y, 0.2, { indices }) },
  },
};

/**
 * Metrics of each model on the test rows, with 95% paired bootstrap intervals
 * (the same 200 resamples for every model) when the test set is small enough,
 * and each model's difference to the baseline on the first metric.
 * @param models - { id, name, seconds, prediction, note } per model
 * @param baseline - the model the ratios and differences are taken against
 */
export function scoreModels(kind, truth, models, baseline, rng, pairs = []) {
  const metrics = METRICS[kind];
  const [headline] = Object.keys(metrics);
  const statistics = {};
  const difference = (a, b) => (indices) => metrics[headline].f(a.prediction, truth, indices) - metrics[headline].f(b.prediction, truth, indices);
  models.forEach((m, k) => {
    for (const [name, { f }] of Object.entries(metrics)) statistics[`${k} ${name}`] = (indices) => f(m.prediction, truth, indices);
    if (m !== baseline) statistics[`${k} delta`] = difference(m, baseline);
  });
  // Extra paired differences asked for by id, e.g. ['ebm', 'xgb'].
  const pairStatistics = {};
  for (const [a, b] of pairs) {
    const ma = models.find((m) => m.id === a), mb = models.find((m) => m.id === b);
    if (ma && mb) pairStatistics[`pair ${a} ${b}`] = difference(ma, mb);
  }
  const n = truth.length;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  // Above MAX_BOOTSTRAP_ROWS only the extra differences get intervals, from 100 resamples.
  const ci = n <= MAX_BOOTSTRAP_ROWS
    ? bootstrapMetrics(n, { ...statistics, ...pairStatistics }, { rng, resamples: 200 })
    : {
      ...Object.fromEntries(Object.entries(statistics).map(([name, f]) => [name, { estimate: f(all), low: NaN, high: NaN }])),
      ...(Object.keys(pairStatistics).length ? bootstrapMetrics(n, pairStatistics, { rng, resamples: 100 }) : {}),
    };
  const scored = models.map((m, k) => ({
    ...m,
    metrics: Object.fromEntries(Object.keys(metrics).map((name) => [name, ci[`${k} ${name}`]])),
    delta: m === baseline ? null : ci[`${k} delta`],
    mape: kind === 'value' ? decileTable(m.prediction, truth).mape : null,
    timeRatio: m.seconds / baseline.seconds,
  }));
  const differences = Object.fromEntries(pairs.filter(([a, b]) => ci[`pair ${a} ${b}`]).map(([a, b]) => [`${a} ${b}`, ci[`pair ${a} ${b}`]]));
  return { scored, differences, headline: metrics[headline].title };
}

/**
 * One line on the target for the EBM: its headline metric against
 * HistGradientBoosting's and xgboost's (paired difference and interval), and
 * its fit time as a multiple of theirs. Descriptive, not a pass/fail.
 */
export function ebmCheck({ scored, differences, headline }) {
  const ebm = scored.find((m) => m.id === 'ebm');
  if (!ebm) return null;
  const parts = [['hgb', 'HistGB'], ['xgb', 'xgboost']].flatMap(([id, short]) => {
    const d = differences[`ebm ${id}`], other = scored.find((m) => m.id === id);
    if (!d || !other) return [];
    const where = Number.isNaN(d.low) ? (d.estimate >= 0 ? 'at or above (no interval)' : 'below (no interval)') : d.low > 0 ? 'above (interval above 0)' : d.high < 0 ? 'below (interval below 0)' : 'no clear difference (interval includes 0)';
    return [`vs ${short}: ${headline} ${signed(d)}, ${where}; fit time ${(ebm.seconds / other.seconds).toFixed(2)}× ${short}'s`];
  });
  return parts.length ? `EBM ${parts.join('; ')}` : null;
}

/** Three decimals, a real minus sign, no "-0.000". */
const fmt = (x, plus = '') => (Number.isNaN(x) ? 'NaN' : Math.abs(x) < 0.0005 ? `${plus ? '±' : ''}0.000` : (x > 0 ? plus : '−') + Math.abs(x).toFixed(3));
const interval = (c, plus) => (Number.isNaN(c.low) ? fmt(c.estimate, plus) : `${fmt(c.estimate, plus)} [${fmt(c.low, plus)}, ${fmt(c.high, plus)}]`);
const show = (c) => interval(c, '');
const signed = (c) => interval(c, '+');

/** The table as rows of cells, header first. */
export function tableCells(kind, scored, baseline) {
  const metrics = METRICS[kind];
  const [headline] = Object.keys(metrics);
  const header = ['model', 'fit s', `fit ÷ ${baseline.short}`, ...Object.values(metrics).map((m) => m.title), ...(kind === 'value' ? ['decile MAPE'] : []), `${metrics[headline].title} − ${baseline.short}`, 'notes'];
  const rows = scored.map((m) => [
    m.name,
    Number.isNaN(m.seconds) ? '—' : m.seconds < 10 ? m.seconds.toFixed(2) : m.seconds.toFixed(1),
    Number.isNaN(m.seconds) ? '—' : `${m.timeRatio.toFixed(2)}×`,
    ...Object.keys(metrics).map((name) => show(m.metrics[name])),
    ...(kind === 'value' ? [Number.isNaN(m.mape) ? '—' : m.mape.toFixed(3)] : []),
    m.delta ? signed(m.delta) : '(baseline)',
    m.note ?? '',
  ]);
  return [header, ...rows];
}

/** Aligned plain-text table. */
export function textTable(cells) {
  const widths = cells[0].map((_, j) => Math.max(...cells.map((r) => r[j].length)));
  return cells.map((r, i) => {
    const line = r.map((cell, j) => cell.padEnd(widths[j])).join('  ').trimEnd();
    return i === 0 ? `${line}\n${widths.map((w) => '─'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

/** Markdown table. */
export function markdownTable(cells) {
  const line = (r) => `| ${r.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(cells[0]), `|${cells[0].map((_, j) => (j === 0 || j === cells[0].length - 1 ? '---' : '---:')).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}
