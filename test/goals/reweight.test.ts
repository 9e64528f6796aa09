// Goal-weighted scoring without retraining (src/scoring/goal-profile.ts,
// score-lead.ts): on the hand-built tiny model (test/goals/tiny-model.ts) every
// expected score below is computed by hand from
//   score = (Σ w · output / reference) / Σ w × Π segment multipliers,
// with references P(win) 0.3, value if won 4 000, expected value 500.
import { describe, expect, it } from 'vitest';
import { serializeModel, sealModel } from '../../src/export/write-model-file.js';
import { parseModel } from '../../src/scoring/load-model.js';
import { scoreBatch } from '../../src/scoring/score-batch.js';
import { scoreLead } from '../../src/scoring/score-lead.js';
import type { GoalProfile, ModelFile } from '../../src/scoring/model-types.js';
import { rankIds, TINY_LEADS, tinyModel } from './tiny-model.js';

const score = (goals?: GoalProfile, model: ModelFile = tinyModel()) => scoreBatch(model, TINY_LEADS, { goals }).scores;
const MIX: GoalProfile = { name: 'mix', weights: { expectedValue: 1, winProbability: 1 } };
const SEGMENTS: GoalProfile = {
  name: 'mix-with-segments', weights: { expectedValue: 1, winProbability: 1 },
  segments: [
    { name: 'finance', feature: 'industry', levels: ['finance'], multiplier: 1.5 },
    { name: 'large', feature: 'employees', range: { min: 200 }, multiplier: 2 },
  ],
};

describe('the tiny model gives the outputs chosen by hand', () => {
  it('P(win), value if won and expected value', () => {
    const s = score();
    expect(s.map((x) => x.pWin)).toEqual([0.5, 0.2, 0.1, 0.4].map((v) => expect.closeTo(v, 12)));
    expect(s.map((x) => x.valueIfWon)).toEqual([1000, 4000, 10000, 500].map((v) => expect.closeTo(v, 8)));
    expect(s.map((x) => x.expectedValue)).toEqual([500, 800, 1000, 200].map((v) => expect.closeTo(v, 8)));
  });
});

describe('re-weighting re-ranks without retraining: exact expected scores and ranks', () => {
  it('expected value only (the file\'s profile): EV / 500 = p 1.0, q 1.6, r 2.0, s 0.4 → r, q, p, s', () => {
    const s = score();
    expect(s.map((x) => x.score)).toEqual([1.0, 1.6, 2.0, 0.4].map((v) => expect.closeTo(v, 12)));
    expect(rankIds(s)).toEqual(['r', 'q', 'p', 's']);
  });

  it('P(win) only: P / 0.3 = p 1.667, q 0.667, r 0.333, s 1.333 → p, s, q, r', () => {
    const s = score({ name: 'conversion', weights: { expectedValue: 0, winProbability: 1 } });
    expect(s.map((x) => x.score)).toEqual([5 / 3, 2 / 3, 1 / 3, 4 / 3].map((v) => expect.closeTo(v, 12)));
    expect(rankIds(s)).toEqual(['p', 's', 'q', 'r']);
  });

  it('value if won only: V / 4000 = p 0.25, q 1, r 2.5, s 0.125 → r, q, p, s', () => {
    const s = score({ name: 'size', weights: { expectedValue: 0, winProbability: 0, valueIfWon: 1 } });
    expect(s.map((x) => x.score)).toEqual([0.25, 1, 2.5, 0.125].map((v) => expect.closeTo(v, 12)));
    expect(rankIds(s)).toEqual(['r', 'q', 'p', 's']);
  });

  it('EV and P(win) equally: (EV/500 + P/0.3) / 2 = p 1.333, q 1.133, r 1.167, s 0.867 → p, r, q, s', () => {
    // p (1 + 5/3)/2 = 4/3; q (1.6 + 2/3)/2 = 17/15; r (2 + 1/3)/2 = 7/6; s (0.4 + 4/3)/2 = 13/15.
    const s = score(MIX);
    expect(s.map((x) => x.score)).toEqual([4 / 3, 17 / 15, 7 / 6, 13 / 15].map((v) => expect.closeTo(v, 12)));
    expect(rankIds(s)).toEqual(['p', 'r', 'q', 's']);
  });

  it('weights are relative: {2, 2} scores exactly like {1, 1}', () => {
    expect(score({ name: 'mix2', weights: { expectedValue: 2, winProbability: 2 } }).map((x) => x.score)).toEqual(score(MIX).map((x) => x.score));
  });

  it('segment multipliers: finance ×1.5, ≥ 200 employees ×2 on the mix → p 2.0, q 2.267, r 1.167, s 2.6 → s, q, p, r', () => {
    // p finance: 4/3 × 1.5 = 2; q large: 17/15 × 2 = 34/15; r none: 7/6; s finance and large: 13/15 × 1.5 × 2 = 2.6.
    const s = score(SEGMENTS);
    expect(s.map((x) => x.score)).toEqual([2, 34 / 15, 7 / 6, 2.6].map((v) => expect.closeTo(v, 12)));
    expect(rankIds(s)).toEqual(['s', 'q', 'p', 'r']);
    expect(s.map((x) => x.segments)).toEqual([['finance'], ['large'], [], ['finance', 'large']]);
    expect(s.map((x) => x.multiplier)).toEqual([1.5, 2, 1, 3]);
  });

  it('a multiplier of 0 never works the segment: its leads score 0', () => {
    const s = score({ name: 'no-finance', weights: { expectedValue: 1, winProbability: 0 }, segments: [{ name: 'finance', feature: 'industry', levels: ['finance'], multiplier: 0 }] });
    expect(s.map((x) => x.score)).toEqual([0, 1.6, 2.0, 0].map((v) => expect.closeTo(v, 12)));
  });

  it('only the score, the profile name, segments and multiplier change: outputs and reasons are the same, the model is untouched', () => {
    const model = tinyModel();
    const before = serializeModel(model);
    const plain = score(undefined, model), other = score(SEGMENTS, model);
    const strip = (x: (typeof plain)[number]) => ({ ...x, score: 0, goalProfile: '', segments: [], multiplier: 1 });
    expect(other.map(strip)).toEqual(plain.map(strip));
    expect(plain.every((x) => x.goalProfile === 'ev')).toBe(true);
    expect(other.every((x) => x.goalProfile === 'mix-with-segments')).toBe(true);
    expect(serializeModel(model)).toBe(before);
  });
});

