// The scorer's small JSON Schema validator (src/scoring/validate-schema.ts), keyword
// by keyword. Expected verdicts follow the draft 2020-12 specification (json-schema.org,
// "JSON Schema Validation"); test/scoring/model-schema-python.test.ts checks the
// verdicts on whole model files against Python's jsonschema.
import { describe, expect, it } from 'vitest';
import { schemaProblem, validateSchema, type JsonSchema } from '../../src/scoring/validate-schema.js';

const problem = (schema: JsonSchema, value: unknown) => schemaProblem(schema, value);

describe('types', () => {
  it.each([
    ['number', 1.5, true], ['number', '1', false], ['number', NaN, false], ['number', Infinity, false], ['number', true, false],
    ['integer', 3, true], ['integer', 3.5, false], ['integer', 1e300, true],
    ['string', '', true], ['string', 1, false],
    ['object', {}, true], ['object', [], false], ['object', null, false],
    ['array', [], true], ['array', {}, false],
    ['boolean', false, true], ['boolean', 0, false],
    ['null', null, true], ['null', undefined, false],
  ] as const)('%s accepts %s: %s', (type, value, ok) => {
    expect(problem({ type }, value) === null).toBe(ok);
  });

  it('a list of types accepts any of them, and the message lists them', () => {
    expect(problem({ type: ['array', 'null'] }, null)).toBeNull();
    expect(problem({ type: ['array', 'null'] }, 3)).toEqual({ path: '', what: 'expected a list or null', got: '3' });
  });

  it('a JSON number is finite: NaN in an in-memory object is refused, as JSON cannot hold it', () => {
    expect(problem({ type: 'number' }, NaN)).toEqual({ path: '', what: 'expected a number', got: 'NaN' });
  });
});

describe('objects', () => {
  const schema: JsonSchema = {
    type: 'object', required: ['a', 'b'], additionalProperties: false,
    properties: { a: { type: 'number' }, b: { type: 'object', properties: { c: { type: 'string' } } } },
  };

  it('required: the missing field, by path', () => {
    expect(problem(schema, { a: 1 })).toEqual({ path: 'b', what: 'missing' });
  });

  it('additionalProperties false: the unknown field and the known ones', () => {
    expect(problem(schema, { a: 1, b: {}, z: 2 })).toEqual({ path: 'z', what: 'unknown field; known fields here: a, b' });
  });

  it('additionalProperties as a schema applies to the fields not named in properties', () => {
    const map: JsonSchema = { type: 'object', properties: { n: { type: 'string' } }, additionalProperties: { type: 'number' } };
    expect(problem(map, { n: 'x', x: 1, y: 2 })).toBeNull();
    expect(problem(map, { n: 'x', x: 1, y: 'two' })).toEqual({ path: 'y', what: 'expected a number', got: '"two"' });
  });

  it('nested paths use dots for fields and brackets for items', () => {
    expect(problem(schema, { a: 1, b: { c: 7 } })).toEqual({ path: 'b.c', what: 'expected a text', got: '7' });
    const deep: JsonSchema = { type: 'object', properties: { list: { type: 'array', items: { type: 'object', properties: { v: { type: 'array', items: { type: 'number' } } } } } } };
    expect(problem(deep, { list: [{ v: [1] }, { v: [1, 2, 3, 'x'] }] })?.path).toBe('list[1].v[3]');
  });

  it('the first problem in document order is reported', () => {
    const s: JsonSchema = { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } };
    expect(problem(s, { b: 'x', a: 'y' })?.path).toBe('b');
  });

  it('object keywords do not apply to other types (as the specification says)', () => {
    expect(problem({ required: ['a'], properties: { a: { type: 'number' } } }, [1, 2])).toBeNull();
    expect(problem({ required: ['a'] }, 'text')).toBeNull();
  });
});

