import { LeadvalueError, shown } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { EncodedMatrix } from '../../features/encode.js';
import { subsetMatrix } from '../../features/subset-matrix.js';
import { BatchBuilder } from './ziln-batches.js';
import { inputOffsets, softplus, zilnRowLoss } from './ziln-forward.js';
import { forwardTf, weightSquares, zilnLossTf, type TfLayer } from './ziln-graph.js';
import { loadTfSync, withTf, type LoadedTf } from './load-tf.js';
import { zilnRawOutputs } from './predict-ziln.js';
import type { ZilnHeadTerms, ZilnInput, ZilnLayer, ZilnLinearTerms, ZilnParams, ZilnResolvedParams, ZilnState, ZilnTerm } from './ziln-types.js';

/** Defaults of {@link ZilnParams}; `learningRate` is 0.01 for the linear ZILN, 0.003 with hidden layers. */
export const ZILN_DEFAULTS: Readonly<Omit<ZilnResolvedParams, 'learningRate'>> = Object.freeze({
  hidden: [],
  epochs: 50,
  batchSize: 512,
  l2: 1,
  validationFraction: 0.2,
  patience: 5,
  sigmaFloor: Math.sqrt(1e-7),
  sigmaCeiling: null,
  backend: 'auto',
});

/**
 * Fits a zero-inflated lognormal (ZILN) value model (Wang et al. 2019, "A
 * Deep Probabilistic Model for Customer Lifetime Value Prediction") with
 * TensorFlow.js: one network on the encoded features outputs the logit of
 * P(value > 0), μ and a raw σ (σ = max(softplus(raw), floor)); the loss is
 * the binary cross-entropy of `value > 0` plus the lognormal negative
 * log-likelihood of the positive values. Expected value = p · exp(μ + σ²/2).
 *
 * Inputs: per number, z (0 when missing) and a missing indicator; per
 * category, one-hot over its slots (levels, `(other)`, `(missing)`). With
 * `hidden: []` the model is linear in these inputs, and each head is an exact
 * additive model (see `state.linearTerms`).
 *
 * Training: Adam over mini-batches in a custom loop (each epoch reshuffles the
 * fitting rows with `rng`), early stopping on the **last**
 * `validationFraction` of the rows (pass them oldest first, so this is a time
 * tail), keeping the best epoch's weights. Initial weights are drawn from
 * `rng` in TypeScript (He-uniform for hidden layers, zeros for the output
 * layer, its biases at the constant model: training starts from the constant
 * ZILN), so the same seed gives the same start on every backend
 * and no tfjs random state is used. Same data, seed and backend → the same
 * state, byte for byte; another backend gives weights equal to float32
 * rounding at first, drifting apart by training over many steps.
 *
 * tfjs is imported on the first call only (tfjs-node when installed, else
 * the wasm backend, else cpu); the state records which backend ran. Fits run
 * one at a time (the tfjs backend is global).
 * @param matrix - encoded features, rows oldest first; not mutated
 * @param values - realised values ≥ 0, one per row (0 = no value); not mutated
 * @param params - architecture and training settings (defaults: {@link ZILN_DEFAULTS})
 * @param rng - randomness for initial weights and shuffling (`createRng(seed).child('ziln')`)
 * @returns plain-JSON state; score it with {@link predictZiln} or {@link zilnForward}
 * @throws LeadvalueError on empty input, no feature columns, a label count that differs from the rows, NaN, negative or infinite values,
 *   values or z beyond float32's range (~3.4e38: tfjs trains in float32), non-finite z, slots out of range, no positive value among the fitting rows, or invalid params
 * @example
 * const state = await fitZiln(matrix, value, { hidden: [] }, createRng(42).child('ziln'));
 * predictZiln(state, matrix).expectedValue;
 */
export async function fitZiln(matrix: EncodedMatrix, values: ArrayLike<number>, params: ZilnParams, rng: Rng): Promise<ZilnState> {
  const run = prepareFit(matrix, values, params, rng);
  return withTf(run.backend, run.fit);
}

