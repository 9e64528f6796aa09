import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/rng.js';
import type { EncodedMatrix } from '../../../src/features/encode.js';
import { subsetMatrix } from '../../../src/features/subset-matrix.js';
import { normalizedGini } from '../../../src/evaluate/normalized-gini.js';
import { spearman } from '../../../src/evaluate/spearman.js';
import { fitZiln, meanLoss, resolveZilnParams } from '../../../src/models/ziln/fit-ziln.js';
import { loadTf } from '../../../src/models/ziln/load-tf.js';
import { predictZiln } from '../../../src/models/ziln/predict-ziln.js';
import { TRUTH, zilnData } from './ziln-data.js';

const ROOT = join(import.meta.dirname, '../../..');

function copyOf(matrix: EncodedMatrix): EncodedMatrix {
  return subsetMatrix(matrix, Int32Array.from({ length: matrix.rows }, (_, i) => i));
}

describe('fitZiln: determinism', () => {
  const { matrix, values } = zilnData(800, 2, true);

  it.each([[[]], [[8, 4]]])('same seed and backend → the same state, byte for byte (hidden %j)', async (hidden) => {
    const params = { hidden, epochs: 3, batchSize: 64 };
    const a = await fitZiln(matrix, values, params, createRng(42));
    const b = await fitZiln(matrix, values, params, createRng(42));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = await fitZiln(matrix, values, params, createRng(43));
    expect(JSON.stringify(c.layers)).not.toBe(JSON.stringify(a.layers));
  });

  it('does not mutate its inputs', async () => {
    const m = copyOf(matrix), v = values.slice();
    const params = Object.freeze({ hidden: Object.freeze([4]) as number[], epochs: 2 });
    await fitZiln(m, v, params, createRng(1));
    expect(m).toEqual(matrix);
    expect(v).toEqual(values);
    expect(params).toEqual({ hidden: [4], epochs: 2 });
  });

  it('leaks no tfjs tensor and records the backend and tfjs version', async () => {
    const { tf, backend } = await loadTf('auto');
    const before = tf.memory().numTensors;
    const state = await fitZiln(matrix, values, { hidden: [8], epochs: 2 }, createRng(5));
    expect(tf.memory().numTensors).toBe(before);
    expect(state.backend).toBe(backend);
    expect(state.tfjsVersion).toMatch(/^\d+\.\d+\.\d+/);
    const nodeInstalled = (() => { try { createRequire(import.meta.url).resolve('@tensorflow/tfjs-node'); return true; } catch { return false; } })();
    // Without tfjs-node, auto falls back to wasm (the faster of the two others).
    if (!nodeInstalled) expect(backend).toBe('wasm');
  });
});

describe('fitZiln: on data from a known linear ZILN', () => {
  const train = zilnData(10000, 1);
  const test = zilnData(10000, 99);
  const fit = fitZiln(train.matrix, train.values, { hidden: [], epochs: 40, batchSize: 256, learningRate: 0.02 }, createRng(7));

  it('recovers the coefficients of the three heads within 0.1', async () => {
    const state = await fit;
    // First-layer rows: x1 z, x1 missing, x2 z, x2 missing, then c's slots; columns logit, μ, raw σ.
    const w = state.layers[0].weights;
    (['logit', 'mu', 'sigmaRaw'] as const).forEach((head, h) => {
      expect(Math.abs(w[0][h] - TRUTH[head][1])).toBeLessThan(0.1);
      expect(Math.abs(w[2][h] - TRUTH[head][2])).toBeLessThan(0.1);
    });
    // μ's effect of level 2 against the mean of the other three levels.
    const others = (w[4][1] + w[5][1] + w[7][1]) / 3;
    expect(Math.abs(w[6][1] - others - TRUTH.muLevel2)).toBeLessThan(0.1);
    expect(state.linearTerms!.mu.terms.x1).toMatchObject({ kind: 'number', weight: w[0][1] });
  });

  it('ranks and predicts held-out value better than a constant', async () => {
    const state = await fit;
    const { expectedValue } = predictZiln(state, test.matrix);
    const mean = train.values.reduce((a, b) => a + b, 0) / train.values.length;
    let mseModel = 0, mseConstant = 0;
    for (let i = 0; i < test.values.length; i++) {
      mseModel += (test.values[i] - expectedValue[i]) ** 2;
      mseConstant += (test.values[i] - mean) ** 2;
    }
    expect(mseModel).toBeLessThan(0.9 * mseConstant);
    expect(normalizedGini(expectedValue, test.values)).toBeGreaterThan(0.4);
    // Close to the true expected value (correlation of logs).
    const a = Array.from(expectedValue, Math.log), b = Array.from(test.expected, Math.log);
    expect(correlation(a, b)).toBeGreaterThan(0.98);
  });

  it('reports the validation loss of the kept weights (the time tail: last 20% of rows)', async () => {
    const state = await fit;
    expect(state.rows).toEqual({ fit: 8000, validation: 2000, positive: expect.any(Number) });
    const tail = Int32Array.from({ length: 2000 }, (_, k) => 8000 + k);
    expect(state.validationLoss).toBeCloseTo(meanLoss(state, train.matrix, train.values, tail), 12);
    expect(state.bestEpoch).toBeLessThanOrEqual(state.epochsRun);
    expect(state.epochsRun === 40 || state.epochsRun === state.bestEpoch + state.params.patience).toBe(true);
  });
});

