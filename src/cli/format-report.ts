import type { LeadingIndicator } from '../explain/leading-indicators.js';
import type { DecileTable } from '../evaluate/decile-table.js';
import { valueNotEvaluated, type TwoPartMetrics } from '../evaluate/evaluate-two-part.js';
import type { LabelReport } from '../join/build-lead-frame.js';
import { describePart } from '../models/model-part.js';
import type { TwoPartModel } from '../models/two-part.js';
import type { MetricValue, ModelState } from '../scoring/model-types.js';
import { formatCount } from '../core/format-count.js';

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
    // Rows of ids the files do not hold (or empty) are warned about: counted apart, not as accounts that never won.
    `revenue rows: ${r.revenueRows}; in a won lead's horizon ${r.revenueInHorizon}; of accounts or leads never won here ${r.revenueUnmatched - (r.revenueUnknownKey ?? 0)}` +
      (r.revenueUnknownKey ? `; of unknown or empty ids ${r.revenueUnknownKey}` : '') +
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
    // With no won test lead of known value, realised value is unknown, not 0: no decile comparison at all.
    valueNotEvaluated(m) !== null
      ? '             expected value by decile: n/a (no won test lead has a known value)'
      : deciles('expected value', c.value, 'test leads with known value') + (c.value && c.notes?.length ? ` (${formatCount(m.rows.censoredExcluded, 'censored won lead')} left out: realised understated)` : ''),
    ...(c.uncalibratedEce !== undefined && w.ece > c.uncalibratedEce
      ? [`             the ${c.method} calibration made P(win) worse on the test period (ECE ${w.ece.toFixed(3)} vs ${c.uncalibratedEce.toFixed(3)}): the newest training leads it was fit on do not behave like the test period; consider model.calibration "none"`]
      : []),
  ];
}

function fmtMoney(x: number): string {
  return Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2);
}

/**
 * The top leading indicators of a model part, one line each: the feature, its
 * spread, and its strongest effects. A list of up to 3 effects is shown whole
 * (a GLM number's slope and missing term, a 2-bin shape); a longer one, the 2
 * most positive and the most negative, as the categories' are chosen: for an
 * EBM number, whose effects are its bins in value order, that is its largest
 * bins wherever they are, and `(missing)` only when it is one of them. Labels
 * are cut at 24 characters unless two of them would then read the same (pair
 * cells that differ in their second feature): those are shown whole, and
 * effects whose labels hold a comma are separated by `;`.
 * @param list - leadingIndicators of one part, most important first
 * @param top - features shown
 */
export function formatIndicators(list: LeadingIndicator[], top = 5): string[] {
  return list.slice(0, top).map((x) => {
    const sorted = x.effects.length <= 3 ? x.effects
      : [...x.effects].sort((a, b) => b.contribution - a.contribution || (a.level < b.level ? -1 : a.level > b.level ? 1 : 0));
    const shown = sorted.length <= 3 ? sorted : [sorted[0], sorted[1], sorted[sorted.length - 1]];
    const labels = distinctLabels(shown.map((e) => e.level));
    const effects = shown.map((e, k) => `${labels[k]} ${e.contribution >= 0 ? '+' : ''}${e.contribution.toFixed(2)}`)
      .join(labels.some((l) => l.includes(', ')) ? '; ' : ', ');
    return `  ${x.feature.padEnd(28)} spread ${x.importance.toFixed(3)}   ${effects}`;
  });
}

/** Labels cut to 24 characters (`…`), except those whose cut would read as another's: shown whole. */
function distinctLabels(labels: string[]): string[] {
  const cut = labels.map((l) => (l.length > 24 ? l.slice(0, 21) + '…' : l));
  return cut.map((c, i) => (cut.some((d, j) => j !== i && d === c && labels[j] !== labels[i]) ? labels[i] : c));
}

/**
 * The indicator lines of a model part for `leadvalue train`: formatIndicators,
 * or, when the part predicts one constant for every lead (every feature's
 * spread is 0, as for an EBM that kept 0 boosting rounds), one line that says
 * so instead of a list of zeros.
 * @param state - the model part (says why when it is an EBM that kept 0 rounds)
 * @param list - its leading indicators
 * @param top - features shown
 */
export function formatPartIndicators(state: ModelState, list: LeadingIndicator[], top = 5): string[] {
  if (list.length === 0 || list.some((x) => x.importance !== 0)) return formatIndicators(list, top);
  const why = state.kind === 'ebm' && state.rounds.mains === 0 && state.rounds.pairs === 0 ? 'the EBM kept 0 boosting rounds: ' : '';
  return [`  none: ${why}this part predicts one constant for every lead (every feature's spread is 0), so it ranks nothing`];
}

/**
 * What each part of the trained model is, as `leadvalue compare` says it: the
 * fit on the training period, which the held-out metrics describe, and, where
 * it chose differently, the refit on all leads that is exported:
 * `win: L2 1 (refit on all leads: L2 3); value: L2 100`.
 * @param evaluated - the model fit on the training period
 * @param final - the exported model (the same object when not refit)
 */
export function formatFits(evaluated: Pick<TwoPartModel, 'win' | 'value'>, final: Pick<TwoPartModel, 'win' | 'value'>): string {
  const part = (e: ModelState, f: ModelState) => {
    const a = describePart(e), b = describePart(f);
    return a === b ? a : `${a} (refit on all leads: ${b})`;
  };
  return `win: ${part(evaluated.win, final.win)}; value: ${part(evaluated.value, final.value)}`;
}
