// The model contract (STYLE.md, "One contract for every model"; test/models/contract.test.ts
// for the GLM and EBM kinds) for the ZILN value model, fit as the pipeline fits it:
// fitModelPart with a `{ kind: 'ziln' }` declaration, tfjs loaded once before.
//
// What "row order" means for a ZILN: mini-batch Adam visits rows in an order drawn
// from the seed, so permuting the rows changes which rows share a step and hence the
// weights (by ~0.03 in log expected value on CDNOW-sized data; src/models/ziln tests).
// Its order-free contract is on full batches (one step per epoch over every fitting
// row, no validation tail): a permutation then changes only the float32 summation
// order inside each gradient. Adam divides each step by the gradient's own size, so
// where a gradient is float noise it still moves the weight by up to the learning
// rate: the linear ZILN starts its output biases at the constant fit, where their
// gradients are exactly that, and the noise shows in its expected values (measured:
// 4e-4 relative after 30 full-batch epochs at the default rate 0.01, 2e-3 after 10,
// 2e-2 after 5). The MLP's output layer starts at zero too (so it also starts at the
// constant fit; see initialLayers in fit-ziln.ts), and the same noise, carried through
// its hidden layers, shows as 2.9e-3 after 30 epochs (it agreed to 2e-7 when its output
// layer started random, and its untrained σ ranged from ~0 to the ceiling).
//
// The scorer check is tight (1e-9 relative): scoreLead and predictZiln are both plain
// TypeScript over the same stored weights; only summation order differs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical-json.js';
import { createRng, type Rng } from '../../src/core/rng.js';
import type { EncodedMatrix } from '../../src/features/encode.js';
import { subsetMatrix } from '../../src/features/subset-matrix.js';
import { sealModel, serializeModel } from '../../src/export/write-model-file.js';
import { fitGlm } from '../../src/models/glm.js';
import { fitModelPart, loadModelKinds, predictModelPart } from '../../src/models/model-part.js';
import { zilnRawOutputs } from '../../src/models/ziln/predict-ziln.js';
import { loadTf } from '../../src/models/ziln/load-tf.js';
import { parseModel } from '../../src/scoring/load-model.js';
import type { ModelFile } from '../../src/scoring/model-types.js';
import { scoreLead } from '../../src/scoring/score-lead.js';
import type { ZilnParams, ZilnState } from '../../src/scoring/ziln-types.js';
import { removeTempDirs, trainDemo } from '../scoring/demo-model.js';
import { contractData } from './contract-data.js';

const data = contractData();
const N = data.matrix.rows;
const y = data.amount;

interface Variant { name: string; params: ZilnParams }
const VARIANTS: Variant[] = [
  { name: 'linear', params: { hidden: [], epochs: 25, batchSize: 64 } },
  { name: 'MLP 8', params: { hidden: [8], epochs: 15, batchSize: 64 } },
];

const fitZ = (m: EncodedMatrix, v: Float64Array, params: ZilnParams, rng: Rng = createRng(42)) =>
  fitModelPart(m, v, Object.freeze({ kind: 'ziln' as const, ...params }), 'value', [1], rng) as ZilnState;
const maxRelDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]) / Math.max(Math.abs(b[i]), 1e-300)));

function snapshot(m: EncodedMatrix, v: Float64Array): string {
  return canonicalJson({ rows: m.rows, columns: m.columns.map((c) => (c.kind === 'number' ? [c.name, Array.from(c.z), Array.from(c.missing)] : [c.name, Array.from(c.slots), c.size])), y: Array.from(v) });
}

let template: Omit<ModelFile, 'checksum'>;
let backend: string;
beforeAll(async () => {
  backend = (await loadTf()).backend;
  await loadModelKinds({ value: { kind: 'ziln' } });
  template = (await trainDemo()).built;
}, 120_000);
afterAll(removeTempDirs);

/** A sealed model file with `state` as its value part and a plain GLM win part, on the contract data's features. */
function modelFileWith(state: ZilnState): ModelFile {
  const win = fitGlm(data.matrix, data.won, { link: 'logit', l2: 1, target: 'P(win)' });
  return sealModel({ ...template, features: data.specs, params: { ...template.params, win, value: state } });
}