/**
 * {@link fitZiln} without a promise, for synchronous pipelines: identical
 * results, but tfjs must have been loaded before with `await loadTf(backend)`
 * (the backend of `params.backend`, default `auto`). Training itself is
 * synchronous on every tfjs backend; only importing tfjs and initialising a
 * backend are not.
 * @param where - prefix of the params' names in messages (default `fitZiln params`; the pipeline passes the config field, `model.value`)
 * @throws LeadvalueError as {@link fitZiln}, and when tfjs is not loaded yet
 * @example
 * await loadTf();                      // once, at start-up
 * const state = fitZilnSync(matrix, value, { hidden: [] }, rng);
 */
export function fitZilnSync(matrix: EncodedMatrix, values: ArrayLike<number>, params: ZilnParams, rng: Rng, where = 'fitZiln params'): ZilnState {
  const run = prepareFit(matrix, values, params, rng, where);
  return run.fit(loadTfSync(run.backend));
}

/** Validates and prepares a fit; `fit` runs it with a loaded tfjs. */
function prepareFit(matrix: EncodedMatrix, values: ArrayLike<number>, params: ZilnParams, rng: Rng, where = 'fitZiln params'): { backend: ZilnResolvedParams['backend']; fit: (loaded: LoadedTf) => ZilnState } {
  const p = resolveParams(params, where);
  validateData(matrix, values);
  const n = matrix.rows;
  const nVal = p.validationFraction > 0 ? Math.floor(n * p.validationFraction) : 0;
  const nFit = n - nVal;
  if (nFit < 1) throw new LeadvalueError('fitZiln', 'no rows left to fit after the validation tail', `${n} rows, validationFraction ${p.validationFraction}`, 'lower validationFraction or add rows');
  let positive = 0;
  for (let i = 0; i < nFit; i++) if (values[i] > 0) positive++;
  if (positive === 0) throw new LeadvalueError('fitZiln', 'no positive value among the fitting rows, so the lognormal part cannot be fit', `${nFit} rows, all 0`, 'use a longer horizon or more rows');

  const inputs: ZilnInput[] = matrix.columns.map((c) => c.kind === 'number' ? { name: c.name, kind: 'number' } : { name: c.name, kind: 'category', size: c.size });
  const builder = new BatchBuilder(inputs, matrix.columns);
  const sizes = [builder.width, ...p.hidden, 3];
  const { layers: init, logSd } = initialLayers(sizes, activeInputs(matrix, inputs, nFit), inputs.length, values, nFit, rng.child('init'));
  const sigmaCeiling = p.sigmaCeiling ?? 3 * logSd;
  // A given ceiling at or below the floor was refused by resolveParams; the default one depends on the data.
  if (!(sigmaCeiling > p.sigmaFloor)) {
    const ceiling = Number(sigmaCeiling.toPrecision(3));
    throw new LeadvalueError(`${where}.sigmaFloor`, `not below sigmaCeiling, which is the default 3 × sd of log value over the positive fitting rows = ${ceiling}`,
      String(p.sigmaFloor), `lower sigmaFloor below ${ceiling}, or set sigmaCeiling above ${p.sigmaFloor}`);
  }
  const shuffleRng = rng.child('shuffle');
  const y = Float32Array.from({ length: n }, (_, i) => values[i]);
  const fitIndex = Int32Array.from({ length: nFit }, (_, k) => k);
  const valMatrix = subsetMatrix(matrix, Int32Array.from({ length: nVal }, (_, k) => nFit + k));
  const valValues = Float64Array.from({ length: nVal }, (_, k) => values[nFit + k]);

  const fit = ({ tf, backend, version }: LoadedTf): ZilnState => {
    // Another caller may have switched the global backend since it was loaded; switching back is synchronous.
    if (tf.getBackend() !== backend) void tf.setBackend(backend);
    const startTensors = tf.memory().numTensors;
    // tidy disposes the initial tensors; variables outlive it.
    const variables = init.map((l) => tf.tidy(() => ({
      weights: tf.variable(tf.tensor2d(l.weights, [l.rows, l.cols]), true),
      bias: tf.variable(tf.tensor1d(l.bias), true),
    })));
    const layers: TfLayer[] = variables.map((v, k) => ({ ...v, relu: init[k].relu }));
    const varList = variables.flatMap((v) => [v.weights, v.bias]);
    const optimizer = tf.train.adam(p.learningRate);
    const l2PerStep = p.l2 / (2 * nFit);
    const read = (): ZilnLayer[] => layers.map((l, k) => toLayer(l.weights.dataSync() as Float32Array, l.bias.dataSync() as Float32Array, sizes[k], sizes[k + 1], l.relu));
    let best: ZilnLayer[] = read();
    let bestLoss = Infinity, bestEpoch = 0, epochsRun = 0, sinceBest = 0;
    try {
      for (let epoch = 1; epoch <= p.epochs; epoch++) {
        shuffle(fitIndex, shuffleRng);
        for (let start = 0; start < nFit; start += p.batchSize) {
          const end = Math.min(nFit, start + p.batchSize);
          const xs = builder.build(fitIndex, start, end);
          const ys = new Float32Array(end - start);
          for (let q = start; q < end; q++) ys[q - start] = y[fitIndex[q]];
          tf.tidy(() => {
            const x = tf.tensor2d(xs, [end - start, builder.width]);
            const yb = tf.tensor2d(ys, [end - start, 1]);
            optimizer.minimize(() => {
              const loss = zilnLossTf(tf, forwardTf(tf, layers, x), yb, p.sigmaFloor, sigmaCeiling);
              return l2PerStep > 0 ? tf.add(loss, tf.mul(l2PerStep, weightSquares(tf, layers))) : loss;
            }, false, varList);
          });
        }
        epochsRun = epoch;
        if (nVal === 0) continue;
        const current = read();
        const loss = meanLoss(stateOf(current), valMatrix, valValues);
        if (!Number.isFinite(loss)) throw new LeadvalueError('fitZiln', `validation loss is not finite at epoch ${epoch}`, String(loss), 'lower the learning rate or raise l2');
        if (loss < bestLoss) { bestLoss = loss; best = current; bestEpoch = epoch; sinceBest = 0; }
        else if (++sinceBest >= p.patience) break;
      }
      if (nVal === 0) { best = read(); bestEpoch = epochsRun; }
    } finally {
      optimizer.dispose();
      for (const v of varList) v.dispose();
    }
    const leaked = tf.memory().numTensors - startTensors;
    if (leaked !== 0) throw new Error(`fitZiln: ${leaked} tfjs tensors leaked (a bug in leadvalue)`);

    const state = stateOf(best);
    const trainLoss = meanLoss(state, matrix, values, fitIndex.slice().sort());
    return {
      kind: 'ziln',
      architecture: state.architecture,
      layers: best,
      linearTerms: p.hidden.length === 0 ? linearTerms(best[0], inputs, matrix) : null,
      backend,
      tfjsVersion: version,
      epochsRun,
      bestEpoch,
      validationLoss: nVal > 0 ? bestLoss : null,
      trainLoss,
      rows: { fit: nFit, validation: nVal, positive },
      params: { ...p, hidden: p.hidden.slice() },
      seed: rng.seed,
    } satisfies ZilnState;
  };
  return { backend: p.backend, fit };

  function stateOf(layers: ZilnLayer[]): ZilnState {
    return {
      kind: 'ziln', architecture: { inputs, hidden: p.hidden.slice(), outputs: ['logit', 'mu', 'sigmaRaw'], sigmaFloor: p.sigmaFloor, sigmaCeiling },
      layers, linearTerms: null, backend: 'cpu', tfjsVersion: '', epochsRun: 0, bestEpoch: 0, validationLoss: null, trainLoss: NaN,
      rows: { fit: nFit, validation: nVal, positive }, params: p, seed: rng.seed,
    };
  }
}

