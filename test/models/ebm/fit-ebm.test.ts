// Known values for the explainable boosting machine (src/models/ebm). Expected numbers
// are computed here by hand (bin means, step heights), independently of the library.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/rng.js';
import type { EncodedCategory, EncodedMatrix, EncodedNumber } from '../../../src/features/encode.js';
import { auc } from '../../../src/evaluate/auc.js';
import fc from 'fast-check';
import { binNumber, quantileEdges, sortFloat64 } from '../../../src/models/ebm/bin-features.js';
import { ebmBin } from '../../../src/scoring/ebm-terms.js';
import { EBM_DEFAULTS, resolveEbmSettings } from '../../../src/models/ebm/ebm-params.js';
import { fitEbm } from '../../../src/models/ebm/fit-ebm.js';
import { makePassKernel } from '../../../src/models/ebm/pass-kernel.js';
import { validationLossOf } from '../../../src/models/ebm/boost.js';
import { ebmContributions, ebmLinearPredictor, predictEbm } from '../../../src/models/ebm/predict-ebm.js';
import { canonicalJson } from '../../../src/core/canonical-json.js';
import type { EbmState } from '../../../src/scoring/model-types.js';

const num = (name: string, z: ArrayLike<number>, missing?: ArrayLike<number>): EncodedNumber =>
  ({ kind: 'number', name, z: Float64Array.from(z, (v) => (Number.isNaN(v) ? 0 : v)), missing: Uint8Array.from(missing ?? Array.from(z, (v) => (Number.isNaN(v) ? 1 : 0))) });
const cat = (name: string, slots: ArrayLike<number>, size: number): EncodedCategory => ({ kind: 'category', name, slots: Int32Array.from(slots), size });
const matrixOf = (...columns: (EncodedNumber | EncodedCategory)[]): EncodedMatrix => ({ rows: columns[0].kind === 'number' ? columns[0].z.length : columns[0].slots.length, columns });
const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((s, v) => s + v, 0) / xs.length;
const numberTerm = (s: EbmState, name: string) => { const t = s.terms[name]; if (t.kind !== 'number') throw new Error(name); return t; };
const categoryTerm = (s: EbmState, name: string) => { const t = s.terms[name]; if (t.kind !== 'category') throw new Error(name); return t; };

/** One round, learning rate 1, no shrinkage, every bin its own leaf, no early stopping: one exact Newton step. */
const ONE_EXACT_STEP = { maxRounds: 1, learningRate: 1, l2: 0, maxLeaves: 0, validationShare: 0 };

describe('fitEbm: one round with learning rate 1 gives exact bin means (squared error on log1p)', () => {
  // Category: slots 0..2 plus (other) = 3 (unused) and (missing) = 4. Amounts chosen so log1p is easy to check by hand.
  const slots = [0, 0, 0, 1, 1, 2, 2, 2, 2, 4];
  const amounts = [0, 1, 3, 7, 15, 31, 0, 3, 1, 63];
  const m = matrixOf(cat('tier', slots, 5));
  const state = fitEbm(m, amounts, { loss: 'log1p-squared', target: 'E[value]', ...ONE_EXACT_STEP }, createRng(1));
  const t = amounts.map(Math.log1p);
  const overall = mean(t);

  it('each slot holds the mean of log1p(amount) over its rows minus the overall mean; an empty slot holds 0', () => {
    const expected = [0, 1, 2, 3, 4].map((s) => {
      const rows = slots.map((v, i) => (v === s ? i : -1)).filter((i) => i >= 0);
      return rows.length ? mean(rows.map((i) => t[i])) - overall : 0;
    });
    const got = categoryTerm(state, 'tier').values;
    got.forEach((v, s) => expect(v).toBeCloseTo(expected[s], 12));
    expect(got[3]).toBe(0); // (other): no training row → 0, an average lead
  });

  it('a number with few distinct values gets one bin per value (edges halfway), bin means exact, missing its own bin', () => {
    const z = [-1, -1, 0, 0, 0, 2, 2, NaN, NaN, 2];
    const s = fitEbm(matrixOf(num('x', z)), amounts, { loss: 'log1p-squared', target: 'E[value]', ...ONE_EXACT_STEP }, createRng(1));
    const term = numberTerm(s, 'x');
    expect(term.edges).toEqual([-0.5, 1]);
    const binMean = (pred: (v: number) => boolean) => mean(z.map((v, i) => (pred(v) ? t[i] : NaN)).filter((v) => !Number.isNaN(v))) - overall;
    expect(term.values[0]).toBeCloseTo(binMean((v) => v === -1), 12);
    expect(term.values[1]).toBeCloseTo(binMean((v) => v === 0), 12);
    expect(term.values[2]).toBeCloseTo(binMean((v) => v === 2), 12);
    expect(term.missing).toBeCloseTo(binMean((v) => Number.isNaN(v)), 12);
  });

  it('terms average 0 over the training rows (centred); the level makes mean e^η equal the mean amount', () => {
    const contrib = ebmContributions(state, m, 'tier');
    expect(Math.abs(mean(contrib))).toBeLessThan(1e-12);
    expect(mean(predictEbm(state, m))).toBeCloseTo(mean(amounts), 10);
  });
});

