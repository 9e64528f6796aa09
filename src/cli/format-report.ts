import type { LeadingIndicator } from '../explain/leading-indicators.js';
import type { DecileTable } from '../evaluate/decile-table.js';
import type { TwoPartMetrics } from '../evaluate/evaluate-two-part.js';
import type { LabelReport } from '../join/build-lead-frame.js';
import type { MetricValue } from '../scoring/model-types.js';
import { formatCount } from './format-count.js';

/** `0.653 [0.631, 0.676]` */
export function formatInterval(m: MetricValue, digits = 3): string {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
  return `${f(m.estimate)} [${f(m.low)}, ${f(m.high)}]`;
}

/** Lines describing the lead frame's labels: counts, censoring, data end. */
export function formatLabels(r: LabelReport): string[] {
  const lines = [
    `leads ${r.leads} (${r.dateRange.from} … ${r.dateRange.to}); won ${r.won}; horizon ${r.horizon}`,
    `data end ${r.dataEnd} (${r.dataEndSource === 'config' ? 'from the config' : 'derived from revenue dates'})` +
      (r.revenueOutliers ? `; ${formatCount(r.revenueOutliers, 'far-future revenue row')} set aside (${r.revenueOutlierDates.join(', ')})` : '') +
      (r.revenueThinTail ? `; ${formatCount(r.revenueThinTail, 'row')} in the thinly recorded days after it` : ''),
    `won with value in the horizon ${r.wonWithValue}; won but no value ${r.wonWithoutValue}; censored (horizon not complete) ${r.censored}: excluded from value labels`,
    `revenue rows: ${r.revenueRows}; in a won lead's horizon ${r.revenueInHorizon}; of accounts or leads never won here ${r.revenueUnmatched}` +
      (r.revenueBeforeWin ? `; dated before the win ${r.revenueBeforeWin}` : ''),
  ];
  return lines;
}

/** The held-out metrics as a small table: conversion, then value for both rankings side by side. */
export function formatMetrics(m: TwoPartMetrics): string[] {
  const v = m.valueByExpectedValue, w = m.valueByWinProbability;
  const pad = (s: string, n: number) => s.padEnd(n);
  return [
    `test period: ${formatCount(m.rows.test, 'lead')}, ${m.rows.won} won (${(100 * m.base.winRate).toFixed(1)}%); value known for ${m.rows.valueKnown} (${m.rows.censoredExcluded} censored excluded)`,
    `conversion   AUC ${formatInterval(m.conversion.auc)}   PR-AUC ${formatInterval(m.conversion.prAuc)}`,
    `${pad('value, ranking by', 22)}${pad('expected value', 26)}P(win) only (conversion)`,
    `${pad('  normalized Gini', 22)}${pad(formatInterval(v.gini), 26)}${formatInterval(w.gini)}`,
    `${pad('  top 10% value share', 22)}${pad(formatInterval(v.top10), 26)}${formatInterval(w.top10)}`,
    `${pad('  top 20% value share', 22)}${pad(formatInterval(v.top20), 26)}${formatInterval(w.top20)}`,
    `${pad('  Spearman', 22)}${pad(formatInterval(v.spearman), 26)}${formatInterval(w.spearman)}`,
    `gain of value ranking: Gini ${formatInterval(m.gain.gini)}, top-20% share ${formatInterval(m.gain.top20)} (${Math.round(m.bootstrap.level * 100)}% bootstrap intervals, ${formatCount(m.bootstrap.resamples, 'resample')})`,
    ...formatCalibration(m),
  ];
}

/** Calibration in two lines: ECE of P(win) (and before the calibration, when one is applied), and the decile MAPE of expected value. */
export function formatCalibration(m: TwoPartMetrics): string[] {
  const c = m.calibration;
  if (!c) return [];
  const w = c.win, pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const method = c.method === 'none' ? 'no calibration' : `${c.method} calibration${c.uncalibratedEce !== undefined ? `; ECE ${c.uncalibratedEce.toFixed(3)} before it` : ''}`;
  const deciles = (label: string, v: DecileTable | null, who: string) => v
    ? `             ${label} by decile: MAPE ${Number.isFinite(v.mape) ? v.mape.toFixed(3) : 'n/a'} over ${v.mapeGroups} deciles` +
      `; top decile predicted ${fmtMoney(v.groups[0].meanPredicted)} vs realised ${fmtMoney(v.groups[0].meanRealised)}${v.mapeSkipped.length ? `; ${v.notes.join('; ')}` : ''}`
    : `             ${label} by decile: fewer than 10 ${who}`;
  return [
    `calibration  P(win): ECE ${w.ece.toFixed(3)}, largest gap ${w.maxGap.toFixed(3)} over ${w.bins.length} bins of about equal count; mean predicted ${pct(w.meanPredicted)} vs observed ${pct(w.observedRate)} (${method})`,
    deciles('value if won', c.valueIfWon ?? null, 'won test leads with known value'),
    deciles('expected value', c.value, 'test leads with known value') + (c.value && c.notes?.length ? ` (${formatCount(m.rows.censoredExcluded, 'censored won lead')} left out: realised understated)` : ''),
    ...(c.uncalibratedEce !== undefined && w.ece > c.uncalibratedEce
      ? [`             the ${c.method} calibration made P(win) worse on the test period (ECE ${w.ece.toFixed(3)} vs ${c.uncalibratedEce.toFixed(3)}): the newest training leads it was fit on do not behave like the test period; consider model.calibration "none"`]
      : []),
  ];
}

function fmtMoney(x: number): string {
  return Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2);
}

/** The top leading indicators of a model part, one line each. */
export function formatIndicators(list: LeadingIndicator[], top = 5): string[] {
  return list.slice(0, top).map((x) => {
    const effects = x.effects.slice(0, 2).concat(x.effects.length > 2 ? x.effects.slice(-1) : [])
      .map((e) => `${e.level.length > 24 ? e.level.slice(0, 21) + '…' : e.level} ${e.contribution >= 0 ? '+' : ''}${e.contribution.toFixed(2)}`).join(', ');
    return `  ${x.feature.padEnd(28)} spread ${x.importance.toFixed(3)}   ${effects}`;
  });
}
