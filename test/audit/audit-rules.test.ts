import { describe, expect, it } from 'vitest';
import { applyRules } from '../../src/audit/apply-rules.js';
import { auditRules } from '../../src/audit/audit-rules.js';
import { auditTables } from '../../src/audit/audit-tables.js';
import type { RuleAuditModel } from '../../src/audit/model-contributions.js';
import { parseRuleSet } from '../../src/audit/rule-set.js';
import { createRng } from '../../src/core/rng.js';
import { Warnings } from '../../src/core/warn.js';
import type { FeatureSpec, GlmState } from '../../src/scoring/model-types.js';
import { TINY_RULES, tinyFrame } from './tiny-history.js';

const frame = tinyFrame();
const rules = parseRuleSet(TINY_RULES, 'tiny.json');
const audit = (options: Parameters<typeof auditRules>[2] = {}) => auditRules(frame, rules, { rng: createRng(7), resamples: 100, ...options });

describe('applyRules on the tiny history', () => {
  it('fires each rule where the hand table says, adds points, qualifies at 20', () => {
    const m = applyRules(rules, frame);
    expect(Array.from(m.fires[0])).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0]); // paid
    expect(Array.from(m.fires[1])).toEqual([1, 0, 1, 0, 1, 0, 0, 1, 0, 1]); // pages ≥ 5; L4 missing does not match
    expect(Array.from(m.fires[2])).toEqual(new Array(10).fill(0)); // email: never
    expect(Array.from(m.fires[3])).toEqual(new Array(10).fill(1)); // origin present: all
    expect(Array.from(m.points)).toEqual([35, 25, 35, 25, 15, 5, 5, 15, 5, 15]);
    expect(Array.from(m.qualified)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('boolean rule sets: all / any', () => {
    const base = { rules: [TINY_RULES.rules[0], TINY_RULES.rules[1]].map(({ points: _p, ...r }) => r) };
    // paid and engaged: L1, L3. paid or engaged: L1 L2 L3 L4 L5 L8 L10.
    expect(Array.from(applyRules(parseRuleSet({ ...base, qualify: { match: 'all' } }), frame).qualified)).toEqual([1, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(applyRules(parseRuleSet({ ...base, qualify: { match: 'any' } }), frame).qualified)).toEqual([1, 1, 1, 1, 1, 0, 0, 1, 0, 1]);
  });

  it('combinators, notIn, missing, bounds and source-column names', () => {
    const fire = (when: unknown) => Array.from(applyRules(parseRuleSet({ qualify: { match: 'all' }, rules: [{ name: 'r', when }] }), frame).fires[0]);
    // pages is read from column pages_viewed: the column name finds it too. 2 ≤ pages < 7: L1 (5), L2 (3), L5 (6), L7 (2).
    expect(fire({ feature: 'pages_viewed', gte: 2, lt: 7 })).toEqual([1, 1, 0, 0, 1, 0, 1, 0, 0, 0]);
    expect(fire({ feature: 'pages', missing: true })).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    // notIn never matches a missing value; here origin is never missing.
    expect(fire({ feature: 'origin', notIn: ['paid', 'social'] })).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0]);
    // not (pages > 4): L2 (3), L4 (missing → "pages > 4" is false → not is true), L6, L7, L9.
    expect(fire({ not: { feature: 'pages', gt: 4 } })).toEqual([0, 1, 0, 1, 0, 1, 1, 0, 1, 0]);
    // social or (organic and pages ≤ 1): L6, L9, L10.
    expect(fire({ any: [{ feature: 'origin', in: ['social'] }, { all: [{ feature: 'origin', in: ['organic'] }, { feature: 'pages', lte: 1 }] }] }))
      .toEqual([0, 0, 0, 0, 0, 1, 0, 0, 1, 1]);
  });
});

