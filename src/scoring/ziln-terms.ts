import { LeadvalueError, shown } from '../core/errors.js';
import type { FeatureSpec } from './model-types.js';
import type { ZilnHeadTerms, ZilnInput, ZilnLayer, ZilnOutput, ZilnState, ZilnValue } from './ziln-types.js';

/**
 * The ZILN forward pass in plain TypeScript, for the production scorer (no
 * tfjs): float64 arithmetic over the stored float32 weights, which agrees with
 * the tfjs forward pass to ~1e-6. Training's predictZiln (src/models/ziln)
 * uses the same output function, so the library and the scorer cannot
 * disagree on how logit, μ and raw σ become an expected value.
 * @module
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
 * reasons are given per head ("+0.4 to the log-odds of any value",
 * "typical amount ×1.3" for e^contribution on μ).
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

/** A lead's feature value as the scorer encodes it: z (number; `shown` null when missing) or slot (category). */
export type ZilnScorerInput = { kind: 'number'; z: number; shown: number | string | null } | { kind: 'category'; slot: number; shown: number | string | null };

/** One reason of a linear ZILN value part: a feature's contribution to one head. */
export interface ZilnReason {
  feature: string;
  value: string | number | null;
  /** `logit`: to the log-odds that a won lead brings any value; `mu`: to the log of the typical amount when it does. */
  head: 'logit' | 'mu';
  contribution: number;
  /** e.g. `industry = finance: +0.40 to the log-odds of any value if won`, `employees = 250: typical amount if won ×1.35`. */
  text: string;
}

/**
 * Scores a ZILN value part for one lead as the scorer encodes it: the
 * expected value if won, p · exp(μ + σ²/2), and for a linear ZILN each
 * feature's exact contribution to the log-odds of any value and to μ (the
 * raw-σ head is left out of reasons: it has no plain reading). An MLP gives
 * `reasons: null`: its outputs have no additive decomposition, and the
 * scorer says so instead of inventing one.
 * @param state - a verified ZILN part (its inputs are the file's features, in order)
 * @param specs - the file's features
 * @param encoded - the lead's values, in the features' order
 */
export function zilnPartScore(state: ZilnState, specs: FeatureSpec[], encoded: ZilnScorerInput[]): { output: ZilnOutput; reasons: ZilnReason[] | null } {
  const row: ZilnValue[] = encoded.map((e) => (e.kind === 'number' ? { kind: 'number', z: e.z, missing: e.shown === null } : { kind: 'category', slot: e.slot }));
  const output = zilnForward(state, row);
  if (!state.linearTerms) return { output, reasons: null };
  const c = zilnContributions(state, row);
  const reasons: ZilnReason[] = [];
  for (const head of ['logit', 'mu'] as const) {
    c[head].contributions.forEach((contribution, k) => {
      const value = encoded[k].shown;
      reasons.push({ feature: specs[k].name, value, head, contribution, text: zilnReasonText(specs[k].name, value, head, contribution) });
    });
  }
  return { output, reasons };
}

/** A linear ZILN reason in plain words (see {@link ZilnReason}). */
export function zilnReasonText(feature: string, value: string | number | null, head: 'logit' | 'mu', contribution: number): string {
  const v = value === null ? '(missing)' : value;
  return head === 'logit'
    ? `${feature} = ${v}: ${contribution >= 0 ? '+' : '−'}${Math.abs(contribution).toFixed(2)} to the log-odds of any value if won`
    : `${feature} = ${v}: typical amount if won ×${Math.exp(contribution).toFixed(2)}`;
}

const OUTPUTS = ['logit', 'mu', 'sigmaRaw'] as const;
const BACKENDS = ['tensorflow', 'wasm', 'cpu'];

