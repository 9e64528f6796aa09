// The capacity-aware cut-off (src/goals/capacity-cutoff.ts): exactly K in a
// batch, K per period on average over a history, ties broken deterministically
// (score, then older first, then id, then position), minimums, and what the
// cut-off delivers against random and against a rule mask. Expected values are
// computed by hand in the comments.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capacityCutoff, type CutoffLead } from '../../src/goals/capacity-cutoff.js';

const DAY = 86_400_000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
/** `perDay` leads on every day from `from` to `to` inclusive, with distinct pseudo-random scores. */
function daily(from: string, to: string, perDay: number): CutoffLead[] {
  const leads: CutoffLead[] = [];
  let x = 12345;
  for (let t = day(from); t <= day(to); t += DAY) {
    for (let k = 0; k < perDay; k++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      leads.push({ score: x / 2147483648, pWin: 0.1, expectedValue: 10, createdAt: t + k * 3600_000, id: `L${leads.length}` });
    }
  }
  return leads;
}

describe('a single batch: exactly K', () => {
  // Scores 5, 4, 4, 4, 1. The three 4s: lead 1 created on day 3; leads 2 and 3 on
  // day 1, ids "c" and "a". Rank: 0, then 3 (day 1, id a), 2 (day 1, id c), 1 (day 3), 4.
  const leads: CutoffLead[] = [
    { score: 5, pWin: 0.5, expectedValue: 1, createdAt: 0, id: 'e' },
    { score: 4, pWin: 0.4, expectedValue: 1, createdAt: 3 * DAY, id: 'b' },
    { score: 4, pWin: 0.3, expectedValue: 1, createdAt: DAY, id: 'c' },
    { score: 4, pWin: 0.2, expectedValue: 1, createdAt: DAY, id: 'a' },
    { score: 1, pWin: 0.1, expectedValue: 1, createdAt: 0, id: 'd' },
  ];

  it('K = 2 works the best lead and, of the three tied at 4, the older one with the smaller id', () => {
    const cut = capacityCutoff(leads, { capacity: { leads: 2, per: 'batch' } });
    expect(cut.target).toBe(2);
    expect(cut.worked).toEqual([0, 3]);
    expect(cut.rank).toEqual([0, 3, 2, 1, 4]);
    expect(cut.threshold).toBe(4);
    expect(cut.ties).toEqual({ atThreshold: 3, taken: 1 });
    expect(cut.atOrAbove).toBe(4); // a plain "score ≥ 4" rule would work 4, not 2
  });

  it('K = 3 takes the other day-1 lead; K = 4 all ties', () => {
    expect(capacityCutoff(leads, { capacity: { leads: 3, per: 'batch' } }).worked).toEqual([0, 3, 2]);
    const four = capacityCutoff(leads, { capacity: { leads: 4, per: 'batch' } });
    expect(four.worked).toEqual([0, 3, 2, 1]);
    expect(four.ties).toEqual({ atThreshold: 3, taken: 3 });
  });

  it('without dates and ids, ties go by position', () => {
    const bare = leads.map(({ score, pWin, expectedValue }) => ({ score, pWin, expectedValue }));
    expect(capacityCutoff(bare, { capacity: { leads: 2, per: 'batch' } }).worked).toEqual([0, 1]);
  });

  it('K above the number of leads works them all', () => {
    const cut = capacityCutoff(leads, { capacity: { leads: 50, per: 'batch' } });
    expect(cut.target).toBe(5);
    expect(cut.threshold).toBe(1);
    expect(cut.workedMask).toEqual([true, true, true, true, true]);
  });

  it('fills exactly K and does not depend on row order (unique ids; many ties)', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ score: fc.integer({ min: 0, max: 3 }), day: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 1, max: 45 }), fc.integer(),
      (rows, k, seed) => {
        const base = rows.map((r, i) => ({ score: r.score, pWin: 0, expectedValue: 0, createdAt: r.day * DAY, id: `id${String(i).padStart(3, '0')}` }));
        const shuffled = [...base].sort((a, b) => ((a.id.charCodeAt(4) * 31 + seed) % 7) - ((b.id.charCodeAt(4) * 31 + seed) % 7) || (a.id < b.id ? 1 : -1));
        const ids = (ls: CutoffLead[]) => {
          const cut = capacityCutoff(ls, { capacity: { leads: k, per: 'batch' } });
          return cut.worked.map((i) => ls[i].id).sort();
        };
        const a = ids(base);
        expect(a).toHaveLength(Math.min(k, rows.length));
        expect(ids(shuffled)).toEqual(a);
      },
    ), { seed: 7, numRuns: 200 });
  });
});

