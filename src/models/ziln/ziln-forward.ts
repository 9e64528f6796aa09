import { LeadvalueError } from '../../core/errors.js';
import type { ZilnInput, ZilnLayer, ZilnOutput, ZilnState, ZilnValue } from './ziln-types.js';

/**
 * The ZILN forward pass in plain TypeScript, for the production scorer: no
 * tfjs, no other import than the error type. Float64 arithmetic over the
 * stored float32 weights; agrees with the tfjs forward pass to ~1e-6.
 */

/** log(1 + eˣ), without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** 1 / (1 + e⁻ˣ), without overflow. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Start of each input's block in the network's input vector, and the input width (last entry). */
export function inputOffsets(inputs: ZilnInput[]): Int32Array {
  const offsets = new Int32Array(inputs.length + 1);
  let o = 0;
  inputs.forEach((input, k) => { offsets[k] = o; o += input.kind === 'number' ? 2 : input.size; });
  offsets[inputs.length] = o;
  return offsets;
}

/**
 * Turns the three raw outputs into the ZILN quantities:
 * p = sigmoid(logit), σ = min(max(softplus(sigmaRaw), floor), ceiling), EV = p · exp(μ + σ²/2).
 */
export function zilnOutput(logit: number, mu: number, sigmaRaw: number, sigmaFloor: number, sigmaCeiling = Infinity): ZilnOutput {
  const pPositive = sigmoid(logit);
  const sigma = Math.min(Math.max(softplus(sigmaRaw), sigmaFloor), sigmaCeiling);
  return { logit, pPositive, mu, sigma, expectedValue: pPositive * Math.exp(mu + (sigma * sigma) / 2) };
}

/**
 * Scores one lead: the network's P(value > 0), μ, σ and expected value.
 * @param state - a fitted ZILN (from fitZiln or a model file)
 * @param row - the lead's encoded features, in `state.architecture.inputs` order:
 *   numbers as `{ kind: 'number', z, missing }` (z from the feature's fitted
 *   transform, ignored when missing), categories as `{ kind: 'category', slot }`
 *   (levels, then `(other)`, then `(missing)`)
 * @returns logit, pPositive, mu, sigma, expectedValue
 * @throws LeadvalueError when the row does not match the inputs (count, kind, slot range)
 * @example
 * zilnForward(state, [{ kind: 'number', z: 0.4, missing: false }, { kind: 'category', slot: 2 }]);
 * // { logit: -0.3, pPositive: 0.43, mu: 3.1, sigma: 1.2, expectedValue: 47.2 }
 */
export function zilnForward(state: ZilnState, row: ReadonlyArray<ZilnValue>): ZilnOutput {
  const { inputs, sigmaFloor, sigmaCeiling } = state.architecture;
  if (row.length !== inputs.length) {
    throw new LeadvalueError('zilnForward', 'the row has a different number of features than the model', `${row.length} for ${inputs.length}`, 'encode the lead with the model file\'s features, in their order');
  }
  const offsets = inputOffsets(inputs);
  const first = state.layers[0];
  let h = first.bias.slice();
  const width = h.length;
  inputs.forEach((input, k) => {
    const v = row[k];
    if (v.kind !== input.kind) throw new LeadvalueError(`zilnForward feature ${input.name}`, `is a ${input.kind} in the model but a ${v.kind} in the row`, undefined, 'encode the lead with the model file\'s features');
    let w: number[];
    let x = 1;
    if (v.kind === 'number') {
      if (v.missing) w = first.weights[offsets[k] + 1];
      else {
        if (!Number.isFinite(v.z)) throw new LeadvalueError(`zilnForward feature ${input.name}`, 'z is not finite', String(v.z), 'mark a missing value as missing');
        w = first.weights[offsets[k]]; x = v.z;
      }
    } else {
      const size = (input as { size: number }).size;
      if (!(Number.isInteger(v.slot) && v.slot >= 0 && v.slot < size)) throw new LeadvalueError(`zilnForward feature ${input.name}`, `slot out of range 0..${size - 1}`, String(v.slot));
      w = first.weights[offsets[k] + v.slot];
    }
    for (let j = 0; j < width; j++) h[j] += x * w[j];
  });
  if (first.activation === 'relu') for (let j = 0; j < width; j++) h[j] = Math.max(0, h[j]);
  for (let l = 1; l < state.layers.length; l++) h = dense(state.layers[l], h);
  return zilnOutput(h[0], h[1], h[2], sigmaFloor, sigmaCeiling);
}