describe('fitZiln: row order', () => {
  // Mini-batch SGD is not invariant to row order (the batches differ), so the
  // contract's "row order does not change the result" holds only statistically.
  // Measured here: mean |Δ log EV| 0.03, worst row 0.15 (an extreme x1 = 2.8).
  it('permuting the fitting rows (the validation tail kept) moves linear predictions little', async () => {
    const { matrix, values } = zilnData(3000, 8);
    const perm = Int32Array.from({ length: 3000 }, (_, i) => i);
    const rng = createRng(9);
    for (let i = 2399; i > 0; i--) { const j = rng.int(i + 1); [perm[i], perm[j]] = [perm[j], perm[i]]; }
    const params = { epochs: 30, batchSize: 128 };
    const a = await fitZiln(matrix, values, params, createRng(5));
    const b = await fitZiln(subsetMatrix(matrix, perm), Float64Array.from(perm, (i) => values[i]), params, createRng(5));
    const pa = predictZiln(a, matrix).expectedValue, pb = predictZiln(b, matrix).expectedValue;
    let total = 0;
    for (let i = 0; i < 3000; i++) total += Math.abs(Math.log(pa[i] / pb[i]));
    expect(total / 3000).toBeLessThan(0.05);
    expect(total).toBeGreaterThan(0); // not exactly invariant
    expect(spearman(pa, pb)).toBeGreaterThan(0.995);
  });
});

describe('fitZiln: inputs never set in the fitting rows', () => {
  it('keep exactly zero weights, so an unseen slot or an unexpected missing value adds nothing random', async () => {
    // zilnData without missing values: x1's and x2's missing flags (inputs 1, 3) and c's
    // (other) and (missing) slots (inputs 8, 9) are never set.
    const { matrix, values } = zilnData(600, 5);
    const state = await fitZiln(matrix, values, { hidden: [8], epochs: 3, l2: 0 }, createRng(2));
    const w = state.layers[0].weights;
    for (const i of [1, 3, 8, 9]) expect(w[i]).toEqual(new Array(8).fill(0));
    for (const i of [0, 2, 4, 5, 6, 7]) expect(w[i].some((v) => v !== 0)).toBe(true);
  });
});

describe('fitZiln: σ ceiling', () => {
  const { matrix, values } = zilnData(1000, 6);

  it('defaults to 3 × the sd of log value over the positive fitting rows', async () => {
    const logs = Array.from(values.subarray(0, 800)).filter((v) => v > 0).map(Math.log);
    const m = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - m) ** 2, 0) / logs.length);
    const state = await fitZiln(matrix, values, { epochs: 1 }, createRng(1));
    expect(state.architecture.sigmaCeiling).toBeCloseTo(3 * sd, 10);
    expect(state.params.sigmaCeiling).toBeNull();
  });

  it('a sigmaFloor above the default ceiling says the ceiling is the default, its value, and what to set', async () => {
    const logs = Array.from(values.subarray(0, 800)).filter((v) => v > 0).map(Math.log);
    const m = logs.reduce((a, b) => a + b, 0) / logs.length;
    const ceiling = Number((3 * Math.sqrt(logs.reduce((a, b) => a + (b - m) ** 2, 0) / logs.length)).toPrecision(3));
    await expect(fitZiln(matrix, values, { epochs: 1, sigmaFloor: 10 }, createRng(1))).rejects.toThrow(
      `fitZiln params.sigmaFloor: not below sigmaCeiling, which is the default 3 × sd of log value over the positive fitting rows = ${ceiling} (got 10); lower sigmaFloor below ${ceiling}, or set sigmaCeiling above 10`);
    // A ceiling given at or below the floor is refused before any data is read.
    await expect(fitZiln(matrix, values, { sigmaFloor: 1, sigmaCeiling: 1 }, createRng(1))).rejects.toThrow(/^fitZiln params\.sigmaCeiling: not above sigmaFloor \(got 1 ≤ 1\)/);
  });

  it('bounds σ in training and scoring when given', async () => {
    const state = await fitZiln(matrix, values, { hidden: [8], epochs: 3, sigmaCeiling: 0.5 }, createRng(1));
    expect(state.architecture.sigmaCeiling).toBe(0.5);
    expect(Math.max(...predictZiln(state, matrix).sigma)).toBeLessThanOrEqual(0.5);
  });
});

