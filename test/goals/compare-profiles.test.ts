// What-if (src/goals/compare-profiles.ts) and goalCutoff (src/goals/goal-cutoff.ts)
// on the hand-built tiny model (test/goals/tiny-model.ts), where the worked sets
// and the reasons follow from the hand-computed scores of reweight.test.ts.
import { describe, expect, it } from 'vitest';
import { compareProfiles } from '../../src/goals/compare-profiles.js';
import { goalCutoff } from '../../src/goals/goal-cutoff.js';
import type { GoalProfile } from '../../src/scoring/model-types.js';
import { EV_ONLY, TINY_LEADS, tinyModel } from './tiny-model.js';

const BATCH2 = { capacity: { leads: 2, per: 'batch' as const } };
const CONVERSION: GoalProfile = { name: 'conversion', weights: { expectedValue: 0, winProbability: 1 } };
const MIX: GoalProfile = { name: 'mix', weights: { expectedValue: 1, winProbability: 1 } };
const SEGMENTS: GoalProfile = {
  ...MIX, name: 'mix-with-segments',
  segments: [{ name: 'finance', feature: 'industry', levels: ['finance'], multiplier: 1.5 }, { name: 'large', feature: 'employees', range: { min: 200 }, multiplier: 2 }],
};
const ids = (idx: number[]) => idx.map((i) => TINY_LEADS[i].lead_id);

describe('goalCutoff', () => {
  it('scores under the profile and works the top K: EV only → r, q; conversion → p, s', () => {
    expect(ids(goalCutoff(tinyModel(), TINY_LEADS, BATCH2).cutoff.worked)).toEqual(['r', 'q']);
    expect(ids(goalCutoff(tinyModel(), TINY_LEADS, { ...BATCH2, goals: CONVERSION }).cutoff.worked)).toEqual(['p', 's']);
  });

  it('reads lead ids and creation dates from the model\'s input columns', () => {
    const g = goalCutoff(tinyModel(), TINY_LEADS, BATCH2);
    expect(g.leads.map((l) => l.id)).toEqual(['p', 'q', 'r', 's']);
    expect(g.leads[0].createdAt).toBe(Date.parse('2024-01-01T00:00:00Z'));
  });

  it('uses the profile\'s capacity: 4 leads Mon–Thu = 4/7 week; 7 per week → 4', () => {
    const g = goalCutoff(tinyModel(), TINY_LEADS, { goals: { ...EV_ONLY, capacity: { leads: 7, per: 'week' } } });
    expect(g.cutoff.target).toBe(4);
  });

  it('without a capacity it fails, saying how to give one', () => {
    expect(() => goalCutoff(tinyModel(), TINY_LEADS)).toThrow(/^goal profile "ev": has no capacity; add "capacity": \{"leads": 40, "per": "week"\} to the profile, or give one \(--capacity 40\/week\)/);
  });

  it('an unreadable creation date names the lead (1-based) and field', () => {
    const leads = TINY_LEADS.map((l, i) => (i === 2 ? { ...l, created_at: '31/02/2024' } : l));
    expect(() => goalCutoff(tinyModel(), leads, BATCH2)).toThrow(/^lead 3, field created_at: not a date \(got "31\/02\/2024"\)/);
  });
});