describe('fitEbm recovers a step function', () => {
  // y depends on x only through a step at x = 0.3 (on the z scale); w is noise.
  const rng = createRng(5);
  const n = 8000;
  const x = Array.from({ length: n }, () => rng.normal());
  const w = Array.from({ length: n }, () => rng.normal());
  const m = matrixOf(num('x', x), num('w', w));
  const stepAt = (v: number) => (v > 0.3 ? 1 : 0);

  it('squared error on log1p: the shape jumps by the planted 2.0 at the planted cut, flat on either side (±0.1)', () => {
    const amounts = x.map((v) => Math.expm1(2 + 2 * stepAt(v) + 0.3 * rng.normal())); // log1p(amount) = 2 + 2·step + noise
    const s = fitEbm(m, amounts, { loss: 'log1p-squared', target: 'E[value]' }, createRng(1));
    const term = numberTerm(s, 'x');
    const low = term.values.filter((_, b) => b === 0 || term.edges[b] <= 0.3 - 0.1);
    const high = term.values.filter((_, b) => b > 0 && term.edges[b - 1] >= 0.3 + 0.1);
    expect(Math.max(...low) - Math.min(...low)).toBeLessThan(0.1);
    expect(Math.max(...high) - Math.min(...high)).toBeLessThan(0.1);
    expect(mean(high) - mean(low)).toBeGreaterThan(1.9);
    expect(mean(high) - mean(low)).toBeLessThan(2.1);
    // the noise feature's shape stays near 0
    expect(Math.max(...numberTerm(s, 'w').values.map(Math.abs))).toBeLessThan(0.1);
  });

  it('log-loss: the log-odds jump by the planted 1.5 (±0.25)', () => {
    const won = x.map((v) => (rng.next() < 1 / (1 + Math.exp(-(-1 + 1.5 * stepAt(v)))) ? 1 : 0));
    const s = fitEbm(m, won, { loss: 'log-loss', target: 'P(win)' }, createRng(1));
    const term = numberTerm(s, 'x');
    const low = term.values.filter((_, b) => b === 0 || term.edges[b] <= 0.2);
    const high = term.values.filter((_, b) => b > 0 && term.edges[b - 1] >= 0.4);
    expect(mean(high) - mean(low)).toBeGreaterThan(1.25);
    expect(mean(high) - mean(low)).toBeLessThan(1.75);
    expect(s.link).toBe('logit');
  });

  it('Poisson: the log mean jumps by the planted ln 3 (±0.15)', () => {
    const amounts = x.map((v) => (rng.next() < 0.4 ? 0 : (stepAt(v) ? 300 : 100) * (0.5 + rng.next()) / 0.6));
    const s = fitEbm(m, amounts, { loss: 'poisson', target: 'E[value]' }, createRng(1));
    const term = numberTerm(s, 'x');
    const low = term.values.filter((_, b) => b === 0 || term.edges[b] <= 0.2);
    const high = term.values.filter((_, b) => b > 0 && term.edges[b - 1] >= 0.4);
    expect(Math.abs(mean(high) - mean(low) - Math.log(3))).toBeLessThan(0.15);
  });
});