describe('a history: K per period on average', () => {
  it('4 full ISO weeks (Mon 2024-01-01 … Sun 2024-01-28), 3 leads a day, K = 5 per week → 20 worked, 5 per week on average', () => {
    const leads = daily('2024-01-01', '2024-01-28', 3);
    const cut = capacityCutoff(leads, { capacity: { leads: 5, per: 'week' } });
    expect(cut.periods).toBeCloseTo(4, 12);
    expect(cut.target).toBe(20);
    expect(cut.worked).toHaveLength(20);
    expect(cut.perPeriod.map((p) => p.start)).toEqual(['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22']);
    expect(cut.perPeriod.map((p) => p.leads)).toEqual([21, 21, 21, 21]);
    expect(cut.perPeriod.reduce((s, p) => s + p.worked, 0) / 4).toBe(5);
    // One threshold for the whole history: every worked lead scores at least it, every other lead below it (distinct scores).
    leads.forEach((l, i) => expect(cut.workedMask[i]).toBe(l.score >= cut.threshold!));
  });

  it('partial weeks count by their days: Wed 2024-01-03 … Sun 2024-01-14 is 12/7 weeks, K = 7 → 12', () => {
    const cut = capacityCutoff(daily('2024-01-03', '2024-01-14', 2), { capacity: { leads: 7, per: 'week' } });
    expect(cut.periods).toBeCloseTo(12 / 7, 12);
    expect(cut.target).toBe(12);
    expect(cut.perPeriod.map((p) => [p.start, p.leads])).toEqual([['2024-01-01', 10], ['2024-01-08', 14]]);
  });

  it('months count by their own length: 2024-01-15 … 2024-02-29 is 17/31 + 29/29 months, K = 31 → 17 + 31 = 48', () => {
    const cut = capacityCutoff(daily('2024-01-15', '2024-02-29', 2), { capacity: { leads: 31, per: 'month' } });
    expect(cut.periods).toBeCloseTo(1 + 17 / 31, 12);
    expect(cut.target).toBe(48);
    expect(cut.perPeriod.map((p) => p.start)).toEqual(['2024-01-01', '2024-02-01']);
  });

  it('a span longer than the leads\' dates counts its own days', () => {
    const leads = daily('2024-01-01', '2024-01-07', 5);
    const cut = capacityCutoff(leads, { capacity: { leads: 3, per: 'week' }, span: { from: day('2024-01-01'), to: day('2024-01-14') } });
    expect(cut.periods).toBeCloseTo(2, 12);
    expect(cut.target).toBe(6);
  });

  it('a capacity that rounds to no lead works none', () => {
    const cut = capacityCutoff(daily('2024-01-01', '2024-01-01', 5), { capacity: { leads: 1, per: 'month' } }); // 1/31 month → round(0.03) = 0
    expect(cut.target).toBe(0);
    expect(cut.threshold).toBeNull();
    expect(cut.delivers.leads).toBe(0);
  });
});

describe('what the cut-off delivers', () => {
  // Scores 5…1; P(win) .5 .4 .3 .2 .1 (Σ 1.5); EV 100 50 80 10 20 (Σ 260).
  // Outcomes: won 1, 0, 1, unknown, 0; value 300, 0, censored (won, NaN), unknown, 0.
  const leads: CutoffLead[] = [
    { score: 5, pWin: 0.5, expectedValue: 100, won: 1, value: 300 },
    { score: 4, pWin: 0.4, expectedValue: 50, won: 0, value: 0 },
    { score: 3, pWin: 0.3, expectedValue: 80, won: true, value: NaN },
    { score: 2, pWin: 0.2, expectedValue: 10 },
    { score: 1, pWin: 0.1, expectedValue: 20, won: false, value: 0 },
  ];

  it('K = 2: Σ P(win) 0.9, Σ EV 150, 1 realised win and 300 of value (all of the known 300); random: 2/5 of every total', () => {
    const cut = capacityCutoff(leads, { capacity: { leads: 2, per: 'batch' } });
    expect(cut.delivers).toEqual({
      leads: 2, expectedWins: expect.closeTo(0.9, 12), expectedValue: 150,
      realisedWins: 1, wonKnown: 2, realisedValue: 300, valueKnown: 2, censored: 0, valueShare: 1,
    });
    // random: 2/5 × (1.5 wins, 260 EV, 2 wins of 4 known, 300 value of 3 known (0, 1, 4), 1 censored)
    expect(cut.random).toEqual({
      leads: 2, expectedWins: expect.closeTo(0.6, 12), expectedValue: expect.closeTo(104, 12),
      realisedWins: expect.closeTo(0.8, 12), wonKnown: expect.closeTo(1.6, 12), realisedValue: expect.closeTo(120, 12), valueKnown: expect.closeTo(1.2, 12),
      censored: expect.closeTo(0.4, 12), valueShare: expect.closeTo(0.4, 12),
    });
    expect(cut.rule).toBeNull();
  });

  it('a rule qualifying 3 leads (1, 2, 3) against K = 2: all three, and 2/3 of them at capacity', () => {
    const cut = capacityCutoff(leads, { capacity: { leads: 2, per: 'batch' }, rule: [false, true, true, true, false], ruleName: 'mql' });
    expect(cut.rule!.name).toBe('mql');
    expect(cut.rule!.all).toMatchObject({ leads: 3, expectedWins: expect.closeTo(0.9, 12), expectedValue: 140, realisedWins: 1, wonKnown: 2, realisedValue: 0, valueKnown: 1, censored: 1 });
    expect(cut.rule!.atCapacity).toMatchObject({ leads: 2, expectedWins: expect.closeTo(0.6, 12), expectedValue: expect.closeTo(280 / 3, 12) });
  });

  it('a rule qualifying fewer leads than the capacity works just those', () => {
    const cut = capacityCutoff(leads, { capacity: { leads: 2, per: 'batch' }, rule: [false, false, false, false, true] });
    expect(cut.rule!.atCapacity).toEqual(cut.rule!.all);
    expect(cut.rule!.all.leads).toBe(1);
  });

  it('without outcomes the realised numbers are null', () => {
    const cut = capacityCutoff(leads.map(({ score, pWin, expectedValue }) => ({ score, pWin, expectedValue })), { capacity: { leads: 2, per: 'batch' } });
    expect(cut.delivers.realisedWins).toBeNull();
    expect(cut.delivers.realisedValue).toBeNull();
    expect(cut.delivers.valueShare).toBeNull();
  });
});