/**
 * Verifies a ZILN part of a model file. Fails closed: the inputs must be the
 * file's features in order (kind, and for a category levels + 2 slots); the
 * layers must chain from the input width through `hidden` to the 3 outputs
 * (ReLU hidden layers, a linear output layer) with finite weights; σ's floor
 * and ceiling finite and ordered; the backend one tfjs has. A linear ZILN's
 * `linearTerms` must be well formed and equal its first layer (checked on
 * every one-hot input, to 1e-9), since reasons come from them and values from
 * the layers; an MLP has none.
 * @param state - the part as read
 * @param specs - the file's features
 * @param where - e.g. `models/demo/1.0.0.json, field params.value`
 * @throws LeadvalueError naming the field that is malformed
 */
export function checkZilnState(state: ZilnState, specs: FeatureSpec[], where: string): void {
  const fix = 're-export the model';
  const arch = state.architecture;
  if (!arch || typeof arch !== 'object') throw new LeadvalueError(`${where}.architecture`, 'missing', undefined, fix);
  if (!Array.isArray(arch.inputs) || arch.inputs.length !== specs.length) {
    throw new LeadvalueError(`${where}.architecture.inputs`, 'not one input per feature of the file', `${Array.isArray(arch.inputs) ? arch.inputs.length : shown(arch.inputs)} for ${specs.length} features`, fix);
  }
  specs.forEach((spec, k) => {
    const input = arch.inputs[k];
    const at = `${where}.architecture.inputs.${k}`;
    if (input?.name !== spec.name || input.kind !== spec.kind) {
      throw new LeadvalueError(at, `does not match feature ${k} of the file (${spec.kind} ${spec.name})`, shown(input), fix);
    }
    if (input.kind === 'category' && spec.kind === 'category' && input.size !== spec.levels.length + 2) {
      throw new LeadvalueError(`${at}.size`, 'has the wrong number of slots', `${shown(input.size)}, expected ${spec.levels.length + 2}`, fix);
    }
  });
  if (!Array.isArray(arch.hidden) || !arch.hidden.every((h) => Number.isInteger(h) && h >= 1)) throw new LeadvalueError(`${where}.architecture.hidden`, 'not a list of layer widths', shown(arch.hidden), fix);
  if (!Array.isArray(arch.outputs) || arch.outputs.join() !== OUTPUTS.join()) throw new LeadvalueError(`${where}.architecture.outputs`, `not ${JSON.stringify(OUTPUTS)}`, shown(arch.outputs), fix);
  if (!(isFiniteNumber(arch.sigmaFloor) && arch.sigmaFloor > 0)) throw new LeadvalueError(`${where}.architecture.sigmaFloor`, 'not a finite number above 0', shown(arch.sigmaFloor), fix);
  if (!(isFiniteNumber(arch.sigmaCeiling) && arch.sigmaCeiling > arch.sigmaFloor)) throw new LeadvalueError(`${where}.architecture.sigmaCeiling`, 'not a finite number above sigmaFloor', shown(arch.sigmaCeiling), fix);

  const offsets = inputOffsets(arch.inputs);
  const sizes = [offsets[arch.inputs.length], ...arch.hidden, 3];
  if (!Array.isArray(state.layers) || state.layers.length !== sizes.length - 1) {
    throw new LeadvalueError(`${where}.layers`, `not ${sizes.length - 1} dense layers (hidden ${JSON.stringify(arch.hidden)}, then the output layer)`, Array.isArray(state.layers) ? `${state.layers.length} layers` : shown(state.layers), fix);
  }
  state.layers.forEach((layer, l) => {
    const at = `${where}.layers.${l}`;
    const activation = l === state.layers.length - 1 ? 'linear' : 'relu';
    if (layer?.activation !== activation) throw new LeadvalueError(`${at}.activation`, `not "${activation}"`, shown(layer?.activation), fix);
    if (!Array.isArray(layer.weights) || layer.weights.length !== sizes[l]) {
      throw new LeadvalueError(`${at}.weights`, `not ${sizes[l]} rows (the ${l === 0 ? 'network inputs of the features' : 'units of the layer before'})`, Array.isArray(layer.weights) ? `${layer.weights.length} rows` : shown(layer.weights), fix);
    }
    layer.weights.forEach((row, i) => checkNumbers(row, sizes[l + 1], `${at}.weights.${i}`));
    checkNumbers(layer.bias, sizes[l + 1], `${at}.bias`);
  });
  if (!BACKENDS.includes(state.backend)) throw new LeadvalueError(`${where}.backend`, 'not a tfjs backend', shown(state.backend), `expected ${BACKENDS.map((b) => `"${b}"`).join(', ')}; ${fix}`);
  if (typeof state.tfjsVersion !== 'string') throw new LeadvalueError(`${where}.tfjsVersion`, 'not a version', shown(state.tfjsVersion), fix);

  if (arch.hidden.length > 0) {
    if (state.linearTerms !== null) throw new LeadvalueError(`${where}.linearTerms`, 'an MLP has no additive terms, so this must be null', shown(state.linearTerms), fix);
    return;
  }
  if (!state.linearTerms || typeof state.linearTerms !== 'object') throw new LeadvalueError(`${where}.linearTerms`, 'missing: a linear ZILN carries its heads as additive terms', shown(state.linearTerms), fix);
  const first = state.layers[0];
  OUTPUTS.forEach((h, j) => checkHead(state.linearTerms![h], j, `${where}.linearTerms.${h}`));

  /** Terms well formed, and equal to column j of the first layer on every one-hot input. */
  function checkHead(head: ZilnHeadTerms, j: number, at: string): void {
    if (!head || typeof head !== 'object' || !isFiniteNumber(head.intercept) || !head.terms || typeof head.terms !== 'object') {
      throw new LeadvalueError(at, 'not a head (a finite intercept and terms)', shown(head), fix);
    }
    // The lead with every number at its centre (z = 0) and every category at slot 0.
    let termsBase = head.intercept, layerBase = first.bias[j];
    const deltas: [string, number, number][] = [];
    specs.forEach((spec, k) => {
      const term = head.terms[spec.name];
      const tAt = `${at}.terms.${spec.name}`;
      const o = offsets[k];
      if (!term || term.kind !== spec.kind) throw new LeadvalueError(tAt, 'missing or of the wrong kind for its feature', shown(term?.kind), fix);
      if (term.kind === 'number') {
        for (const key of ['weight', 'offset', 'missing'] as const) if (!isFiniteNumber(term[key])) throw new LeadvalueError(`${tAt}.${key}`, 'not a finite number', shown(term[key]), fix);
        termsBase += term.offset;
        deltas.push([`${tAt}.weight`, term.weight, first.weights[o][j]]);
        deltas.push([`${tAt}.missing`, term.missing - term.offset, first.weights[o + 1][j]]);
      } else {
        checkNumbers(term.values, arch.inputs[k].kind === 'category' ? (arch.inputs[k] as { size: number }).size : 0, `${tAt}.values`);
        termsBase += term.values[0];
        layerBase += first.weights[o][j];
        for (let s = 1; s < term.values.length; s++) deltas.push([`${tAt}.values.${s}`, term.values[s] - term.values[0], first.weights[o + s][j] - first.weights[o][j]]);
      }
    });
    deltas.push([`${at}.intercept`, termsBase, layerBase]);
    for (const [field, fromTerms, fromLayer] of deltas) {
      if (!(Math.abs(fromTerms - fromLayer) <= 1e-9 * (1 + Math.abs(fromLayer)))) {
        throw new LeadvalueError(field, 'disagrees with the first layer\'s weights, so reasons would not add up to the value', `${fromTerms} vs ${fromLayer}`, fix);
      }
    }
  }
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function checkNumbers(values: unknown, size: number, at: string): void {
  if (!Array.isArray(values)) throw new LeadvalueError(at, 'not a list of numbers', shown(values), 're-export the model');
  if (values.length !== size) throw new LeadvalueError(at, 'has the wrong length', `${values.length}, expected ${size}`, 're-export the model');
  for (let i = 0; i < size; i++) if (!isFiniteNumber(values[i])) throw new LeadvalueError(`${at}.${i}`, 'not a finite number', shown(values[i]), 're-export the model');
}
