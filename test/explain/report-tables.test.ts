// report-tables (src/explain/report-tables.ts): the notebook tables of held-out metrics and importance.
import { describe, expect, it } from 'vitest';
import { importanceTable, metricsTable } from '../../src/explain/report-tables.js';
import type { TwoPartMetrics } from '../../src/evaluate/evaluate-two-part.js';

const iv = (estimate: number, low: number, high: number) => ({ estimate, low, high });
const ranking = (g: number) => ({ gini: iv(g, g - 0.1, g + 0.1), top10: iv(0.2, 0.1, 0.3), top20: iv(0.4, 0.3, 0.5), spearman: iv(0.3, 0.2, 0.4) });
const metrics = {
  conversion: { auc: iv(0.7, 0.65, 0.75), prAuc: iv(0.3, 0.25, 0.35) },
  valueByExpectedValue: ranking(0.5), valueByWinProbability: ranking(0.49),
  gain: { gini: iv(0.01, -0.054, 0.078), top20: iv(-0.03, -0.092, 0.038) },
} as unknown as TwoPartMetrics;

describe('metricsTable', () => {
  it('ends with the paired gain of value ranking over P(win) ranking, Gini and top-20% share, with their intervals', () => {
    const rows = metricsTable(metrics).objects() as { metric: string; ranking: string; estimate: number; low: number; high: number }[];
    expect(rows).toHaveLength(2 + 4 * 2 + 2);
    expect(rows.slice(-2)).toEqual([
      { metric: 'gain of value ranking over P(win): normalized Gini', ranking: 'expected value − P(win) only', estimate: 0.01, low: -0.054, high: 0.078 },
      { metric: 'gain of value ranking over P(win): top-20% value share', ranking: 'expected value − P(win) only', estimate: -0.03, low: -0.092, high: 0.038 },
    ]);
  });
});

describe('importanceTable', () => {
  const row = (feature: string, rank: number, top3: number) => ({ feature, stage: 'lead' as const, part: 'value' as const, importance: 0.2, low: 0.1, high: 0.3, rank, top3 });
  const shares = (top3: number[], refits: number) => importanceTable({ win: [], value: top3.map((t, i) => row(`f${i}`, i + 1, t)), refits, failed: 0, level: 0.95, note: '' })
    .array('top 3 in refits');

  it('writes "top 3 in refits" as a whole percentage whatever the other rows need: 30 refits and 20 refits both give 100%', () => {
    // 22 of 30 refits = 73.3…% → 73%; 9 of 20 = 45%. Left to arquero, one column printed 1.000 and the other 1.00.
    expect(shares([1, 22 / 30, 0], 30)).toEqual(['100%', '73%', '0%']);
    expect(shares([1, 9 / 20, 0], 20)).toEqual(['100%', '45%', '0%']);
    expect(shares([NaN], 0)).toEqual(['–']);
  });
});
