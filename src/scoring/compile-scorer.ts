import { LeadvalueError, shown } from '../core/errors.js';
import type { Calibration } from './calibration.js';
import { compileGoals, type CompiledGoals } from './goal-profile.js';
import type { EbmState, FeatureSpec, GlmState, GoalProfile, ModelFile, ModelState } from './model-types.js';
import { partLevels, type DerivedPart } from './utc-parts.js';
import { inputOffsets } from './ziln-terms.js';
import type { ZilnHeadTerms, ZilnLayer, ZilnState } from './ziln-types.js';

/**
 * One additive term of a compiled head, over a block of encoded rows (z: NaN
 * when missing; slot: levels, `(other)`, `(missing)`). Tables are flat
 * Float64Arrays so the row loop is a typed-array lookup.
 */
export type CompiledTerm =
  /** GLM number term (and a linear ZILN head's): weight · z + offset; `missing` when missing. */
  | { kind: 'linear'; feature: number; weight: number; offset: number; missing: number }
  /** A ZILN first-layer unit's number input: z · weight; `missing` (the missing indicator's weight) when missing. */
  | { kind: 'scaled'; feature: number; weight: number; missing: number }
  /** Category lookup: values[slot]. */
  | { kind: 'slots'; feature: number; values: Float64Array }
  /** EBM number shape: values[bin of z] (ebmBin), `missing` when missing. */
  | { kind: 'bins'; feature: number; edges: BinEdges; values: Float64Array; missing: number }
  /** EBM pair: values[binA · width + binB]; a number axis's missing bin is edges.length + 1, a category axis uses the slot. */
  | { kind: 'pair'; a: number; b: number; edgesA: BinEdges | null; edgesB: BinEdges | null; width: number; values: Float64Array };

/**
 * Bin edges ready for a fast search: `padded` holds the edges then +Infinity up to
 * 2^k − 1 entries (a branch-free search of k steps); `ofInt[x]` is the bin of the
 * whole number x (0 … 4095), whose z is fixed: counts skip the search.
 */
export interface BinEdges {
  count: number;
  padded: Float64Array;
  /** The first step of the search, 2^(k−1) (0 when there are no edges). */
  step: number;
  ofInt: Uint16Array;
}

/** Whole numbers whose z (and bins) are tabulated. */
export const INT_TABLE = 4096;

/** intercept + Σ terms, summed in the terms' order (the order scoreLead sums in, so the sums are bit-identical). */
export interface CompiledHead {
  intercept: number;
  terms: CompiledTerm[];
}

/** A feature of the model, resolved for the column encoder. */
export interface CompiledFeature {
  spec: FeatureSpec;
  /** Slot of `(other)` (= levels.length) for a category; -1 for a number. */
  other: number;
  /** For a date-part category: the slot of each part index (month 0–11, …); unseen parts get `other`. */
  partSlots: Int32Array | null;
  derive: DerivedPart | null;
  /** For a log1p number feature: z of the whole numbers 0 … 4095, (log1p(x) − center) / scale as scoreLead computes it. */
  zOfInt: Float64Array | null;
}

/** A candidate reason: a term of the win or value part whose contribution can be ranked. */
export interface ReasonTerm {
  /** The feature's name, `a × b` for a pair, `(value model)` for a ZILN MLP's note. */
  feature: string;
  part: 'win' | 'value';
  /** For a linear ZILN value part: the head the contribution is to. */
  head?: 'logit' | 'mu';
  /** Feature indices the term reads (one; two for a pair; none for the note). */
  features: number[];
  /** For a pair: its index in the part's `pairs`. */
  pair?: number;
  /** The ZILN MLP note: no additive reasons. */
  note?: boolean;
}

/** The value part, compiled. */
export type CompiledValue =
  | { kind: 'additive'; head: CompiledHead; link: 'logit' | 'log'; part: 'win' | 'value' }
  | {
    kind: 'ziln'; state: ZilnState;
    /** One head per unit of the first layer (3 for a linear ZILN: logit, μ, raw σ). */
    units: CompiledHead[];
    activation: 'relu' | 'linear';
    /** The layers after the first (none for a linear ZILN). */
    rest: ZilnLayer[];
    /** A linear ZILN's reasons: its `linearTerms` logit and μ heads; null for an MLP. */
    reasonHeads: [CompiledHead, CompiledHead] | null;
  };

/**
 * A model compiled for {@link scoreColumns}: flat lookup tables per term, the
 * goal profile validated and resolved, the reason candidates in the order
 * scoreLead ranks them. Build once, score many batches.
 */