describe('segments match the lead\'s values as read', () => {
  const at = (lead: Record<string, unknown>, goals: GoalProfile) => scoreLead(tinyModel(), { ...TINY_LEADS[0], ...lead }, { goals }).segments;
  const rangeProfile = (range: { min?: number; max?: number }): GoalProfile => ({ name: 'r', weights: { expectedValue: 1, winProbability: 0 }, segments: [{ name: 'band', feature: 'employees', range, multiplier: 2 }] });

  it('a range is min ≤ x < max; a missing number never matches', () => {
    const band = rangeProfile({ min: 50, max: 200 });
    expect(at({ employees: '50' }, band)).toEqual(['band']);
    expect(at({ employees: '199.9' }, band)).toEqual(['band']);
    expect(at({ employees: '200' }, band)).toEqual([]);
    expect(at({ employees: '49' }, band)).toEqual([]);
    expect(at({ employees: '' }, band)).toEqual([]);
    expect(at({ employees: '-5' }, rangeProfile({ max: 0 }))).toEqual(['band']);
  });

  it('levels match the category as read; "(missing)" matches a missing value', () => {
    const missing: GoalProfile = { name: 'm', weights: { expectedValue: 1, winProbability: 0 }, segments: [{ name: 'unknown industry', feature: 'industry', levels: ['(missing)'], multiplier: 2 }] };
    expect(at({ industry: '' }, missing)).toEqual(['unknown industry']);
    expect(at({ industry: 'finance' }, missing)).toEqual([]);
    expect(at({ industry: ' retail ' }, SEGMENTS)).toEqual([]);
    expect(at({ industry: 'finance', employees: '200' }, SEGMENTS)).toEqual(['finance', 'large']);
  });
});

describe('format 1.0 files (no params.reference) are read with references of 1', () => {
  const v10 = (): ModelFile => {
    const { checksum: _c, ...m } = tinyModel();
    const { reference: _r, ...params } = m.params;
    return sealModel({ ...m, format: { name: 'leadvalue-model', version: '1.0.0' }, params });
  };

  it('a 1.0 file scores the default profile as 1.0 did: score = expected value', () => {
    const model = parseModel(serializeModel(v10()));
    const s = score(undefined, model);
    expect(s.map((x) => x.score)).toEqual(s.map((x) => x.expectedValue));
  });

  it('a 1.1 file without params.reference is refused, naming the field', () => {
    const { checksum: _c, ...m } = v10();
    const text = serializeModel(sealModel({ ...m, format: { name: 'leadvalue-model', version: '1.1.0' } }));
    expect(() => parseModel(text, 'm.json')).toThrow(/^m\.json, field params\.reference: missing; .*re-export/);
  });
});
