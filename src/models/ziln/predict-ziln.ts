import { LeadvalueError } from '../../core/errors.js';
import type { EncodedCategory, EncodedMatrix, EncodedNumber } from '../../features/encode.js';
import { inputOffsets, zilnOutput } from './ziln-forward.js';
import type { ZilnPrediction, ZilnState } from './ziln-types.js';

/**
 * Predicts P(value > 0), μ, σ and the expected value p · exp(μ + σ²/2) for
 * every row, in plain TypeScript (no tfjs): the same arithmetic as
 * {@link zilnForward}, column-wise over the encoded matrix.
 * @param state - a fitted ZILN
 * @param matrix - encoded with the feature specs the model was fit on (columns matched by name)
 * @returns one value per row in each array
 * @throws LeadvalueError when a model input is absent from the matrix or differs in kind or size
 * @example
 * const { expectedValue } = predictZiln(state, encodeFeatures(specs, features, rows));
 */
export function predictZiln(state: ZilnState, matrix: EncodedMatrix): ZilnPrediction {
  const n = matrix.rows;
  const raw = zilnRawOutputs(state, matrix);
  const { sigmaFloor, sigmaCeiling } = state.architecture;
  const pPositive = new Float64Array(n), mu = new Float64Array(n), sigma = new Float64Array(n), expectedValue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = zilnOutput(raw[i * 3], raw[i * 3 + 1], raw[i * 3 + 2], sigmaFloor, sigmaCeiling);
    pPositive[i] = o.pPositive; mu[i] = o.mu; sigma[i] = o.sigma; expectedValue[i] = o.expectedValue;
  }
  return { pPositive, mu, sigma, expectedValue };
}

/**
 * The network's raw outputs for every row, row-major [rows × 3]: logit of
 * P(value > 0), μ, raw σ (before softplus and floor). Plain TypeScript.
 * @param state - a fitted ZILN
 * @param matrix - encoded with the model's feature specs
 */
export function zilnRawOutputs(state: ZilnState, matrix: EncodedMatrix): Float64Array {
  const n = matrix.rows;
  const { inputs } = state.architecture;
  const offsets = inputOffsets(inputs);
  const columns = matchColumns(state, matrix);
  const first = state.layers[0];
  const width = first.bias.length;
  let h = new Float64Array(n * width);
  for (let i = 0; i < n; i++) for (let j = 0; j < width; j++) h[i * width + j] = first.bias[j];
  inputs.forEach((input, k) => {
    const col = columns[k];
    if (col.kind === 'number') {
      const wz = first.weights[offsets[k]], wm = first.weights[offsets[k] + 1];
      for (let i = 0; i < n; i++) {
        const base = i * width;
        if (col.missing[i]) for (let j = 0; j < width; j++) h[base + j] += wm[j];
        else { const z = col.z[i]; for (let j = 0; j < width; j++) h[base + j] += z * wz[j]; }
      }
    } else {
      for (let i = 0; i < n; i++) {
        const w = first.weights[offsets[k] + col.slots[i]];
        const base = i * width;
        for (let j = 0; j < width; j++) h[base + j] += w[j];
      }
    }
  });
  if (first.activation === 'relu') for (let t = 0; t < h.length; t++) if (h[t] < 0) h[t] = 0;
  let inWidth = width;
  for (let l = 1; l < state.layers.length; l++) {
    const layer = state.layers[l];
    const outWidth = layer.bias.length;
    const out = new Float64Array(n * outWidth);
    for (let i = 0; i < n; i++) {
      const base = i * outWidth;
      for (let j = 0; j < outWidth; j++) out[base + j] = layer.bias[j];
      for (let a = 0; a < inWidth; a++) {
        const x = h[i * inWidth + a];
        if (x === 0) continue;
        const w = layer.weights[a];
        for (let j = 0; j < outWidth; j++) out[base + j] += x * w[j];
      }
      if (layer.activation === 'relu') for (let j = 0; j < outWidth; j++) if (out[base + j] < 0) out[base + j] = 0;
    }
    h = out;
    inWidth = outWidth;
  }
  return h;
}

/** The matrix column of each model input, checked for kind and size. */
export function matchColumns(state: ZilnState, matrix: EncodedMatrix): (EncodedNumber | EncodedCategory)[] {
  const byName = new Map(matrix.columns.map((c) => [c.name, c]));
  return state.architecture.inputs.map((input) => {
    const col = byName.get(input.name);
    if (!col) throw new LeadvalueError(`feature ${input.name}`, 'the ZILN model has this input but the matrix has no such column', undefined, 'encode with the specs the model was trained on');
    if (col.kind !== input.kind) throw new LeadvalueError(`feature ${input.name}`, `is a ${input.kind} in the ZILN model but a ${col.kind} in the matrix`, undefined, 'encode with the specs the model was trained on');
    if (col.kind === 'category' && input.kind === 'category' && col.size !== input.size) {
      throw new LeadvalueError(`feature ${input.name}`, `has ${input.size} slots in the ZILN model but ${col.size} in the matrix`, undefined, 'encode with the specs the model was trained on');
    }
    return col;
  });
}
