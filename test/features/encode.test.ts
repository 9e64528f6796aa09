import { describe, expect, it } from 'vitest';
import { encodeFeatures, type EncodedCategory, type EncodedNumber } from '../../src/features/encode.js';
import { fitFeatures } from '../../src/features/fit-features.js';
import { category, number, rowsOf } from './raw.js';

describe('encodeFeatures', () => {
  it('puts levels first (sorted), then (other) for rare and unseen levels, then (missing)', () => {
    // training rows 0–4: paid 2, organic 2, referral 1; min count 2 → levels [organic, paid]
    // slots: organic 0, paid 1, (other) 2, (missing) 3
    const f = category('origin', ['paid', 'organic', 'referral', 'paid', 'organic', 'events', null, 'paid']);
    const specs = fitFeatures([f], rowsOf(0, 1, 2, 3, 4), { minLevelCount: 2 });
    const m = encodeFeatures(specs, [f], rowsOf(0, 1, 2, 3, 4, 5, 6, 7));
    const col = m.columns[0] as EncodedCategory;
    expect(m.rows).toBe(8);
    expect(col.size).toBe(4);
    expect(Array.from(col.slots)).toEqual([1, 0, 2, 1, 0, 2, 3, 1]); // referral rare → 2, events unseen → 2, null → 3
  });

  it('encodes raw columns whose level codes differ from training, by level name', () => {
    const spec = fitFeatures([category('c', ['x', 'y'])], rowsOf(0, 1), { minLevelCount: 1 });
    const scoring = category('c', ['y', 'w', 'x', null]); // codes y=0, w=1, x=2
    expect(Array.from((encodeFeatures(spec, [scoring], rowsOf(0, 1, 2, 3)).columns[0] as EncodedCategory).slots)).toEqual([1, 2, 0, 3]);
  });

  it('z-scores numbers after log1p with the training center and scale; missing → 0 and flagged', () => {
    // train: log1p(x) = 0, 1, 2 → center 1, scale 1. Row 3: log1p(e³ − 1) = 3 → z = 2; row 4 missing.
    const f = number('spend', [0, Math.E - 1, Math.E * Math.E - 1, Math.exp(3) - 1, NaN], 'log1p');
    const specs = fitFeatures([f], rowsOf(0, 1, 2), { minLevelCount: 1 });
    const col = encodeFeatures(specs, [f], rowsOf(3, 0, 4, 1)).columns[0] as EncodedNumber;
    const z = Array.from(col.z);
    [2, -1, 0, 0].forEach((v, k) => expect(z[k]).toBeCloseTo(v, 12));
    expect(Array.from(col.missing)).toEqual([0, 0, 1, 0]);
  });

  it('refuses a spec whose feature is absent or of another kind', () => {
    const specs = fitFeatures([number('n', [1, 2])], rowsOf(0, 1), { minLevelCount: 1 });
    expect(() => encodeFeatures(specs, [category('other', ['a'])], rowsOf(0))).toThrow(/^feature n: not in the data; train and score with the same features/);
    expect(() => encodeFeatures(specs, [category('n', ['a'])], rowsOf(0))).toThrow(/^feature n: is a category in the data but a number in the model/);
  });

  it('refuses a value that is not finite or that log1p cannot take, naming the feature, row index and value', () => {
    // Before, the z-score was Infinity or NaN, and a model fit on it blamed "row 0 … (got NaN)": the matrix row, not the data's.
    const specs = fitFeatures([number('x', [0, 1, 2, Infinity])], rowsOf(0, 1, 2), { minLevelCount: 1 });
    expect(() => encodeFeatures(specs, [number('x', [0, 1, 2, Infinity])], rowsOf(0, 3))).toThrow(/^feature x row 3: not a finite number \(got Infinity\)/);
    const logSpecs = fitFeatures([number('spend', [0, 1, 2], 'log1p')], rowsOf(0, 1, 2), { minLevelCount: 1 });
    expect(() => encodeFeatures(logSpecs, [number('spend', [0, -5], 'log1p')], rowsOf(0, 1)))
      .toThrow(/^feature spend row 1: log1p needs values above -1 \(got -5\); correct the value, or drop "transform": "log1p" for feature spend$/);
    const sourced = { ...number('x', [-Infinity]), source: { file: 'new.csv', rowNumbers: Int32Array.from([9]) } };
    expect(() => encodeFeatures(specs, [sourced], rowsOf(0))).toThrow(/^new\.csv row 9, column x: not a finite number \(got -Infinity\)/);
  });

  it('encodes nothing for no rows', () => {
    const f = category('c', ['a']);
    const m = encodeFeatures(fitFeatures([f], rowsOf(0), { minLevelCount: 1 }), [f], rowsOf());
    expect(m.rows).toBe(0);
    expect((m.columns[0] as EncodedCategory).slots.length).toBe(0);
  });
});
