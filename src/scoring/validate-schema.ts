import { LeadvalueError, shown } from '../core/errors.js';

/**
 * A small JSON Schema (draft 2020-12) validator for the production scorer:
 * zero dependencies, and only the keywords the model file schema uses
 * (src/scoring/model-file-schema.ts). A schema using any other keyword is
 * refused rather than half-checked, so this validator and a full one (Python's
 * `jsonschema`, ajv) cannot silently disagree on a verdict.
 * @module
 */

/** A JSON Schema: an object of keywords, or `true` / `false`. */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** The first way a value fails a schema: where (a JSON path such as `params.win.terms.x.values[3]`, `''` for the root) and what. */
export interface SchemaProblem {
  path: string;
  what: string;
  /** The offending value as shown in messages, or undefined when there is none (a missing field). */
  got?: string;
}

/** Keywords that only annotate (ignored when validating). */
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'examples', 'default', '$defs']);
/** Keywords this validator checks. */
const CHECKED = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'items', 'prefixItems', 'minItems', 'enum', 'const', 'pattern',
  'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'oneOf', 'anyOf', 'allOf', '$ref', 'if', 'then',
]);

type Schema = { readonly [keyword: string]: any };

/** One walker per root schema, so its caches (discriminators, compiled patterns) outlive a call. */
const walkers = new WeakMap<object, Walker>();

/**
 * Finds the first place a value fails a schema, walking the value in
 * document order.
 * @param schema - the root schema (its `$defs` are what `$ref: "#/$defs/name"` points to)
 * @param value - the parsed JSON value
 * @returns the first problem, or null when the value is valid
 * @throws Error when the schema uses a keyword this validator does not implement, or a `$ref` it cannot resolve (a bug in the schema, not in the value)
 * @example
 * schemaProblem({ type: 'object', properties: { n: { type: 'number' } } }, { n: 'x' });
 * // { path: 'n', what: 'expected a number', got: '"x"' }
 */
export function schemaProblem(schema: JsonSchema, value: unknown): SchemaProblem | null {
  const out: SchemaProblem[] = [];
  let walker = typeof schema === 'object' ? walkers.get(schema) : undefined;
  if (!walker) {
    walker = new Walker(schema);
    if (typeof schema === 'object') walkers.set(schema, walker);
  }
  walker.check(schema, value, '', out);
  return out[0] ?? null;
}

/**
 * Validates a value against a schema and throws on the first problem, in the
 * one message format: `<label>, field <path>: <what> (got X); <fix>`.
 * @param schema - the root schema
 * @param value - the parsed JSON value
 * @param label - what the value is, e.g. the file's path
 * @param fix - how to fix any problem, appended to the message
 * @throws LeadvalueError naming the JSON path, e.g. `m.json, field params.win.terms.origin.values[3]: expected a number (got "x"); re-export the model`
 * @example
 * validateSchema(MODEL_FILE_SCHEMA, JSON.parse(text), 'models/demo/1.3.0.json', 're-export the model');
 */
export function validateSchema(schema: JsonSchema, value: unknown, label: string, fix?: string): void {
  const problem = schemaProblem(schema, value);
  if (problem) throw new LeadvalueError(problem.path ? `${label}, field ${problem.path}` : label, problem.what, problem.got, fix);
}

class Walker {
  private readonly root: JsonSchema;
  /** Per oneOf/anyOf list: the property whose `const` tells the branches apart, or null. */
  private readonly discriminators = new WeakMap<object, { key: string; branches: Map<unknown, Schema> } | null>();
  private readonly patterns = new Map<string, RegExp>();
  /** Schema objects whose keywords were checked (each once: a table of numbers checks one item schema many times). */
  private readonly vetted = new WeakSet<object>();

  constructor(root: JsonSchema) {
    this.root = root;
  }