describe('arrays', () => {
  it('items applies to every item; minItems counts', () => {
    expect(problem({ type: 'array', items: { type: 'number' }, minItems: 2 }, [1])).toEqual({ path: '', what: 'expected at least 2 items', got: '1 item' });
    expect(problem({ type: 'array', items: { type: 'number' } }, [1, 2, null])).toEqual({ path: '[2]', what: 'expected a number', got: 'null' });
  });

  it('prefixItems with items false: a fixed tuple', () => {
    const pair: JsonSchema = { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false, minItems: 2 };
    expect(problem(pair, ['a', 1])).toBeNull();
    expect(problem(pair, ['a', 'b'])).toEqual({ path: '[1]', what: 'expected a number', got: '"b"' });
    expect(problem(pair, ['a', 1, 2])).toEqual({ path: '', what: 'expected at most 2 items', got: '3 items' });
    expect(problem(pair, ['a'])).toEqual({ path: '', what: 'expected at least 2 items', got: '1 item' });
  });
});

describe('strings and numbers', () => {
  it('pattern (unanchored unless the pattern anchors it, as ECMA-262 and Python re.search)', () => {
    expect(problem({ pattern: 'b' }, 'abc')).toBeNull();
    expect(problem({ pattern: '^[0-9a-f]{4}$' }, 'abcg')).toEqual({ path: '', what: 'expected a text matching /^[0-9a-f]{4}$/', got: '"abcg"' });
    expect(problem({ pattern: '^x$' }, 5)).toBeNull();
  });

  it('minLength and maxLength count characters (code points), not UTF-16 units', () => {
    expect(problem({ maxLength: 1 }, '😀')).toBeNull();
    expect(problem({ maxLength: 1 }, 'ab')).toEqual({ path: '', what: 'expected at most 1 character', got: '"ab"' });
    expect(problem({ minLength: 1 }, '')).toEqual({ path: '', what: 'expected a non-empty text', got: '""' });
  });

  it('minimum, exclusiveMinimum, maximum', () => {
    expect(problem({ minimum: 0 }, 0)).toBeNull();
    expect(problem({ minimum: 0 }, -0.5)).toEqual({ path: '', what: 'expected a number ≥ 0', got: '-0.5' });
    expect(problem({ exclusiveMinimum: 0 }, 0)).toEqual({ path: '', what: 'expected a number above 0', got: '0' });
    expect(problem({ maximum: 1 }, 1.0000001)).toEqual({ path: '', what: 'expected a number ≤ 1', got: '1.0000001' });
    expect(problem({ minimum: 0 }, 'x')).toBeNull();
  });

  it('const and enum compare JSON values (deeply; 1 is not "1")', () => {
    expect(problem({ const: 'a' }, 'b')).toEqual({ path: '', what: 'expected "a"', got: '"b"' });
    expect(problem({ enum: [1, 'two'] }, '1')).toEqual({ path: '', what: 'expected one of 1, "two"', got: '"1"' });
    expect(problem({ const: [1, { a: 2 }] }, [1, { a: 2 }])).toBeNull();
    expect(problem({ const: [1, { a: 2 }] }, [1, { a: 3 }])).not.toBeNull();
  });
});