/**
 * Mean ZILN loss per row (the training loss without the L2 term), with the
 * plain-TS forward pass in float64.
 * @param state - a fitted ZILN
 * @param matrix - encoded rows
 * @param values - their realised values
 * @param index - the rows to average over (default: all); NaN when empty
 */
export function meanLoss(state: ZilnState, matrix: EncodedMatrix, values: ArrayLike<number>, index?: Int32Array): number {
  const sub = index ? subsetMatrix(matrix, index) : matrix;
  if (sub.rows === 0) return NaN;
  const raw = zilnRawOutputs(state, sub);
  const { sigmaFloor, sigmaCeiling } = state.architecture;
  let total = 0;
  for (let k = 0; k < sub.rows; k++) {
    const sigma = Math.min(Math.max(softplus(raw[3 * k + 2]), sigmaFloor), sigmaCeiling);
    total += zilnRowLoss(values[index ? index[k] : k], raw[3 * k], raw[3 * k + 1], sigma);
  }
  return total / sub.rows;
}

function toLayer(w: Float32Array, b: Float32Array, rows: number, cols: number, relu: boolean): ZilnLayer {
  const weights: number[][] = [];
  for (let i = 0; i < rows; i++) weights.push(Array.from(w.subarray(i * cols, (i + 1) * cols)));
  return { weights, bias: Array.from(b), activation: relu ? 'relu' : 'linear' };
}