export interface CompiledScorer {
  model: ModelFile;
  goals: CompiledGoals;
  features: CompiledFeature[];
  win: CompiledHead;
  /** The win part's reasons are labelled by its link, as scoreLead does. */
  winPart: 'win' | 'value';
  calibration: Calibration | undefined;
  value: CompiledValue;
  reasonTerms: ReasonTerm[];
  /** Rank of each reason term's feature name in sorted order: the tie-break between equal |contributions|. */
  nameRank: Int32Array;
  /** Index of the ZILN MLP note in reasonTerms, or -1. */
  note: number;
}

/** Options of {@link compileScorer}. */
export interface CompileOptions {
  /** Goal profile overriding the model file's; validated against the model. */
  goals?: GoalProfile;
}

const cache = new WeakMap<ModelFile, CompiledScorer>();

/**
 * Compiles a verified model file for columnar scoring: every term becomes a
 * flat Float64Array table, the goal profile is validated once. Reuse the
 * result across batches; {@link scoreColumns} also accepts the model itself
 * and then compiles once per model object (the goals override compiles anew).
 * @param model - from parseModel / readModel (treat it as immutable)
 * @param options - a goals override
 * @returns the compiled scorer
 * @throws LeadvalueError when the goals override is not valid for the model (naming the field), or a part's terms disagree with its features
 * @example
 * const scorer = compileScorer(readModel('models/demo/1.3.0.json'));
 * const a = scoreColumns(scorer, batchA), b = scoreColumns(scorer, batchB);
 */
export function compileScorer(model: ModelFile, options: CompileOptions = {}): CompiledScorer {
  if (!options.goals) {
    const hit = cache.get(model);
    if (hit) return hit;
  }
  const specs = model.features;
  const features = specs.map(compileFeature);
  const goals = compileGoals(model, options.goals ?? model.goals, options.goals ? 'goals override' : 'model goals');
  if (model.params.win.kind === 'ziln') throw new LeadvalueError('params.win.kind', 'a ZILN models an amount, so it can only be the value part', shown('ziln'), 're-export the model');
  const winPart = model.params.win.link === 'logit' ? 'win' : 'value';
  const reasonTerms: ReasonTerm[] = [...additiveReasons(model.params.win, specs, winPart)];
  const value = compileValue(model.params.value, specs);
  if (value.kind === 'additive') reasonTerms.push(...additiveReasons(model.params.value, specs, value.part));
  else if (value.reasonHeads) for (const head of ['logit', 'mu'] as const) specs.forEach((s, k) => reasonTerms.push({ feature: s.name, part: 'value', head, features: [k] }));
  else reasonTerms.push({ feature: '(value model)', part: 'value', features: [], note: true });
  const names = [...new Set(reasonTerms.map((r) => r.feature))].sort();
  const scorer: CompiledScorer = {
    model, goals, features,
    win: compileAdditive(model.params.win as GlmState | EbmState, specs),
    winPart, calibration: model.params.calibration, value, reasonTerms,
    nameRank: Int32Array.from(reasonTerms, (r) => names.indexOf(r.feature)),
    note: reasonTerms.findIndex((r) => r.note),
  };
  if (!options.goals) cache.set(model, scorer);
  return scorer;
}

function compileFeature(spec: FeatureSpec): CompiledFeature {
  const derive = spec.derive ?? null;
  if (spec.kind === 'number') {
    const zOfInt = spec.transform === 'log1p' ? Float64Array.from({ length: INT_TABLE }, (_, x) => zOf(spec, x)) : null;
    return { spec, other: -1, partSlots: null, derive, zOfInt };
  }
  const other = spec.levels.length;
  const partSlots = derive ? Int32Array.from(partLevels(derive), (level) => { const s = spec.levels.indexOf(level); return s >= 0 ? s : other; }) : null;
  return { spec, other, partSlots, derive, zOfInt: null };
}

/** z of a present value x, as scoreLead computes it (and the encoder, for values off the tables). */
export function zOf(spec: Extract<FeatureSpec, { kind: 'number' }>, x: number): number {
  return ((spec.transform === 'log1p' ? Math.log1p(x) : x) - spec.center) / spec.scale;
}

/** The bin of z: the number of edges strictly below it (ebmBin), branch-free over the padded edges. */
export function searchBin(e: BinEdges, z: number): number {
  const padded = e.padded;
  let lo = 0;
  for (let step = e.step; step > 0; step >>= 1) lo += padded[lo + step - 1] < z ? step : 0;
  return lo;
}

