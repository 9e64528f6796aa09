import type { EbmLoss } from './ebm-params.js';
import type { BinIndex } from './bin-features.js';
import { makePassKernel } from './pass-kernel.js';

/** One additive term to boost: each row's bin, and how many bins there are. */
export interface BoostTerm {
  bins: BinIndex;
  size: number;
  /** Bins 0…size−2 are ordered (a number's quantile bins; the last bin is missing): steps split them into at most `maxLeaves` runs. */
  ordered?: boolean;
}

/** A boosting problem over terms (main effects, or pairs on top of fixed main effects). */
export interface BoostProblem {
  terms: BoostTerm[];
  loss: EbmLoss;
  /** For loss `tweedie`: the power of the variance function (1 < ρ < 2). */
  tweediePower?: number;
  /** Working target per row: 0/1 (log-loss), amount over its mean (poisson, tweedie), log1p(amount) (log1p-squared). */
  target: Float64Array;
  /** Starting η per row (at least valEnd rows). */
  base: Float64Array;
  /** Bag counts per fit row, or null for every row once. */
  weights: Uint8Array | null;
  /** Rows [0, fitEnd) are fit; rows [fitEnd, valEnd) validate (none when equal). */
  fitEnd: number;
  valEnd: number;
  learningRate: number;
  /** Leaves per step on ordered terms (0: every bin its own leaf). */
  maxLeaves: number;
  /** Shrinkage of each leaf's Newton step: −learningRate · G / (H + l2), G and H summed over the leaf's rows. */
  l2: number;
  maxRounds: number;
  earlyStoppingRounds: number;
  /** Keep the fit rows' state in 32-bit floats (default: from FLOAT32_STATE_ROWS fit rows). */
  state32?: boolean;
  /** Called after each round with the fit rows' state (e^η for log-loss, Poisson and Tweedie, η for squared): read it, do not keep it. */
  onRound?: (round: number, state: Float32Array | Float64Array) => void;
}

/**
 * From this many fit rows up, the per-row state (e^η or η) is kept in 32-bit
 * floats: the hot pass reads and writes it once per term and row, and halving
 * its bytes made boosting 1.3–1.45× faster on 400k × 150 (8 → 4 of its ~26
 * bytes per row; measured with bench/ebm-synthetic.js). Gradients and
 * histograms stay 64-bit; the state's rounding (2⁻²⁴ relative per step)
 * moves predictions by about 1e-6 relative (see the test). Smaller fits keep
 * 64-bit state, so the exact small-sample results (bin means to 1e-12) hold.
 */
export const FLOAT32_STATE_ROWS = 100_000;

/** What boosting learned. */
export interface BoostResult {
  /** One table per term: its learned contribution per bin (not centred). */
  tables: Float64Array[];
  /** Rounds the tables hold (with validation: the best round; 0 when no round helped). */
  rounds: number;
  /** Rounds run in all. */
  roundsTried: number;
  /** Mean validation loss at the best round (NaN without validation). */
  loss: number;
}

/**
 * Cyclic gradient boosting of one-term shape functions (the EBM's inner
 * loop). Each round visits every term in order and moves each of its bins by
 * a shrunk Newton step on the gradient and hessian summed over the bin's rows.
 *
 * Cost is O(rows) per term per round and nothing is allocated per row: one
 * fused pass applies the last term's step to every row's score and sums the
 * next term's gradient histogram. For log-loss and Poisson the pass keeps
 * e^η per row and multiplies by e^step (one exp per bin, none per row).
 *
 * With validation rows, the mean validation loss is measured after each
 * round; boosting stops `earlyStoppingRounds` rounds after the best one and
 * returns the tables as they were at the best round.
 * @param problem - terms, target, starting scores, rows and settings
 */
