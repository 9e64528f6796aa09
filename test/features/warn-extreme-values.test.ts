// warnExtremeValues: training values more than 10 training sd from the mean,
// after the transform (the scorer's EXTREME_Z rule), one warning per feature.
import { describe, expect, it } from 'vitest';
import { Warnings } from '../../src/core/warn.js';
import { fitFeatures } from '../../src/features/fit-features.js';
import { warnExtremeValues } from '../../src/features/warn-extreme-values.js';
import { number } from './raw.js';

/** n − 1 zeros and one 1 at the end: the 1 is (n − 1)/√n sample sds from the mean (hand calculation). */
const zerosAndOne = (n: number) => [...new Array<number>(n - 1).fill(0), 1];
const warningsOf = (values: number[], transform: 'none' | 'log1p' = 'none', source?: { file: string; rowNumbers: Int32Array }) => {
  const f = { ...number('x', values, transform), ...(source ? { source } : {}) };
  const rows = Int32Array.from(values.keys());
  const warnings = new Warnings();
  warnExtremeValues(fitFeatures([f], rows, { minLevelCount: 1 }), [f], rows, warnings);
  return warnings.format();
};

describe('warnExtremeValues', () => {
  it('warns from just over 10 sd: one 1 among 101 zeros (z = 101/√102 = 10.0005), not among 100 (z = 100/√101 = 9.95)', () => {
    expect(warningsOf(zerosAndOne(101))).toEqual([]);
    expect(warningsOf(zerosAndOne(102))).toEqual([
      'x: 1 training value more than 10 sd from the mean (first: feature x row 101, 1): a typo or a unit? ' +
      'The model extrapolates such values, and a lead predicted far off the others moves the goal scores\' reference (the mean prediction): correct the value or leave the lead out',
    ]);
  });

  it('counts every extreme value, names the first by file row, and says "after log1p"', () => {
    // log1p: 300 values of e − 1 (→ 1) and two of 1e300 (→ 690.8): z = √(300/2) = 12.2 for both (a share p at one value is √((1 − p)/p) sd off).
    const values = [...new Array<number>(150).fill(Math.E - 1), 1e300, ...new Array<number>(150).fill(Math.E - 1), 1e300];
    const rowNumbers = Int32Array.from(values.keys(), (i) => i + 2);
    const [w, ...rest] = warningsOf(values, 'log1p', { file: 'leads.csv', rowNumbers });
    expect(rest).toEqual([]);
    expect(w).toMatch(/^x: 2 training values more than 10 sd from the mean after log1p \(first: leads\.csv row 152, column x, 1e\+300\): a typo or a unit\? /);
  });
});
