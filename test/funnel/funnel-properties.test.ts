import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditRules } from '../../src/audit/audit-rules.js';
import { parseRuleSet } from '../../src/audit/rule-set.js';
import { createRng } from '../../src/core/rng.js';
import { buildLeadFrame } from '../../src/join/build-lead-frame.js';
import { funnelReview, type FunnelPath } from '../../src/funnel/funnel-review.js';
import { d, makeTables } from '../join/tables.js';

const day = (k: number) => new Date(d('2024-01-01') + k * 86_400_000).toISOString().slice(0, 10);
const LEVELS = ['a', 'b', 'c'];

/** Random small histories: leads over 200 days, some won 0–60 days later, revenue rows after some wins. */
const history = fc.array(fc.record({
  created: fc.integer({ min: 0, max: 200 }),
  origin: fc.integer({ min: -1, max: 2 }),
  wonAfter: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
  revenue: fc.array(fc.record({ after: fc.integer({ min: 0, max: 120 }), amount: fc.integer({ min: 0, max: 50 }) }), { maxLength: 3 }),
}), { minLength: 1, maxLength: 40 });

function frameOf(leads: fc.Infer<typeof history>) {
  const ids = leads.map((_, i) => `L${i}`);
  const tables = makeTables(
    leads.map((l, i) => ({ id: ids[i], created: day(l.created) })),
    leads.flatMap((l, i) => (l.wonAfter === null ? [] : [{ lead: ids[i], won: day(l.created + l.wonAfter) }])),
    leads.flatMap((l, i) => (l.wonAfter === null ? [] : l.revenue.map((r) => ({ key: ids[i], at: day(l.created + l.wonAfter! + r.after), amount: r.amount })))),
    { keyRole: 'lead_id', leadFeatures: [{ name: 'origin', stage: 'lead', kind: 'category', column: 'origin', codes: Int32Array.from(leads, (l) => l.origin), levels: LEVELS }] },
  );
  return buildLeadFrame(tables, { horizon: { amount: 30, unit: 'days' }, dataEnd: d('2024-09-01') });
}

const count = (p: FunnelPath, stage: string) => p.steps.find((s) => s.stage === stage)!.count;

describe('funnel and audit properties on random histories', () => {
  it('stages only narrow; segments and cohorts add up to the overall funnel; paths split the leads', () => {
    fc.assert(fc.property(history, (leads) => {
      const frame = frameOf(leads);
      const qualified = leads.map((l) => (l.origin === 0 ? 1 : 0));
      const review = funnelReview(frame, { by: 'origin', qualified });
      const [all, q, rest] = review.overall;
      for (const p of [...review.overall, ...review.bySegment!, ...review.byCohort!]) {
        const counts = p.steps.map((s) => s.count);
        for (let k = 1; k < counts.length; k++) expect(counts[k]).toBeLessThanOrEqual(counts[k - 1]);
        for (const s of p.steps) expect(s.count).toBeLessThanOrEqual(s.eligible);
      }
      for (const stage of ['won', 'active', 'valuable']) {
        expect(count(q, stage) + count(rest, stage)).toBe(count(all, stage));
        for (const part of [review.bySegment!, review.byCohort!]) {
          expect(part.filter((p) => p.path === 'all').reduce((s, p) => s + count(p, stage), 0)).toBe(count(all, stage));
        }
      }
      expect(count(all, 'won')).toBe(frame.report.won);
      expect(count(all, 'active')).toBe(frame.report.wonWithAnyRevenue);
      expect(count(all, 'valuable')).toBe(frame.report.wonWithValue);
    }), { numRuns: 200 });
  });

  it('the audit\'s qualified and not qualified groups add up to all, and the value shares to 1', () => {
    const rules = parseRuleSet({ qualify: { match: 'any' }, rules: [{ name: 'a', when: { feature: 'origin', in: ['a'] } }] });
    fc.assert(fc.property(history, (leads) => {
      const frame = frameOf(leads);
      const a = auditRules(frame, rules, { rng: createRng(1), resamples: 5 });
      const [q, rest, all] = a.groups;
      for (const k of ['leads', 'won', 'valueKnown', 'wonValueKnown', 'valuable', 'wonWithoutValue'] as const) expect(q[k] + rest[k]).toBe(all[k]);
      expect(q.totalValue + rest.totalValue).toBeCloseTo(all.totalValue, 6);
      if (all.totalValue > 0) expect(q.valueShare + rest.valueShare).toBeCloseTo(1, 12);
      expect(a.missed.count + q.valuable).toBe(all.valuable);
    }), { numRuns: 200 });
  });
});