interface InitLayer { weights: Float32Array; bias: Float32Array; rows: number; cols: number; relu: boolean }

/**
 * Initial weights from `rng`: He-uniform for hidden layers, zeros for the
 * output layer (MLP and linear alike); the output biases start at the
 * constant ZILN fit (logit of the share positive, mean and standard deviation
 * of log value), so every row starts at the baseline.
 *
 * Why zeros for an MLP's output layer too: with random (Glorot-uniform) output
 * weights, the untrained network already gave each row its own σ, from ~0 to
 * the ceiling (the demo with `hidden: [16]`: 8% of rows at σ = 3.05, mean
 * expected value 14× the realised one before any step), and since
 * exp(μ + σ²/2) grows with σ², those rows dominated the predictions; rows
 * clipped at the ceiling get no gradient for σ, so training could not bring
 * them back (50 epochs later: still 6.3× the realised mean). Zero output
 * weights still train: their gradient is the hidden activations times the
 * loss gradient, which differ per hidden unit, and the hidden layers receive
 * gradients from the second step on.
 */
function initialLayers(sizes: number[], active: Uint8Array, columns: number, values: ArrayLike<number>, nFit: number, rng: Rng): { layers: InitLayer[]; logSd: number } {
  // Fan-in of the first layer: the inputs set per row, i.e. z or the missing flag per number, one slot per category.
  const firstFanIn = Math.max(1, columns);
  const layers: InitLayer[] = [];
  for (let k = 0; k + 1 < sizes.length; k++) {
    const rows = sizes[k], cols = sizes[k + 1];
    const last = k + 2 === sizes.length;
    const fanIn = k === 0 ? firstFanIn : rows;
    const limit = last ? 0 : Math.sqrt(6 / fanIn);
    const weights = new Float32Array(rows * cols);
    if (limit > 0) for (let t = 0; t < weights.length; t++) weights[t] = (2 * rng.next() - 1) * limit;
    // An input never set in the fitting rows (an unseen slot, a never-missing flag) gets no
    // gradient: its weights start, and stay, at 0, so scoring such a value adds nothing random.
    if (k === 0) for (let i = 0; i < rows; i++) if (!active[i]) weights.fill(0, i * cols, (i + 1) * cols);
    layers.push({ weights, bias: new Float32Array(cols), rows, cols, relu: !last });
  }
  let positive = 0, sum = 0, sumSq = 0;
  for (let i = 0; i < nFit; i++) {
    const v = values[i];
    if (v > 0) { const l = Math.log(v); positive++; sum += l; sumSq += l * l; }
  }
  const share = Math.min(Math.max(positive / nFit, 1e-4), 1 - 1e-4);
  const mean = sum / positive;
  const sd = Math.max(Math.sqrt(Math.max(sumSq / positive - mean * mean, 0)), 0.1);
  const out = layers[layers.length - 1].bias;
  out[0] = Math.log(share / (1 - share));
  out[1] = mean;
  out[2] = Math.log(Math.expm1(sd)); // softplus⁻¹(sd)
  return { layers, logSd: sd };
}

/** Which network inputs are non-zero in at least one fitting row. */
function activeInputs(matrix: EncodedMatrix, inputs: ZilnInput[], nFit: number): Uint8Array {
  const offsets = inputOffsets(inputs);
  const active = new Uint8Array(offsets[inputs.length]);
  matrix.columns.forEach((col, k) => {
    const o = offsets[k];
    for (let i = 0; i < nFit; i++) {
      if (col.kind === 'category') active[o + col.slots[i]] = 1;
      else if (col.missing[i]) active[o + 1] = 1;
      else if (col.z[i] !== 0) active[o] = 1;
    }
  });
  return active;
}

