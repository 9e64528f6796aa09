import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/rng.js';
import { fitZiln, fitZilnSync } from '../../../src/models/ziln/fit-ziln.js';
import { loadTf } from '../../../src/models/ziln/load-tf.js';
import { zilnData } from './ziln-data.js';

// Its own file: the first test needs a module graph where tfjs is not loaded yet.
describe('fitZilnSync', () => {
  const { matrix, values } = zilnData(500, 12);
  const params = { hidden: [6], epochs: 2, batchSize: 64 };

  it('refuses to run before tfjs is loaded, saying what to do', () => {
    expect(() => fitZilnSync(matrix, values, params, createRng(1))).toThrow(/^tfjs backend "auto": is not loaded yet; await loadTf\("auto"\) once before a synchronous fit/);
  });

  it('after loadTf, gives the same state as fitZiln, byte for byte', async () => {
    await loadTf('auto');
    const sync = fitZilnSync(matrix, values, params, createRng(1));
    const async = await fitZiln(matrix, values, params, createRng(1));
    expect(JSON.stringify(sync)).toBe(JSON.stringify(async));
  });

  it('validates before touching tfjs', () => {
    expect(() => fitZilnSync(matrix, values.subarray(1), params, createRng(1))).toThrow(/values and rows differ in number/);
  });
});
