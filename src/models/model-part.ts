import { LeadvalueError, shown } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { EncodedMatrix } from '../features/encode.js';
import type { EbmSettings, ModelState } from '../scoring/model-types.js';
import { fitGlmChoosingL2 } from './choose-l2.js';
import { resolveEbmSettings, type EbmLoss } from './ebm/ebm-params.js';
import { fitEbm } from './ebm/fit-ebm.js';
import { predictEbm } from './ebm/predict-ebm.js';
import { predictGlm } from './glm.js';
import { fitZilnSync, resolveZilnParams } from './ziln/fit-ziln.js';
import { isTfLoaded, loadTf } from './ziln/load-tf.js';
import { predictZiln } from './ziln/predict-ziln.js';
import type { ZilnParams } from './ziln/ziln-types.js';

/**
 * The model kind chosen for one part of the two-part model, as declared in a
 * config (`model.win`, `model.value`): a regularised GLM (the default), an
 * explainable boosting machine with any of its settings, or (value part only)
 * a zero-inflated lognormal network with any of its settings.
 */
export type ModelPartDecl =
  | { kind: 'glm'; /** L2 candidates for this part (default: `model.l2`). */ l2?: number[] }
  | ({ kind: 'ebm' } & Partial<EbmSettings>)
  | ({ kind: 'ziln' } & ZilnParams);

/** Which part: P(win) (labels 0/1) or E[value | won] (amounts ≥ 0). */
export type ModelPart = 'win' | 'value';

const EBM_LOSSES: Record<ModelPart, EbmLoss[]> = { win: ['log-loss'], value: ['poisson', 'tweedie', 'log1p-squared'] };

/**
 * Validates a part's model declaration from a config.
 * @param raw - the parsed JSON value (undefined: the default GLM)
 * @param where - e.g. `configs/x.json, field model.win`
 * @param part - `win` or `value`: decides which losses are allowed
 * @throws LeadvalueError naming the field, e.g. `… field model.value.loss: not a loss for the value part (got "log-loss"); use "poisson", "tweedie" or "log1p-squared"`
 * @example
 * parseModelPart({ kind: 'ebm', maxBins: 64 }, 'config, field model.win', 'win');
 */
export function parseModelPart(raw: unknown, where: string, part: ModelPart): ModelPartDecl {
  if (raw === undefined) return { kind: 'glm' };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new LeadvalueError(where, 'expected an object', shown(raw), 'e.g. { "kind": "ebm" } or { "kind": "glm" }');
  const obj = raw as Record<string, unknown>;
  if (obj.kind === 'glm') {
    for (const key of Object.keys(obj)) if (key !== 'kind' && key !== 'l2') throw new LeadvalueError(`${where}.${key}`, 'unknown GLM setting', shown(key), 'a GLM part takes "l2" (a number or a list of candidates)');
    if (obj.l2 === undefined) return { kind: 'glm' };
    const l2 = Array.isArray(obj.l2) ? obj.l2 : [obj.l2];
    if (l2.length === 0 || l2.some((v) => typeof v !== 'number' || !(v >= 0 && v < Infinity))) throw new LeadvalueError(`${where}.l2`, 'not a non-negative number or a list of them', shown(obj.l2));
    return { kind: 'glm', l2: l2 as number[] };
  }
  if (obj.kind === 'ziln') {
    if (part === 'win') {
      throw new LeadvalueError(`${where}.kind`, 'ZILN models an amount (P(any value) and a lognormal amount), not P(win)', shown(obj.kind),
        'use "glm" or "ebm" for model.win, and "ziln" for model.value');
    }
    const { kind: _kind, ...settings } = obj;
    resolveZilnParams(settings as ZilnParams, where);
    return { ...(settings as ZilnParams), kind: 'ziln' };
  }
  if (obj.kind !== 'ebm') throw new LeadvalueError(`${where}.kind`, 'unknown model kind', shown(obj.kind), part === 'value' ? 'use "glm", "ebm" or "ziln"' : 'use "glm" or "ebm"');
  const loss = obj.loss ?? EBM_LOSSES[part][0];
  if (!EBM_LOSSES[part].includes(loss as EbmLoss)) {
    throw new LeadvalueError(`${where}.loss`, `not a loss for the ${part} part`, shown(loss), `use ${orList(EBM_LOSSES[part].map((l) => `"${l}"`))}`);
  }
  resolveEbmSettings({ ...obj, loss }, where, ['kind']);
  return { ...(obj as Partial<EbmSettings>), kind: 'ebm', loss: loss as EbmLoss };
}