/** out = activation(bias + inᵀ W). */
export function dense(layer: ZilnLayer, input: ArrayLike<number>): number[] {
  const out = layer.bias.slice();
  const width = out.length;
  for (let i = 0; i < input.length; i++) {
    const x = input[i];
    if (x === 0) continue;
    const w = layer.weights[i];
    for (let j = 0; j < width; j++) out[j] += x * w[j];
  }
  if (layer.activation === 'relu') for (let j = 0; j < width; j++) out[j] = Math.max(0, out[j]);
  return out;
}

/** Per-feature contributions of one lead to one head of a linear ZILN. */
export interface ZilnHeadContributions {
  intercept: number;
  /** One per input, in `architecture.inputs` order; intercept + Σ = the head's value. */
  contributions: number[];
}

/**
 * Exact additive contributions of each feature to the three heads of a
 * **linear** ZILN for one lead: to the logit of P(value > 0), to μ, and to the
 * raw σ (σ = softplus(raw) within [floor, ceiling]). Centred on the training rows, as the
 * GLM terms are, so a contribution reads "compared with an average lead".
 *
 * The expected value p · exp(μ + σ²/2) is **not** additive in the features:
 * log EV = log sigmoid(logit) + μ + σ²/2, where only μ enters additively; so
 * reasons should be given per head (e.g. "+0.4 to the log-odds of buying
 * again", "×1.3 on the typical amount" for e^contribution on μ).
 * @param state - a linear ZILN (`architecture.hidden` empty)
 * @param row - as for {@link zilnForward}
 * @throws LeadvalueError for an MLP (its outputs have no exact additive decomposition) or a row that does not match
 */
export function zilnContributions(state: ZilnState, row: ReadonlyArray<ZilnValue>): { logit: ZilnHeadContributions; mu: ZilnHeadContributions; sigmaRaw: ZilnHeadContributions } {
  const terms = state.linearTerms;
  if (!terms) throw new LeadvalueError('zilnContributions', 'the model has hidden layers, so its outputs have no exact additive contributions', `hidden ${JSON.stringify(state.architecture.hidden)}`, 'fit a linear ZILN (hidden: []) for exact reasons');
  const { inputs } = state.architecture;
  if (row.length !== inputs.length) throw new LeadvalueError('zilnContributions', 'the row has a different number of features than the model', `${row.length} for ${inputs.length}`);
  const head = (h: 'logit' | 'mu' | 'sigmaRaw'): ZilnHeadContributions => ({
    intercept: terms[h].intercept,
    contributions: inputs.map((input, k) => {
      const term = terms[h].terms[input.name];
      const v = row[k];
      if (term.kind === 'number' && v.kind === 'number') return v.missing ? term.missing : term.weight * v.z + term.offset;
      if (term.kind === 'category' && v.kind === 'category') {
        if (!(v.slot >= 0 && v.slot < term.values.length)) throw new LeadvalueError(`zilnContributions feature ${input.name}`, `slot out of range 0..${term.values.length - 1}`, String(v.slot));
        return term.values[v.slot];
      }
      throw new LeadvalueError(`zilnContributions feature ${input.name}`, `is a ${term.kind} in the model but a ${v.kind} in the row`);
    }),
  });
  return { logit: head('logit'), mu: head('mu'), sigmaRaw: head('sigmaRaw') };
}

/**
 * The ZILN loss of one row (Wang et al. 2019, `zero_inflated_lognormal_loss`):
 * binary cross-entropy of `value > 0` against sigmoid(logit), plus, for a
 * positive value y, the lognormal negative log-likelihood
 * log y + log σ + ½ log 2π + (log y − μ)² / (2σ²).
 * @param value - the realised value (≥ 0)
 * @param logit - logit of P(value > 0)
 * @param mu - location of log value
 * @param sigma - scale of log value (> 0, after the floor)
 */
export function zilnRowLoss(value: number, logit: number, mu: number, sigma: number): number {
  const positive = value > 0;
  // BCE from logits: softplus(logit) − y·logit.
  let loss = softplus(logit) - (positive ? logit : 0);
  if (positive) {
    const d = Math.log(value) - mu;
    loss += Math.log(value) + Math.log(sigma) + 0.5 * Math.log(2 * Math.PI) + (d * d) / (2 * sigma * sigma);
  }
  return loss;
}