/** The linear heads as centred additive terms (each term averages 0 over the matrix rows; the intercept absorbs the shift). */
function linearTerms(layer: ZilnLayer, inputs: ZilnInput[], matrix: EncodedMatrix): ZilnLinearTerms {
  const offsets = inputOffsets(inputs);
  const n = matrix.rows;
  const head = (h: number): ZilnHeadTerms => {
    let intercept = layer.bias[h];
    const terms: Record<string, ZilnTerm> = {};
    matrix.columns.forEach((col, k) => {
      const o = offsets[k];
      if (col.kind === 'number') {
        const w = layer.weights[o][h], m = layer.weights[o + 1][h];
        let total = 0;
        for (let i = 0; i < n; i++) total += col.missing[i] ? m : w * col.z[i];
        const shift = total / n;
        intercept += shift;
        terms[col.name] = { kind: 'number', weight: w, offset: -shift, missing: m - shift };
      } else {
        const counts = new Float64Array(col.size);
        for (let i = 0; i < n; i++) counts[col.slots[i]]++;
        let shift = 0;
        for (let s = 0; s < col.size; s++) shift += (counts[s] / n) * layer.weights[o + s][h];
        intercept += shift;
        terms[col.name] = { kind: 'category', values: Array.from({ length: col.size }, (_, s) => layer.weights[o + s][h] - shift) };
      }
    });
    return { intercept, terms };
  };
  return { logit: head(0), mu: head(1), sigmaRaw: head(2) };
}

function shuffle(a: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]; a[i] = a[j]; a[j] = t;
  }
}

/**
 * Validates ZILN params and fills in the defaults (what {@link fitZiln} does
 * first); for checking a config before any training.
 * @param params - the params, e.g. parsed from a config
 * @param where - prefix of error locations, e.g. `configs/x.json, field model.value`
 * @throws LeadvalueError naming the field, e.g. `… field model.value.hidden: not a list of layer widths …`
 */
export function resolveZilnParams(params: ZilnParams, where = 'fitZiln params'): ZilnResolvedParams {
  return resolveParams(params, where);
}

function resolveParams(params: ZilnParams, prefix = 'fitZiln params'): ZilnResolvedParams {
  const where = (field: string): string => `${prefix}.${field}`;
  if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new LeadvalueError(prefix, 'not an object', shown(params));
  const known = new Set(['hidden', 'epochs', 'batchSize', 'learningRate', 'l2', 'validationFraction', 'patience', 'sigmaFloor', 'sigmaCeiling', 'backend']);
  for (const key of Object.keys(params)) if (!known.has(key)) throw new LeadvalueError(where(key), 'unknown ZILN setting', shown(key), `use ${[...known].join(', ')}`);
  const given = stripUndefined(params);
  const hidden = given.hidden ?? ZILN_DEFAULTS.hidden;
  const p = { ...ZILN_DEFAULTS, learningRate: Array.isArray(hidden) && hidden.length > 0 ? 0.003 : 0.01, ...given } as ZilnResolvedParams;
  if (!Array.isArray(p.hidden) || !p.hidden.every((h) => Number.isInteger(h) && h >= 1 && h <= 4096)) {
    throw new LeadvalueError(where('hidden'), 'not a list of layer widths (integers 1–4096)', JSON.stringify(p.hidden), 'use [] for the linear ZILN or e.g. [64, 32]');
  }
  const int = (field: 'epochs' | 'batchSize' | 'patience', min: number): void => {
    if (!(Number.isInteger(p[field]) && p[field] >= min)) throw new LeadvalueError(where(field), `not an integer ≥ ${min}`, JSON.stringify(p[field]));
  };
  int('epochs', 1); int('batchSize', 1); int('patience', 1);
  if (!(p.learningRate > 0 && p.learningRate < Infinity)) throw new LeadvalueError(where('learningRate'), 'not a positive number', JSON.stringify(p.learningRate));
  if (!(p.l2 >= 0 && p.l2 < Infinity)) throw new LeadvalueError(where('l2'), 'not a non-negative number', JSON.stringify(p.l2));
  if (!(p.validationFraction >= 0 && p.validationFraction < 1)) throw new LeadvalueError(where('validationFraction'), 'not in [0, 1)', JSON.stringify(p.validationFraction), 'use e.g. 0.2, or 0 to turn early stopping off');
  if (!(p.sigmaFloor > 0 && p.sigmaFloor < Infinity)) throw new LeadvalueError(where('sigmaFloor'), 'not a positive number', JSON.stringify(p.sigmaFloor));
  if (p.sigmaCeiling !== null && !(p.sigmaCeiling > 0 && p.sigmaCeiling < Infinity)) throw new LeadvalueError(where('sigmaCeiling'), 'not a positive number or null', JSON.stringify(p.sigmaCeiling), 'use null for 3 × the sd of log value');
  if (p.sigmaCeiling !== null && !(p.sigmaCeiling > p.sigmaFloor)) {
    throw new LeadvalueError(where('sigmaCeiling'), 'not above sigmaFloor', `${p.sigmaCeiling} ≤ ${p.sigmaFloor}`, 'raise sigmaCeiling, lower sigmaFloor, or use null for 3 × the sd of log value');
  }
  if (!['auto', 'tensorflow', 'wasm', 'cpu'].includes(p.backend)) throw new LeadvalueError(where('backend'), 'unknown backend', JSON.stringify(p.backend), 'use "auto", "tensorflow", "wasm" or "cpu"');
  return p;
}

