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

  it('encodes nothing for no rows', () => {
    const f = category('c', ['a']);
    const m = encodeFeatures(fitFeatures([f], rowsOf(0), { minLevelCount: 1 }), [f], rowsOf());
    expect(m.rows).toBe(0);
    expect((m.columns[0] as EncodedCategory).slots.length).toBe(0);
  });
});