  /** True when valid; when invalid, pushes the first problem to `out` (null: only the verdict is wanted). */
  check(root: JsonSchema, value: unknown, path: string, out: SchemaProblem[] | null): boolean {
    if (root === true) return true;
    if (root === false) return fail(out, path, 'not allowed here', shown(value));
    const schema = root as Schema;
    if (!this.vetted.has(schema)) {
      for (const keyword of Object.keys(schema)) {
        if (!CHECKED.has(keyword) && !ANNOTATIONS.has(keyword)) throw new Error(`validateSchema: keyword "${keyword}" is not supported (at schema for ${path || 'the root'})`);
      }
      this.vetted.add(schema);
    }
    if (schema.$ref !== undefined && !this.check(this.resolve(schema.$ref), value, path, out)) return false;
    if (schema.type !== undefined && !hasType(value, schema.type)) return fail(out, path, `expected ${typeWords(schema.type)}`, shown(value));
    if (schema.const !== undefined && !equal(value, schema.const)) return fail(out, path, `expected ${JSON.stringify(schema.const)}`, shown(value));
    if (schema.enum !== undefined && !schema.enum.some((e: unknown) => equal(value, e))) {
      return fail(out, path, `expected one of ${schema.enum.map((e: unknown) => JSON.stringify(e)).join(', ')}`, shown(value));
    }
    if (typeof value === 'string' && !this.checkString(schema, value, path, out)) return false;
    if (typeof value === 'number' && !checkNumber(schema, value, path, out)) return false;
    if (Array.isArray(value) && !this.checkArray(schema, value, path, out)) return false;
    if (isObject(value) && !this.checkObject(schema, value, path, out)) return false;
    if (schema.allOf !== undefined && !schema.allOf.every((s: JsonSchema) => this.check(s, value, path, out))) return false;
    if (schema.anyOf !== undefined && !this.checkAlternatives(schema.anyOf, value, path, out, false)) return false;
    if (schema.oneOf !== undefined && !this.checkAlternatives(schema.oneOf, value, path, out, true)) return false;
    if (schema.if !== undefined && schema.then !== undefined && this.check(schema.if, value, path, null)) return this.check(schema.then, value, path, out);
    return true;
  }

  private resolve(ref: string): JsonSchema {
    const m = /^#\/\$defs\/([^/]+)$/.exec(ref);
    const target = m && typeof this.root === 'object' ? (this.root.$defs as Record<string, JsonSchema> | undefined)?.[m[1]] : undefined;
    if (target === undefined) throw new Error(`validateSchema: cannot resolve $ref ${JSON.stringify(ref)} (only "#/$defs/<name>" is supported)`);
    return target;
  }

  private checkString(schema: Schema, value: string, path: string, out: SchemaProblem[] | null): boolean {
    // Lengths count code points, as JSON Schema says (a character outside the BMP is one, not two UTF-16 units).
    const length = schema.minLength !== undefined || schema.maxLength !== undefined ? [...value].length : 0;
    if (schema.minLength !== undefined && length < schema.minLength) return fail(out, path, schema.minLength === 1 ? 'expected a non-empty text' : `expected at least ${schema.minLength} characters`, shown(value));
    if (schema.maxLength !== undefined && length > schema.maxLength) return fail(out, path, `expected at most ${schema.maxLength} character${schema.maxLength === 1 ? '' : 's'}`, shown(value));
    if (schema.pattern !== undefined) {
      let re = this.patterns.get(schema.pattern);
      if (!re) this.patterns.set(schema.pattern, (re = new RegExp(schema.pattern, 'u')));
      if (!re.test(value)) return fail(out, path, `expected a text matching /${schema.pattern}/`, shown(value));
    }
    return true;
  }

