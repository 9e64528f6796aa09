// One contract for every model kind (STYLE.md, "One contract for every model", after
// scikit-learn's check_estimator): each kind below passes the same suite.
//
// What "row order" means: rows are given oldest first. A GLM's fit does not depend on
// the order at all (up to float summation: predictions within 1e-6). An EBM uses the
// order for its inner time split (the newest `validationShare` of the rows decide when
// boosting stops), so its contract is on the fit given rows oldest first: permuting rows
// that share a timestamp, or rows within the older and within the newer part, gives the
// same predictions within 1e-6; with early stopping off (`validationShare: 0`) any
// permutation does. (Bagging draws weights by position, so it is not order-free.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical-json.js';
import { createRng, type Rng } from '../../src/core/rng.js';
import type { EncodedMatrix } from '../../src/features/encode.js';
import { subsetMatrix } from '../../src/features/subset-matrix.js';
import { sealModel, serializeModel } from '../../src/export/write-model-file.js';
import { fitEbm } from '../../src/models/ebm/fit-ebm.js';
import { predictEbm } from '../../src/models/ebm/predict-ebm.js';
import { fitGlm, predictGlm } from '../../src/models/glm.js';
import { predictModelPart } from '../../src/models/model-part.js';
import { parseModel } from '../../src/scoring/load-model.js';
import type { EbmState, GlmState, ModelFile, ModelState } from '../../src/scoring/model-types.js';
import { scoreLead } from '../../src/scoring/score-lead.js';
import { removeTempDirs, trainDemo } from '../scoring/demo-model.js';
import { contractData } from './contract-data.js';

interface Kind {
  name: string;
  /** The model-file part it plays: `win` (logit link, labels 0/1) or `value` (log link, amounts). */
  part: 'win' | 'value';
  fit(matrix: EncodedMatrix, y: Float64Array, rng: Rng, overrides?: object): ModelState;
  /** Whether the state depends on row order through an inner time split. */
  timeSplit: boolean;
}

const glm = (link: 'logit' | 'log'): Kind['fit'] => (m, y) =>
  fitGlm(m, y, Object.freeze({ link, l2: 1, target: link === 'logit' ? 'P(win)' : 'E[value | won]' }));
const ebm = (loss: 'log-loss' | 'poisson' | 'tweedie' | 'log1p-squared'): Kind['fit'] => (m, y, rng, overrides = {}) =>
  fitEbm(m, y, Object.freeze({ loss, target: loss === 'log-loss' ? 'P(win)' : 'E[value | won]', ...overrides }), rng);

const KINDS: Kind[] = [
  { name: 'glm logit', part: 'win', fit: glm('logit'), timeSplit: false },
  { name: 'glm log', part: 'value', fit: glm('log'), timeSplit: false },
  { name: 'ebm logit', part: 'win', fit: ebm('log-loss'), timeSplit: true },
  { name: 'ebm poisson', part: 'value', fit: ebm('poisson'), timeSplit: true },
  { name: 'ebm tweedie', part: 'value', fit: ebm('tweedie'), timeSplit: true },
  { name: 'ebm log1p-squared', part: 'value', fit: ebm('log1p-squared'), timeSplit: true },
];

const data = contractData();
const N = data.matrix.rows;
const labelsOf = (kind: Kind) => (kind.part === 'win' ? data.won : data.amount);
const predict = (state: ModelState, m: EncodedMatrix) => predictModelPart(state, m);
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
const maxRelDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]) / Math.max(Math.abs(b[i]), 1e-300)));

/** A permutation that shuffles only within each group of consecutive equal keys. */
function shuffleWithin(keys: ArrayLike<number>, rng: Rng): Int32Array {
  const order = Int32Array.from({ length: keys.length }, (_, i) => i);
  for (let start = 0; start < keys.length;) {
    let end = start;
    while (end < keys.length && keys[end] === keys[start]) end++;
    for (let i = end - 1; i > start; i--) { const j = start + rng.int(i - start + 1); [order[i], order[j]] = [order[j], order[i]]; }
    start = end;
  }
  return order;
}

/** Deep copies of a matrix's arrays and labels, to check nothing was written to. */
function snapshot(m: EncodedMatrix, y: Float64Array): string {
  return canonicalJson({ rows: m.rows, columns: m.columns.map((c) => (c.kind === 'number' ? [c.name, Array.from(c.z), Array.from(c.missing)] : [c.name, Array.from(c.slots), c.size])), y: Array.from(y) });
}

let template: Omit<ModelFile, 'checksum'>;
beforeAll(async () => {
  // The model file envelope (format, data, goals, reference…) as the real pipeline builds it;
  // each test swaps in its own features and parameters.
  template = (await trainDemo()).built;
}, 120_000);
afterAll(removeTempDirs);

/** A sealed model file holding `state` as its part; the other part is a plain GLM on the same data. */
function modelFileWith(kind: Kind, state: ModelState): ModelFile {
  const other: GlmState = kind.part === 'win'
    ? fitGlm(data.matrix, data.amount, { link: 'log', l2: 1, target: 'E[value | won]' })
    : fitGlm(data.matrix, data.won, { link: 'logit', l2: 1, target: 'P(win)' });
  const params = kind.part === 'win' ? { win: state, value: other } : { win: other, value: state };
  return sealModel({ ...template, features: data.specs, params: { ...template.params, ...params } });
}

