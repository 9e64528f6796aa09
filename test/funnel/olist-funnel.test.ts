import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { auditRules } from '../../src/audit/audit-rules.js';
import { fitAuditModel } from '../../src/audit/fit-audit-model.js';
import { readRuleSet } from '../../src/audit/rule-set.js';
import { createRng } from '../../src/core/rng.js';
import { funnelReview } from '../../src/funnel/funnel-review.js';
import { readAdapterConfig } from '../../src/load/adapter-config.js';
import { prepareData } from '../../src/pipeline/train-model.js';

const OLIST = fileURLToPath(new URL('../../../shared/data/olist', import.meta.url));
const CONFIG = fileURLToPath(new URL('../../configs/olist.json', import.meta.url));
const RULES = fileURLToPath(new URL('../../configs/rules/olist-example.json', import.meta.url));

// Real data, read from ../shared/data/olist when present (never copied into the repository).
describe.skipIf(!existsSync(OLIST))('Olist funnel: MQL → won → sold anything → value in 90 days', async () => {
  const data = existsSync(OLIST) ? await prepareData(readAdapterConfig(CONFIG)) : undefined!;
  const stage = (steps: { stage: string; count: number }[], name: string) => steps.find((s) => s.stage === name)!.count;

  it('overall counts the Olist README states: 8,000 MQLs, 842 won, 380 won sellers with any sales', () => {
    const [all] = funnelReview(data.frame).overall;
    expect(stage(all.steps, 'lead')).toBe(8000);
    expect(stage(all.steps, 'won')).toBe(842);
    expect(stage(all.steps, 'active')).toBe(380);
    // valuable: sold in the 90 days after the win, among won sellers whose 90 days are complete (label report: 274)
    expect(stage(all.steps, 'valuable')).toBe(data.frame.report.wonWithValue);
    expect(all.censored).toBe(data.frame.report.censored);
  });

  it('by origin: the segments add up to the overall counts', () => {
    const review = funnelReview(data.frame, { by: 'origin', cohorts: false });
    const seg = review.bySegment!;
    expect(seg[0].segment).toBe('organic_search'); // 2,296 MQLs, the largest origin
    expect(stage(seg[0].steps, 'lead')).toBe(2296);
    for (const name of ['lead', 'won', 'active', 'valuable']) {
      expect(seg.reduce((s, p) => s + stage(p.steps, name), 0)).toBe(stage(review.overall[0].steps, name));
    }
    expect(seg.map((p) => p.segment)).toContain('(missing)'); // 60 MQLs without an origin
  });

  it('by business segment, a deal-stage field: from the won stage on', () => {
    const review = funnelReview(data.frame, { by: 'business_segment', cohorts: false });
    expect(review.by).toEqual({ feature: 'business_segment', stage: 'deal', startsAt: 'won' });
    const seg = review.bySegment!;
    expect(seg.every((p) => p.steps[0].stage === 'won')).toBe(true);
    expect(seg.reduce((s, p) => s + stage(p.steps, 'won'), 0)).toBe(842);
    expect(seg.reduce((s, p) => s + stage(p.steps, 'active'), 0)).toBe(380);
    expect(seg[0]).toMatchObject({ segment: 'home_decor' }); // 105 won sellers, the largest segment
    expect(stage(seg[0].steps, 'won')).toBe(105);
    expect(review.notes.join('\n')).toMatch(/business_segment is a deal-stage field/);
  });

  it('the example rules audit runs against a model fit on all MQLs', () => {
    const rules = readRuleSet(RULES);
    const audit = auditRules(data.frame, rules, { model: fitAuditModel(data), rng: createRng(42), resamples: 50 });
    expect(audit.ruleSet.example).toBe(true);
    expect(audit.notes[0]).toMatch(/^EXAMPLE/);
    expect(audit.groups[2]).toMatchObject({ leads: 8000, won: 842 });
    expect(audit.groups[0].leads + audit.groups[1].leads).toBe(8000);
    // the landing page of the 2017 launch campaign got no MQLs after October 2017
    expect(audit.staleness.dormant).toEqual(['launch campaign page']);
    expect(audit.rules.every((r) => r.model !== undefined)).toBe(true);
  });
});
