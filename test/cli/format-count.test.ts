// formatCount (src/core/format-count.ts): the CLI's counts with their nouns.
import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/core/format-count.js';
import { formatMetrics } from '../../src/cli/format-report.js';
import type { TwoPartMetrics } from '../../src/evaluate/evaluate-two-part.js';

describe('formatCount', () => {
  it('is singular for exactly one, plural otherwise (0, 2, 1.5, -1)', () => {
    expect(formatCount(1, 'lead')).toBe('1 lead');
    expect(formatCount(0, 'lead')).toBe('0 leads');
    expect(formatCount(2, 'lead')).toBe('2 leads');
    expect(formatCount(1.5, 'week')).toBe('1.5 weeks');
    expect(formatCount(-1, 'lead')).toBe('-1 leads');
    expect(formatCount(1, 'query', 'queries')).toBe('1 query');
    expect(formatCount(3, 'query', 'queries')).toBe('3 queries');
  });

  it('train and audit lines with a count of one say it so (test period, resamples)', () => {
    const interval = { estimate: 0.5, low: 0.4, high: 0.6 };
    const m = {
      rows: { test: 1, won: 1, valueKnown: 1, censoredExcluded: 0 }, base: { winRate: 1 },
      conversion: { auc: interval, prAuc: interval }, gain: { gini: interval, top20: interval }, bootstrap: { level: 0.95, resamples: 1 },
      valueByExpectedValue: { gini: interval, top10: interval, top20: interval, spearman: interval },
      valueByWinProbability: { gini: interval, top10: interval, top20: interval, spearman: interval },
    } as unknown as TwoPartMetrics;
    const lines = formatMetrics(m).join('\n');
    expect(lines).toMatch(/^test period: 1 lead, 1 won/m);
    expect(lines).toMatch(/95% bootstrap intervals, 1 resample\)/);
  });
});