describe('minimums', () => {
  const lead = (score: number, segments: string[] = []): CutoffLead => ({ score, pWin: 0, expectedValue: 0, segments });

  it('swaps the segment\'s best unworked leads for the lowest-ranked others', () => {
    // Scores 6…1; leads 4 and 5 in x. K = 4 → top 0, 1, 2, 3; x ≥ 50% → 2: 4 replaces 3, then 5 replaces 2.
    const leads = [lead(6), lead(5), lead(4), lead(3), lead(2, ['x']), lead(1, ['x'])];
    const cut = capacityCutoff(leads, { capacity: { leads: 4, per: 'batch' }, minimums: [{ segment: 'x', share: 0.5 }] });
    expect(cut.workedMask).toEqual([true, true, false, false, true, true]);
    expect(cut.minimums).toEqual([{ segment: 'x', share: 0.5, required: 2, before: 0, after: 2, shortfall: 0, threshold: 1, added: [4, 5], removed: [3, 2] }]);
    expect(cut.threshold).toBe(5); // the lowest lead worked on rank
    expect(cut.worked).toEqual([0, 1, 4, 5]);
  });

  it('never drops a lead an earlier minimum needs, and reports a shortfall', () => {
    // y: lead 2 (score 4), y ≥ 25% of 4 → 1. x: leads 3, 4, 5; x ≥ 75% → 3.
    // Top 4 = 0, 1, 2, 3 (one x). 4 in for 1 (2 is held by y), 5 in for 0.
    const leads = [lead(6), lead(5), lead(4, ['y']), lead(3, ['x']), lead(2, ['x']), lead(1, ['x'])];
    const cut = capacityCutoff(leads, { capacity: { leads: 4, per: 'batch' }, minimums: [{ segment: 'y', share: 0.25 }, { segment: 'x', share: 0.75 }] });
    expect(cut.workedMask).toEqual([false, false, true, true, true, true]);
    expect(cut.minimums[1]).toMatchObject({ required: 3, before: 1, after: 3, shortfall: 0, added: [4, 5], removed: [1, 0] });
    // x ≥ 100% → 4, but only 3 x leads exist: 1 short, and y keeps its lead.
    const short = capacityCutoff(leads, { capacity: { leads: 4, per: 'batch' }, minimums: [{ segment: 'y', share: 0.25 }, { segment: 'x', share: 1 }] });
    expect(short.minimums[1]).toMatchObject({ required: 4, after: 3, shortfall: 1 });
    expect(short.workedMask[2]).toBe(true);
  });
});

describe('bad input', () => {
  const ok: CutoffLead = { score: 1, pWin: 0, expectedValue: 0 };
  it('a score that is not a number names the lead (1-based) and its id', () => {
    expect(() => capacityCutoff([ok, { ...ok, score: NaN, id: 'b' }], { capacity: { leads: 1, per: 'batch' } })).toThrow(/^lead 2 \(b\): score is not a number \(got NaN\)/);
  });
  it('a capacity per week for leads without a creation date', () => {
    expect(() => capacityCutoff([ok], { capacity: { leads: 1, per: 'week' } })).toThrow(/^lead 1: has no creation date, needed for a capacity per week \(got nothing\); give createdAt, or a capacity per batch/);
  });
  it('a rule mask of the wrong length', () => {
    expect(() => capacityCutoff([ok, ok], { capacity: { leads: 1, per: 'batch' }, rule: [true] })).toThrow(/^rule: a mask of 1 values for 2 leads/);
  });
  it('a capacity that is not a whole number above 0', () => {
    expect(() => capacityCutoff([ok], { capacity: { leads: 0, per: 'batch' } })).toThrow(/^capacity\.leads: not a whole number above 0 \(got 0\)/);
  });
});