describe('fitEbm: categories, unseen and missing', () => {
  const rng = createRng(9);
  const n = 3000;
  // slots 0..3 levels, 4 = (other) never seen in training, 5 = (missing) seen
  const slots = Array.from({ length: n }, () => (rng.next() < 0.1 ? 5 : rng.int(4)));
  const won = slots.map((s) => (rng.next() < [0.1, 0.2, 0.4, 0.6, 0.5, 0.3][s] ? 1 : 0));
  const s = fitEbm(matrixOf(cat('tier', slots, 6)), won, { loss: 'log-loss', target: 'P(win)' }, createRng(1));
  const values = categoryTerm(s, 'tier').values;

  it('levels are ordered as planted; (other), never seen, holds 0 (an unseen level scores as an average lead); (missing) is learned', () => {
    expect(values[0]).toBeLessThan(values[1]);
    expect(values[1]).toBeLessThan(values[2]);
    expect(values[2]).toBeLessThan(values[3]);
    expect(values[4]).toBe(0);
    expect(values[5]).not.toBe(0);
  });

  it('an unseen level, encoded as (other), scores the intercept alone', () => {
    const eta = ebmLinearPredictor(s, matrixOf(cat('tier', [4], 6)));
    expect(eta[0]).toBe(s.intercept);
  });

  it('refuses a matrix without a column for one of its terms, or with a category of another slot count', () => {
    const z = Array.from({ length: 200 }, (_, i) => (i % 7) - 3);
    const two = fitEbm(matrixOf(cat('tier', slots.slice(0, 200), 6), num('x', z)), won.slice(0, 200), { loss: 'log-loss', target: 'P(win)', maxRounds: 3 }, createRng(1));
    expect(() => predictEbm(two, matrixOf(cat('tier', [0, 1], 6)))).toThrow(/^feature x: the EBM model has this term but the matrix has no such column; encode with the specs the model was trained on$/);
    // A level more in the matrix's vocabulary: 7 slots, where slot 4 would have read as the model's (other).
    expect(() => predictEbm(s, matrixOf(cat('tier', [4, 5], 7)))).toThrow(/^feature tier: has 6 slots \(4 levels, \(other\), \(missing\)\) in the EBM model but 7 in the matrix; encode with the specs the model was trained on$/);
    expect(() => ebmContributions(s, matrixOf(cat('tier', [4, 5], 7)), 'tier')).toThrow(/^feature tier: has 6 slots/);
  });

  it('a number never missing in training holds 0 for missing', () => {
    const z = Array.from({ length: 500 }, () => rng.normal());
    const e = fitEbm(matrixOf(num('x', z)), z.map((v) => (v > 0 ? 1 : 0)), { loss: 'log-loss', target: 'P(win)' }, createRng(1));
    expect(numberTerm(e, 'x').missing).toBe(0);
  });
});