  private checkArray(schema: Schema, value: unknown[], path: string, out: SchemaProblem[] | null): boolean {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      return fail(out, path, `expected at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`, count(value.length));
    }
    const prefix: JsonSchema[] = schema.prefixItems ?? [];
    for (let i = 0; i < value.length; i++) {
      const item = i < prefix.length ? prefix[i] : schema.items;
      if (item === undefined) continue;
      if (item === false) return fail(out, path, `expected at most ${prefix.length} item${prefix.length === 1 ? '' : 's'}`, count(value.length));
      if (!this.check(item, value[i], `${path}[${i}]`, out)) return false;
    }
    return true;
  }

  private checkObject(schema: Schema, value: Record<string, unknown>, path: string, out: SchemaProblem[] | null): boolean {
    const properties: Record<string, JsonSchema> = schema.properties ?? {};
    for (const key of schema.required ?? []) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) return fail(out, join(path, key), 'missing');
    }
    for (const key of Object.keys(value)) {
      const own = Object.prototype.hasOwnProperty.call(properties, key);
      if (own) {
        if (!this.check(properties[key], value[key], join(path, key), out)) return false;
      } else if (schema.additionalProperties === false) {
        return fail(out, join(path, key), `unknown field; known fields here: ${Object.keys(properties).join(', ')}`);
      } else if (schema.additionalProperties !== undefined) {
        if (!this.check(schema.additionalProperties, value[key], join(path, key), out)) return false;
      }
    }
    return true;
  }

  /**
   * oneOf / anyOf. When every branch fixes one property with `const` (a
   * discriminator such as `kind`), the value is held to the branch its
   * property names, so a problem is reported deep inside it rather than as
   * "matches none". With distinct consts at most one branch can hold, so this
   * is the same verdict as trying them all.
   */
  private checkAlternatives(list: JsonSchema[], value: unknown, path: string, out: SchemaProblem[] | null, exactlyOne: boolean): boolean {
    const d = this.discriminator(list);
    if (d) {
      if (!isObject(value)) return fail(out, path, 'expected an object', shown(value));
      if (!Object.prototype.hasOwnProperty.call(value, d.key)) return fail(out, join(path, d.key), 'missing');
      const branch = [...d.branches].find(([c]) => equal(c, value[d.key]))?.[1];
      if (!branch) return fail(out, join(path, d.key), `unknown ${d.key}; expected one of ${[...d.branches.keys()].map((c) => JSON.stringify(c)).join(', ')}`, shown(value[d.key]));
      return this.check(branch, value, path, out);
    }
    const passing = list.filter((s) => this.check(s, value, path, null)).length;
    if (passing === 0) return fail(out, path, `expected ${list.map((s) => this.words(s)).join(' or ')}`, shown(value));
    if (exactlyOne && passing > 1) return fail(out, path, `matches ${passing} of the alternatives, where exactly one must`, shown(value));
    return true;
  }

  private discriminator(list: JsonSchema[]): { key: string; branches: Map<unknown, Schema> } | null {
    if (this.discriminators.has(list)) return this.discriminators.get(list)!;
    const branches = list.map((s) => (typeof s === 'object' && s.$ref !== undefined ? this.resolve(s.$ref as string) : s));
    let found: { key: string; branches: Map<unknown, Schema> } | null = null;
    const first = branches[0];
    if (typeof first === 'object' && first.properties) {
      for (const key of Object.keys(first.properties as object)) {
        const consts = branches.map((b) => (typeof b === 'object' ? (b.properties as Record<string, Schema> | undefined)?.[key]?.const : undefined));
        const required = branches.every((b) => typeof b === 'object' && (b.required as string[] | undefined)?.includes(key) && b.type === 'object');
        if (required && consts.every((c) => c !== undefined) && new Set(consts.map((c) => JSON.stringify(c))).size === consts.length) {
          found = { key, branches: new Map(consts.map((c, i) => [c, branches[i] as Schema])) };
          break;
        }
      }
    }
    this.discriminators.set(list, found);
    return found;
  }

  /** A few words for what an alternative accepts, for the message when none does. */
  private words(s: JsonSchema): string {
    if (typeof s !== 'object') return s ? 'anything' : 'nothing';
    if (s.$ref !== undefined) return this.words(this.resolve(s.$ref as string));
    if (s.const !== undefined) return JSON.stringify(s.const);
    if (s.enum !== undefined) return (s.enum as unknown[]).map((e) => JSON.stringify(e)).join(' or ');
    if (s.type !== undefined) return typeWords(s.type as string | string[]);
    return 'the alternative';
  }
}

function checkNumber(schema: Schema, value: number, path: string, out: SchemaProblem[] | null): boolean {
  if (schema.minimum !== undefined && !(value >= schema.minimum)) return fail(out, path, `expected a number ≥ ${schema.minimum}`, shown(value));
  if (schema.exclusiveMinimum !== undefined && !(value > schema.exclusiveMinimum)) return fail(out, path, `expected a number above ${schema.exclusiveMinimum}`, shown(value));
  if (schema.maximum !== undefined && !(value <= schema.maximum)) return fail(out, path, `expected a number ≤ ${schema.maximum}`, shown(value));
  if (schema.exclusiveMaximum !== undefined && !(value < schema.exclusiveMaximum)) return fail(out, path, `expected a number below ${schema.exclusiveMaximum}`, shown(value));
  return true;
}

/** Records a problem (unless only the verdict is wanted) and returns false. `got` is already shown. */
function fail(out: SchemaProblem[] | null, path: string, what: string, got?: string): false {
  if (out) out.push(got === undefined ? { path, what } : { path, what, got });
  return false;
}

function count(n: number): string {
  return `${n} item${n === 1 ? '' : 's'}`;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** JSON types. A number is a finite JavaScript number (JSON has no others); an integer one without a fraction. */
function hasType(value: unknown, type: string | string[]): boolean {
  if (Array.isArray(type)) return type.some((t) => hasType(value, t));
  switch (type) {
    case 'object': return isObject(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return Number.isInteger(value);
    case 'boolean': return typeof value === 'boolean';
    case 'null': return value === null;
    default: throw new Error(`validateSchema: unknown type ${JSON.stringify(type)}`);
  }
}

const TYPE_WORDS: Record<string, string> = {
  object: 'an object', array: 'a list', string: 'a text', number: 'a number', integer: 'a whole number', boolean: 'true or false', null: 'null',
};

function typeWords(type: string | string[]): string {
  return Array.isArray(type) ? type.map((t) => TYPE_WORDS[t]).join(' or ') : TYPE_WORDS[type];
}

/** JSON equality (for const and enum): same type and value, arrays and objects compared deeply. */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
