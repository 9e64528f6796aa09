import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitFeatures } from '../../src/features/fit-features.js';
import type { CategoryFeatureSpec, NumberFeatureSpec } from '../../src/scoring/model-types.js';
import { category, number, rowsOf } from './raw.js';

describe('fitFeatures', () => {
  it('fits mean and scale of log1p(x) on the training rows only (hand calculation)', () => {
    // Train rows 0, 2, 4: x = 0, e − 1, e² − 1 → log1p = 0, 1, 2: mean 1, sample sd
    // sqrt(((0−1)² + 0 + (2−1)²) / 2) = 1. Row 1 (1e9) and row 3 (missing) are test / missing rows.
    const f = number('spend', [0, 1e9, Math.E - 1, NaN, Math.E * Math.E - 1, NaN], 'log1p');
    const [spec] = fitFeatures([f], rowsOf(0, 2, 4, 5), { minLevelCount: 1 }) as NumberFeatureSpec[];
    expect(spec.center).toBeCloseTo(1, 14);
    expect(spec.scale).toBeCloseTo(1, 14);
    expect(spec.missingShare).toBe(0.25); // row 5 of the 4 training rows
    expect(spec).toMatchObject({ name: 'spend', kind: 'number', transform: 'log1p', missing: 'own-term', stage: 'lead', column: 'spend' });
  });

  it('fits identity numbers with the sample standard deviation (hand calculation)', () => {
    // train x = 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x−5)² = 32, sd = sqrt(32/7) = 2.138089935299395
    const f = number('x', [2, 4, 4, 4, 5, 5, 7, 9, -1000]);
    const [spec] = fitFeatures([f], rowsOf(0, 1, 2, 3, 4, 5, 6, 7), { minLevelCount: 1 }) as NumberFeatureSpec[];
    expect(spec.center).toBeCloseTo(5, 13);
    expect(spec.scale).toBeCloseTo(Math.sqrt(32 / 7), 13);
    expect(spec.missingShare).toBe(0);
  });

  it('uses scale 1 for a constant, single or all-missing column', () => {
    const fit = (values: number[], rows: number[]) => (fitFeatures([number('x', values)], Int32Array.from(rows), { minLevelCount: 1 })[0] as NumberFeatureSpec);
    expect(fit([3, 3, 3], [0, 1, 2])).toMatchObject({ center: 3, scale: 1 });
    expect(fit([3, 8], [0])).toMatchObject({ center: 3, scale: 1 });
    expect(fit([NaN, NaN, 8], [0, 1])).toMatchObject({ center: 0, scale: 1, missingShare: 1 });
  });

  it('refuses a training value that is not finite or that log1p cannot take, naming the feature, row index and value', () => {
    // Before, Infinity gave center Infinity and scale NaN, and log1p(-5) a NaN center; fitGlm then blamed "row 0 … (got NaN)".
    expect(() => fitFeatures([number('x', [1, 2, Infinity, 4])], rowsOf(0, 1, 2, 3), { minLevelCount: 1 }))
      .toThrow(/^feature x row 2: not a finite number \(got Infinity\); use a finite number, or NaN for a missing value$/);
    expect(() => fitFeatures([number('spend', [3, NaN, 0, -5], 'log1p')], rowsOf(0, 1, 2, 3), { minLevelCount: 1 }))
      .toThrow(/^feature spend row 3: log1p needs values above -1 \(got -5\); correct the value, or drop "transform": "log1p" for feature spend$/);
    expect(() => fitFeatures([number('spend', [3, -1], 'log1p')], rowsOf(0, 1), { minLevelCount: 1 })).toThrow(/^feature spend row 1: log1p needs values above -1 \(got -1\)/);
  });

  it('names the file, row and column of a value when the feature carries its source', () => {
    const f = { ...number('demo', [0, 1, -Infinity]), source: { file: 'leads.csv', rowNumbers: Int32Array.from([2, 3, 6]) } };
    expect(() => fitFeatures([f], rowsOf(0, 1, 2), { minLevelCount: 1 })).toThrow(/^leads\.csv row 6, column demo: not a finite number \(got -Infinity\)/);
  });

  it('fits huge but representable values without overflow (hand calculation)', () => {
    // x = 1e300, 0, 0, 0: mean 2.5e299; Σ(x − mean)² = (7.5e299)² + 3·(2.5e299)² = 7.5e599, / 3 → sd = 5e299.
    // The one-pass sums square 1e300 and overflow: before, scale was Infinity and the model file unreadable.
    const [spec] = fitFeatures([number('x', [1e300, 0, 0, 0])], rowsOf(0, 1, 2, 3), { minLevelCount: 1 }) as NumberFeatureSpec[];
    expect(spec.center / 2.5e299).toBeCloseTo(1, 14);
    expect(spec.scale / 5e299).toBeCloseTo(1, 14);
  });

  it('refuses a feature whose training sd is beyond the largest double, naming the largest value', () => {
    // x = 1.7e308, -1.7e308: sd = 1.7e308 · √2 ≈ 2.4e308 > Number.MAX_VALUE (1.8e308).
    const f = { ...number('x', [0, -1.7e308, 1.7e308]), source: { file: 'leads.csv', rowNumbers: Int32Array.from([2, 3, 4]) } };
    expect(() => fitFeatures([f], rowsOf(1, 2), { minLevelCount: 1 }))
      .toThrow(/^leads\.csv row 3, column x: too large: the training standard deviation of feature x is not a finite number \(got -1\.7e\+308\); a typo or a unit\? correct the value$/);
  });

  it('builds the vocabulary from training rows only: a level seen only in test rows is left out', () => {
    const f = category('origin', ['paid', 'organic', 'referral', 'paid', 'events', null]);
    const [spec] = fitFeatures([f], rowsOf(0, 1, 3, 5), { minLevelCount: 1 }) as CategoryFeatureSpec[];
    expect(spec.levels).toEqual(['organic', 'paid']); // referral (row 2) and events (row 4) are test rows
    expect(spec).toMatchObject({ minLevelCount: 1, missing: 'own-slot', unseen: 'other-slot' });
  });

  it('pools levels seen fewer than minLevelCount times', () => {
    // counts over training rows: paid 3, organic 2, referral 1
    const f = category('origin', ['paid', 'organic', 'referral', 'paid', 'organic', 'paid']);
    const vocab = (min: number) => (fitFeatures([f], rowsOf(0, 1, 2, 3, 4, 5), { minLevelCount: min })[0] as CategoryFeatureSpec).levels;
    expect(vocab(1)).toEqual(['organic', 'paid', 'referral']);
    expect(vocab(2)).toEqual(['organic', 'paid']);
    expect(vocab(3)).toEqual(['paid']);
    expect(vocab(4)).toEqual([]);
  });

  it('sorts the vocabulary by code unit, whatever the order of levels and rows (property)', () => {
    const values = fc.array(fc.option(fc.constantFrom('b', 'a', 'Z', 'é', 'a2', '10', '9'), { nil: null }), { minLength: 1, maxLength: 40 });
    fc.assert(fc.property(values, fc.integer({ min: 1, max: 3 }), (vals, min) => {
      const rows = Int32Array.from(vals.keys());
      const forward = (fitFeatures([category('c', vals)], rows, { minLevelCount: min })[0] as CategoryFeatureSpec).levels;
      const reversed = (fitFeatures([category('c', vals.slice().reverse())], rows, { minLevelCount: min })[0] as CategoryFeatureSpec).levels;
      expect(reversed).toEqual(forward);
      const counts = new Map<string, number>();
      for (const v of vals) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
      const expected = [...counts].filter(([, c]) => c >= min).map(([v]) => v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(forward).toEqual(expected);
    }));
  });

  it('returns plain JSON that survives a round trip', () => {
    const specs = fitFeatures([category('c', ['x', 'y', null]), number('n', [1, 2, NaN], 'log1p')], rowsOf(0, 1, 2), { minLevelCount: 1 });
    expect(JSON.parse(JSON.stringify(specs))).toEqual(specs);
  });
});