describe('fitEbm: early stopping, refit, bagging, interactions', () => {
  const rng = createRng(3);
  const n = 6000;
  const cols = [0, 1, 2, 3].map((c) => num(`x${c}`, Array.from({ length: n }, () => rng.normal())));
  const k = cat('k', Array.from({ length: n }, () => rng.int(3)), 5);
  const z = (c: number, i: number) => cols[c].z[i];
  // Planted: an XOR-like pair x0 × x1, a main effect of x2, and a pair x3 × k.
  const won = Float64Array.from({ length: n }, (_, i) => {
    const eta = -0.5 + 1.2 * Math.sign(z(0, i)) * Math.sign(z(1, i)) + 0.5 * z(2, i) + (k.slots[i] === 1 && z(3, i) > 0 ? 1 : 0);
    return rng.next() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  });
  const m = matrixOf(...cols, k);

  it('early stopping records the inner time split (newest 20%) and stops before maxRounds', () => {
    const s = fitEbm(m, won, { loss: 'log-loss', target: 'P(win)' }, createRng(1));
    expect(s.validation).not.toBeNull();
    expect(s.validation!.rows).toBe(1200);
    expect(s.rounds.mains).toBeGreaterThan(0);
    expect(s.validation!.roundsTried).toBe(s.rounds.mains + EBM_DEFAULTS.earlyStoppingRounds);
    expect(s.settings).toEqual({ ...EBM_DEFAULTS, loss: 'log-loss' });
  });

  it('labels that are pure noise stop early, with shapes near 0', () => {
    const noise = Float64Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
    const s = fitEbm(m, noise, { loss: 'log-loss', target: 'P(win)' }, createRng(1));
    expect(s.rounds.mains).toBeLessThan(15);
    for (const t of Object.values(s.terms)) for (const v of t.values) expect(Math.abs(v)).toBeLessThan(0.25);
  });

  it('FAST finds the planted pairs (x0 × x1, x3 × k), and they lift AUC well above the main effects alone', () => {
    const mains = fitEbm(m, won, { loss: 'log-loss', target: 'P(win)' }, createRng(1));
    const pairs = fitEbm(m, won, { loss: 'log-loss', target: 'P(win)', interactions: 2 }, createRng(1));
    expect(pairs.pairs.map((p) => p.features)).toEqual([['x0', 'x1'], ['x3', 'k']]);
    expect(pairs.pairs[0].edges[0]!.length).toBeLessThanOrEqual(EBM_DEFAULTS.interactionMaxBins - 1);
    expect(pairs.pairs[1].edges[1]).toBeNull(); // a category axis uses its slots
    expect(pairs.pairs[1].values.length).toBe(pairs.pairs[1].edges[0]!.length + 2);
    expect(pairs.pairs[1].values[0].length).toBe(5);
    // in-sample, on the rows it was fit on: the XOR pattern is invisible to main effects
    const y = Array.from(won);
    expect(auc(predictEbm(mains, m), y)).toBeLessThan(0.66);
    expect(auc(predictEbm(pairs, m), y)).toBeGreaterThan(0.75);
    // centred: each pair table averages 0 over the rows
    expect(Math.abs(mean(ebmLinearPredictor({ ...pairs, intercept: 0, terms: Object.fromEntries(Object.entries(pairs.terms).map(([name, t]) => [name, t.kind === 'number' ? { ...t, values: t.values.map(() => 0), missing: 0 } : { ...t, values: t.values.map(() => 0) }])) }, m)))).toBeLessThan(1e-9);
  });

  it('bagging: same seed, same state; another seed, another state; each bag a Poisson(1) bootstrap refit', () => {
    const params = { loss: 'log-loss' as const, target: 'P(win)', bags: 3 };
    const a = fitEbm(m, won, params, createRng(1));
    expect(canonicalJson(fitEbm(m, won, params, createRng(1)))).toBe(canonicalJson(a));
    expect(canonicalJson(fitEbm(m, won, params, createRng(2)))).not.toBe(canonicalJson(a));
    // without bagging the rng is not used
    const plain = { loss: 'log-loss' as const, target: 'P(win)' };
    expect(canonicalJson(fitEbm(m, won, plain, createRng(1)))).toBe(canonicalJson(fitEbm(m, won, plain, createRng(2))));
  });

  it('refit false keeps the model fit on the older rows; refit true (default) uses every row for the chosen rounds', () => {
    const older = fitEbm(m, won, { loss: 'log-loss', target: 'P(win)', refit: false }, createRng(1));
    const all = fitEbm(m, won, { loss: 'log-loss', target: 'P(win)' }, createRng(1));
    expect(older.rounds.mains).toBe(all.rounds.mains);
    expect(canonicalJson(older.terms)).not.toBe(canonicalJson(all.terms));
  });
});

