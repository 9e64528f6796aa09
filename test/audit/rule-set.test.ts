import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyRules } from '../../src/audit/apply-rules.js';
import { describeCondition, parseRuleSet, readRuleSet } from '../../src/audit/rule-set.js';
import { LeadvalueError } from '../../src/core/errors.js';
import { tinyFrame } from './tiny-history.js';

const ROOT = new URL('../../', import.meta.url);
const rule = (extra: object = {}) => ({ name: 'paid', when: { feature: 'origin', in: ['paid'] }, points: 10, ...extra });
const set = (extra: object = {}) => ({ name: 'x', qualify: { minPoints: 10 }, rules: [rule()], ...extra });
/** Parses and expects a LeadvalueError whose message matches. */
const bad = (raw: unknown, message: RegExp) => {
  expect(() => parseRuleSet(raw, 'rules.json')).toThrow(LeadvalueError);
  expect(() => parseRuleSet(raw, 'rules.json')).toThrow(message);
};
const when = (w: unknown) => set({ rules: [rule({ when: w })] });

const dir = mkdtempSync(join(tmpdir(), 'leadvalue-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the example rule files', () => {
  it('configs/rules/olist-example.json and demo.json are valid and say they are examples', () => {
    for (const name of ['olist-example', 'demo']) {
      const r = readRuleSet(new URL(`configs/rules/${name}.json`, ROOT).pathname);
      expect(r.example).toBe(true);
      expect(r.description).toMatch(/EXAMPLE/);
      expect(r.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect('minPoints' in r.qualify).toBe(true);
    }
  });
});

describe('parseRuleSet: a valid rule set', () => {
  it('keeps metadata, notes and conditions; fields starting with $ are comments', () => {
    const r = parseRuleSet({ $comment: 'hi', name: 'mql', owner: 'ops', updated: '2024-01-31', example: true, qualify: { minPoints: 50 }, rules: [rule({ note: 'why', $why: 'x' })] });
    expect(r).toEqual({ name: 'mql', owner: 'ops', updated: '2024-01-31', example: true, qualify: { minPoints: 50 }, rules: [{ name: 'paid', when: { feature: 'origin', in: ['paid'] }, points: 10, note: 'why' }], file: 'rules' });
  });

  it('does not mutate its input', () => {
    const raw = set();
    const copy = JSON.parse(JSON.stringify(raw));
    parseRuleSet(raw);
    expect(raw).toEqual(copy);
  });

  it('describes conditions in words', () => {
    expect(describeCondition({ feature: 'employees', gte: 100, lt: 1000 })).toBe('employees ≥ 100 and < 1000');
    expect(describeCondition({ any: [{ feature: 'a', in: ['x', 'y'] }, { not: { feature: 'b', missing: true } }] })).toBe('a in [x, y] or not b missing');
    expect(describeCondition({ all: [{ feature: 'a', notIn: ['x'] }, { any: [{ feature: 'b', missing: false }, { feature: 'c', gt: 1 }] }] }))
      .toBe('a not in [x] and (b present or c > 1)');
  });
});

// One test per kind of bad input; every message names the file and the field.
describe('parseRuleSet: invalid rule files name the field', () => {
  it('not valid JSON', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "rules": [ }');
    expect(() => readRuleSet(path)).toThrow(/broken\.json: not valid JSON \(got .*\); fix the syntax/);
  });
  it('a file that cannot be read', () => {
    expect(() => readRuleSet(join(dir, 'absent.json'))).toThrow(/absent\.json: cannot read the rules file \(got ENOENT\)/);
  });
  it('not an object', () => bad([1, 2], /^rules\.json, field \(top\): not an object \(got \[1,2\]\)/));
  it('an unknown top-level field (a typo)', () => bad(set({ treshold: 50 }), /^rules\.json, field treshold: unknown field; known fields here are name, description/));
  it('updated is not a date', () => bad(set({ updated: 'last spring' }), /^rules\.json, field updated: not a date \(got "last spring"\); say when the criteria were last updated as YYYY-MM-DD/));
  it('updated is an impossible date', () => bad(set({ updated: '2024-02-31' }), /field updated: not a date \(got "2024-02-31"\)/));
  it('example is not a boolean', () => bad(set({ example: 'yes' }), /field example: not true or false \(got "yes"\)/));
  it('name is not a string', () => bad(set({ name: 7 }), /field name: not a non-empty string \(got 7\)/));
  it('qualify missing', () => bad({ rules: [rule()] }, /field qualify: missing; say when a lead qualifies/));
  it('qualify gives both minPoints and match', () => bad(set({ qualify: { minPoints: 1, match: 'all' } }), /field qualify: gives both minPoints and match/));
  it('qualify gives neither', () => bad(set({ qualify: {} }), /field qualify: says neither minPoints nor match/));
  it('minPoints is not a number', () => bad(set({ qualify: { minPoints: 'fifty' } }), /field qualify\.minPoints: not a number \(got "fifty"\)/));
  it('match is unknown', () => bad(set({ qualify: { match: 'most' } }), /field qualify\.match: unknown match \(got "most"\); use "all"/));
  it('an unknown field in qualify', () => bad(set({ qualify: { minPoint: 5 } }), /field qualify\.minPoint: unknown field/));
  it('rules is empty', () => bad(set({ rules: [] }), /field rules: not a non-empty list of rules \(got \[\]\)/));
  it('a rule is not an object', () => bad(set({ rules: ['paid'] }), /field rules\[0\]: not an object \(got "paid"\)/));
  it('a rule without a name', () => bad(set({ rules: [{ when: rule().when, points: 1 }] }), /field rules\[0\]\.name: missing; give each rule a short unique name/));
  it('duplicate rule names', () => bad(set({ rules: [rule(), rule()] }), /field rules\[1\]\.name: duplicate rule name \(got "paid"\); rules\[0\] has it too/));
  it('an unknown field in a rule (a typo)', () => bad(set({ rules: [{ name: 'a', when: rule().when, pionts: 1 }] }), /field rules\[0\]\.pionts: unknown field; known fields here are name, when, points, note/));
  it('points missing in a points rule set', () => bad(set({ rules: [rule(), { name: 'b', when: rule().when }] }), /field rules\[1\]\.points: missing; a points rule set \(qualify\.minPoints\) needs the points/));
  it('points not a number', () => bad(set({ rules: [rule({ points: '10' })] }), /field rules\[0\]\.points: not a number \(got "10"\)/));
  it('points in a boolean rule set', () => bad(set({ qualify: { match: 'all' } }), /field rules\[0\]\.points: a boolean rule set \(qualify\.match\) gives no points \(got 10\)/));
  it('note not a string', () => bad(set({ rules: [rule({ note: 3 })] }), /field rules\[0\]\.note: not a string \(got 3\)/));
  it('when missing', () => bad(set({ rules: [{ name: 'a', points: 1 }] }), /field rules\[0\]\.when: missing; give the condition/));
  it('a condition that is not an object', () => bad(when('origin = paid'), /field rules\[0\]\.when: not an object \(got "origin = paid"\)/));
  it('a condition without a feature', () => bad(when({ in: ['x'] }), /field rules\[0\]\.when\.feature: missing/));
  it('a condition without a test', () => bad(when({ feature: 'origin' }), /field rules\[0\]\.when: gives no test for feature "origin"/));
  it('a condition with two kinds of test', () => bad(when({ feature: 'x', in: [1], gte: 2 }), /field rules\[0\]\.when: gives more than one kind of test \(got "in, gte"\)/));
  it('an unknown test', () => bad(when({ feature: 'x', equals: 1 }), /field rules\[0\]\.when\.equals: unknown field; a feature test takes/));
  it('in is an empty list', () => bad(when({ feature: 'x', in: [] }), /field rules\[0\]\.when\.in: not a non-empty list of values/));
  it('in holds something other than strings and numbers', () => bad(when({ feature: 'x', notIn: ['a', { b: 1 }] }), /field rules\[0\]\.when\.notIn\[1\]: not a string or a number \(got \{"b":1\}\)/));
  it('a bound is not a number', () => bad(when({ feature: 'x', gte: 'ten' }), /field rules\[0\]\.when\.gte: not a number \(got "ten"\)/));
  it('two lower bounds', () => bad(when({ feature: 'x', gte: 1, gt: 2 }), /field rules\[0\]\.when: gives both gte and gt/));
  it('bounds no value can meet', () => bad(when({ feature: 'x', gte: 10, lt: 10 }), /field rules\[0\]\.when: bounds that no value can meet \(got "gte 10, lt 10"\)/));
  it('missing is not a boolean', () => bad(when({ feature: 'x', missing: 'yes' }), /field rules\[0\]\.when\.missing: not true or false/));
  it('all is empty', () => bad(when({ all: [] }), /field rules\[0\]\.when\.all: not a non-empty list of conditions/));
  it('a combinator mixed with a test', () => bad(when({ any: [{ feature: 'x', missing: true }], feature: 'y' }), /field rules\[0\]\.when: mixes any with other fields/));
  it('an error deep inside combinators names its path', () => bad(when({ any: [{ feature: 'x', missing: true }, { not: { feature: 'y', lt: 'z' } }] }), /field rules\[0\]\.when\.any\[1\]\.not\.lt: not a number/));
});

describe('applyRules: rules that do not fit the data name the field', () => {
  const frame = tinyFrame();
  const apply = (w: unknown) => applyRules(parseRuleSet(when(w), 'rules.json'), frame);
  it('an unknown feature', () => {
    expect(() => apply({ feature: 'orign', in: ['paid'] })).toThrow(/^rules\.json, field rules\[0\]\.when\.feature: rule "paid" names a feature the data does not have \(got "orign"\); declare it in the adapter config; features are origin, pages, plan/);
  });
  it('a deal-stage feature (leakage: qualification happens before the deal)', () => {
    expect(() => apply({ feature: 'plan', in: ['pro'] })).toThrow(/field rules\[0\]\.when\.feature: rule "paid" uses plan, which is known only at the deal stage .* \(got stage "deal"\); qualification rules may use lead-stage features only/);
  });
  it('numeric bounds on a category feature', () => {
    expect(() => apply({ feature: 'origin', gte: 3 })).toThrow(/field rules\[0\]\.when: origin is a category feature; numeric bounds need a number feature \(got "gte 3"\); use "in"/);
  });
  it('a text value for a number feature', () => {
    expect(() => apply({ all: [{ feature: 'origin', in: ['paid'] }, { feature: 'pages', in: [1, '5'] }] })).toThrow(/field rules\[0\]\.when\.all\[1\]\.in\[1\]: pages is a number feature, so its values are numbers \(got "5"\); write 5 without quotes/);
  });
});
