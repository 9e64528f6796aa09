import { parseDate } from '../core/dates.js';
import { readJsonFile } from '../core/read-json-file.js';
import { LeadvalueError, shown } from '../core/errors.js';

/**
 * A condition on one lead. Feature tests name a feature of the lead frame
 * (its name in the adapter config, or its source column) and give exactly one test:
 *
 * - `{ "feature": "origin", "in": ["paid_search", "organic_search"] }` — a category level in the list
 *   (numbers for a number feature: `{ "feature": "demo_requested", "in": [1] }`);
 * - `{ "feature": "origin", "notIn": ["email"] }` — present and not in the list;
 * - `{ "feature": "employees", "gte": 100, "lt": 1000 }` — numeric bounds (`gte`, `gt`, `lte`, `lt`; any of them, combined by AND);
 * - `{ "feature": "job_level", "missing": true }` — the value is missing (`false`: present).
 *
 * A missing value never matches `in`, `notIn` or bounds: only `missing: true` matches it.
 * Conditions combine with `{ "all": [...] }`, `{ "any": [...] }` and `{ "not": {...} }`.
 */
export type Condition =
  | { feature: string; in: (string | number)[] }
  | { feature: string; notIn: (string | number)[] }
  | { feature: string; gte?: number; gt?: number; lte?: number; lt?: number }
  | { feature: string; missing: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** One qualification rule: a condition, the points it gives (points rule sets), and a note. */
export interface Rule {
  /** Short unique name, shown in every report. */
  name: string;
  when: Condition;
  /** Points added when the condition holds (points rule sets only; may be negative). */
  points?: number;
  /** Why the rule exists, who asked for it: free text. */
  note?: string;
}

/**
 * Today's qualification rules as data. Either points-based (each rule that
 * fires adds its points; a lead qualifies when its total reaches
 * `qualify.minPoints`) or boolean (a lead qualifies when `all` or `any` of the
 * rules fire).
 */
export interface RuleSet {
  name: string;
  description?: string;
  /** Who owns the criteria (a team or a person). */
  owner?: string;
  /** When the criteria were last updated, YYYY-MM-DD. */
  updated?: string;
  /** True for an illustrative rule set, not a company's real one: every report says so. */
  example?: boolean;
  qualify: { minPoints: number } | { match: 'all' | 'any' };
  rules: Rule[];
  /** The file it was read from (or the label given to parseRuleSet): errors about the rules name it. */
  file?: string;
}

const TOP_FIELDS = ['name', 'description', 'owner', 'updated', 'example', 'qualify', 'rules'];
const RULE_FIELDS = ['name', 'when', 'points', 'note'];
const TESTS = ['in', 'notIn', 'missing'];
const BOUNDS = ['gte', 'gt', 'lte', 'lt'] as const;

/**
 * Reads and validates a rule set from a JSON file.
 * @param path - the rules file
 * @returns the validated rule set (with `file` set)
 * @throws LeadvalueError naming the file and the field that is wrong
 * @example
 * const rules = readRuleSet('configs/rules/demo.json');
 */
export function readRuleSet(path: string): RuleSet {
  return parseRuleSet(readJsonFile(path, 'rules file'), path);
}

/**
 * Validates a rule set given as a plain object (the parsed JSON). Unknown
 * fields are errors (a typo such as `"pionts"` must not silently drop a
 * rule's points); fields starting with `$` (e.g. `"$comment"`) are ignored.
 * Whether the features exist in the data is checked when the rules are applied.
 * @param raw - the parsed JSON
 * @param where - name of the source, for messages (a file path)
 * @returns a validated copy; the input is not mutated
 * @throws LeadvalueError naming the field that is wrong: `rules.json, field rules[2].when.gte: not a number (got "ten"); …`
 */
export function parseRuleSet(raw: unknown, where = 'rules'): RuleSet {
  const at = (field: string) => `${where}, field ${field}`;
  const obj = expectObject(raw, at('(top)'), 'a rule set is a JSON object with "qualify" and "rules"');
  // `file` is what parseRuleSet itself adds: a parsed rule set parses again.
  checkFields(obj, typeof obj.file === 'string' ? [...TOP_FIELDS, 'file'] : TOP_FIELDS, at);
  const name = obj.name === undefined ? 'rules' : expectText(obj.name, at('name'));
  const description = optionalText(obj.description, at('description'));
  const owner = optionalText(obj.owner, at('owner'));
  let updated: string | undefined;
  if (obj.updated !== undefined) {
    if (typeof obj.updated !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(obj.updated) || Number.isNaN(parseDate(obj.updated))) {
      throw new LeadvalueError(at('updated'), 'not a date', shown(obj.updated), 'say when the criteria were last updated as YYYY-MM-DD');
    }
    updated = obj.updated;
  }
  if (obj.example !== undefined && typeof obj.example !== 'boolean') throw new LeadvalueError(at('example'), 'not true or false', shown(obj.example));
  const example = obj.example === true ? true : undefined;

  if (obj.qualify === undefined) {
    throw new LeadvalueError(at('qualify'), 'missing', undefined, 'say when a lead qualifies: { "minPoints": 50 } for points rules, or { "match": "all" } / { "match": "any" } for boolean rules');
  }
  const q = expectObject(obj.qualify, at('qualify'), 'use { "minPoints": 50 } or { "match": "all" }');
  checkFields(q, ['minPoints', 'match'], (f) => at(`qualify.${f}`));
  let qualify: RuleSet['qualify'];
  if (q.minPoints !== undefined && q.match !== undefined) {
    throw new LeadvalueError(at('qualify'), 'gives both minPoints and match', undefined, 'a rule set is either points-based (minPoints) or boolean (match)');
  } else if (q.minPoints !== undefined) {
    if (typeof q.minPoints !== 'number' || !Number.isFinite(q.minPoints)) throw new LeadvalueError(at('qualify.minPoints'), 'not a number', shown(q.minPoints), 'e.g. 50: a lead qualifies when its points reach 50');
    qualify = { minPoints: q.minPoints };
  } else if (q.match !== undefined) {
    if (q.match !== 'all' && q.match !== 'any') throw new LeadvalueError(at('qualify.match'), 'unknown match', shown(q.match), 'use "all" (every rule must fire) or "any" (one is enough)');
    qualify = { match: q.match };
  } else {
    throw new LeadvalueError(at('qualify'), 'says neither minPoints nor match', shown(q), 'use { "minPoints": 50 } or { "match": "all" }');
  }
  const byPoints = 'minPoints' in qualify;

  if (!Array.isArray(obj.rules) || obj.rules.length === 0) {
    throw new LeadvalueError(at('rules'), 'not a non-empty list of rules', shown(obj.rules), 'e.g. [{ "name": "paid search", "when": { "feature": "origin", "in": ["paid_search"] }, "points": 10 }]');
  }
  const seen = new Map<string, number>();
  const rules = obj.rules.map((r: unknown, k: number): Rule => {
    const f = (field: string) => at(`rules[${k}].${field}`);
    const ro = expectObject(r, at(`rules[${k}]`), 'a rule is { "name", "when", "points" }');
    checkFields(ro, RULE_FIELDS, f);
    const ruleName = expectText(ro.name, f('name'), 'give each rule a short unique name');
    const first = seen.get(ruleName);
    if (first !== undefined) throw new LeadvalueError(f('name'), 'duplicate rule name', shown(ruleName), `rules[${first}] has it too; names must be unique`);
    seen.set(ruleName, k);
    if (ro.when === undefined) throw new LeadvalueError(f('when'), 'missing', undefined, 'give the condition, e.g. { "feature": "origin", "in": ["paid_search"] }');
    const when = parseCondition(ro.when, f('when'));
    const rule: Rule = { name: ruleName, when };
    if (byPoints) {
      if (typeof ro.points !== 'number' || !Number.isFinite(ro.points)) {
        throw new LeadvalueError(f('points'), ro.points === undefined ? 'missing' : 'not a number', ro.points === undefined ? undefined : shown(ro.points), 'a points rule set (qualify.minPoints) needs the points each rule adds, e.g. 10 or -5');
      }
      rule.points = ro.points;
    } else if (ro.points !== undefined) {
      throw new LeadvalueError(f('points'), 'a boolean rule set (qualify.match) gives no points', shown(ro.points), 'remove "points", or use qualify.minPoints');
    }
    const note = optionalText(ro.note, f('note'));
    if (note !== undefined) rule.note = note;
    return rule;
  });
  const out: RuleSet = { name, qualify, rules, file: where };
  if (description !== undefined) out.description = description;
  if (owner !== undefined) out.owner = owner;
  if (updated !== undefined) out.updated = updated;
  if (example) out.example = true;
  return out;
}

function parseCondition(raw: unknown, where: string): Condition {
  const help = 'a condition is { "feature": "origin", "in": [...] }, numeric bounds (gte, gt, lte, lt), { "feature": …, "missing": true }, or { "all" | "any": [...] } / { "not": {...} }';
  const c = expectObject(raw, where, help);
  const keys = Object.keys(c).filter((k) => !k.startsWith('$'));
  const combinators = keys.filter((k) => k === 'all' || k === 'any' || k === 'not');
  if (combinators.length > 0) {
    if (keys.length > 1) throw new LeadvalueError(where, `mixes ${combinators[0]} with other fields`, shown(keys.join(', ')), `put the other tests inside ${combinators[0]}`);
    const k = combinators[0] as 'all' | 'any' | 'not';
    if (k === 'not') return { not: parseCondition(c.not, `${where}.not`) };
    const list = c[k];
    if (!Array.isArray(list) || list.length === 0) throw new LeadvalueError(`${where}.${k}`, 'not a non-empty list of conditions', shown(list));
    const parts = list.map((x, i) => parseCondition(x, `${where}.${k}[${i}]`));
    return k === 'all' ? { all: parts } : { any: parts };
  }
  if (c.feature === undefined) throw new LeadvalueError(`${where}.feature`, 'missing', undefined, help);
  const feature = expectText(c.feature, `${where}.feature`, 'name a feature of the adapter config (or its source column)');
  for (const k of keys) {
    if (k !== 'feature' && !TESTS.includes(k) && !(BOUNDS as readonly string[]).includes(k)) {
      throw new LeadvalueError(`${where}.${k}`, 'unknown field', undefined, `a feature test takes feature and one of in, notIn, missing, or bounds gte, gt, lte, lt`);
    }
  }
  const tests = keys.filter((k) => k !== 'feature');
  const kinds = new Set(tests.map((k) => ((BOUNDS as readonly string[]).includes(k) ? 'bounds' : k)));
  if (kinds.size === 0) throw new LeadvalueError(where, `gives no test for feature ${JSON.stringify(feature)}`, undefined, 'add one of in, notIn, missing, or bounds gte, gt, lte, lt');
  if (kinds.size > 1) throw new LeadvalueError(where, 'gives more than one kind of test', shown(tests.join(', ')), 'give one (in, notIn, missing, or bounds); combine several with { "all": [...] }');
  if (kinds.has('in') || kinds.has('notIn')) {
    const k = tests[0] as 'in' | 'notIn';
    const list = c[k];
    if (!Array.isArray(list) || list.length === 0) throw new LeadvalueError(`${where}.${k}`, 'not a non-empty list of values', shown(list), 'e.g. ["paid_search", "organic_search"]');
    list.forEach((v, i) => {
      if (typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v))) throw new LeadvalueError(`${where}.${k}[${i}]`, 'not a string or a number', shown(v));
    });
    const values = list.slice() as (string | number)[];
    return k === 'in' ? { feature, in: values } : { feature, notIn: values };
  }
  if (kinds.has('missing')) {
    if (typeof c.missing !== 'boolean') throw new LeadvalueError(`${where}.missing`, 'not true or false', shown(c.missing), 'true matches leads where the value is missing, false where it is present');
    return { feature, missing: c.missing };
  }
  const bounds: { feature: string; gte?: number; gt?: number; lte?: number; lt?: number } = { feature };
  for (const k of BOUNDS) {
    if (c[k] === undefined) continue;
    if (typeof c[k] !== 'number' || !Number.isFinite(c[k])) throw new LeadvalueError(`${where}.${k}`, 'not a number', shown(c[k]), 'numeric bounds take plain numbers, e.g. 100');
    bounds[k] = c[k] as number;
  }
  if (bounds.gte !== undefined && bounds.gt !== undefined) throw new LeadvalueError(where, 'gives both gte and gt', undefined, 'keep one lower bound');
  if (bounds.lte !== undefined && bounds.lt !== undefined) throw new LeadvalueError(where, 'gives both lte and lt', undefined, 'keep one upper bound');
  const lower = bounds.gte ?? bounds.gt, upper = bounds.lte ?? bounds.lt;
  if (lower !== undefined && upper !== undefined && (lower > upper || (lower === upper && (bounds.gt !== undefined || bounds.lt !== undefined)))) {
    throw new LeadvalueError(where, 'bounds that no value can meet', shown(tests.map((k) => `${k} ${c[k]}`).join(', ')), 'the lower bound must be below the upper one');
  }
  return bounds;
}

