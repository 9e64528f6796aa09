import * as aq from 'arquero';
import { formatPercent } from '../core/format-percent.js';
import type { DecileTable } from '../evaluate/decile-table.js';
import type { TwoPartMetrics } from '../evaluate/evaluate-two-part.js';
import type { LeadingIndicator } from './leading-indicators.js';
import type { IndicatorImportance } from './indicator-importance.js';
import type { RankingStability } from './ranking-stability.js';

/**
 * The held-out metrics as an arquero table: one row per metric, the
 * expected-value ranking and the conversion-only ranking side by side, each
 * with its bootstrap interval, then the paired gain of ranking by expected
 * value over ranking by P(win) (normalized Gini, top-20% value share): the
 * answer to "does value ranking beat conversion ranking?", an interval
 * that excludes 0 says it does (or does not). Display in a notebook with `.toHTML()`.
 * @param m - held-out metrics: `trainModel(...).metrics`
 * @returns columns metric, ranking, estimate, low, high (rounded to 3 decimals)
 * @example
 * const trained = lv.trainModel(await lv.prepareData(lv.readAdapterConfig('configs/olist.json')));
 * lv.metricsTable(trained.metrics).print();
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
  // The paired bootstrap difference: the same resamples for both rankings, so its interval is narrower than the two side by side suggest.
  rows.push({ metric: 'gain of value ranking over P(win): normalized Gini', ranking: 'expected value − P(win) only', ...m.gain.gini });
  rows.push({ metric: 'gain of value ranking over P(win): top-20% value share', ranking: 'expected value − P(win) only', ...m.gain.top20 });
  return aq.from(rows.map((r) => ({ metric: r.metric, ranking: r.ranking, estimate: round(r.estimate), low: round(r.low), high: round(r.high) })));
}

/**
 * Leading indicators as an arquero table: feature, part, spread, and the strongest effects in words.
 * @param list - from leadingIndicators (one part) or twoPartIndicators (`[...win, ...value]`)
 * @returns columns feature, stage, part, spread, effects (`demo_requested=1 +1.11 (n=812); …`)
 * @example
 * const { final, fitRows } = lv.trainModel(data);
 * lv.indicatorsTable(lv.leadingIndicators(final.win, final.features, data.frame.features, fitRows)).print();
 */
export function indicatorsTable(list: LeadingIndicator[]): aq.ColumnTable {
  return aq.from(list.map((x) => ({
    feature: x.feature,
    stage: x.stage,
    part: x.part === 'win' ? 'log-odds of winning' : 'log value if won',
    spread: round(x.importance),
    effects: x.effects.map((e) => `${e.level} ${e.contribution >= 0 ? '+' : ''}${e.contribution.toFixed(2)} (n=${e.count})`).join('; '),
  })));
}

/**
 * The calibration of the held-out metrics as arquero tables: the reliability
 * table of P(win) (bins, mean predicted vs observed with its Wilson interval),
 * and predicted vs realised value by decile: expected value over the test
 * leads with known value, value if won over the won ones.
 */
export function calibrationTables(m: TwoPartMetrics): { win: aq.ColumnTable; value: aq.ColumnTable | null; valueIfWon: aq.ColumnTable | null } {
  const c = m.calibration;
  const deciles = (t: DecileTable | null) => t ? aq.from(t.groups.map((g) => ({
    decile: g.group, leads: g.count, 'mean predicted': round(g.meanPredicted), 'mean realised': round(g.meanRealised),
    'abs. % error': g.meanRealised === 0 ? NaN : round(Math.abs(g.meanPredicted - g.meanRealised) / Math.abs(g.meanRealised)),
  }))) : null;
  return {
    win: aq.from(c.win.bins.map((b) => ({
      bin: b.bin, leads: b.count, 'P(win) from': round(b.minPredicted), 'P(win) to': round(b.maxPredicted), 'mean predicted': round(b.meanPredicted),
      observed: round(b.observed.estimate), low: round(b.observed.low), high: round(b.observed.high), gap: round(b.gap),
    }))),
    value: deciles(c.value),
    valueIfWon: deciles(c.valueIfWon),
  };
}