export function boost(problem: BoostProblem): BoostResult {
  const { terms, loss, target, base, weights, fitEnd, valEnd, learningRate, l2, maxRounds, earlyStoppingRounds, maxLeaves, onRound } = problem;
  const power = problem.tweediePower ?? 1.5;
  const F = terms.length;
  const tables = terms.map((t) => new Float64Array(t.size));
  const validate = valEnd > fitEnd;
  const expScale = loss !== 'log1p-squared';
  // Per-row state: e^η (log-loss, poisson, tweedie) or η (squared), for fit rows and validation rows.
  const s = (problem.state32 ?? fitEnd >= FLOAT32_STATE_ROWS) ? new Float32Array(fitEnd) : new Float64Array(fitEnd);
  const v = new Float64Array(valEnd - fitEnd);
  for (let i = 0; i < fitEnd; i++) s[i] = expScale ? Math.exp(base[i]) : base[i];
  for (let i = fitEnd; i < valEnd; i++) v[i - fitEnd] = expScale ? Math.exp(base[i]) : base[i];
  if (F === 0 || fitEnd === 0) return { tables, rounds: 0, roundsTried: 0, loss: validate ? validationLossOf(loss, target, v, fitEnd, power) : NaN };
  const maxSize = Math.max(...terms.map((t) => t.size));
  // One gradient histogram: a term's step is computed from it, then it is cleared and refilled for the next term.
  const G = new Float64Array(maxSize), H = new Float64Array(maxSize);
  const step = new Float64Array(maxSize).fill(expScale ? 1 : 0);
  // Tweedie: e^{qη} per row (q = 1 − power), stepped by e^{qδ} alongside e^η.
  const q = 1 - power;
  const tweedie = loss === 'tweedie'
    ? { q, t: s instanceof Float32Array ? new Float32Array(fitEnd) : new Float64Array(fitEnd), stepQ: new Float64Array(maxSize).fill(1) }
    : undefined;
  if (tweedie) for (let i = 0; i < fitEnd; i++) tweedie.t[i] = Math.exp(q * base[i]);
  const pass = makePassKernel(loss, s, target, weights, step, G, H, fitEnd, tweedie);
  // The first histogram: no step applied yet (step is the identity).
  pass(terms[0].bins, terms[0].bins);

  let best = Infinity, bestRound = 0, round = 0;
  const snapshot: Float64Array[] | null = validate ? tables.map((t) => t.slice()) : null;
  if (validate) best = validationLossOf(loss, target, v, fitEnd, power);
  while (round < maxRounds) {
    round++;
    for (let f = 0; f < F; f++) {
      const term = terms[f], table = tables[f], size = term.size;
      if (term.ordered && maxLeaves >= 2 && size > 2) leafSteps(G, H, size - 1, maxLeaves, l2, step);
      else for (let b = 0; b < size - (term.ordered ? 1 : 0); b++) step[b] = newton(G[b], H[b], l2);
      if (term.ordered) step[size - 1] = newton(G[size - 1], H[size - 1], l2);
      for (let b = 0; b < size; b++) {
        const delta = learningRate * step[b];
        table[b] += delta;
        step[b] = expScale ? Math.exp(delta) : delta;
        if (tweedie) tweedie.stepQ[b] = Math.exp(q * delta);
      }
      const next = terms[(f + 1) % F];
      G.fill(0, 0, Math.max(size, next.size)); H.fill(0, 0, Math.max(size, next.size));
      pass(term.bins, next.bins);
      if (validate) applyStep(v, term.bins, step, fitEnd, valEnd, expScale);
    }
    // Every step of the round is in s now: the last term's was applied by the pass that summed the first term's histogram.
    onRound?.(round, s);
    if (validate) {
      const l = validationLossOf(loss, target, v, fitEnd, power);
      if (l < best) {
        best = l; bestRound = round;
        for (let f = 0; f < F; f++) snapshot![f].set(tables[f]);
      } else if (round - bestRound >= earlyStoppingRounds) break;
    }
  }
  if (validate) return { tables: snapshot!, rounds: bestRound, roundsTried: round, loss: best };
  return { tables, rounds: round, roundsTried: round, loss: NaN };
}