/**
 * Describes a condition in words, for reports: `origin in [paid_search]`,
 * `employees ≥ 100 and < 1000`, `job_level missing`.
 */
export function describeCondition(c: Condition): string {
  if ('all' in c) return c.all.map((x) => wrap(x)).join(' and ');
  if ('any' in c) return c.any.map((x) => wrap(x)).join(' or ');
  if ('not' in c) return `not ${wrap(c.not)}`;
  if ('in' in c) return `${c.feature} ${c.in.length === 1 ? '= ' + c.in[0] : 'in [' + c.in.join(', ') + ']'}`;
  if ('notIn' in c) return `${c.feature} not in [${c.notIn.join(', ')}]`;
  if ('missing' in c) return `${c.feature} ${c.missing ? 'missing' : 'present'}`;
  const parts: string[] = [];
  if (c.gte !== undefined) parts.push(`≥ ${c.gte}`);
  if (c.gt !== undefined) parts.push(`> ${c.gt}`);
  if (c.lte !== undefined) parts.push(`≤ ${c.lte}`);
  if (c.lt !== undefined) parts.push(`< ${c.lt}`);
  return `${c.feature} ${parts.join(' and ')}`;
}

/** The features a condition reads, in order of first use. */
export function conditionFeatures(c: Condition): string[] {
  const out: string[] = [];
  const walk = (x: Condition) => {
    if ('all' in x) x.all.forEach(walk);
    else if ('any' in x) x.any.forEach(walk);
    else if ('not' in x) walk(x.not);
    else if (!out.includes(x.feature)) out.push(x.feature);
  };
  walk(c);
  return out;
}

function wrap(c: Condition): string {
  const text = describeCondition(c);
  return 'all' in c || 'any' in c ? `(${text})` : text;
}

function expectObject(raw: unknown, where: string, help: string): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new LeadvalueError(where, 'not an object', shown(raw), help);
  return raw as Record<string, unknown>;
}

function expectText(raw: unknown, where: string, help?: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new LeadvalueError(where, raw === undefined ? 'missing' : 'not a non-empty string', raw === undefined ? undefined : shown(raw), help);
  return raw;
}

function optionalText(raw: unknown, where: string): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new LeadvalueError(where, 'not a string', shown(raw));
  return raw;
}

function checkFields(obj: Record<string, unknown>, known: string[], at: (field: string) => string): void {
  for (const k of Object.keys(obj)) {
    if (k.startsWith('$') || known.includes(k)) continue;
    throw new LeadvalueError(at(k), 'unknown field', undefined, `known fields here are ${known.join(', ')} (fields starting with $ are comments)`);
  }
}