describe('fitEbm: Tweedie loss', () => {
  // Three levels with zeros and a long tail; (other) = 3 unused, (missing) = 4.
  const rng = createRng(21);
  const n = 600;
  const slots = Array.from({ length: n }, (_, i) => (i % 10 === 9 ? 4 : i % 3));
  const amounts = slots.map((s) => (rng.next() < 0.5 ? 0 : [50, 200, 800, 0, 120][s] * Math.exp(rng.normal())));
  const m = matrixOf(cat('tier', slots, 5));
  const groupMean = (s: number) => mean(amounts.filter((_, i) => slots[i] === s));
  const converged = { maxRounds: 400, learningRate: 0.5, l2: 0, maxLeaves: 0, validationShare: 0 };

  it.each([1.2, 1.5, 1.8])('power %s: a level-per-slot model predicts each slot\'s mean amount (the Tweedie MLE of a saturated model, for any power)', (power) => {
    const st = fitEbm(m, amounts, { loss: 'tweedie', tweediePower: power, target: 'E[value]', ...converged }, createRng(1));
    expect(st.link).toBe('log');
    expect(st.settings.tweediePower).toBe(power);
    const mu = predictEbm(st, m);
    for (const s of [0, 1, 2, 4]) {
      const i = slots.indexOf(s);
      expect(Math.abs(mu[i] / groupMean(s) - 1)).toBeLessThan(1e-6);
    }
  });

  it('gradient and hessian of the pass are the derivatives of the validation loss (central differences)', () => {
    for (const [eta, y, power] of [[0.3, 0, 1.5], [-1.2, 2.5, 1.2], [1.7, 0.4, 1.9]]) {
      const G = new Float64Array(1), H = new Float64Array(1);
      const q = 1 - power;
      const pass = makePassKernel('tweedie', Float64Array.of(Math.exp(eta)), Float64Array.of(y), null, Float64Array.of(1), G, H, 1,
        { q, t: Float64Array.of(Math.exp(q * eta)), stepQ: Float64Array.of(1) });
      pass(Int32Array.of(0) as never, Int32Array.of(0) as never);
      const loss = (e: number) => validationLossOf('tweedie', Float64Array.of(y), Float64Array.of(Math.exp(e)), 0, power);
      const d = 1e-4;
      expect(G[0]).toBeCloseTo((loss(eta + d) - loss(eta - d)) / (2 * d), 6);
      expect(H[0]).toBeCloseTo((loss(eta + d) - 2 * loss(eta) + loss(eta - d)) / (d * d), 4);
    }
  });

  it('power close to 1 gives the Poisson fit', () => {
    const x = Array.from({ length: n }, () => rng.next());
    const mm = matrixOf(num('x', x), cat('tier', slots, 5));
    const settings = { target: 'E[value]', maxRounds: 50, validationShare: 0 };
    const p = fitEbm(mm, amounts, { loss: 'poisson', ...settings }, createRng(1));
    const t = fitEbm(mm, amounts, { loss: 'tweedie', tweediePower: 1 + 1e-9, ...settings }, createRng(1));
    const a = predictEbm(p, mm), b = predictEbm(t, mm);
    expect(Math.max(...Array.from(a, (v, i) => Math.abs(v / b[i] - 1)))).toBeLessThan(1e-6);
  });
});

