import { describe, expect, it } from 'vitest';
import { parseRuleSet } from '../../src/audit/rule-set.js';
import { funnelReview, quartiles, type FunnelPath } from '../../src/funnel/funnel-review.js';
import { funnelTables } from '../../src/funnel/funnel-tables.js';
import { poolSegments } from '../../src/funnel/segments.js';
import { buildLeadFrame } from '../../src/join/build-lead-frame.js';
import { TINY_RULES, tinyFrame } from '../audit/tiny-history.js';
import { d, makeTables } from '../join/tables.js';

// Expected numbers come from the hand table in test/audit/tiny-history.ts.
const frame = tinyFrame();
const counts = (p: FunnelPath) => p.steps.map((s) => [s.stage, s.count, s.eligible]);

describe('funnelReview on the tiny history', () => {
  const review = funnelReview(frame, { by: 'origin' });
  const all = review.overall[0];

  it('overall: lead 10 → won 6 → active 5 → valuable 3 (of the 4 active leads whose value is known)', () => {
    expect(review.overall).toHaveLength(1);
    expect(counts(all)).toEqual([['lead', 10, 10], ['won', 6, 10], ['active', 5, 6], ['valuable', 3, 4]]);
    expect(all.steps[3].rate.estimate).toBe(0.75);
    // of start: valuable over the 9 leads whose value is known (L8 is censored)
    expect(all.steps[3].ofStart).toMatchObject({ successes: 3, trials: 9 });
    expect(all.steps[2].ofStart).toMatchObject({ successes: 5, trials: 10 });
    expect(all.censored).toBe(1);
    // value per lead = win rate 0.6 × value per won lead with value known (100 + 0 + 50 + 300 + 0) / 5 = 90 → 54
    expect(all.totalValue).toBe(450);
    expect(all.valuePerLead).toBeCloseTo(54, 12);
  });

  it('Wilson intervals on each rate', () => {
    // 6 of 10 won: Wilson 95% [0.3127, 0.8318] (p = 0.6, n = 10, z = 1.95996)
    expect(all.steps[1].rate.low).toBeCloseTo(0.3127, 4);
    expect(all.steps[1].rate.high).toBeCloseTo(0.8318, 4);
  });

  it('time between stages, quartiles by hand', () => {
    // lead → won days: L1 8, L2 17, L4 14, L5 10, L8 19, L10 20 → 8 10 14 17 19 20: q1 11, median 15.5, q3 18.5
    expect(all.timing.leadToWon).toEqual({ n: 6, q1: 11, median: 15.5, q3: 18.5 });
    // won → first revenue: L1 5, L4 5, L5 9, L8 5, L10 41 → 5 5 5 9 41: q1 5, median 5, q3 9
    expect(all.timing.wonToFirstRevenue).toEqual({ n: 5, q1: 5, median: 5, q3: 9 });
  });

  it('by a lead-stage segment: largest first, every stage', () => {
    expect(review.by).toEqual({ feature: 'origin', stage: 'lead', startsAt: 'lead' });
    const seg = review.bySegment!;
    expect(seg.map((p) => p.segment)).toEqual(['organic', 'paid', 'social']); // 4, 4 (tie: by name), 2
    expect(counts(seg[0])).toEqual([['lead', 4, 4], ['won', 2, 4], ['active', 2, 2], ['valuable', 1, 1]]); // L5 L8 won; L8 censored
    expect(counts(seg[1])).toEqual([['lead', 4, 4], ['won', 3, 4], ['active', 2, 3], ['valuable', 2, 2]]); // L2 never paid
    expect(counts(seg[2])).toEqual([['lead', 2, 2], ['won', 1, 2], ['active', 1, 1], ['valuable', 0, 1]]); // L10 sold after its horizon
  });

  it('by cohort month, in date order', () => {
    const c = review.byCohort!;
    expect(c.map((p) => p.segment)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-11', '2024-12']);
    expect(counts(c[0])).toEqual([['lead', 3, 3], ['won', 2, 3], ['active', 1, 2], ['valuable', 1, 1]]); // L1 L2 L3
    expect(c[7]).toMatchObject({ segment: '2024-12', censored: 1 }); // L8
    expect(c[7].valuePerLead).toBeNaN(); // its only win is censored: unknown, not 0
    expect(counts(c[7])).toEqual([['lead', 1, 1], ['won', 1, 1], ['active', 1, 1], ['valuable', 0, 0]]);
  });

  it('drop-out: where leads are lost, biggest share first', () => {
    expect(review.dropOut).toEqual([
      { segment: 'all', path: 'all', from: 'lead', to: 'won', lost: 4, lostShare: 0.4 },
      { segment: 'all', path: 'all', from: 'active', to: 'valuable', lost: 1, lostShare: 0.25 },
      { segment: 'all', path: 'all', from: 'won', to: 'active', lost: 1, lostShare: expect.closeTo(1 / 6, 12) },
    ]);
    expect(review.notes[0]).toBe('Leads drop out most between lead and won: 4 of 10 (40.0%).');
  });
});

describe('funnelReview with rules: the qualified stage', () => {
  const review = funnelReview(frame, { rules: parseRuleSet(TINY_RULES) });
  const [all, q, rest] = review.overall;

  it('paths all, qualified (L1–L4) and not qualified (L5–L10)', () => {
    expect(review.stages.map((s) => s.stage)).toEqual(['lead', 'qualified', 'won', 'active', 'valuable']);
    expect(all.path).toBe('all');
    expect(counts(q)).toEqual([['lead', 10, 10], ['qualified', 4, 10], ['won', 3, 4], ['active', 2, 3], ['valuable', 2, 2]]);
    expect(counts(rest)).toEqual([['lead', 10, 10], ['not qualified', 6, 10], ['won', 3, 6], ['active', 3, 3], ['valuable', 1, 2]]);
    // per qualified lead: 0.75 × (100 + 0 + 50) / 3 = 37.5
    expect(q.valuePerLead).toBeCloseTo(37.5, 12);
    expect(rest.valuePerLead).toBeCloseTo(0.5 * 150, 12);
  });

  it('where qualified leads drop out (not qualifying is not a drop-out)', () => {
    expect(review.dropOut.map((d) => [d.from, d.to, d.lost])).toEqual([['won', 'active', 1], ['qualified', 'won', 1], ['active', 'valuable', 0]]);
    expect(review.notes[0]).toMatch(/^Qualified leads drop out most between won and active: 1 of 3 \(33\.3%\)\./);
  });

  it('a qualified mask works like the rules', () => {
    const masked = funnelReview(frame, { qualified: [1, 1, 1, 1, 0, 0, 0, 0, 0, 0] });
    expect(masked.overall.map(counts)).toEqual(review.overall.map(counts));
    expect(() => funnelReview(frame, { qualified: [1, 0] })).toThrow(/funnelReview: qualified has 2 entries for 10 leads/);
  });
});

describe('funnelReview by a deal-stage field', () => {
  const review = funnelReview(frame, { by: 'plan', cohorts: false });

  it('starts at won and explains why', () => {
    expect(review.by).toEqual({ feature: 'plan', stage: 'deal', startsAt: 'won' });
    const seg = review.bySegment!;
    // pro: L1 L4 L5 (all paid in the horizon); basic: L2 (never paid), L8 (paid; censored); (missing): L10
    expect(seg.map((p) => [p.segment, ...counts(p)])).toEqual([
      ['pro', ['won', 3, 3], ['active', 3, 3], ['valuable', 3, 3]],
      ['basic', ['won', 2, 2], ['active', 1, 2], ['valuable', 0, 0]],
      ['(missing)', ['won', 1, 1], ['active', 1, 1], ['valuable', 0, 1]],
    ]);
    expect(seg[0].valuePerLead).toBeCloseTo(450 / 3, 12); // per won lead: (100 + 50 + 300) / 3
    expect(review.byCohort).toBeNull();
    expect(review.notes.join('\n')).toMatch(/plan is a deal-stage field: sales record it when a deal closes, so it exists only for won leads\. The funnel by plan starts at won/);
  });

  it('the display table has no lead columns and says value per won lead', () => {
    const t = funnelTables(review).bySegment!;
    expect(t.columnNames()).toEqual(['plan', 'won', 'active', 'active/won', 'valuable', 'valuable/active', 'value/won', 'days to win', 'days to 1st revenue']);
  });
});

describe('segments', () => {
  it('pool all but the largest into (other: k segments), last', () => {
    expect(poolSegments(['a', 'b', 'b', 'c', null, 'c', 'c', 'd'], 2, [1, 1, 1, 1, 1, 1, 1, 1])).toEqual(['(other: 2 segments)', 'b', 'b', 'c', null, 'c', 'c', '(other: 2 segments)']);
    const review = funnelReview(frame, { by: 'origin', top: 1, cohorts: false });
    // organic and paid tie at 4 leads: organic wins the tie by name
    expect(review.bySegment!.map((p) => p.segment)).toEqual(['organic', '(other: 2 segments)']);
  });

  it('--by month: every month, in date order, never pooled into the top segments', () => {
    const months = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-11', '2024-12'];
    const review = funnelReview(frame, { by: 'month', top: 2, cohorts: false });
    expect(review.by).toEqual({ feature: 'month', stage: 'date', startsAt: 'lead' });
    expect(review.bySegment!.map((p) => p.segment)).toEqual(months);
    // Months with more leads do not go first: 2024-03 has 3 leads here, 2024-01 one.
    const moved = buildLeadFrame(makeTables(
      [{ id: 'a', created: '2024-01-05' }, { id: 'b', created: '2024-03-01' }, { id: 'c', created: '2024-03-02' }, { id: 'd', created: '2024-03-03' }, { id: 'e', created: '2024-02-10' }],
      [], [], { keyRole: 'lead_id' },
    ), { horizon: { amount: 30, unit: 'days' }, dataEnd: d('2024-12-31') });
    expect(funnelReview(moved, { by: 'month', top: 1 }).bySegment!.map((p) => [p.segment, p.steps[0].count])).toEqual([['2024-01', 1], ['2024-02', 1], ['2024-03', 3]]);
  });

  it('an unknown or number feature is an error naming it', () => {
    // Called from the library, the message names the option; the CLI passes its flag as byLabel.
    expect(() => funnelReview(frame, { by: 'orign' })).toThrow(/^options\.by: not a feature of the data \(got "orign"\); use one of origin, plan or "month"/);
    expect(() => funnelReview(frame, { by: 'orign', byLabel: 'funnel --by' })).toThrow(/^funnel --by: not a feature of the data \(got "orign"\)/);
    expect(() => funnelReview(frame, { by: 'pages' })).toThrow(/^options\.by: pages is a number feature; segments need a category feature/);
    expect(() => funnelReview(frame, { by: 'origin', top: 0 })).toThrow(/top must be a positive integer \(got 0\)/);
  });
});

describe('funnelTables', () => {
  it('wide tables with rates and intervals, and a long numeric table of steps', () => {
    const t = funnelTables(funnelReview(frame, { rules: parseRuleSet(TINY_RULES), by: 'origin' }));
    expect(t.overall.objects()[1]).toMatchObject({ segment: 'all', path: 'qualified', leads: 10, 'on path': 4, won: 3, 'win rate': '75.0% [30.1, 95.4]', active: 2, valuable: 2, 'value/lead': 37.5 });
    // 3 paths × (overall 1 + origin 3 + cohorts 8) segments; qualified paths have 5 steps, the others 4 or 5
    expect(t.steps.filter((d: any) => d.part === 'overall').numRows()).toBe(4 + 5 + 5);
    expect(t.steps.columnNames()).toEqual(['part', 'segment', 'path', 'stage', 'count', 'eligible', 'rate', 'low', 'high', 'of_start', 'of_start_low', 'of_start_high']);
    expect(t.dropOut.objects()[0]).toEqual({ path: 'qualified', from: 'won', to: 'active', lost: 1, 'lost share': '33.3%' });
  });
});

describe('quartiles', () => {
  it('R type 7 (numpy default): 1..4 → 1.75, 2.5, 3.25; empty → NaN', () => {
    expect(quartiles([4, 1, 3, 2])).toEqual({ n: 4, q1: 1.75, median: 2.5, q3: 3.25 });
    expect(quartiles([]).median).toBeNaN();
  });
});

describe('counts and shares in the notes and tables', () => {
  // 8000 leads created on 2024-01-02, 2356 of them won the next day and paid 10 a week later: 5644 lost between lead and won, none after.
  const leads = Array.from({ length: 8000 }, (_, i) => ({ id: `L${i}`, created: '2024-01-02' }));
  const winners = leads.slice(0, 2356);
  const big = buildLeadFrame(makeTables(leads, winners.map((l) => ({ lead: l.id, won: '2024-01-03' })), winners.map((l) => ({ key: l.id, at: '2024-01-10', amount: 10 })), { keyRole: 'lead_id' }),
    { horizon: { amount: 30, unit: 'days' }, dataEnd: d('2024-12-31') });
  const review = funnelReview(big);

  it('separates thousands and rounds exact halves up: 5644 of 8000 = 70.55% → "5,644 of 8,000 (70.6%)"', () => {
    expect(review.notes[0]).toBe('Leads drop out most between lead and won: 5,644 of 8,000 (70.6%).');
  });

  it('the tables\' rates round halves up too: 2356 / 8000 = 29.45% → 29.5%, 5644 lost → 70.6%', () => {
    const t = funnelTables(review);
    expect(String(t.overall.objects()[0]['win rate'])).toMatch(/^29\.5% \[/);
    expect(t.dropOut.objects()[0]).toMatchObject({ from: 'lead', to: 'won', lost: 5644, 'lost share': '70.6%' });
  });

  it('a step nobody reached (0 eligible, share NaN) goes last and is not the "drop out most" note', () => {
    // Without revenue nobody is active: active → valuable has 0 eligible. It used to sort first and read "0 of 0 (NaN%)".
    const dry = funnelReview(buildLeadFrame(makeTables(leads, winners.map((l) => ({ lead: l.id, won: '2024-01-03' })), [], { keyRole: 'lead_id' }),
      { horizon: { amount: 30, unit: 'days' }, dataEnd: d('2024-12-31') }));
    expect(dry.dropOut.map((x) => [x.from, x.to])).toEqual([['won', 'active'], ['lead', 'won'], ['active', 'valuable']]);
    expect(dry.notes[0]).toBe('Leads drop out most between won and active: 2,356 of 2,356 (100.0%).');
  });
});