describe('auditRules: qualified vs the rest, by hand', () => {
  const a = audit();

  it('counts, win rates and value per lead of each group', () => {
    const [q, rest, all] = a.groups;
    // qualified L1–L4: won L1 L2 L4 = 3 of 4; won with value known: the same 3, values 100, 0, 50
    expect(q).toMatchObject({ group: 'qualified', leads: 4, leadShare: 0.4, won: 3, valueKnown: 4, wonValueKnown: 3, valuable: 2, wonWithoutValue: 1, totalValue: 150, valuePerWon: 50 });
    expect(q.winRate.estimate).toBe(0.75);
    // value per lead = win rate × value per won lead = 0.75 × 50 = 37.5
    expect(q.valuePerLead.estimate).toBeCloseTo(37.5, 12);
    expect(q.valueShare).toBeCloseTo(150 / 450, 12);
    // not qualified L5–L10: won L5 L8 L10 = 3 of 6; value known for L5 (300) and L10 (0), L8 censored
    expect(rest).toMatchObject({ leads: 6, won: 3, valueKnown: 5, wonValueKnown: 2, valuable: 1, wonWithoutValue: 1, totalValue: 300, valuePerWon: 150 });
    expect(rest.winRate.estimate).toBe(0.5);
    expect(rest.valuePerLead.estimate).toBeCloseTo(0.5 * 150, 12); // 75
    // all: 6 of 10 won; won with value known 5, 450 in all → 90 per won lead; 0.6 × 90 = 54 per lead
    expect(all).toMatchObject({ leads: 10, won: 6, valueKnown: 9, wonValueKnown: 5, valuable: 3, totalValue: 450, valuePerWon: 90 });
    expect(all.valuePerLead.estimate).toBeCloseTo(54, 12);
    expect(a.data).toMatchObject({ leads: 10, won: 6, valueKnown: 9, censored: 1, totalValue: 450, horizon: '30d', dataEnd: '2024-12-31' });
  });

  it('lifts of qualified over the rest: 0.75 / 0.5 = 1.5 in win rate, 37.5 / 75 = 0.5 in value per lead', () => {
    expect(a.lift.winRate.estimate).toBeCloseTo(1.5, 12);
    expect(a.lift.valuePerLead.estimate).toBeCloseTo(0.5, 12);
    expect(a.lift.winRate.low).toBeLessThanOrEqual(1.5);
    expect(a.lift.winRate.high).toBeGreaterThanOrEqual(1.5);
  });

  it('qualified but worthless, and missed value', () => {
    // L2: qualified, won, horizon complete, nothing in it: 1 of 3 qualified won leads with value known; 1 of 4 qualified leads
    expect(a.worthless).toEqual({ count: 1, qualifiedWonKnown: 3, shareOfQualifiedWon: 1 / 3, qualifiedKnown: 4, shareOfQualified: 0.25, shareOfRestWon: 0.5 });
    // L5 brought 300 without qualifying: 1 of 3 valuable leads, 300 of 450 value
    expect(a.missed).toEqual({ count: 1, valuable: 3, shareOfValuable: 1 / 3, value: 300, shareOfValue: 300 / 450 });
  });

  it('per rule: fires, win rates, value per lead and lifts', () => {
    const [paid, engaged, email, tracked] = a.rules;
    expect(paid).toMatchObject({ name: 'paid', condition: 'origin = paid', features: ['origin'], points: 20, fires: 4, fireRate: 0.4 });
    expect(paid.winRate.fires.estimate).toBe(0.75);
    expect(paid.winRate.not.estimate).toBe(0.5);
    expect(paid.winLift.estimate).toBeCloseTo(1.5, 12);
    expect(paid.valuePerLead).toEqual({ fires: 37.5, not: 75 });
    expect(paid.valueLift.estimate).toBeCloseTo(0.5, 12);
    // engaged fires on L1 L3 L5 L8 L10: won L1 L5 L8 L10 = 4/5; not: L2 L4 L6 L7 L9, won L2 L4 = 2/5 → lift 2.
    // Value: fires, won with value known L1 100, L5 300, L10 0 → 133.33 per won, × 0.8 = 106.67;
    // not: L2 0, L4 50 → 25 per won, × 0.4 = 10 → lift 10.667.
    expect(engaged).toMatchObject({ condition: 'pages ≥ 5', features: ['pages'], fires: 5 });
    expect(engaged.winLift.estimate).toBeCloseTo(2, 12);
    expect(engaged.valuePerLead.fires).toBeCloseTo(0.8 * 400 / 3, 12);
    expect(engaged.valuePerLead.not).toBeCloseTo(10, 12);
    expect(engaged.valueLift.estimate).toBeCloseTo((0.8 * 400 / 3) / 10, 12);
    // a rule that never fires or fires on all has no lift
    expect(email.fires).toBe(0);
    expect(email.winLift.estimate).toBeNaN();
    expect(tracked.fires).toBe(10);
    expect(tracked.winLift.estimate).toBeNaN();
  });

  it('bootstrap intervals are reproducible from the rng and contain the estimates', () => {
    const again = audit();
    expect(again.rules.map((r) => r.winLift)).toEqual(a.rules.map((r) => r.winLift));
    expect(a.bootstrap).toEqual({ resamples: 100, level: 0.95, seed: 7 });
    const other = audit({ rng: createRng(8) });
    expect(other.rules[1].winLift.low).not.toBe(a.rules[1].winLift.low);
    for (const r of a.rules.slice(0, 2)) {
      expect(r.winLift.low).toBeLessThanOrEqual(r.winLift.estimate);
      expect(r.winLift.high).toBeGreaterThanOrEqual(r.winLift.estimate);
    }
  });
});