describe('EBM settings are validated with messages naming the field', () => {
  const m = matrixOf(num('x', [1, 2, 3]));
  it.each([
    [{ maxBins: 1 }, /fitEbm params\.maxBins: not a whole number from 2 to 65535 \(got 1\)/],
    [{ learningRate: 0 }, /fitEbm params\.learningRate: not a number above 0, at most 1 \(got 0\)/],
    [{ validationShare: 1 }, /fitEbm params\.validationShare: not a fraction from 0/],
    [{ maxLeaves: 1 }, /fitEbm params\.maxLeaves: not 0 \(every bin its own leaf\) or a whole number from 2 \(got 1\)/],
    [{ bags: 0 }, /fitEbm params\.bags: not a whole number from 1/],
    [{ learningrate: 0.1 }, /fitEbm params\.learningrate: unknown EBM setting \(got "learningrate"\); settings are loss, tweediePower, maxBins, maxLeaves, learningRate/],
    [{ loss: 'gamma' }, /fitEbm params\.loss: unknown loss \(got "gamma"\); use "log-loss", "poisson", "tweedie", "log1p-squared"/],
    [{ loss: 'tweedie', tweediePower: 2 }, /fitEbm params\.tweediePower: not a number between 1 and 2 \(exclusive\) \(got 2\); use e\.g\. 1\.5; 1 is the Poisson loss/],
    [{ loss: 'tweedie', tweediePower: '1.5' }, /fitEbm params\.tweediePower: not a number between 1 and 2 \(exclusive\) \(got "1\.5"\)/],
    [{ tweediePower: 1.5 }, /fitEbm params\.tweediePower: only for the tweedie loss, not "log-loss" \(got 1\.5\); set "loss": "tweedie", or drop tweediePower/],
  ])('%j', (bad, message) => {
    expect(() => fitEbm(m, [0, 1, 0], { loss: 'log-loss', target: 'P(win)', ...bad } as never, createRng(1))).toThrow(message);
  });

  it('labels outside the loss\'s range fail naming the row', () => {
    expect(() => fitEbm(m, [0, 2, 0], { loss: 'log-loss', target: 'P(win)' }, createRng(1))).toThrow(/fitEbm \(P\(win\)\) row 1: label is not 0 or 1 \(got 2\)/);
    expect(() => fitEbm(m, [0, -2, 0], { loss: 'poisson', target: 'E[value]' }, createRng(1))).toThrow(/row 1: amount is negative or infinite \(got -2\)/);
  });

  it('defaults fill in; the params object is not mutated', () => {
    const raw = Object.freeze({ loss: 'poisson', maxBins: 64 });
    expect(resolveEbmSettings(raw, 'x')).toEqual({ ...EBM_DEFAULTS, loss: 'poisson', maxBins: 64 });
    // tweediePower only with the tweedie loss, 1.5 unless given.
    expect(resolveEbmSettings({ loss: 'tweedie' }, 'x')).toEqual({ ...EBM_DEFAULTS, loss: 'tweedie', tweediePower: 1.5 });
    expect(resolveEbmSettings({ loss: 'tweedie', tweediePower: 1.2 }, 'x').tweediePower).toBe(1.2);
  });
});

describe('quantileEdges', () => {
  it('few distinct values: edges halfway between neighbours', () => {
    expect(quantileEdges(num('x', [3, 1, 1, 2, NaN]), 8)).toEqual([1.5, 2.5]);
  });

  it('many values: at most maxBins bins of about equal rows, edges strictly ascending', () => {
    const z = Array.from({ length: 1000 }, (_, i) => i);
    const edges = quantileEdges(num('x', z), 4);
    expect(edges).toEqual([249.5, 499.5, 749.5]);
  });

  it('a heavily tied value gets a bin of its own and the rest share the others', () => {
    const z = [...Array.from({ length: 600 }, () => 0), ...Array.from({ length: 400 }, (_, i) => i + 1)];
    const edges = quantileEdges(num('x', z), 5);
    expect(edges[0]).toBe(0.5);
    expect(edges.length).toBe(4);
    for (let i = 1; i < edges.length; i++) expect(edges[i]).toBeGreaterThan(edges[i - 1]);
  });

  it('no present value: no edges', () => {
    expect(quantileEdges(num('x', [NaN, NaN]), 8)).toEqual([]);
  });
});