/**
 * Loads what the declared kinds need before a synchronous fit: tfjs and its
 * backend (`auto`: tfjs-node, else wasm, else cpu) when a part is a ZILN;
 * nothing otherwise. prepareData calls it for the config's parts; call it
 * yourself after swapping a part's kind to ZILN in a notebook.
 * @param parts - `model.win` and `model.value` declarations (e.g. `config.model`)
 * @throws LeadvalueError when a named backend cannot be loaded
 * @example
 * await loadModelKinds({ value: { kind: 'ziln' } });
 */
export async function loadModelKinds(parts: { win?: ModelPartDecl; value?: ModelPartDecl }): Promise<void> {
  for (const decl of [parts.win, parts.value]) if (decl?.kind === 'ziln') await loadTf(decl.backend ?? 'auto');
}

/**
 * Fits one part with the declared kind: a GLM with its L2 penalty chosen on
 * an inner time split, an EBM (early stopping on the same kind of split), or
 * a ZILN (early stopping on the newest rows; tfjs must have been loaded by
 * {@link loadModelKinds}, as prepareData does).
 * @param matrix - encoded rows, oldest first
 * @param y - labels 0/1 (win) or amounts ≥ 0 (value)
 * @param decl - the part's declaration
 * @param part - which part: sets the link (logit / log) and the target name
 * @param l2 - default GLM L2 candidates
 * @param rng - randomness for the part (EBM bagging; ZILN initial weights and shuffling)
 * @throws LeadvalueError as the kind's fit does; for a ZILN part, also when tfjs is not loaded yet
 */
export function fitModelPart(matrix: EncodedMatrix, y: Float64Array, decl: ModelPartDecl, part: ModelPart, l2: number[], rng: Rng): ModelState {
  const target = part === 'win' ? 'P(win)' : 'E[value | won]';
  if (decl.kind === 'glm') return fitGlmChoosingL2(matrix, y, { link: part === 'win' ? 'logit' : 'log', target }, decl.l2 ?? l2);
  if (decl.kind === 'ziln') {
    if (part !== 'value') throw new LeadvalueError(`model.${part}`, 'a ZILN part models an amount, so it can only be the value part', shown(decl.kind), 'use "glm" or "ebm" for the win part');
    const { kind: _kind, ...settings } = decl;
    if (!isTfLoaded(settings.backend ?? 'auto')) {
      throw new LeadvalueError(`model.${part}`, 'a ZILN part trains with tfjs, which is loaded asynchronously and is not loaded yet', undefined,
        'prepare the data with prepareData (it loads tfjs when the config declares a ZILN part), or await loadModelKinds(config.model) before trainModel or fitTwoPart');
    }
    return fitZilnSync(matrix, y, settings, rng, `model.${part}`);
  }
  const { kind: _kind, ...settings } = decl;
  return fitEbm(matrix, y, { ...settings, loss: settings.loss ?? EBM_LOSSES[part][0], target }, rng);
}

/**
 * Predicts μ with any model kind: a probability (link logit) or a mean amount
 * (link log; a ZILN's expected value p · exp(μ + σ²/2)).
 * @param state - a fitted part
 * @param matrix - encoded with the specs it was trained on
 */
export function predictModelPart(state: ModelState, matrix: EncodedMatrix): Float64Array {
  if (state.kind === 'ziln') return predictZiln(state, matrix).expectedValue;
  return state.kind === 'ebm' ? predictEbm(state, matrix) : predictGlm(state, matrix);
}

/** A few words on a fitted part for progress lines: `L2 3` (GLM), `EBM, 120 rounds` (EBM) or `ZILN linear, epoch 9 of 14, wasm` (ZILN). */
export function describePart(state: ModelState): string {
  if (state.kind === 'ziln') {
    const { hidden } = state.architecture;
    return `ZILN ${hidden.length ? `MLP ${hidden.join('-')}` : 'linear'}, epoch ${state.bestEpoch} of ${state.epochsRun}, ${state.backend}`;
  }
  return state.kind === 'glm' ? `L2 ${state.l2}` : `EBM, ${state.rounds.mains} rounds${state.pairs.length ? ` + ${state.pairs.length} pairs` : ''}`;
}

/**
 * Whether a fitted part predicts one constant for every lead, so it ranks
 * nothing: an EBM that kept 0 boosting rounds (mains and pairs), as
 * warnConstantParts warns. A two-part model with a constant value part ranks
 * expected value by P(win) alone; one with a constant win part ranks no lead
 * above another by P(win).
 * @param state - a fitted part
 * @example
 * isConstantPart(trained.evaluated.value); // true for an EBM with 0 rounds
 */
export function isConstantPart(state: ModelState): boolean {
  return state.kind === 'ebm' && state.rounds.mains === 0 && state.rounds.pairs === 0;
}

/** `a`, `a or b`, `a, b or c`. */
function orList(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
