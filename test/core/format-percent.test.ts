// formatPercent (src/core/format-percent.ts): shares as percentages, halves rounded up.
import { describe, expect, it } from 'vitest';
import { formatPercent } from '../../src/core/format-percent.js';

describe('formatPercent', () => {
  it('rounds exact halves up: 2356/8000 = 29.45% → 29.5%, 5644/8000 = 70.55% → 70.6% (by hand; toFixed gave 29.4%)', () => {
    expect((100 * (2356 / 8000)).toFixed(1)).toBe('29.4'); // the floating-point slip this fixes
    expect(formatPercent(2356 / 8000)).toBe('29.5%');
    expect(formatPercent(5644 / 8000)).toBe('70.6%');
    expect(formatPercent(1 / 8)).toBe('12.5%');
    expect(formatPercent(1 / 3)).toBe('33.3%');
    expect(formatPercent(22 / 30, 0)).toBe('73%');
    expect(formatPercent(1, 0)).toBe('100%');
    expect(formatPercent(0)).toBe('0.0%');
  });
});
