import { LeadvalueError, shown } from '../core/errors.js';
import { Warnings } from '../core/warn.js';
import type { LeadFrame } from '../join/build-lead-frame.js';
import type { RawFeature } from '../load/load-source.js';
import type { Condition, RuleSet } from './rule-set.js';

/** Which leads each rule fires on, their points, and who qualifies. */
export interface RuleMatches {
  /** One 0/1 array per rule (in the rule set's order), aligned with the frame's leads. */
  fires: Uint8Array[];
  /** Total points per lead (points rule sets); for boolean rule sets, the number of rules that fire. */
  points: Float64Array;
  /** 1 when the lead qualifies under the rule set. */
  qualified: Uint8Array;
}

/**
 * Applies a rule set to every lead of a frame.
 *
 * Features are looked up by name, then by source column (when exactly one
 * feature reads that column). A rule on a `deal`-stage feature is refused:
 * qualification happens before any deal, so such a field could not have been
 * known when the lead was qualified. A category level that never occurs in the
 * data is a warning (usually a typo; the rule then never fires on it).
 * @param rules - a validated rule set (readRuleSet / parseRuleSet)
 * @param frame - the lead frame
 * @param warnings - where unknown levels are reported
 * @throws LeadvalueError naming the rule and field: unknown feature, deal-stage feature, test not fitting the feature's kind
 * @example
 * const { qualified } = applyRules(readRuleSet('configs/rules/demo.json'), frame);
 */
export function applyRules(rules: RuleSet, frame: LeadFrame, warnings: Warnings = new Warnings()): RuleMatches {
  const n = frame.rows;
  const where = rules.file ?? rules.name;
  const fires = rules.rules.map((rule, k) => {
    const test = compile(rule.when, frame.features, `${where}, field rules[${k}].when`, rule.name, warnings);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = test(i) ? 1 : 0;
    return out;
  });
  const points = new Float64Array(n);
  const qualified = new Uint8Array(n);
  const q = rules.qualify;
  for (let i = 0; i < n; i++) {
    let total = 0, count = 0;
    rules.rules.forEach((rule, k) => {
      if (!fires[k][i]) return;
      count++;
      total += rule.points ?? 1;
    });
    points[i] = total;
    qualified[i] = 'minPoints' in q ? (total >= q.minPoints ? 1 : 0) : q.match === 'all' ? (count === rules.rules.length ? 1 : 0) : (count > 0 ? 1 : 0);
  }
  return { fires, points, qualified };
}

/**
 * Finds a frame feature by name, or by source column when exactly one
 * feature reads that column without deriving from it.
 */
export function findFeature(features: RawFeature[], name: string): RawFeature | undefined {
  const byName = features.find((f) => f.name === name);
  if (byName) return byName;
  const byColumn = features.filter((f) => f.column === name && !f.derive);
  return byColumn.length === 1 ? byColumn[0] : undefined;
}

type Test = (i: number) => boolean;

function compile(c: Condition, features: RawFeature[], where: string, rule: string, warnings: Warnings): Test {
  if ('all' in c) {
    const parts = c.all.map((x, j) => compile(x, features, `${where}.all[${j}]`, rule, warnings));
    return (i) => parts.every((t) => t(i));
  }
  if ('any' in c) {
    const parts = c.any.map((x, j) => compile(x, features, `${where}.any[${j}]`, rule, warnings));
    return (i) => parts.some((t) => t(i));
  }
  if ('not' in c) {
    const inner = compile(c.not, features, `${where}.not`, rule, warnings);
    return (i) => !inner(i);
  }
  const f = findFeature(features, c.feature);
  if (!f) {
    throw new LeadvalueError(`${where}.feature`, `rule ${JSON.stringify(rule)} names a feature the data does not have`, shown(c.feature),
      `declare it in the adapter config; features are ${features.map((x) => x.name).join(', ')}`);
  }
  if (f.stage === 'deal') {
    throw new LeadvalueError(`${where}.feature`,
      `rule ${JSON.stringify(rule)} uses ${f.name}, which is known only at the deal stage (recorded when a deal closed): a lead cannot have been qualified on it`,
      `stage "deal"`, 'qualification rules may use lead-stage features only');
  }
  if ('missing' in c) {
    const want = c.missing;
    if (f.kind === 'number') { const v = f.values; return (i) => Number.isNaN(v[i]) === want; }
    const codes = f.codes;
    return (i) => (codes[i] < 0) === want;
  }
  if ('in' in c || 'notIn' in c) {
    const key = 'in' in c ? 'in' : 'notIn';
    const list = 'in' in c ? c.in : c.notIn;
    const negate = key === 'notIn';
    if (f.kind === 'number') {
      list.forEach((v, j) => {
        if (typeof v !== 'number') throw new LeadvalueError(`${where}.${key}[${j}]`, `${f.name} is a number feature, so its values are numbers`, shown(v), `write ${JSON.stringify(Number(v))} without quotes, or use bounds (gte, lt)`);
      });
      const set = new Set(list as number[]);
      const v = f.values;
      return (i) => !Number.isNaN(v[i]) && set.has(v[i]) !== negate;
    }
    // Category levels are strings; a number in the list stands for its decimal text.
    const wanted = list.map(String);
    const levelSet = new Set(f.levels);
    for (const level of wanted) {
      if (!levelSet.has(level)) warnings.warn(`rule-unknown-level:${rule}:${level}`, `rule ${JSON.stringify(rule)}: ${f.name} is never ${JSON.stringify(level)} in the data (a typo, or a level no longer used); levels seen: ${f.levels.slice(0, 12).join(', ')}${f.levels.length > 12 ? ', …' : ''}`);
    }
    const hit = Uint8Array.from(f.levels, (level) => (wanted.includes(level) ? 1 : 0));
    const codes = f.codes;
    return (i) => codes[i] >= 0 && (hit[codes[i]] === 1) !== negate;
  }
  if (f.kind !== 'number') {
    throw new LeadvalueError(where, `${f.name} is a category feature; numeric bounds need a number feature`, shown(describeBounds(c)), `use "in": [...] with its levels (${f.levels.slice(0, 6).join(', ')}${f.levels.length > 6 ? ', …' : ''})`);
  }
  const { gte = -Infinity, gt, lte = Infinity, lt } = c;
  const v = f.values;
  return (i) => {
    const x = v[i];
    if (Number.isNaN(x)) return false;
    return x >= gte && (gt === undefined || x > gt) && x <= lte && (lt === undefined || x < lt);
  };
}

function describeBounds(c: { gte?: number; gt?: number; lte?: number; lt?: number }): string {
  return (['gte', 'gt', 'lte', 'lt'] as const).filter((k) => c[k] !== undefined).map((k) => `${k} ${c[k]}`).join(', ');
}
