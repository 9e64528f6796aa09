// Hand-built raw feature columns for the feature tests.
import type { RawFeature } from '../../src/load/load-source.js';

export const rowsOf = (...i: number[]) => Int32Array.from(i);

/** A category column from readable values (null = missing); levels in order of first appearance. */
export function category(name: string, values: (string | null)[], stage: 'lead' | 'deal' = 'lead'): Extract<RawFeature, { kind: 'category' }> {
  const levels: string[] = [];
  const codes = Int32Array.from(values, (v) => {
    if (v === null) return -1;
    let c = levels.indexOf(v);
    if (c < 0) { c = levels.length; levels.push(v); }
    return c;
  });
  return { name, stage, kind: 'category', column: name, codes, levels };
}

export function number(name: string, values: number[], transform: 'none' | 'log1p' = 'none', stage: 'lead' | 'deal' = 'lead'): Extract<RawFeature, { kind: 'number' }> {
  return { name, stage, kind: 'number', transform, column: name, values: Float64Array.from(values) };
}