/** The regularised Newton step of one leaf: −G / (H + l2), 0 for an empty leaf. */
function newton(g: number, h: number, l2: number): number {
  return h + l2 > 0 ? -g / (h + l2) : 0;
}

/** Newton gain of a leaf: G² / (H + l2). */
function gainOf(g: number, h: number, l2: number): number {
  return h + l2 > 0 ? (g * g) / (h + l2) : 0;
}

/**
 * Steps for ordered bins 0…k−1 as a small tree: greedily split the bins into
 * at most `maxLeaves` runs of adjacent bins (each split the one of best Newton
 * gain), then one Newton step per run. Shapes move in coarse steps and gain
 * detail only where the gradients keep asking for it, which smooths them
 * (InterpretML's EBM does the same with max_leaves = 3).
 */
function leafSteps(G: Float64Array, H: Float64Array, k: number, maxLeaves: number, l2: number, step: Float64Array): void {
  // Runs as [start, end) pairs, split until maxLeaves or no split gains.
  const starts = [0], ends = [k];
  for (let leaves = 1; leaves < maxLeaves; leaves++) {
    let bestGain = 1e-12, bestRun = -1, bestCut = -1;
    for (let r = 0; r < starts.length; r++) {
      let gAll = 0, hAll = 0;
      for (let b = starts[r]; b < ends[r]; b++) { gAll += G[b]; hAll += H[b]; }
      const parent = gainOf(gAll, hAll, l2);
      let gl = 0, hl = 0;
      for (let b = starts[r]; b + 1 < ends[r]; b++) {
        gl += G[b]; hl += H[b];
        const gain = gainOf(gl, hl, l2) + gainOf(gAll - gl, hAll - hl, l2) - parent;
        if (gain > bestGain) { bestGain = gain; bestRun = r; bestCut = b + 1; }
      }
    }
    if (bestRun < 0) break;
    ends.splice(bestRun + 1, 0, ends[bestRun]);
    starts.splice(bestRun + 1, 0, bestCut);
    ends[bestRun] = bestCut;
  }
  for (let r = 0; r < starts.length; r++) {
    let g = 0, h = 0;
    for (let b = starts[r]; b < ends[r]; b++) { g += G[b]; h += H[b]; }
    const s = newton(g, h, l2);
    for (let b = starts[r]; b < ends[r]; b++) step[b] = s;
  }
}

function applyStep(v: Float64Array, bins: BinIndex, step: Float64Array, from: number, to: number, multiply: boolean): void {
  if (multiply) for (let i = from; i < to; i++) v[i - from] *= step[bins[i]];
  else for (let i = from; i < to; i++) v[i - from] += step[bins[i]];
}

/**
 * Mean loss of validation rows from their state (e^η or η), up to a constant:
 * log-loss log(1 + e^η) − yη; Poisson e^η − yη; Tweedie of power ρ = 1 − q
 * e^{(1+q)η}/(1+q) − y·e^{qη}/q; squared (η − y)².
 * @param power - the Tweedie power (loss `tweedie` only)
 */
export function validationLossOf(loss: EbmLoss, y: Float64Array, v: Float64Array, offset: number, power = 1.5): number {
  let total = 0;
  const n = v.length, q = 1 - power;
  for (let k = 0; k < n; k++) {
    const yi = y[offset + k], s = v[k];
    // y·log(e^η) is 0 when y is 0, also where e^η underflowed to 0.
    if (loss === 'log-loss') total += Math.log1p(s) - (yi === 0 ? 0 : yi * Math.log(s));
    else if (loss === 'poisson') total += s - (yi === 0 ? 0 : yi * Math.log(s));
    else if (loss === 'tweedie') total += Math.pow(s, 1 + q) / (1 + q) - (yi === 0 ? 0 : (yi * Math.pow(s, q)) / q);
    else total += (s - yi) * (s - yi);
  }
  return total / (n || 1);
}
