import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFeatures, type EncodedCategory, type EncodedNumber } from '../../src/features/encode.js';
import { fitFeatures } from '../../src/features/fit-features.js';
import { subsetMatrix } from '../../src/features/subset-matrix.js';
import { category, number, rowsOf } from './raw.js';

describe('subsetMatrix', () => {
  const cat = category('c', ['a', 'b', null, 'a', 'c']);
  const num = number('n', [1, NaN, 3, 4, 5]);
  const all = rowsOf(0, 1, 2, 3, 4);
  const specs = fitFeatures([cat, num], all, { minLevelCount: 1 });

  it('equals encoding the picked rows directly (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 12 }), (pick) => {
      const index = Int32Array.from(pick);
      expect(subsetMatrix(encodeFeatures(specs, [cat, num], all), index)).toEqual(encodeFeatures(specs, [cat, num], index));
    }));
  });

  it('copies: changing the subset leaves the source alone', () => {
    const m = encodeFeatures(specs, [cat, num], all);
    const sub = subsetMatrix(m, [0, 1]);
    (sub.columns[0] as EncodedCategory).slots[0] = 99;
    (sub.columns[1] as EncodedNumber).z[0] = 99;
    expect((m.columns[0] as EncodedCategory).slots[0]).toBe(0);
    expect((m.columns[1] as EncodedNumber).z[0]).not.toBe(99);
  });
});