/**
 * Importance with intervals as an arquero table: part, rank, feature, importance [low, high], share of refits in the top 3.
 * The part says what the contributions are on: `log-odds of winning`; for the value part `log value if won` for a
 * two-part model, `log value` for a value-only one (no win part, as from valueImportance); for a linear ZILN value
 * part, per head, `log-odds of any value (if won)` and `log typical amount (if won)` (μ). Ranks and top-3 shares are
 * within each of these. `top 3 in refits` is text, a whole percentage (`73%`), so every table shows it alike
 * (as a number, arquero would print 1.000 next to 0.733 and 1.00 next to 0.45); the share itself is `top3`.
 * @param imp - from indicatorImportance or valueImportance
 * @returns columns part, rank, feature, importance, low, high, top 3 in refits
 * @example
 * const { features, fitRows, params, final } = lv.trainModel(data);
 * const imp = lv.indicatorImportance(data.frame, { features, rows: fitRows, params, model: final }, { refits: 30, rng: lv.createRng(42) });
 * tslab.display.html(lv.importanceTable(imp).toHTML());
 */
export function importanceTable(imp: IndicatorImportance): aq.ColumnTable {
  const ifWon = imp.win.length ? ' if won' : '';
  const part = (x: IndicatorImportance['value'][number]): string => x.part === 'win' ? 'log-odds of winning'
    : x.head === 'logit' ? `log-odds of any value${ifWon}` : x.head === 'mu' ? `log typical amount${ifWon} (μ)` : `log value${ifWon}`;
  return aq.from([...imp.win, ...imp.value].map((x) => ({
    part: part(x), rank: x.rank, feature: x.feature,
    importance: round(x.importance), low: round(x.low), high: round(x.high), 'top 3 in refits': Number.isFinite(x.top3) ? formatPercent(x.top3, 0) : '–',
  })));
}

/**
 * The stability check as an arquero table: one row per subset, with the
 * Spearman of each part's ranking against the full one, or `—` where the part
 * was not compared or its Spearman is undefined; the `skipped` column says why.
 */
export function stabilityTable(st: RankingStability): aq.ColumnTable {
  return aq.from(st.subsets.map((s) => {
    const undefinedRho = (['win', 'value'] as const).filter((p) => s[p] && !Number.isFinite(s[p]!.spearman))
      .map((p) => `${p}: no Spearman, every feature's importance is the same on the subset or on all leads`);
    const rho = (r: { spearman: number } | null): number | string => (r && Number.isFinite(r.spearman) ? round(r.spearman) : '—');
    return {
      subset: s.label, from: s.from, to: s.to, leads: s.rows,
      'Spearman, win': rho(s.win), 'Spearman, value': rho(s.value), skipped: [...s.skipped, ...undefinedRho].join('; '),
    };
  }));
}

function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1000) / 1000 : NaN;
}

/**
 * Several trained models side by side on the same time split: conversion
 * (AUC, PR-AUC) and value (normalized Gini and top-20% share of the
 * expected-value ranking, decile MAPE of value if won), with intervals as text.
 * @param runs - a name per model (e.g. its kinds) and its held-out metrics; `seconds` adds a `fit s` column
 * @returns one row per run
 * @example
 * const glm = lv.trainModel(glmData), ebm = lv.trainModel(ebmData); // the same config but model.win / model.value kinds
 * tslab.display.html(lv.comparisonTable([{ name: 'glm/glm', metrics: glm.metrics }, { name: 'ebm/ebm', metrics: ebm.metrics }]).toHTML());
 */
export function comparisonTable(runs: { name: string; metrics: TwoPartMetrics; seconds?: number }[]): aq.ColumnTable {
  // n/a as train prints it: e.g. a value Gini when no won test lead has a known value.
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
  const ci = (m: { estimate: number; low: number; high: number }) => (Number.isFinite(m.estimate) ? `${f(m.estimate)} [${f(m.low)}, ${f(m.high)}]` : 'n/a');
  return aq.from(runs.map(({ name, metrics: m, seconds }) => ({
    model: name,
    'AUC of winning': ci(m.conversion.auc),
    'PR-AUC': ci(m.conversion.prAuc),
    'value Gini (expected value)': ci(m.valueByExpectedValue.gini),
    'top-20% value share': ci(m.valueByExpectedValue.top20),
    'decile MAPE, value if won': m.calibration.valueIfWon ? round(m.calibration.valueIfWon.mape) : NaN,
    ...(seconds === undefined ? {} : { 'fit s': round(seconds) }),
  })));
}