describe('fitZiln: an MLP starts at the constant ZILN', () => {
  it('its output layer starts at zero, so before training every row gets the constant fit (share positive, mean and sd of log value)', async () => {
    const { matrix, values } = zilnData(1000, 6);
    // One epoch at learning rate 1e-12: Adam moves each weight by at most ~1e-12 per step.
    const state = await fitZiln(matrix, values, { hidden: [16], epochs: 1, learningRate: 1e-12, validationFraction: 0 }, createRng(1));
    const logs = Array.from(values).filter((v) => v > 0).map(Math.log);
    const m = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - m) ** 2, 0) / logs.length);
    const p = predictZiln(state, matrix);
    // Before, with Glorot-uniform output weights, σ ran from 0.03 to 1.56 over these rows (sd 1.45).
    for (let i = 0; i < matrix.rows; i++) {
      expect(Math.abs(p.sigma[i] - sd)).toBeLessThan(1e-5);
      expect(Math.abs(p.mu[i] - m)).toBeLessThan(1e-5);
      expect(Math.abs(p.pPositive[i] - logs.length / 1000)).toBeLessThan(1e-5);
    }
  });
});

describe('fitZiln: early stopping', () => {
  it('stops `patience` epochs after the best validation loss and keeps the best weights', async () => {
    const { matrix, values } = zilnData(600, 3);
    const state = await fitZiln(matrix, values, { hidden: [32], epochs: 200, batchSize: 32, learningRate: 0.05, l2: 0, patience: 2 }, createRng(1));
    expect(state.epochsRun).toBeLessThan(200);
    expect(state.epochsRun).toBe(state.bestEpoch + 2);
  });

  it('runs every epoch without a validation tail', async () => {
    const { matrix, values } = zilnData(300, 3);
    const state = await fitZiln(matrix, values, { epochs: 4, validationFraction: 0 }, createRng(1));
    expect(state).toMatchObject({ epochsRun: 4, bestEpoch: 4, validationLoss: null, rows: { fit: 300, validation: 0 } });
  });
});