describe('sortFloat64 (radix sort on the bits)', () => {
  it('sorts any finite doubles as a numeric comparison sort does (property)', () => {
    fc.assert(fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true })), (xs) => {
      const a = Float64Array.from(xs);
      sortFloat64(a);
      const expected = [...xs].sort((p, q) => p - q);
      // -0 and 0 compare equal; compare as numbers
      expect(Array.from(a).map((v) => v + 0)).toEqual(expected.map((v) => v + 0));
    }));
  });

  it('a subarray view sorts in place, leaving the rest of the buffer alone', () => {
    const buf = Float64Array.from([9, 3, -1, 2, 7]);
    sortFloat64(buf.subarray(1, 4));
    expect(Array.from(buf)).toEqual([9, -1, 2, 3, 7]);
  });
});

describe('binNumber (grid-accelerated) agrees with the scorer\'s ebmBin on every value', () => {
  it('property: random edges and values, values equal to edges included; missing gets the last bin', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 0, maxLength: 40 }),
      fc.array(fc.double({ min: -2e6, max: 2e6, noNaN: true }), { maxLength: 200 }),
      (rawEdges, values) => {
        const edges = [...rawEdges].sort((a, b) => a - b);
        const z = [...values, ...edges, NaN];
        const bins = binNumber(num('x', z), edges);
        z.forEach((v, i) => expect(bins[i]).toBe(Number.isNaN(v) ? edges.length + 1 : ebmBin(edges, v)));
      },
    ));
  });

  it('edges crowded into one grid cell', () => {
    const edges = [0, 1e-9, 2e-9, 3e-9, 1000];
    const z = [-1, 0, 5e-10, 1e-9, 1.5e-9, 2.5e-9, 3e-9, 4e-9, 999, 1000, 1001];
    expect(Array.from(binNumber(num('x', z), edges))).toEqual(z.map((v) => ebmBin(edges, v)));
  });
});

describe('fitEbm: a newest part with one outcome only cannot stop boosting', () => {
  // 2,000 rows, oldest first; wins only among the older 80%, each feature slot with a different rate.
  const n = 2000;
  const rng = createRng(7);
  const slots = Int32Array.from({ length: n }, () => rng.int(4));
  const y = Float64Array.from(slots, (s, i) => (i < 1600 && rng.next() < 0.05 + 0.05 * s ? 1 : 0));
  const m = matrixOf(cat('tier', slots, 6));

  it('log-loss: the rounds are chosen by cross-validation, not run to maxRounds on a tail without wins', () => {
    const state = fitEbm(m, y, { loss: 'log-loss', target: 'P(win)', maxRounds: 400 }, createRng(1));
    // Before: the time split, its loss falling every round as scores sank toward 0: rounds.mains 400, validation.rows 400.
    expect(state.validation?.folds).toBeGreaterThanOrEqual(2);
    expect(state.rounds.mains).toBeLessThan(400);
  });

  it('Poisson: a newest part with no amount above 0 does likewise; with a win in the tail the time split stays', () => {
    const state = fitEbm(m, y, { loss: 'poisson', target: 'E[value]', maxRounds: 400 }, createRng(1));
    expect(state.validation?.folds).toBeGreaterThanOrEqual(2);
    const withTailWin = Float64Array.from(y);
    withTailWin[1900] = 1;
    const split = fitEbm(m, withTailWin, { loss: 'log-loss', target: 'P(win)', maxRounds: 400 }, createRng(1));
    expect(split.validation).toMatchObject({ rows: 400 });
    expect(split.validation?.folds).toBeUndefined();
  });
});
