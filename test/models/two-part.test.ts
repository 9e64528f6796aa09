import { describe, expect, it } from 'vitest';
import { encodeFeatures } from '../../src/features/encode.js';
import { buildLeadFrame } from '../../src/join/build-lead-frame.js';
import type { RawFeature } from '../../src/load/load-source.js';
import { fitGlm, predictGlm } from '../../src/models/glm.js';
import { fitTwoPart, predictTwoPart } from '../../src/models/two-part.js';
import type { CategoryFeatureSpec } from '../../src/scoring/model-types.js';
import { d, makeTables } from '../join/tables.js';

// Eight leads, 30-day horizon, data end 2024-06-30 (so wins after 2024-05-31 are censored).
//   L1 won 01-10, revenue 100 in its window  → value 100
//   L2 won 02-01, no revenue                 → value 0 (won, worthless in the horizon)
//   L3 won 06-15                             → censored (NaN), revenue 70 not counted
//   L4, L5, L8 never won                     → value 0
//   L6 won 03-01, revenue 20 + 30            → value 50
//   L7 won 06-20                             → censored (NaN)
// Won with a complete horizon: L1, L2, L6 → 3 value rows when all 8 leads train.
const origins = ['paid', 'paid', 'organic', 'organic', 'paid', 'organic', 'paid', 'events'];
const origin: RawFeature = {
  name: 'origin', stage: 'lead', kind: 'category', column: 'origin',
  levels: ['paid', 'organic', 'events'], codes: Int32Array.from(origins, (o) => ['paid', 'organic', 'events'].indexOf(o)),
};
const tables = makeTables(
  ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8'].map((id, i) => ({ id, created: `2024-01-0${i + 1}`, account: `A${i + 1}` })),
  [
    { lead: 'L1', won: '2024-01-10' }, { lead: 'L2', won: '2024-02-01' }, { lead: 'L3', won: '2024-06-15' },
    { lead: 'L4', won: null }, { lead: 'L6', won: '2024-03-01' }, { lead: 'L7', won: '2024-06-20' },
  ],
  [
    { key: 'A1', at: '2024-01-20', amount: 100 }, { key: 'A3', at: '2024-06-20', amount: 70 },
    { key: 'A6', at: '2024-03-05', amount: 20 }, { key: 'A6', at: '2024-03-25', amount: 30 },
  ],
  { leadFeatures: [origin] },
);
const frame = buildLeadFrame(tables, { horizon: { amount: 30, unit: 'days' }, dataEnd: d('2024-06-30') });
const all = Int32Array.from({ length: 8 }, (_, i) => i);

describe('fitTwoPart', () => {
  it('the frame is as counted by hand', () => {
    expect(Array.from(frame.value)).toEqual([100, 0, NaN, 0, 0, 50, NaN, 0]);
    expect(Array.from(frame.censored)).toEqual([0, 0, 1, 0, 0, 0, 1, 0]);
  });

  it('fits P(win) on every training row and the value part only on won rows with a complete horizon', () => {
    const model = fitTwoPart(frame, [origin], all, { minLevelCount: 1, l2: [1] });
    expect(model.rows).toEqual({ win: 8, value: 3 }); // L1, L2, L6; censored L3 and L7 left out
    expect(model.win.rows).toBe(8);
    expect(model.value.rows).toBe(3);
    // the value part is exactly a Poisson GLM on L1, L2, L6 with labels 100, 0, 50
    const valueRows = Int32Array.of(0, 1, 5);
    const expected = fitGlm(encodeFeatures(model.features, [origin], valueRows), Float64Array.of(100, 0, 50), { link: 'log', l2: 1, target: 'E[value | won]' });
    expect(model.value).toEqual(expected);
  });

  it('never counts a censored lead as zero value: dropping the censored leads changes nothing in the value part', () => {
    const withCensored = fitTwoPart(frame, [origin], all, { minLevelCount: 1, l2: [1] });
    // Same training rows minus L3 and L7 (the vocabulary stays the same: paid, organic and events remain)
    const without = fitTwoPart(frame, [origin], Int32Array.of(0, 1, 3, 4, 5, 7), { minLevelCount: 1, l2: [1] });
    expect(without.value).toEqual(withCensored.value);
    expect(without.rows).toEqual({ win: 6, value: 3 });
  });

  it('fits the feature vocabulary on the training rows only', () => {
    // L8 (the only "events" lead) is not a training row: events falls into (other)
    const model = fitTwoPart(frame, [origin], Int32Array.of(0, 1, 2, 3, 4, 5, 6), { minLevelCount: 1, l2: [1] });
    expect((model.features[0] as CategoryFeatureSpec).levels).toEqual(['organic', 'paid']);
    expect(model.rows).toEqual({ win: 7, value: 3 });
  });

  it('refuses to learn value with no won lead of complete horizon, saying what to change', () => {
    expect(() => fitTwoPart(frame, [origin], Int32Array.of(2, 3, 4, 6), { minLevelCount: 1, l2: [1] }))
      .toThrow(/^training: no won lead with a complete horizon to learn value from \(got 4 training leads\); use a shorter horizon or a later split cut-off/);
  });

  it('refuses training rows none of which was won, or all of which were, saying what to check', () => {
    // L4, L5, L8 never won; L1, L2, L6 all won.
    expect(() => fitTwoPart(frame, [origin], Int32Array.of(3, 4, 7), { minLevelCount: 1, l2: [1] }))
      .toThrow(/^training: no training lead was won \(got 0 of 3\); check the outcomes file/);
    expect(() => fitTwoPart(frame, [origin], Int32Array.of(0, 1, 5), { minLevelCount: 1, l2: [1] }))
      .toThrow(/^training: every training lead was won \(got 3 of 3\)/);
  });

  it('predicts P(win) × E[value | won] with the parts it fit', () => {
    const model = fitTwoPart(frame, [origin], all, { minLevelCount: 1, l2: [1] });
    const p = predictTwoPart(model, [origin], all);
    const m = encodeFeatures(model.features, [origin], all);
    expect(p.pWin).toEqual(predictGlm(model.win, m));
    expect(p.valueIfWon).toEqual(predictGlm(model.value, m));
    p.expectedValue.forEach((v, i) => expect(v).toBe(p.pWin[i] * p.valueIfWon[i]));
  });
});