describe.each(VARIANTS)('model contract: ZILN $name (value part)', ({ name, params }) => {
  let state: ZilnState;
  let ev: Float64Array;
  beforeAll(() => {
    state = fitZ(data.matrix, y, params);
    ev = predictModelPart(state, data.matrix);
  });

  it('predicts finite expected values ≥ 0, and records the backend that trained it', () => {
    expect(state.kind).toBe('ziln');
    expect(state.architecture.hidden).toEqual(params.hidden);
    expect(ev.length).toBe(N);
    for (const v of ev) { expect(Number.isFinite(v)).toBe(true); expect(v).toBeGreaterThanOrEqual(0); }
    expect(state.backend).toBe(backend);
    expect(state.tfjsVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('same data, seed and backend give the same state, byte for byte', () => {
    expect(canonicalJson(fitZ(data.matrix, y, params))).toBe(canonicalJson(state));
    expect(canonicalJson(fitZ(data.matrix, y, params, createRng(43)).layers)).not.toBe(canonicalJson(state.layers));
  });

  it('does not mutate its inputs (matrix, values; params are frozen)', () => {
    const before = snapshot(data.matrix, y);
    const frozen = Object.freeze({ ...params, hidden: Object.freeze(params.hidden!.slice()) as number[] });
    fitZ(data.matrix, y, frozen);
    expect(snapshot(data.matrix, y)).toBe(before);
  });

  const orderTolerance = name === 'linear' ? 1e-3 : 1e-2;
  it(`row order: with full batches and no validation tail, any permutation changes no expected value beyond float32 noise through Adam (${orderTolerance} relative)`, () => {
    const full = { ...params, batchSize: N, validationFraction: 0, epochs: 30, learningRate: 0.01 };
    const reference = predictModelPart(fitZ(data.matrix, y, full), data.matrix);
    const order = Int32Array.from({ length: N }, (_, i) => i);
    const rng = createRng(8);
    for (let i = N - 1; i > 0; i--) { const j = rng.int(i + 1); [order[i], order[j]] = [order[j], order[i]]; }
    const permuted = fitZ(subsetMatrix(data.matrix, order), Float64Array.from(order, (i) => y[i]), full);
    expect(maxRelDiff(predictModelPart(permuted, data.matrix), reference)).toBeLessThan(orderTolerance);
  });

  it('empty, NaN, negative and infinite input fail with messages that say what and where', () => {
    const empty = subsetMatrix(data.matrix, new Int32Array(0));
    expect(() => fitZ(empty, new Float64Array(0), params)).toThrow(/^fitZiln: no rows to fit \(got 0 rows\); check the data and the time split$/);
    const bad = (i: number, v: number) => { const b = y.slice(); b[i] = v; return b; };
    expect(() => fitZ(data.matrix, bad(3, NaN), params)).toThrow(/^fitZiln row 3: value is NaN; drop censored or unlabelled rows before fitting$/);
    expect(() => fitZ(data.matrix, bad(3, -1), params)).toThrow(/^fitZiln row 3: value is negative \(got -1\); ZILN models values ≥ 0: clip refunds at 0 or drop the row$/);
    expect(() => fitZ(data.matrix, bad(3, Infinity), params)).toThrow(/^fitZiln row 3: value is infinite \(got Infinity\)$/);
    const x = data.matrix.columns[1];
    if (x.kind !== 'number') throw new Error('column 1 is x');
    const z = x.z.slice();
    z[5] = NaN;
    const badX = { ...data.matrix, columns: data.matrix.columns.map((c, k) => (k === 1 ? { ...x, z } : c)) };
    expect(() => fitZ(badX, y, params)).toThrow(/^fitZiln feature x row 5: z is not finite \(got NaN\); mark missing values as missing$/);
  });

  it('save → load predicts the same; save → load → save is byte-identical', () => {
    const text = serializeModel(modelFileWith(state));
    const loaded = parseModel(text, 'contract.json');
    expect(Array.from(predictModelPart(loaded.params.value, data.matrix))).toEqual(Array.from(ev));
    expect(serializeModel(loaded)).toBe(text);
  });

  it('the plain-TypeScript scorer (scoreLead on the model file) gives the in-library expected value as the value if won (1e-9 relative)', () => {
    const model = parseModel(serializeModel(modelFileWith(state)), 'contract.json');
    const fromScorer = data.leads.map((lead) => scoreLead(model, lead).valueIfWon);
    expect(maxRelDiff(fromScorer, ev)).toBeLessThan(1e-9);
  });

  it(name === 'linear'
    ? 'reasons: per head, the contributions to the log-odds of any value and to μ add up to the network\'s outputs'
    : 'reasons: an MLP gives none for the value part, and says so in the reason list', () => {
    const model = parseModel(serializeModel(modelFileWith(state)), 'contract.json');
    const raw = zilnRawOutputs(state, data.matrix);
    for (const i of [0, 5, 7, 100]) {
      const s = scoreLead(model, data.leads[i], { topReasons: 100 });
      const value = s.reasons.filter((r) => r.part === 'value');
      if (name !== 'linear') {
        expect(value).toEqual([{ feature: '(value model)', value: null, part: 'value', contribution: 0, text: 'value if won from a neural model (ZILN MLP 8): no additive reasons' }]);
        expect(s.reasons[s.reasons.length - 1]).toBe(value[0]);
        expect(scoreLead(model, data.leads[i], { topReasons: 1 }).reasons.map((r) => r.feature)).toEqual(['(value model)']);
        continue;
      }
      for (const [head, k] of [['logit', 0], ['mu', 1]] as const) {
        // Zero contributions are left out of reasons; they add nothing.
        const total = state.linearTerms![head].intercept + value.filter((r) => r.head === head).reduce((a, r) => a + r.contribution, 0);
        expect(total).toBeCloseTo(raw[3 * i + k], 9);
      }
      expect(value.some((r) => r.head === undefined)).toBe(false);
      for (const r of value) {
        expect(r.text).toMatch(r.head === 'logit'
          ? /^(tier|x|w) = .+: [+−]\d+\.\d\d to the log-odds of any value if won$/
          : /^(tier|x|w) = .+: typical amount if won ×\d+\.\d\d$/);
      }
    }
  });
});

describe('model contract: ZILN model files fail closed', () => {
  let linear: ZilnState, mlp: ZilnState;
  beforeAll(() => {
    linear = fitZ(data.matrix, y, VARIANTS[0].params);
    mlp = fitZ(data.matrix, y, VARIANTS[1].params);
  });
  const reject = (state: unknown, where: 'value' | 'win' = 'value') => {
    const win = fitGlm(data.matrix, data.won, { link: 'logit', l2: 1, target: 'P(win)' });
    const params = where === 'value' ? { ...template.params, win, value: state } : { ...template.params, win: state, value: linear };
    return () => parseModel(serializeModel(sealModel({ ...template, features: data.specs, params } as Omit<ModelFile, 'checksum'>)), 'm.json');
  };
  const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

  it.each([
    ['a ZILN as the win part', () => reject(linear, 'win'), /^m\.json, field params\.win\.kind: a ZILN models an amount, so it can only be the value part \(got "ziln"\)/],
    ['an input that is not the file\'s feature', () => { const s = copy(linear); s.architecture.inputs[1] = { name: 'y', kind: 'number' }; return reject(s); },
      /field params\.value\.architecture\.inputs\.1: does not match feature 1 of the file \(number x\)/],
    ['a category with the wrong number of slots', () => { const s = copy(linear); (s.architecture.inputs[0] as { size: number }).size = 9; return reject(s); },
      /field params\.value\.architecture\.inputs\.0\.size: has the wrong number of slots \(got 9, expected 6\)/],
    ['a first layer with a row missing', () => { const s = copy(mlp); s.layers[0].weights.pop(); return reject(s); },
      /field params\.value\.layers\.0\.weights: not 10 rows \(the network inputs of the features\) \(got 9 rows\)/],
    ['a hidden layer of the wrong width', () => { const s = copy(mlp); s.layers[1].weights[3].push(0); return reject(s); },
      /field params\.value\.layers\.1\.weights\.3: has the wrong length \(got 4, expected 3\)/],
    ['a layer too many', () => { const s = copy(linear); s.layers.push(copy(s.layers[0])); return reject(s); },
      /field params\.value\.layers: not 1 dense layers \(hidden \[\], then the output layer\) \(got 2 layers\)/],
    ['a NaN weight', () => { const s = copy(mlp); s.layers[1].bias[2] = NaN; return reject(s); }, /field params\.value\.layers\.1\.bias\.2: not a finite number \(got "NaN"\)/],
    ['a hidden layer without ReLU', () => { const s = copy(mlp); s.layers[0].activation = 'linear'; return reject(s); }, /field params\.value\.layers\.0\.activation: not "relu" \(got "linear"\)/],
    ['an unknown backend', () => { const s = copy(linear); (s as { backend: string }).backend = 'webgl'; return reject(s); }, /field params\.value\.backend: not a tfjs backend \(got "webgl"\)/],
    ['a σ ceiling below the floor', () => { const s = copy(linear); s.architecture.sigmaCeiling = 1e-9; return reject(s); }, /field params\.value\.architecture\.sigmaCeiling: not a finite number above sigmaFloor/],
    ['linear terms that disagree with the weights', () => { const s = copy(linear); s.linearTerms!.mu.terms.x = { ...s.linearTerms!.mu.terms.x, weight: 0.123 } as never; return reject(s); },
      /field params\.value\.linearTerms\.mu\.terms\.x\.weight: disagrees with the first layer's weights, so reasons would not add up to the value/],
    ['a shifted intercept', () => { const s = copy(linear); s.linearTerms!.logit.intercept += 0.01; return reject(s); },
      /field params\.value\.linearTerms\.logit\.intercept: disagrees with the first layer's weights/],
    ['a linear ZILN without its terms', () => { const s = copy(linear); s.linearTerms = null; return reject(s); }, /field params\.value\.linearTerms: missing: a linear ZILN carries its heads as additive terms/],
    ['an MLP with terms', () => { const s = copy(mlp); s.linearTerms = linear.linearTerms; return reject(s); }, /field params\.value\.linearTerms: an MLP has no additive terms, so this must be null/],
  ])('refuses %s', (_what, make, message) => {
    expect(make()).toThrow(message);
  });

  it('accepts what fitZiln wrote (the negative control)', () => {
    expect(reject(linear)).not.toThrow();
    expect(reject(mlp)).not.toThrow();
  });
});