describe.each(KINDS)('model contract: $name', (kind) => {
  const y = labelsOf(kind);
  const state = kind.fit(data.matrix, y, createRng(42));
  const mu = predict(state, data.matrix);

  it('predicts finite values in the link\'s range', () => {
    expect(mu.length).toBe(N);
    for (const v of mu) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
      if (kind.part === 'win') expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('same data and seed give the same state, byte for byte', () => {
    expect(canonicalJson(kind.fit(data.matrix, y, createRng(42)))).toBe(canonicalJson(state));
  });

  it('does not mutate its inputs (matrix, labels; params are frozen)', () => {
    const before = snapshot(data.matrix, y);
    kind.fit(data.matrix, y, createRng(42));
    expect(snapshot(data.matrix, y)).toBe(before);
  });

  it(kind.timeSplit
    ? 'row order: permuting rows with the same timestamp, or within the older and the newer part of the time split, changes no prediction beyond 1e-6'
    : 'row order: any permutation of the rows changes no prediction beyond 1e-6', () => {
    const rng = createRng(7);
    // Keys: the day (ties), then the two sides of the inner time split (oldest 80% / newest 20%).
    const orders = [shuffleWithin(data.day, rng), shuffleWithin(Int32Array.from({ length: N }, (_, i) => (i < N - (N - Math.floor(N * 0.8)) ? 0 : 1)), rng)];
    if (!kind.timeSplit) orders.push(shuffleWithin(new Int32Array(N), rng));
    for (const order of orders) {
      expect(Array.from(order)).not.toEqual(Array.from({ length: N }, (_, i) => i));
      const permuted = kind.fit(subsetMatrix(data.matrix, order), Float64Array.from(order, (i) => y[i]), createRng(42));
      expect(maxAbsDiff(predict(permuted, data.matrix), mu)).toBeLessThan(1e-6);
    }
  });

  if (kind.timeSplit) {
    it('row order: with early stopping off (validationShare 0), any permutation changes no prediction beyond 1e-6', () => {
      const settings = { validationShare: 0, maxRounds: 40 };
      const reference = predict(kind.fit(data.matrix, y, createRng(42), settings), data.matrix);
      const order = shuffleWithin(new Int32Array(N), createRng(8));
      const permuted = kind.fit(subsetMatrix(data.matrix, order), Float64Array.from(order, (i) => y[i]), createRng(42), settings);
      expect(maxAbsDiff(predict(permuted, data.matrix), reference)).toBeLessThan(1e-6);
    });
  }

  it('empty input fails with a message that says so', () => {
    const empty = subsetMatrix(data.matrix, new Int32Array(0));
    expect(() => kind.fit(empty, new Float64Array(0), createRng(42))).toThrow(/: no rows to fit \(got 0 rows\); check the data and the time split/);
  });

  it('a NaN label fails naming its row', () => {
    const bad = y.slice();
    bad[3] = NaN;
    expect(() => kind.fit(data.matrix, bad, createRng(42))).toThrow(/row 3: label is NaN; drop censored or unlabelled rows before fitting/);
  });

  it('a NaN feature value that is not marked missing fails naming the feature and row', () => {
    const x = data.matrix.columns[1];
    if (x.kind !== 'number') throw new Error('column 1 is x');
    const z = x.z.slice();
    z[5] = NaN;
    const bad = { ...data.matrix, columns: data.matrix.columns.map((c, k) => (k === 1 ? { ...x, z, missing: x.missing.slice() } : c)) };
    expect(() => kind.fit(bad, y, createRng(42))).toThrow(/feature x row 5: value is not finite \(got NaN\); mark missing values as missing/);
  });

  it('save → load predicts the same; save → load → save is byte-identical', () => {
    const text = serializeModel(modelFileWith(kind, state));
    const loaded = parseModel(text, 'contract.json');
    expect(Array.from(predict(loaded.params[kind.part], data.matrix))).toEqual(Array.from(mu));
    expect(serializeModel(loaded)).toBe(text);
  });

  it('the plain-TypeScript scorer (scoreLead on the model file) agrees with the in-library prediction', () => {
    const model = parseModel(serializeModel(modelFileWith(kind, state)), 'contract.json');
    const scored = data.leads.map((lead) => scoreLead(model, lead));
    const fromScorer = scored.map((s) => (kind.part === 'win' ? s.pWin : s.valueIfWon));
    expect(maxRelDiff(fromScorer, mu)).toBeLessThan(1e-12);
  });
});

describe('model contract: the EBM kinds really are EBMs and the GLM kinds GLMs', () => {
  it('fits the kind it names', () => {
    const kinds = KINDS.map((k) => k.fit(data.matrix, labelsOf(k), createRng(1)).kind);
    expect(kinds).toEqual(['glm', 'glm', 'ebm', 'ebm', 'ebm', 'ebm']);
    const e = KINDS[3].fit(data.matrix, data.amount, createRng(1)) as EbmState;
    expect([e.link, e.settings.loss]).toEqual(['log', 'poisson']);
    const t = KINDS[4].fit(data.matrix, data.amount, createRng(1)) as EbmState;
    expect([t.link, t.settings.loss, t.settings.tweediePower]).toEqual(['log', 'tweedie', 1.5]);
    expect(predictEbm(e, data.matrix)).toEqual(predict(e, data.matrix));
    expect(predictGlm(KINDS[0].fit(data.matrix, data.won, createRng(1)) as GlmState, data.matrix).length).toBe(N);
  });
});
