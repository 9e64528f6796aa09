// Where a request body stops being valid JSON. The reference is V8's own
// JSON.parse, wherever its message names a position.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorPosition } from '../../src/serve/json-error-position.js';

/** The position V8 names in its message, or undefined when it names none. */
function v8Position(text: string): number | undefined {
  try {
    JSON.parse(text);
  } catch (e) {
    const m = /at position (\d+)/.exec((e as Error).message);
    return m ? Number(m[1]) : undefined;
  }
  throw new Error(`valid JSON: ${text}`);
}

describe('jsonErrorPosition', () => {
  it('finds the faults V8 names no position for (by hand)', () => {
    expect(jsonErrorPosition('{"lead": }')).toEqual({ position: 9, line: 1, column: 10, found: '"}"' });
    expect(jsonErrorPosition('abc')).toEqual({ position: 0, line: 1, column: 1, found: '"a"' });
    expect(jsonErrorPosition('[1,2,]')).toEqual({ position: 5, line: 1, column: 6, found: '"]"' });
    expect(jsonErrorPosition('{"x":[{"y":nul}]}').position).toBe(14);
    expect(jsonErrorPosition('tru}').position).toBe(3);
    expect(jsonErrorPosition('')).toEqual({ position: 0, line: 1, column: 1, found: 'end of body' });
    expect(jsonErrorPosition('{\n  "a": 1,\n  "b": x\n}')).toEqual({ position: 19, line: 3, column: 8, found: '"x"' });
  });

  it('survives nesting far deeper than a recursive scanner could', () => {
    const deep = '['.repeat(200_000) + '}' + ']'.repeat(200_000);
    expect(jsonErrorPosition(deep).position).toBe(200_000);
  });

  it('agrees with V8 wherever V8 names a position (broken documents made from random JSON)', () => {
    const broken = fc.tuple(fc.json({ maxDepth: 4 }), fc.nat(), fc.constantFrom('truncate', 'insert', 'delete'), fc.constantFrom(...'{}[],:"\\x1-e. \n'.split('')))
      .map(([json, at, how, c]) => {
        const i = at % (json.length + 1);
        return how === 'truncate' ? json.slice(0, i) : how === 'insert' ? json.slice(0, i) + c + json.slice(i) : json.slice(0, i) + json.slice(i + 1);
      })
      .filter((text) => { try { JSON.parse(text); return false; } catch { return true; } });
    let compared = 0;
    fc.assert(fc.property(broken, (text) => {
      const expected = v8Position(text);
      if (expected !== undefined) { compared++; expect(jsonErrorPosition(text).position).toBe(expected); }
    }), { numRuns: 3000, seed: 7 });
    expect(compared).toBeGreaterThan(500); // the comparison is not vacuous
  });
});