describe('combinators and references', () => {
  const root: JsonSchema = {
    $defs: {
      circle: { type: 'object', required: ['kind', 'r'], additionalProperties: false, properties: { kind: { const: 'circle' }, r: { type: 'number', minimum: 0 } } },
      square: { type: 'object', required: ['kind', 'side'], additionalProperties: false, properties: { kind: { const: 'square' }, side: { type: 'number' } } },
    },
    type: 'array', items: { oneOf: [{ $ref: '#/$defs/circle' }, { $ref: '#/$defs/square' }] },
  };

  it('oneOf with a const discriminator: the problem is reported inside the branch the kind names', () => {
    expect(problem(root, [{ kind: 'circle', r: 1 }, { kind: 'square', side: 2 }])).toBeNull();
    expect(problem(root, [{ kind: 'circle', r: 1 }, { kind: 'square', side: 'x' }])).toEqual({ path: '[1].side', what: 'expected a number', got: '"x"' });
    expect(problem(root, [{ kind: 'circle', r: -1 }])).toEqual({ path: '[0].r', what: 'expected a number ≥ 0', got: '-1' });
  });

  it('oneOf with a const discriminator: an unknown or missing kind, and a value that is not an object', () => {
    expect(problem(root, [{ kind: 'oval', r: 1 }])).toEqual({ path: '[0].kind', what: 'unknown kind; expected one of "circle", "square"', got: '"oval"' });
    expect(problem(root, [{ r: 1 }])).toEqual({ path: '[0].kind', what: 'missing' });
    expect(problem(root, [3])).toEqual({ path: '[0]', what: 'expected an object', got: '3' });
  });

  it('oneOf without a discriminator: exactly one branch must hold', () => {
    const s: JsonSchema = { oneOf: [{ type: 'number' }, { type: 'integer' }] };
    expect(problem(s, 1.5)).toBeNull();
    expect(problem(s, 2)).toEqual({ path: '', what: 'matches 2 of the alternatives, where exactly one must', got: '2' });
    expect(problem(s, 'x')).toEqual({ path: '', what: 'expected a number or a whole number', got: '"x"' });
  });

  it('anyOf: at least one branch', () => {
    const s: JsonSchema = { anyOf: [{ type: 'number' }, { enum: ['NaN', 'Infinity'] }] };
    expect(problem(s, 2)).toBeNull();
    expect(problem(s, 'NaN')).toBeNull();
    expect(problem(s, 'nan')).toEqual({ path: '', what: 'expected a number or "NaN" or "Infinity"', got: '"nan"' });
  });

  it('allOf and if/then: then applies only where if holds', () => {
    const s: JsonSchema = {
      type: 'object',
      allOf: [{ if: { properties: { v: { pattern: '^2' } } }, then: { required: ['extra'] } }],
    };
    expect(problem(s, { v: '1.0' })).toBeNull();
    expect(problem(s, { v: '2.0' })).toEqual({ path: 'extra', what: 'missing' });
    expect(problem(s, { v: '2.0', extra: 1 })).toBeNull();
  });

  it('boolean schemas: true accepts anything, false nothing', () => {
    expect(problem(true, { any: 1 })).toBeNull();
    expect(problem({ type: 'object', properties: { no: false } }, { no: 1 })).toEqual({ path: 'no', what: 'not allowed here', got: '1' });
  });
});

describe('the schema itself', () => {
  it('a keyword this validator does not implement is an error, not silently skipped', () => {
    expect(() => problem({ type: 'array', uniqueItems: true }, [1, 1])).toThrow(/^validateSchema: keyword "uniqueItems" is not supported/);
    expect(() => problem({ properties: { a: { format: 'date' } } }, { a: 'x' })).toThrow(/keyword "format" is not supported \(at schema for a\)/);
  });

  it('a $ref other than #/$defs/<name>, or to a missing definition, is an error', () => {
    expect(() => problem({ $ref: '#/$defs/nope', $defs: {} }, 1)).toThrow(/cannot resolve \$ref "#\/\$defs\/nope"/);
    expect(() => problem({ $ref: 'other.json' }, 1)).toThrow(/cannot resolve \$ref "other\.json"/);
  });

  it('annotations (title, description, $schema, $comment, examples, default) are ignored', () => {
    expect(problem({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 't', description: 'd', $comment: 'c', examples: [1], default: 1, type: 'number' }, 2)).toBeNull();
  });
});

describe('validateSchema', () => {
  it('throws a LeadvalueError in the one message format, naming the label and the JSON path', () => {
    const s: JsonSchema = { type: 'object', properties: { params: { type: 'object', properties: { values: { type: 'array', items: { type: 'number' } } } } } };
    expect(() => validateSchema(s, { params: { values: [1, 2, 3, 'x'] } }, 'm.json', 're-export the model'))
      .toThrow(/^m\.json, field params\.values\[3\]: expected a number \(got "x"\); re-export the model$/);
    expect(() => validateSchema(s, [], 'm.json')).toThrow(/^m\.json: expected an object \(got \[\]\)$/);
    expect(() => validateSchema(s, { params: {} }, 'm.json')).not.toThrow();
  });
});
