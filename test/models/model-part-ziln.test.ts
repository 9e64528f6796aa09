// A ZILN value part declared in the adapter config (`model.value: { kind: 'ziln', … }`):
// validated with messages naming the field, refused for the win part, and fit by the
// synchronous pipeline once tfjs is loaded (prepareData does it; loadModelKinds alone).
// The tests run in order: the first needs tfjs not loaded yet in this file's worker.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { parseAdapterConfig } from '../../src/load/adapter-config.js';
import { describePart, fitModelPart, loadModelKinds, parseModelPart } from '../../src/models/model-part.js';
import { isTfLoaded } from '../../src/models/ziln/load-tf.js';
import type { ZilnState } from '../../src/scoring/ziln-types.js';
import { contractData } from './contract-data.js';

const DEMO = fileURLToPath(new URL('../../configs/demo.json', import.meta.url));
const raw = JSON.parse(readFileSync(DEMO, 'utf8'));
const withModel = (model: object) => parseAdapterConfig({ ...raw, model: { ...raw.model, ...model } }, { path: 'configs/x.json', baseDir: '/tmp' });
const data = contractData();

describe('adapter config: a ZILN value part', () => {
  it('is parsed with its settings as given (defaults are filled in when fitting, and recorded in the state)', () => {
    expect(withModel({ value: { kind: 'ziln' } }).model.value).toEqual({ kind: 'ziln' });
    expect(withModel({ value: { kind: 'ziln', hidden: [16, 8], epochs: 20, batchSize: 64, backend: 'cpu' } }).model.value)
      .toEqual({ kind: 'ziln', hidden: [16, 8], epochs: 20, batchSize: 64, backend: 'cpu' });
  });

  it.each([
    [{ win: { kind: 'ziln' } }, /^configs\/x\.json, field model\.win\.kind: ZILN models an amount \(P\(any value\) and a lognormal amount\), not P\(win\) \(got "ziln"\); use "glm" or "ebm" for model\.win, and "ziln" for model\.value$/],
    [{ value: { kind: 'ziln', hidden: [0] } }, /^configs\/x\.json, field model\.value\.hidden: not a list of layer widths \(integers 1–4096\) \(got \[0\]\); use \[\] for the linear ZILN or e\.g\. \[64, 32\]$/],
    [{ value: { kind: 'ziln', epochs: 0 } }, /^configs\/x\.json, field model\.value\.epochs: not an integer ≥ 1 \(got 0\)$/],
    [{ value: { kind: 'ziln', learning_rate: 0.1 } }, /^configs\/x\.json, field model\.value\.learning_rate: unknown ZILN setting \(got "learning_rate"\); use hidden, epochs, batchSize/],
    [{ value: { kind: 'ziln', backend: 'gpu' } }, /^configs\/x\.json, field model\.value\.backend: unknown backend \(got "gpu"\); use "auto", "tensorflow", "wasm" or "cpu"$/],
    [{ value: { kind: 'ziln', sigmaFloor: 2, sigmaCeiling: 1 } }, /^configs\/x\.json, field model\.value\.sigmaCeiling: not above sigmaFloor \(got 1 ≤ 2\); raise sigmaCeiling, lower sigmaFloor, or use null for 3 × the sd of log value$/],
    [{ value: { kind: 'zlin' } }, /^configs\/x\.json, field model\.value\.kind: unknown model kind \(got "zlin"\); use "glm", "ebm" or "ziln"$/],
  ])('%j fails naming the field', (model, message) => {
    expect(() => withModel(model)).toThrow(message);
  });
});

describe('fitting a ZILN part in the synchronous pipeline', () => {
  const decl = parseModelPart({ kind: 'ziln', epochs: 5, batchSize: 64 }, 'x', 'value');

  it('before tfjs is loaded, says how to load it', () => {
    expect(isTfLoaded()).toBe(false);
    expect(() => fitModelPart(data.matrix, data.amount, decl, 'value', [1], createRng(1)))
      .toThrow(/^model\.value: a ZILN part trains with tfjs, which is loaded asynchronously and is not loaded yet; prepare the data with prepareData \(it loads tfjs when the config declares a ZILN part\), or await loadModelKinds\(config\.model\)/);
  });

  it('loadModelKinds loads nothing for GLM and EBM parts, and tfjs for a ZILN part; then the fit runs', async () => {
    await loadModelKinds({ win: { kind: 'glm' }, value: { kind: 'ebm' } });
    expect(isTfLoaded()).toBe(false);
    await loadModelKinds({ win: { kind: 'glm' }, value: decl });
    expect(isTfLoaded()).toBe(true);
    const state = fitModelPart(data.matrix, data.amount, decl, 'value', [1], createRng(1)) as ZilnState;
    expect(state.kind).toBe('ziln');
    expect(state.params).toMatchObject({ epochs: 5, batchSize: 64, hidden: [], learningRate: 0.01 });
    expect(describePart(state)).toMatch(/^ZILN linear, epoch \d+ of \d+, (wasm|cpu|tensorflow)$/);
  });

  it('a sigmaFloor at or above the default sigmaCeiling names the config field and the derived ceiling', () => {
    // The default ceiling: 3 × the sd (population) of log value over the positive rows of the first 80% (the fitting rows).
    const nFit = data.amount.length - Math.floor(data.amount.length * 0.2);
    const logs = Array.from(data.amount.subarray(0, nFit)).filter((v) => v > 0).map(Math.log);
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const ceiling = Number((3 * Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length)).toPrecision(3));
    expect(ceiling).toBeLessThan(10);
    const text = `^model\\.value\\.sigmaFloor: not below sigmaCeiling, which is the default 3 × sd of log value over the positive fitting rows = ${String(ceiling).replace('.', '\\.')} \\(got 10\\); lower sigmaFloor below ${String(ceiling).replace('.', '\\.')}, or set sigmaCeiling above 10$`;
    expect(() => fitModelPart(data.matrix, data.amount, { kind: 'ziln', sigmaFloor: 10, epochs: 1 }, 'value', [1], createRng(1))).toThrow(new RegExp(text));
  });

  it('refuses a ZILN declaration for the win part even when built by hand', () => {
    expect(() => fitModelPart(data.matrix, data.won, { kind: 'ziln' }, 'win', [1], createRng(1)))
      .toThrow(/^model\.win: a ZILN part models an amount, so it can only be the value part \(got "ziln"\); use "glm" or "ebm" for the win part$/);
  });
});