describe('compareProfiles', () => {
  it('EV only vs conversion: disjoint worked sets (Jaccard 0); p and s move in for r and q, by the weights', () => {
    const cmp = compareProfiles(tinyModel(), TINY_LEADS, EV_ONLY, CONVERSION, BATCH2);
    expect(cmp.overlap).toEqual({ both: 0, onlyA: 2, onlyB: 2, jaccard: 0 });
    expect(cmp.movedIn.map((m) => m.id)).toEqual(['p', 's']);
    expect(cmp.movedOut.map((m) => m.id)).toEqual(['r', 'q']);
    const p = cmp.movedIn[0];
    // p: EV 500/500 = 1, P 0.5/0.3 = 5/3 → mix goes from 1 (EV only) to 5/3 (P only): ×1.67.
    expect(p).toMatchObject({ rankA: 2, rankB: 0, weightsFactor: expect.closeTo(5 / 3, 12), segments: [] });
    expect(p.relative).toEqual({ expectedValue: expect.closeTo(1, 12), winProbability: expect.closeTo(5 / 3, 12), valueIfWon: expect.closeTo(0.25, 12) });
    expect(p.why).toBe('weights ×1.67 (expected value 1.00×, P(win) 1.67× the average lead)');
    // Expected wins and value of each worked set: A = r, q: P .1 + .2, EV 1000 + 800; B = p, s: P .5 + .4, EV 500 + 200.
    expect(cmp.a.cutoff.delivers.expectedWins).toBeCloseTo(0.3, 12);
    expect(cmp.a.cutoff.delivers.expectedValue).toBeCloseTo(1800, 8);
    expect(cmp.b.cutoff.delivers.expectedWins).toBeCloseTo(0.9, 12);
    expect(cmp.b.cutoff.delivers.expectedValue).toBeCloseTo(700, 8);
  });

  it('same weights, added segment multipliers: s and q move in for p and r, by the segments (largest factor first)', () => {
    // mix: p 4/3, r 7/6, q 17/15, s 13/15 → p, r. With segments: s 2.6, q 34/15, p 2, r 7/6 → s, q.
    const cmp = compareProfiles(tinyModel(), TINY_LEADS, MIX, SEGMENTS, BATCH2);
    expect(cmp.overlap.jaccard).toBe(0);
    expect(cmp.movedIn.map((m) => m.id)).toEqual(['s', 'q']);
    const s = cmp.movedIn[0];
    expect(s.weightsFactor).toBe(1);
    expect(s.segments).toEqual([{ segment: 'finance', a: null, b: 1.5, factor: 1.5 }, { segment: 'large', a: null, b: 2, factor: 2 }]);
    expect(s.why).toBe('segment "large" ×2.00 (none → ×2.00); segment "finance" ×1.50 (none → ×1.50)');
    expect(cmp.movedOut.map((m) => m.id)).toEqual(['p', 'r']);
    expect(cmp.movedOut[1].why).toBe('same score under both: other leads moved past it');
  });

  it('a lead a minimum brings in says so first', () => {
    // EV only works r, q (no finance lead). With finance ≥ 50% of 2 = 1, p (best finance lead by EV) replaces q.
    const fin: GoalProfile = { ...EV_ONLY, name: 'ev-fin', segments: [{ name: 'fin', feature: 'industry', levels: ['finance'], multiplier: 1 }], minimums: [{ segment: 'fin', share: 0.5 }] };
    const cmp = compareProfiles(tinyModel(), TINY_LEADS, EV_ONLY, fin, BATCH2);
    expect(cmp.overlap).toEqual({ both: 1, onlyA: 1, onlyB: 1, jaccard: 1 / 3 });
    expect(cmp.movedIn.map((m) => [m.id, m.why])).toEqual([['p', 'brought in by B\'s minimum ≥ 50% "fin"']]);
    expect(cmp.movedOut.map((m) => [m.id, m.why])).toEqual([['q', 'displaced by B\'s minimum ≥ 50% "fin"']]);
  });

  it('a profile compared with itself: Jaccard 1, nothing moves', () => {
    const cmp = compareProfiles(tinyModel(), TINY_LEADS, SEGMENTS, SEGMENTS, BATCH2);
    expect(cmp.overlap).toEqual({ both: 2, onlyA: 0, onlyB: 0, jaccard: 1 });
    expect(cmp.movedIn).toEqual([]);
    expect(cmp.movedOut).toEqual([]);
  });

  it('an invalid profile B fails closed, naming its field', () => {
    const bad = { name: 'b', weights: { expectedValue: 1, winProbability: 0 }, segments: [{ name: 'x', feature: 'industry', levels: ['Finance'], multiplier: 2 }] };
    expect(() => compareProfiles(tinyModel(), TINY_LEADS, EV_ONLY, bad, BATCH2)).toThrow(/field segments\[0\]\.levels\[0\]: not a level the model knows for industry/);
  });
});
