import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256 } from '../../src/core/canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    const value = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } };
    expect(canonicalJson(value)).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('spells out non-finite numbers and writes -0 as 0', () => {
    expect(canonicalJson({ n: NaN, p: Infinity, m: -Infinity, z: -0 })).toBe('{"m":"-Infinity","n":"NaN","p":"Infinity","z":0}');
    expect(canonicalJson([-0, 0])).toBe('[0,0]');
    expect(canonicalJson(Float64Array.of(NaN, -0, 1.5))).toBe('["NaN",0,1.5]');
  });

  it('writes numbers in their shortest round-trip form', () => {
    expect(canonicalJson([0.1 + 0.2, 1e21, 5e-324, 1 / 3])).toBe('[0.30000000000000004,1e+21,5e-324,0.3333333333333333]');
  });

  it('drops undefined object keys, writes undefined array items as null, escapes strings', () => {
    expect(canonicalJson({ a: undefined, b: null, c: [undefined, true, false] })).toBe('{"b":null,"c":[null,true,false]}');
    expect(canonicalJson({ 'k"ey': 'line\nbreak' })).toBe('{"k\\"ey":"line\\nbreak"}');
  });

  it('writes a "__proto__" key that is an own property (as JSON.parse makes it)', () => {
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":2}'))).toBe('{"__proto__":2,"b":1}');
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/cannot write a function/);
    expect(() => canonicalJson(10n)).toThrow(/cannot write a bigint/);
  });

  it('gives the same bytes whatever the key insertion order, and parses back to the value (property)', () => {
    const json = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
    fc.assert(fc.property(json, (value) => {
      const text = canonicalJson(value);
      expect(canonicalJson(reverseKeys(value))).toBe(text);
      // -0 is written as 0, so compare with JSON's own normalisation of -0
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value), (_, v) => (Object.is(v, -0) ? 0 : v)));
      expect(canonicalJson(JSON.parse(text))).toBe(text);
    }), { numRuns: 300 });
  });
});

describe('sha256', () => {
  it('matches the FIPS 180-2 test vectors', () => {
    // FIPS 180-2, appendix B.1 ("abc") and the empty string
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256(new TextEncoder().encode('abc'))).toBe(sha256('abc'));
  });
});

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object') {
    // Object.fromEntries defines own properties, so a "__proto__" key stays a key
    return Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reverseKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}
