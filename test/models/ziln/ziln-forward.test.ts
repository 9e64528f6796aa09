import { beforeAll, describe, expect, it } from 'vitest';
import type { EncodedMatrix } from '../../../src/features/encode.js';
import { createRng } from '../../../src/core/rng.js';
import { fitZiln } from '../../../src/models/ziln/fit-ziln.js';
import { predictZiln, zilnRawOutputs } from '../../../src/models/ziln/predict-ziln.js';
import { zilnContributions, zilnForward } from '../../../src/models/ziln/ziln-forward.js';
import { zilnRawOutputsTf } from '../../../src/models/ziln/ziln-tf-forward.js';
import type { ZilnState, ZilnValue } from '../../../src/models/ziln/ziln-types.js';
import { zilnData } from './ziln-data.js';

function rowOf(matrix: EncodedMatrix, i: number): ZilnValue[] {
  return matrix.columns.map((c) => c.kind === 'number'
    ? { kind: 'number', z: c.z[i], missing: c.missing[i] === 1 }
    : { kind: 'category', slot: c.slots[i] });
}

// Every slot of the category and missing numbers occur, so each weight row is exercised.
const { matrix, values } = zilnData(1500, 11, true);
const fits: Record<string, ZilnState> = {};
beforeAll(async () => {
  fits.linear = await fitZiln(matrix, values, { hidden: [], epochs: 3, batchSize: 128 }, createRng(3));
  fits.mlp = await fitZiln(matrix, values, { hidden: [16, 8], epochs: 3, batchSize: 128 }, createRng(3));
});

describe.each(['linear', 'mlp'])('the plain-TypeScript forward pass (%s)', (kind) => {
  it('equals the tfjs forward pass to 1e-5', async () => {
    const state = fits[kind];
    const ts = zilnRawOutputs(state, matrix);
    const tf = await zilnRawOutputsTf(state, matrix);
    let worst = 0;
    for (let t = 0; t < ts.length; t++) worst = Math.max(worst, Math.abs(ts[t] - tf[t]) / Math.max(1, Math.abs(ts[t])));
    expect(worst).toBeLessThan(1e-5);
  });

  it('scores one row (zilnForward) as the batch does (predictZiln)', () => {
    const state = fits[kind];
    const batch = predictZiln(state, matrix);
    for (const i of [0, 1, 17, 500, 1499]) {
      const one = zilnForward(state, rowOf(matrix, i));
      expect(one.pPositive).toBeCloseTo(batch.pPositive[i], 12);
      expect(one.mu).toBeCloseTo(batch.mu[i], 12);
      expect(one.sigma).toBeCloseTo(batch.sigma[i], 12);
      expect(one.expectedValue / batch.expectedValue[i]).toBeCloseTo(1, 12);
    }
  });

  it('survives JSON: save → load predicts the same, save → load → save is identical', () => {
    const state = fits[kind];
    const text = JSON.stringify(state);
    const loaded = JSON.parse(text) as ZilnState;
    expect(JSON.stringify(loaded)).toBe(text);
    expect(predictZiln(loaded, matrix).expectedValue).toEqual(predictZiln(state, matrix).expectedValue);
  });
});

describe('linear ZILN contributions', () => {
  it('intercept + Σ contributions equals each head exactly', () => {
    const state = fits.linear;
    const raw = zilnRawOutputs(state, matrix);
    for (const i of [0, 5, 99, 1234]) {
      const c = zilnContributions(state, rowOf(matrix, i));
      const sum = (h: { intercept: number; contributions: number[] }) => h.contributions.reduce((a, b) => a + b, h.intercept);
      expect(sum(c.logit)).toBeCloseTo(raw[3 * i], 10);
      expect(sum(c.mu)).toBeCloseTo(raw[3 * i + 1], 10);
      expect(sum(c.sigmaRaw)).toBeCloseTo(raw[3 * i + 2], 10);
    }
  });

  it('are centred: each term averages 0 over the training rows', () => {
    const state = fits.linear;
    for (let k = 0; k < 3; k++) {
      let total = 0;
      for (let i = 0; i < matrix.rows; i++) total += zilnContributions(state, rowOf(matrix, i)).mu.contributions[k];
      expect(Math.abs(total / matrix.rows)).toBeLessThan(1e-9);
    }
  });

  it('are refused for an MLP, saying why', () => {
    expect(() => zilnContributions(fits.mlp, rowOf(matrix, 0))).toThrow(/hidden layers, so its outputs have no exact additive contributions/);
  });
});

describe('zilnForward input checks', () => {
  it('rejects a row of the wrong length, kind or slot', () => {
    const state = fits.linear;
    const row = rowOf(matrix, 0);
    expect(() => zilnForward(state, row.slice(1))).toThrow(/zilnForward: the row has a different number of features than the model \(got 2 for 3\)/);
    expect(() => zilnForward(state, [row[0], { kind: 'category', slot: 0 }, row[2]])).toThrow(/feature x2: is a number in the model but a category/);
    expect(() => zilnForward(state, [row[0], row[1], { kind: 'category', slot: 6 }])).toThrow(/feature c: slot out of range 0\.\.5 \(got 6\)/);
  });
});