describe('auditRules: staleness', () => {
  it('detects rules that never fire and rules that fire on almost everything (> 95%)', () => {
    const a = audit();
    expect(a.rules.map((r) => r.flags)).toEqual([['dormant'], [], ['never fires'], ['fires on almost all']]);
    expect(a.staleness.neverFire).toEqual(['email']);
    expect(a.staleness.fireOnAlmostAll).toEqual(['tracked']);
    expect(a.notes.join('\n')).toMatch(/Never fire on this history: email\./);
    expect(a.notes.join('\n')).toMatch(/Fire on more than 95\.0% of leads \(they separate nothing\): tracked\./);
  });

  it('"almost all" is strictly above the threshold', () => {
    // "not social" fires on 8 of 10 leads: 80% is not above 0.8, but is above 0.79.
    const notSocial = parseRuleSet({ qualify: { match: 'any' }, rules: [{ name: 'not social', when: { feature: 'origin', notIn: ['social'] } }] });
    const at = (almostAll: number) => auditRules(frame, notSocial, { rng: createRng(1), resamples: 10, almostAll }).rules[0];
    expect(at(0.8).fireRate).toBe(0.8);
    expect(at(0.8).flags).toEqual([]);
    expect(at(0.79).flags).toEqual(['fires on almost all']);
  });

  it('dormant: fired in the past but on none of the recent leads', () => {
    // Newest lead 2024-12-01; the 90-day window holds L9 (11-20) and L8 (12-01). "paid" fires on L1–L4 only (Jan–Feb).
    const a = audit();
    expect(a.staleness.recentWindow).toEqual({ from: '2024-09-03', to: '2024-12-01', leads: 2 });
    expect(a.staleness.dormant).toEqual(['paid']);
    expect(a.rules[0]).toMatchObject({ recentFires: 0, recentLeads: 2 });
    expect(a.rules[1]).toMatchObject({ recentFires: 1 }); // L8 has 7 pages
  });

  it('age of the criteria against the data end, and leads created since the update', () => {
    const a = audit();
    // 2024-06-30 → 2024-12-31: 184 days; L8 (12-01) and L9 (11-20) were created after the update
    expect(a.staleness).toMatchObject({ updated: '2024-06-30', ageDays: 184, reviewEveryDays: 92, overdue: true, leadsSinceUpdate: 2 });
    expect(audit({ reviewEveryDays: 200 }).staleness.overdue).toBe(false);
    const undated = auditRules(frame, parseRuleSet({ ...TINY_RULES, updated: undefined }), { rng: createRng(1), resamples: 10 });
    expect(undated.staleness).toMatchObject({ updated: null, ageDays: null, overdue: null });
    expect(undated.notes.join('\n')).toMatch(/does not say when the criteria were last updated/);
  });

  it('criteria updated after the data\'s end are in the future relative to the data, not overdue', () => {
    // 2025-03-01 is 60 days after the data's end (2024-12-31).
    const future = auditRules(frame, parseRuleSet({ ...TINY_RULES, updated: '2025-03-01' }), { rng: createRng(1), resamples: 10 });
    expect(future.staleness).toMatchObject({ updated: '2025-03-01', ageDays: -60, overdue: false, leadsSinceUpdate: 0 });
    const note = future.notes.find((n) => n.startsWith('Criteria last updated'))!;
    expect(note).toMatch(/^Criteria last updated 2025-03-01, 60 days after the data's end \(2024-12-31\): in the future relative to the data\. Today's criteria are applied to all 10 leads; 10 were created before the update, under earlier criteria\.$/);
    expect(note).not.toMatch(/overdue|before the data's end|[−-]\d+ days/);
    // Updated on the data's last day: 0 days, not in the future.
    const same = auditRules(frame, parseRuleSet({ ...TINY_RULES, updated: '2024-12-31' }), { rng: createRng(1), resamples: 10 });
    expect(same.staleness).toMatchObject({ ageDays: 0, overdue: false });
    expect(same.notes.join('\n')).toMatch(/Criteria last updated 2024-12-31, 0 days before the data's end \(2024-12-31\)\./);
  });

  it('an example rule set says so first', () => {
    const a = auditRules(frame, parseRuleSet({ ...TINY_RULES, example: true }), { rng: createRng(1), resamples: 10 });
    expect(a.ruleSet.example).toBe(true);
    expect(a.notes[0]).toMatch(/^EXAMPLE: "tiny" is an illustrative rule set/);
  });

  it('reports a level the data never has as one warning', () => {
    const warnings = new Warnings();
    audit({ warnings });
    expect(warnings.list()).toHaveLength(1);
    expect(warnings.list()[0].message).toMatch(/rule "email": origin is never "email" in the data/);
  });
});

describe('auditRules: agreement with a model', () => {
  // A hand-made model: origin terms (slots organic, paid, social, (other), (missing)); pages has weight 0.
  const specs: FeatureSpec[] = [
    { name: 'origin', stage: 'lead', kind: 'category', column: 'origin', levels: ['organic', 'paid', 'social'], minLevelCount: 1, missing: 'own-slot', unseen: 'other-slot' },
    { name: 'pages', stage: 'lead', kind: 'number', column: 'pages_viewed', transform: 'none', center: 0, scale: 1, missing: 'own-term', missingShare: 0 },
  ];
  const glm = (link: 'logit' | 'log', origin: number[]): GlmState => ({
    kind: 'glm', link, target: link === 'logit' ? 'P(win)' : 'E[value | won]', intercept: 0,
    terms: { origin: { kind: 'category', values: origin }, pages: { kind: 'number', weight: 0, offset: 0, missing: 0 } },
    l2: 1, l2Choice: null, rows: 10, iterations: 1, converged: true,
  });
  const model: RuleAuditModel = { features: specs, win: glm('logit', [-0.5, 1, -1, 0, 0]), value: glm('log', [0.2, -0.4, 0, 0, 0]) };
  const a = audit({ model });

  it('mean contribution differences, points on the rules\' scale, and verdicts (worked by hand)', () => {
    // win, "paid": fires L1–L4 at +1; the rest: 4 organic at −0.5 and 2 social at −1 → −4/6. Δ = 1 + 2/3 = 5/3.
    // win, "engaged": fires L1 L3 (+1), L5 L8 (−0.5), L10 (−1) → 0; the rest L2 L4 (+1), L6 L7 (−0.5), L9 (−1) → 0. Δ = 0.
    // Scale: |points| 20 + 10 over |Δ| 5/3 + 0 → 18 points per log-odds; "paid" implied 30, its 20 are within a factor 2: agrees.
    const [paid, engaged, email, tracked] = a.rules.map((r) => r.model!);
    expect(paid.win.delta).toBeCloseTo(5 / 3, 12);
    expect(paid.win.impliedPoints).toBeCloseTo(30, 10);
    expect(paid.win.verdict).toBe('agrees');
    expect(engaged.win.delta).toBeCloseTo(0, 12);
    expect(engaged.win.verdict).toBe('no clear effect');
    // value, "paid": fires at −0.4; the rest 4 × 0.2 / 6 = 0.1333 → Δ = −0.5333: the points say +, the model says −.
    expect(paid.value.delta).toBeCloseTo(-0.4 - 0.8 / 6, 12);
    expect(paid.value.impliedPoints).toBeCloseTo(-30, 10);
    expect(paid.value.verdict).toBe('opposite sign');
    expect(a.model).toEqual({ minEffect: 0.1, pointsPerLogOdds: expect.closeTo(18, 10), pointsPerLogValue: expect.closeTo(30 / (0.4 + 0.8 / 6), 10) });
    // rules that never fire or fire on all have no comparison
    expect(email.win).toEqual({ delta: NaN, impliedPoints: NaN, verdict: 'n/a' });
    expect(tracked.value.verdict).toBe('n/a');
    expect(a.notes.join('\n')).toMatch(/The model disagrees in sign with rule "paid" on value if won\./);
  });

  it('too large and too small: beyond a factor 2 of the implied points', () => {
    // Two rules on effects of the same size and opposite sign.
    const r = parseRuleSet({
      qualify: { minPoints: 10 },
      rules: [
        { name: 'paid', when: { feature: 'origin', in: ['paid'] }, points: 40 },
        { name: 'not paid', when: { feature: 'origin', notIn: ['paid'] }, points: -5 },
      ],
    });
    // win Δ of "paid" = 5/3, of "not paid" = −5/3 → scale 45 / (10/3) = 13.5 → implied +22.5 and −22.5.
    // 40 / 22.5 = 1.78 → agrees; 5 / 22.5 = 0.22 → too small.
    const b = auditRules(frame, r, { model, rng: createRng(1), resamples: 10 });
    expect(b.rules[0].model!.win.impliedPoints).toBeCloseTo(22.5, 10);
    expect(b.rules[0].model!.win.verdict).toBe('agrees');
    expect(b.rules[1].model!.win.verdict).toBe('too small');
    const c = auditRules(frame, parseRuleSet({ ...r, rules: [{ ...r.rules[0], points: 100 }, { ...r.rules[1], points: -1 }] }), { model, rng: createRng(1), resamples: 10 });
    // scale 101 / (10/3) = 30.3 → implied ±50.5: 100 is 1.98× (agrees), 1 is 0.02× (too small)
    expect(c.rules.map((x) => x.model!.win.verdict)).toEqual(['agrees', 'too small']);
    const d = auditRules(frame, parseRuleSet({ ...r, rules: [{ ...r.rules[0], points: 5 }, { ...r.rules[1], points: -100 }] }), { model, rng: createRng(1), resamples: 10 });
    // scale 105 / (10/3) = 31.5 → ±52.5: 5 is too small, 100 is 1.9× (agrees)
    expect(d.rules.map((x) => x.model!.win.verdict)).toEqual(['too small', 'agrees']);
    const e = auditRules(frame, parseRuleSet({ ...r, rules: [{ ...r.rules[0], points: 10 }, { ...r.rules[1], points: -1 }, { name: 'paid again', when: { feature: 'origin', in: ['paid'] }, points: 1 }] }), { model, rng: createRng(1), resamples: 10 });
    // |points| 12 over |Δ| 5 → scale 2.4 → implied ±4: 10 is 2.5× (too large); 1 is 0.25× (too small) twice
    expect(e.rules.map((x) => x.model!.win.verdict)).toEqual(['too large', 'too small', 'too small']);
  });

  it('boolean rule sets compare signs only', () => {
    const b = auditRules(frame, parseRuleSet({ qualify: { match: 'any' }, rules: [{ name: 'paid', when: { feature: 'origin', in: ['paid'] } }] }), { model, rng: createRng(1), resamples: 10 });
    expect(b.rules[0].model).toEqual({
      win: { delta: expect.closeTo(5 / 3, 12), impliedPoints: null, verdict: 'agrees' },
      value: { delta: expect.closeTo(-0.4 - 0.8 / 6, 12), impliedPoints: null, verdict: 'opposite sign' },
    });
    expect(b.model).toEqual({ minEffect: 0.1, pointsPerLogOdds: null, pointsPerLogValue: null });
  });
});

describe('auditTables', () => {
  it('groups, rules and agreement tables for display', () => {
    const t = auditTables(audit());
    expect(t.groups.numRows()).toBe(3);
    expect(t.groups.objects()[0]).toMatchObject({ group: 'qualified', leads: 4, won: 3, 'win rate': '75.0% [30.1, 95.4]', 'value/won': '50.00', 'share of value': '33.3%' });
    expect(t.rules.columnNames()).toEqual(['rule', 'points', 'condition', 'fires', 'fire rate', 'win rate fires / not', 'win lift', 'value/lead fires / not', 'value lift', 'flags']);
    expect(t.rules.objects()[2]).toMatchObject({ rule: 'email', fires: 0, 'win lift': '–', flags: 'never fires' });
    expect(t.agreement).toBeNull();
  });
});

describe('a lift with no estimate has no interval', () => {
  it('value lift of a rule firing on L8 (won, censored) and L9 (lost): estimate, low and high all NaN (were low 0, high 0)', () => {
    // Fires on L8 (pages 7) and L9 (pages 0): its one won lead has no known value, so value per lead when it fires is undefined.
    // Resamples that draw L9 without L8 have no won lead there (value per lead 0, lift 0): they gave the interval [0, 0].
    const late = parseRuleSet({ qualify: { match: 'any' }, rules: [{ name: 'late', when: { any: [{ feature: 'pages', gte: 7, lte: 7 }, { feature: 'pages', lte: 0 }] } }] });
    const r = auditRules(frame, late, { rng: createRng(7), resamples: 100 }).rules[0];
    expect(r.fires).toBe(2);
    expect(r.valueLift).toEqual({ estimate: NaN, low: NaN, high: NaN });
    expect(r.observed.value).toBe('n/a');
    expect(auditTables(auditRules(frame, late, { rng: createRng(7), resamples: 100 })).rules.objects()[0]).toMatchObject({ 'value lift': '–' });
  });
});

describe('the audit notes count in words (singular for exactly one)', () => {
  it('separates thousands in the notes\' money and counts: 300,000.00 → "300,000 in all"', () => {
    // The tiny history with every value × 1000: L5 alone brought 300,000 without qualifying; 1154 days → "1,154 days".
    const big = { ...frame, value: frame.value.map((v) => v * 1000) };
    const notes = auditRules(big, parseRuleSet({ ...TINY_RULES, updated: '2021-11-03' }), { rng: createRng(1), resamples: 10 }).notes.join('\n');
    expect(notes).toMatch(/Missed value: 1 lead the rules did not qualify brought value \(33\.3% of valuable leads\), 300,000 in all/);
    expect(notes).toMatch(/Criteria last updated 2021-11-03, 1,154 days before the data's end/); // 2021-11-03 … 2024-12-31: 58 + 365 + 365 + 366 (2024 is a leap year) = 1154 (by hand)
  });

  it('1 lead the rules did not qualify, 1 day before or after the data\'s end, reviews every 1 day', () => {
    // Only L5 (organic, 300) brought value without qualifying (the rules qualify L1–L4, the paid ones).
    const a = audit();
    expect(a.missed.count).toBe(1);
    expect(a.notes.join('\n')).toMatch(/Missed value: 1 lead the rules did not qualify brought value \(33\.3% of valuable leads\), 300\.00 in all/);
    // Updated 2024-12-30, one day before the data's end; 2025-01-01, one day after it (no lead was created since).
    const before = auditRules(frame, parseRuleSet({ ...TINY_RULES, updated: '2024-12-30' }), { rng: createRng(1), resamples: 10 });
    expect(before.notes.join('\n')).toMatch(/Criteria last updated 2024-12-30, 1 day before the data's end \(2024-12-31\)\./);
    const after = auditRules(frame, parseRuleSet({ ...TINY_RULES, updated: '2025-01-01' }), { rng: createRng(1), resamples: 10 });
    expect(after.notes.join('\n')).toMatch(/Criteria last updated 2025-01-01, 1 day after the data's end \(2024-12-31\): in the future relative to the data\./);
    const overdue = auditRules(frame, parseRuleSet({ ...TINY_RULES, updated: '2024-12-29' }), { rng: createRng(1), resamples: 10, reviewEveryDays: 1 });
    expect(overdue.notes.join('\n')).toMatch(/2 days before the data's end \(2024-12-31\): overdue for review \(reviews every 1 day\)\./);
  });
});