describe('fitZiln: bad input fails with a clear message', () => {
  const { matrix, values } = zilnData(50, 4);
  const rng = () => createRng(1);

  it('empty input', async () => {
    const empty = subsetMatrix(matrix, new Int32Array(0));
    await expect(fitZiln(empty, new Float64Array(0), {}, rng())).rejects.toThrow(/^fitZiln: no rows to fit \(got 0 rows\); check the data and the time split$/);
  });

  it('NaN, negative and infinite values, with the row', async () => {
    const v = values.slice(); v[7] = NaN;
    await expect(fitZiln(matrix, v, {}, rng())).rejects.toThrow(/^fitZiln row 7: value is NaN; drop censored or unlabelled rows before fitting$/);
    v[7] = -2.5;
    await expect(fitZiln(matrix, v, {}, rng())).rejects.toThrow(/^fitZiln row 7: value is negative \(got -2\.5\); ZILN models values ≥ 0/);
    v[7] = Infinity;
    await expect(fitZiln(matrix, v, {}, rng())).rejects.toThrow(/^fitZiln row 7: value is infinite \(got Infinity\)$/);
  });

  it('no feature columns: refused up front (the wasm backend printed an XNN error per step, fitting a constant)', async () => {
    await expect(fitZiln({ rows: matrix.rows, columns: [] }, values, { epochs: 1 }, rng())).rejects.toThrow(
      /^fitZiln: no feature columns, so the network has no inputs \(got 0 columns\); pass at least one feature, or use kind "glm" for the value part/);
  });

  it('a value or z beyond float32\'s range (tfjs trains in float32), with the row and value', async () => {
    // Before: "validation loss is not finite at epoch 1 (got NaN); lower the learning rate or raise l2".
    const v = values.slice(); v[7] = 1e39;
    await expect(fitZiln(matrix, v, { epochs: 1 }, rng())).rejects.toThrow(
      /^fitZiln row 7: value overflows float32, which tfjs trains in \(largest 3\.4028234663852886e\+38\) \(got 1e\+39\); use a larger currency unit \(e\.g\. thousands\) or cap the value$/);
    v[7] = 3.4028234663852886e38; // float32's largest: accepted, and the fit runs
    await expect(fitZiln(matrix, v, { epochs: 1 }, rng())).resolves.toMatchObject({ kind: 'ziln' });
    const m = copyOf(matrix);
    (m.columns[0] as { z: Float64Array }).z[4] = -5e38;
    await expect(fitZiln(m, values, { epochs: 1 }, rng())).rejects.toThrow(/^fitZiln feature x1 row 4: z overflows float32, which tfjs trains in \(largest 3\.4028234663852886e\+38\) \(got -5e\+38\)/);
  });

  it('a label count that differs from the rows; no positive value', async () => {
    await expect(fitZiln(matrix, values.subarray(1), {}, rng())).rejects.toThrow(/values and rows differ in number \(got 49 values for 50 rows\)/);
    await expect(fitZiln(matrix, new Float64Array(50), {}, rng())).rejects.toThrow(/no positive value among the fitting rows/);
  });

  it('a NaN feature that is not marked missing, and a slot out of range', async () => {
    const m = copyOf(matrix);
    (m.columns[0] as { z: Float64Array }).z[3] = NaN;
    await expect(fitZiln(m, values, {}, rng())).rejects.toThrow(/^fitZiln feature x1 row 3: z is not finite \(got NaN\); mark missing values as missing$/);
    const s = copyOf(matrix);
    (s.columns[2] as { slots: Int32Array }).slots[9] = 6;
    await expect(fitZiln(s, values, {}, rng())).rejects.toThrow(/^fitZiln feature c row 9: slot out of range 0\.\.5 \(got 6\)$/);
  });

  it('invalid params', async () => {
    await expect(fitZiln(matrix, values, { hidden: [0] }, rng())).rejects.toThrow(/fitZiln params\.hidden: not a list of layer widths/);
    await expect(fitZiln(matrix, values, { validationFraction: 1 }, rng())).rejects.toThrow(/fitZiln params\.validationFraction: not in \[0, 1\) \(got 1\)/);
    await expect(fitZiln(matrix, values, { epochs: 2.5 }, rng())).rejects.toThrow(/fitZiln params\.epochs: not an integer ≥ 1 \(got 2\.5\)/);
    await expect(fitZiln(matrix, values, { backend: 'gpu' as 'cpu' }, rng())).rejects.toThrow(/fitZiln params\.backend: unknown backend \(got "gpu"\)/);
    await expect(fitZiln(matrix, values, { hiden: [4] } as object, rng())).rejects.toThrow(/^fitZiln params\.hiden: unknown ZILN setting \(got "hiden"\); use hidden, epochs/);
    expect(() => resolveZilnParams({ l2: -1 }, 'configs/x.json, field model.value')).toThrow(/^configs\/x\.json, field model\.value\.l2: not a non-negative number \(got -1\)$/);
    expect(resolveZilnParams({ hidden: [32] })).toMatchObject({ hidden: [32], learningRate: 0.003, epochs: 50, sigmaCeiling: null, backend: 'auto' });
  });

  it('a backend that cannot load, saying why', async () => {
    let nodeInstalled = true;
    try { createRequire(import.meta.url).resolve('@tensorflow/tfjs-node'); } catch { nodeInstalled = false; }
    if (nodeInstalled) return;
    await expect(fitZiln(matrix, values, { backend: 'tensorflow' }, rng())).rejects.toThrow(/^tfjs backend "tensorflow": could not be loaded \(got tensorflow: @tensorflow\/tfjs-node did not load/);
  });
});

describe('the built library', () => {
  it('does not load tfjs until fitZiln runs, and has no top-level await', () => {
    const entry = join(ROOT, 'dist/models/ziln/index.js');
    expect(existsSync(entry), 'build first: npx tsc -p tsconfig.json').toBe(true);
    const script = `
      import { createRequire } from 'node:module';
      const m = await import(${JSON.stringify(entry)});
      const cache = createRequire(import.meta.url).cache;
      const loaded = () => Object.keys(cache).filter((k) => k.includes('@tensorflow')).length;
      const before = loaded();
      await m.loadTf('auto');
      console.log(JSON.stringify({ exports: Object.keys(m).length, before, after: loaded() }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    const out = JSON.parse(run.stdout);
    expect(out.before).toBe(0);
    expect(out.after).toBeGreaterThan(0); // the check does see tfjs once it is loaded
    // A library with top-level await cannot be require()d (ERR_REQUIRE_ASYNC_MODULE, Node ≥ 20.19).
    const req = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(entry)})`], { encoding: 'utf8' });
    expect(req.stderr).not.toMatch(/ERR_REQUIRE_ASYNC_MODULE/);
    expect(req.status).toBe(0);
  });
});

function correlation(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n, mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) ** 2; sbb += (b[i] - mb) ** 2; }
  return sab / Math.sqrt(saa * sbb);
}