function stripUndefined(params: ZilnParams): ZilnParams {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as ZilnParams;
}

/** The largest finite float32, (2 − 2⁻²³) · 2¹²⁷. */
const FLOAT32_MAX = 3.4028234663852886e38;

function validateData(matrix: EncodedMatrix, values: ArrayLike<number>): void {
  if (matrix.rows === 0) throw new LeadvalueError('fitZiln', 'no rows to fit', '0 rows', 'check the data and the time split');
  if (values.length !== matrix.rows) throw new LeadvalueError('fitZiln', 'values and rows differ in number', `${values.length} values for ${matrix.rows} rows`);
  // A zero-width first layer: tfjs-wasm's XNNPACK refuses it on every step (one console line each), and the network would be a constant.
  if (matrix.columns.length === 0) {
    throw new LeadvalueError('fitZiln', 'no feature columns, so the network has no inputs', '0 columns', 'pass at least one feature, or use kind "glm" for the value part (with no features it fits the mean value)');
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) throw new LeadvalueError(`fitZiln row ${i}`, 'value is NaN', undefined, 'drop censored or unlabelled rows before fitting');
    if (v < 0) throw new LeadvalueError(`fitZiln row ${i}`, 'value is negative', String(v), 'ZILN models values ≥ 0: clip refunds at 0 or drop the row');
    if (v === Infinity) throw new LeadvalueError(`fitZiln row ${i}`, 'value is infinite', String(v));
    // tfjs trains in float32: a larger value becomes Infinity there and the loss NaN from the first epoch.
    if (Math.fround(v) === Infinity) throw new LeadvalueError(`fitZiln row ${i}`, `value overflows float32, which tfjs trains in (largest ${FLOAT32_MAX})`, String(v), 'use a larger currency unit (e.g. thousands) or cap the value');
  }
  for (const col of matrix.columns) {
    if (col.kind === 'number') {
      if (col.z.length !== matrix.rows || col.missing.length !== matrix.rows) throw new LeadvalueError(`fitZiln feature ${col.name}`, 'column length differs from the rows', `${col.z.length} for ${matrix.rows} rows`);
      for (let i = 0; i < col.z.length; i++) if (!col.missing[i] && !Number.isFinite(col.z[i])) throw new LeadvalueError(`fitZiln feature ${col.name} row ${i}`, 'z is not finite', String(col.z[i]), 'mark missing values as missing');
      for (let i = 0; i < col.z.length; i++) {
        if (!col.missing[i] && Math.abs(Math.fround(col.z[i])) === Infinity) throw new LeadvalueError(`fitZiln feature ${col.name} row ${i}`, `z overflows float32, which tfjs trains in (largest ${FLOAT32_MAX})`, String(col.z[i]), 'check the feature\'s transform (log1p for amounts)');
      }
    } else {
      if (col.slots.length !== matrix.rows) throw new LeadvalueError(`fitZiln feature ${col.name}`, 'column length differs from the rows', `${col.slots.length} for ${matrix.rows} rows`);
      for (let i = 0; i < col.slots.length; i++) {
        const s = col.slots[i];
        if (!(s >= 0 && s < col.size)) throw new LeadvalueError(`fitZiln feature ${col.name} row ${i}`, `slot out of range 0..${col.size - 1}`, String(s));
      }
    }
  }
}