function binEdges(edges: number[], spec: FeatureSpec): BinEdges {
  let size = 1;
  while (size - 1 < edges.length) size *= 2;
  const padded = new Float64Array(size - 1).fill(Infinity);
  padded.set(edges);
  const e: BinEdges = { count: edges.length, padded, step: size / 2 >= 1 ? size / 2 : 0, ofInt: new Uint16Array(0) };
  if (spec.kind === 'number' && edges.length < 65_535) e.ofInt = Uint16Array.from({ length: INT_TABLE }, (_, x) => searchBin(e, zOf(spec, x)));
  return e;
}

function compileAdditive(state: GlmState | EbmState, specs: FeatureSpec[]): CompiledHead {
  const terms: CompiledTerm[] = specs.map((spec, k) => {
    const term = state.terms[spec.name];
    if (term?.kind !== spec.kind) throw new LeadvalueError(`feature ${spec.name}`, 'model term and feature disagree in kind', undefined, 're-export the model');
    if (term.kind === 'category') return { kind: 'slots', feature: k, values: Float64Array.from(term.values) };
    if (state.kind === 'ebm' && 'edges' in term) return { kind: 'bins', feature: k, edges: binEdges(term.edges, spec), values: Float64Array.from(term.values), missing: term.missing };
    const t = term as { weight: number; offset: number; missing: number };
    return { kind: 'linear', feature: k, weight: t.weight, offset: t.offset, missing: t.missing };
  });
  if (state.kind === 'ebm') for (const pair of state.pairs) {
    const [a, b] = pair.features.map((name) => specs.findIndex((s) => s.name === name));
    const width = pair.values[0]?.length ?? 0;
    terms.push({
      kind: 'pair', a, b, width, values: Float64Array.from(pair.values.flat()),
      edgesA: pair.edges[0] && binEdges(pair.edges[0], specs[a]), edgesB: pair.edges[1] && binEdges(pair.edges[1], specs[b]),
    });
  }
  return { intercept: state.intercept, terms };
}

function additiveReasons(state: ModelState, specs: FeatureSpec[], part: 'win' | 'value'): ReasonTerm[] {
  const out: ReasonTerm[] = specs.map((s, k) => ({ feature: s.name, part, features: [k] }));
  if (state.kind === 'ebm') state.pairs.forEach((pair, p) => out.push({
    feature: `${pair.features[0]} × ${pair.features[1]}`, part, pair: p,
    features: pair.features.map((name) => specs.findIndex((s) => s.name === name)),
  }));
  return out;
}

function compileValue(state: ModelState, specs: FeatureSpec[]): CompiledValue {
  if (state.kind !== 'ziln') return { kind: 'additive', head: compileAdditive(state, specs), link: state.link, part: state.link === 'logit' ? 'win' : 'value' };
  const offsets = inputOffsets(state.architecture.inputs);
  const first = state.layers[0];
  // Unit j of the first layer: bias_j + Σ_k (z·W[o_k][j], or W[o_k + 1][j] when missing; W[o_k + slot][j] for a category).
  const units = first.bias.map((bias, j): CompiledHead => ({
    intercept: bias,
    terms: specs.map((spec, k): CompiledTerm => {
      const o = offsets[k];
      if (spec.kind === 'number') return { kind: 'scaled', feature: k, weight: first.weights[o][j], missing: first.weights[o + 1][j] };
      return { kind: 'slots', feature: k, values: Float64Array.from({ length: offsets[k + 1] - o }, (_, s) => first.weights[o + s][j]) };
    }),
  }));
  const lt = state.linearTerms;
  const reasonHeads = lt ? [headOf(lt.logit, specs), headOf(lt.mu, specs)] as [CompiledHead, CompiledHead] : null;
  return { kind: 'ziln', state, units, activation: first.activation, rest: state.layers.slice(1), reasonHeads };
}

function headOf(head: ZilnHeadTerms, specs: FeatureSpec[]): CompiledHead {
  return {
    intercept: head.intercept,
    terms: specs.map((spec, k): CompiledTerm => {
      const t = head.terms[spec.name];
      return t.kind === 'number'
        ? { kind: 'linear', feature: k, weight: t.weight, offset: t.offset, missing: t.missing }
        : { kind: 'slots', feature: k, values: Float64Array.from(t.values) };
    }),
  };
}
