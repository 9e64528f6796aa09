import { LeadvalueError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { EncodedMatrix } from '../../features/encode.js';
import type { EbmPairTerm, EbmSettings, EbmState, EbmTerm } from '../../scoring/model-types.js';
import { binMatrix, type BinIndex } from './bin-features.js';
import { boost, type BoostTerm } from './boost.js';
import { resolveEbmSettings, type EbmLoss, type EbmParams } from './ebm-params.js';
import { foldRounds, type FoldChoice } from './fold-rounds.js';
import { selectPairs, type ChosenPair } from './select-pairs.js';

/** Fewest rows on either side of the inner time split for early stopping to be used (and in each fold of cross-validation). */
export const MIN_SPLIT_ROWS = 20;

/** Fewest rows in the time split's newest part for it to choose the rounds; below, `folds`-fold cross-validation chooses them. */
export const MIN_VALIDATION_ROWS = 50;

/** Fewest rows a fold of that cross-validation holds: fewer folds are used when the rows are few (at least 2, so from 20 rows). */
export const MIN_FOLD_ROWS = 10;

/**
 * Fits an explainable boosting machine: a generalised additive model
 * η = intercept + Σ f_j(x_j) (+ Σ f_jk(x_j, x_k)) whose shape functions are
 * lookup tables over binned features, learned by cyclic gradient boosting.
 *
 * - Numbers get quantile bins on their z scale (`maxBins`) and a bin for
 *   missing; categories use their slots: levels, `(other)` (rare levels, and
 *   unseen ones at scoring), `(missing)`.
 * - Each round visits every feature and moves each of its bins by a shrunk
 *   Newton step (`learningRate`, `l2`) on the current gradients.
 * - Rows arrive oldest first. The newest `validationShare` of them validate:
 *   boosting on the older rows stops `earlyStoppingRounds` rounds after the
 *   best validation loss, and (with `refit`) the model is then refit on all
 *   rows for that many rounds, so the newest leads inform the model.
 * - When that newest part would hold fewer than MIN_VALIDATION_ROWS (50)
 *   rows (a few hundred training rows), `folds`-fold cross-validation over
 *   all rows chooses the rounds instead, by the ranking of the pooled
 *   out-of-fold predictions (see foldRounds), and the model is fit on all
 *   rows for them; fewer folds when the rows are few (each of at least
 *   MIN_FOLD_ROWS, 10), none below 20 rows. Pairs are then chosen on all rows
 *   (their rounds by the folds). So do they when the newest part holds one
 *   outcome only (no win, or no amount above 0), which cannot stop boosting.
 *   `folds: 0` keeps the time split at any size.
 * - `bags` > 1 averages that many refits, each on Poisson(1) bootstrap
 *   weights drawn from `rng.child('bag k')`.
 * - `interactions` > 0 adds that many pairwise terms chosen by FAST on the
 *   residuals of the main effects and boosted on top of them (2-D tables).
 * - Losses: `log-loss` (link logit: P(y = 1)); `poisson` (link log: E[y], any
 *   amount ≥ 0); `tweedie` (link log: E[y], any amount ≥ 0, the deviance of
 *   variance ∝ μ^ρ, `tweediePower` ρ in (1, 2), default 1.5: weighs a long
 *   tail of large amounts less than Poisson does); `log1p-squared`: least squares on log1p(y), link log, with the
 *   intercept then set so the mean of e^η over the rows equals the mean amount
 *   (the shape comes from log1p, robust to outliers; the level is the mean's).
 *
 * Every term is centred: it averages 0 over the rows given, the intercept
 * absorbs the shift, and a bin or slot no row fell in holds 0 (so an unseen
 * category scores `(other)`'s value, or 0 when `(other)` never occurred).
 *
 * Row order: the fit depends on the order of rows only through the time
 * split (which rows are the newest `validationShare`) and the bootstrap
 * weights. Permuting rows within the older and within the newer part, or any
 * permutation when `validationShare` is 0 and `bags` is 1, gives the same
 * model up to floating-point summation order. Bin edges come from every
 * present value up to 200,000 per feature (an evenly spaced subsample beyond).
 * @param matrix - encoded features, rows oldest first; not mutated
 * @param y - labels 0/1 (log-loss) or amounts ≥ 0, one per row; not mutated
 * @param params - loss, target name, settings (validated; defaults in EBM_DEFAULTS)
 * @param rng - randomness for bagging (unused with one bag)
 * @returns plain-JSON state: per-feature lookup tables
 * @throws LeadvalueError on bad settings, no rows, NaN or out-of-range labels, non-finite features
 * @example
 * const win = fitEbm(matrix, won, { loss: 'log-loss', target: 'P(win)' }, createRng(42));
 */
export function fitEbm(matrix: EncodedMatrix, y: ArrayLike<number>, params: EbmParams, rng: Rng): EbmState {
  const settings = resolveEbmSettings(params as unknown as Record<string, unknown>, 'fitEbm params');
  if (typeof params.target !== 'string') throw new LeadvalueError('fitEbm params.target', 'not a string', String(params.target), 'name what the model predicts, e.g. "P(win)"');
  validateData(matrix, y, settings.loss, params.target);
  const n = matrix.rows, loss = settings.loss;
  const binned = binMatrix(matrix, settings.maxBins);
  const mains: BoostTerm[] = binned.map((b) => ({ bins: b.bins, size: b.size, ordered: b.kind === 'number' }));
  const { target, scale } = workingTarget(y, loss);
  const nVal = settings.validationShare > 0 ? n - Math.floor(n * (1 - settings.validationShare)) : 0;
  const folds = Math.min(settings.folds, Math.floor(n / MIN_FOLD_ROWS));
  // A newest part without both outcomes (no win among the newest leads, or no value) cannot stop boosting: its loss
  // only falls as the scores sink toward its one label, so the rounds would run to maxRounds unvalidated.
  const tailCannotStop = nVal > 0 && oneLabel(y, n - nVal, n, loss);
  const cv = settings.validationShare > 0 && settings.folds >= 2 && (nVal < MIN_VALIDATION_ROWS || tailCannotStop) && folds >= 2;
  const validate = !cv && nVal >= MIN_SPLIT_ROWS && n - nVal >= MIN_SPLIT_ROWS;
  const nA = validate ? n - nVal : n;
  // l2 counts rows: in units of the mean hessian of a row at the starting score (of the rows boosting fits first).
  const l2 = settings.l2 * meanHessian(loss, target, nA, settings.tweediePower);
  const common = { loss, tweediePower: settings.tweediePower, target, learningRate: settings.learningRate, maxLeaves: settings.maxLeaves, l2, earlyStoppingRounds: settings.earlyStoppingRounds };
  const byFolds = (terms: BoostTerm[], start: (weights: Uint8Array) => Float64Array): FoldChoice =>
    foldRounds(terms, target, start, y, { ...common, maxRounds: settings.maxRounds, folds });
  const constantStart = (weights: Uint8Array) => new Float64Array(n).fill(initialScore(loss, target, weights, n));

  // Choose the rounds on the time split or by cross-validation (or run maxRounds on all rows).
  const baseA = new Float64Array(n).fill(initialScore(loss, target, null, nA));
  const foldMains = cv ? byFolds(mains, constantStart) : null;
  const a = boost({ ...common, terms: mains, base: baseA, weights: null, fitEnd: nA, valEnd: validate ? n : nA, maxRounds: foldMains ? foldMains.rounds : settings.maxRounds });
  let pairs: ChosenPair[] = [];
  let p: ReturnType<typeof boost> | null = null;
  let foldPairs: FoldChoice | null = null;
  if (settings.interactions > 0 && binned.length > 1) {
    const etaA = scores(baseA, mains, a.tables, n);
    pairs = selectPairs(matrix, binned, gradients(loss, target, etaA, nA, settings.tweediePower), nA, { ...settings, l2 });
    if (pairs.length > 0) {
      // Cross-validated pair rounds: each fold's pairs start from main effects boosted on that fold's other rows.
      const mainRounds = a.rounds;
      foldPairs = cv ? byFolds(pairs, (weights) => {
        const base = constantStart(weights);
        const m = boost({ ...common, terms: mains, base, weights, fitEnd: n, valEnd: n, maxRounds: mainRounds });
        return scores(base, mains, m.tables, n);
      }) : null;
      p = boost({ ...common, terms: pairs, base: etaA, weights: null, fitEnd: nA, valEnd: validate ? n : nA, maxRounds: foldPairs ? foldPairs.rounds : settings.maxRounds });
    }
  }
  const pairRoundsTried = p?.roundsTried ?? 0;
  // Pairs that never helped on the validation rows are left out (their tables would be all 0).
  if (p && p.rounds === 0) { pairs = []; p = null; }
  const pairTerms: BoostTerm[] = pairs;

  // The final tables: the chosen model itself, or refits on all rows (and bags).
  let intercept: number, mainTables: Float64Array[], pairTables: Float64Array[];
  if ((!validate || !settings.refit) && settings.bags === 1) {
    intercept = baseA[0]; mainTables = a.tables; pairTables = p?.tables ?? [];
  } else {
    const nB = validate && !settings.refit ? nA : n;
    intercept = 0;
    mainTables = mains.map((t) => new Float64Array(t.size));
    pairTables = pairTerms.map((t) => new Float64Array(t.size));
    for (let k = 0; k < settings.bags; k++) {
      const weights = settings.bags > 1 ? bagWeights(rng.child(`bag ${k}`), nB) : null;
      const base = new Float64Array(n).fill(initialScore(loss, target, weights, nB));
      const m = boost({ ...common, terms: mains, base, weights, fitEnd: nB, valEnd: nB, maxRounds: a.rounds });
      intercept += base[0] / settings.bags;
      m.tables.forEach((t, j) => addScaled(mainTables[j], t, 1 / settings.bags));
      if (p) {
        const q = boost({ ...common, terms: pairTerms, base: scores(base, mains, m.tables, nB), weights, fitEnd: nB, valEnd: nB, maxRounds: p.rounds });
        q.tables.forEach((t, j) => addScaled(pairTables[j], t, 1 / settings.bags));
      }
    }
  }

  // Centre every term on the rows, the intercept absorbing the shift; empty bins hold 0.
  intercept += centre(mains, mainTables, n) + centre(pairTerms, pairTables, n);
  if (loss === 'poisson' || loss === 'tweedie') intercept += Math.log(scale);
  if (loss === 'log1p-squared') intercept += levelShift(y, intercept, mains, mainTables, pairTerms, pairTables, n);

  const terms: Record<string, EbmTerm> = {};
  binned.forEach((b, j) => {
    const t = Array.from(mainTables[j]);
    terms[b.name] = b.kind === 'number' ? { kind: 'number', edges: b.edges!, values: t.slice(0, b.size - 1), missing: t[b.size - 1] } : { kind: 'category', values: t };
  });
  const pairStates: EbmPairTerm[] = pairs.map((pair, j) => ({
    features: [binned[pair.a].name, binned[pair.b].name],
    edges: pair.edges,
    values: Array.from({ length: pair.sizes[0] }, (_, r) => Array.from(pairTables[j].subarray(r * pair.sizes[1], (r + 1) * pair.sizes[1]))),
  }));
  return {
    kind: 'ebm', link: loss === 'log-loss' ? 'logit' : 'log', target: params.target, intercept, terms, pairs: pairStates, settings: { ...settings },
    rounds: { mains: a.rounds, pairs: p?.rounds ?? 0 },
    validation: validate ? { rows: nVal, loss: (p ?? a).loss, roundsTried: a.roundsTried + pairRoundsTried }
      : foldMains ? foldValidation(n, folds, foldPairs && p ? foldPairs : foldMains, foldMains.roundsTried + (foldPairs?.roundsTried ?? 0)) : null,
    rows: n,
  };
}

/** Whether rows [from, to) hold one outcome only: all 0 or all 1 (log-loss), or no amount above 0 (the other losses). */
function oneLabel(y: ArrayLike<number>, from: number, to: number, loss: EbmLoss): boolean {
  if (loss === 'log-loss') {
    for (let i = from + 1; i < to; i++) if (y[i] !== y[from]) return false;
    return true;
  }
  for (let i = from; i < to; i++) if (y[i] > 0) return false;
  return true;
}

/** The validation record of cross-validated rounds: every row validated once, out of fold. */
function foldValidation(rows: number, folds: number, last: FoldChoice, roundsTried: number): NonNullable<EbmState['validation']> {
  return { rows, loss: last.loss, roundsTried, folds, metric: last.metric, score: last.score };
}

/** The target boosting works on, and the scale of amounts (Poisson and Tweedie fit amount / mean, for conditioning; undone in the intercept). */
function workingTarget(y: ArrayLike<number>, loss: EbmLoss): { target: Float64Array; scale: number } {
  const n = y.length;
  const target = Float64Array.from(y);
  if (loss === 'log1p-squared') {
    for (let i = 0; i < n; i++) target[i] = Math.log1p(target[i]);
    return { target, scale: 1 };
  }
  if (loss === 'poisson' || loss === 'tweedie') {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += target[i];
    mean /= n;
    const scale = mean > 0 ? mean : 1;
    for (let i = 0; i < n; i++) target[i] /= scale;
    return { target, scale };
  }
  return { target, scale: 1 };
}

/** The best constant η on rows [0, n) (weighted): logit or log of the mean, or the mean. */
function initialScore(loss: EbmLoss, target: Float64Array, weights: Uint8Array | null, n: number): number {
  let sum = 0, count = 0;
  for (let i = 0; i < n; i++) { const w = weights ? weights[i] : 1; sum += w * target[i]; count += w; }
  const m = count > 0 ? sum / count : 0;
  if (loss === 'log-loss') return Math.log(Math.min(Math.max(m, 1e-9), 1 - 1e-9) / (1 - Math.min(Math.max(m, 1e-9), 1 - 1e-9)));
  if (loss === 'poisson' || loss === 'tweedie') return Math.log(Math.max(m, 1e-9));
  return m;
}

/**
 * The mean hessian of a row at the best constant score m: p(1 − p) (log-loss), m (Poisson), m^(2 − ρ)
 * (Tweedie: the mean of m^(1−ρ)((2 − ρ)m − (1 − ρ)y) over the rows); amounts are over their mean, so m = 1; 1 (squared).
 */
function meanHessian(loss: EbmLoss, target: Float64Array, n: number, power = 1.5): number {
  if (loss === 'log1p-squared') return 1;
  let m = 0;
  for (let i = 0; i < n; i++) m += target[i];
  m /= n;
  if (loss === 'log-loss') return Math.max(m * (1 - m), 1e-6);
  return loss === 'tweedie' ? Math.max(Math.pow(m, 2 - power), 1e-6) : Math.max(m, 1e-6);
}

/** η per row: base plus each term's table at the row's bin, for rows [0, n). */
function scores(base: Float64Array, terms: BoostTerm[], tables: Float64Array[], n: number): Float64Array {
  const eta = base.slice();
  terms.forEach((term, j) => {
    const bins = term.bins, table = tables[j];
    for (let i = 0; i < n; i++) eta[i] += table[bins[i]];
  });
  return eta;
}

/** Gradient and hessian of each of rows [0, n) at η. */
function gradients(loss: EbmLoss, target: Float64Array, eta: Float64Array, n: number, power = 1.5): { g: Float64Array; h: Float64Array } {
  const g = new Float64Array(n), h = new Float64Array(n), q = 1 - power;
  for (let i = 0; i < n; i++) {
    if (loss === 'log-loss') { const p = 1 / (1 + Math.exp(-eta[i])); g[i] = p - target[i]; h[i] = p * (1 - p); }
    else if (loss === 'poisson') { const mu = Math.exp(eta[i]); g[i] = mu - target[i]; h[i] = mu; }
    else if (loss === 'tweedie') { const mu = Math.exp(eta[i]), a = Math.exp(q * eta[i]); g[i] = a * (mu - target[i]); h[i] = a * ((1 + q) * mu - q * target[i]); }
    else { g[i] = eta[i] - target[i]; h[i] = 1; }
  }
  return { g, h };
}

/** Poisson(1) bootstrap counts for n rows (inverse CDF of one uniform each; capped at 255). */
function bagWeights(rng: Rng, n: number): Uint8Array {
  const w = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    let k = 0, p = Math.exp(-1), cdf = p;
    while (u >= cdf && k < 255) { k++; p /= k; cdf += p; }
    w[i] = k;
  }
  return w;
}

function addScaled(into: Float64Array, from: Float64Array, factor: number): void {
  for (let b = 0; b < into.length; b++) into[b] += factor * from[b];
}

/**
 * Centres each table on rows [0, n): subtracts the row-weighted mean of its
 * values and sets bins no row fell in to 0.
 * @returns the total shift, for the intercept
 */
function centre(terms: BoostTerm[], tables: Float64Array[], n: number): number {
  let shift = 0;
  terms.forEach((term, j) => {
    const counts = new Float64Array(term.size);
    const bins: BinIndex = term.bins;
    for (let i = 0; i < n; i++) counts[bins[i]]++;
    const table = tables[j];
    let mean = 0;
    for (let b = 0; b < term.size; b++) mean += counts[b] * table[b];
    mean /= n;
    for (let b = 0; b < term.size; b++) table[b] = counts[b] > 0 ? table[b] - mean : 0;
    shift += mean;
  });
  return shift;
}

/** For log1p-squared: the shift that makes the mean of e^η over the rows equal the mean amount. */
function levelShift(y: ArrayLike<number>, intercept: number, mains: BoostTerm[], mainTables: Float64Array[], pairs: BoostTerm[], pairTables: Float64Array[], n: number): number {
  const eta = scores(new Float64Array(n).fill(intercept), [...mains, ...pairs], [...mainTables, ...pairTables], n);
  let sumMu = 0, sumY = 0;
  for (let i = 0; i < n; i++) { sumMu += Math.exp(eta[i]); sumY += y[i]; }
  return Math.log(Math.max(sumY, 1e-9 * n) / sumMu);
}

function validateData(matrix: EncodedMatrix, y: ArrayLike<number>, loss: EbmLoss, target: string): void {
  const where = `fitEbm (${target})`;
  if (matrix.rows === 0) throw new LeadvalueError(where, 'no rows to fit', '0 rows', 'check the data and the time split');
  if (y.length !== matrix.rows) throw new LeadvalueError(where, 'labels and rows differ in number', `${y.length} labels for ${matrix.rows} rows`);
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (Number.isNaN(v)) throw new LeadvalueError(`${where} row ${i}`, 'label is NaN', undefined, 'drop censored or unlabelled rows before fitting');
    if (loss === 'log-loss' ? v !== 0 && v !== 1 : !(v >= 0 && v < Infinity)) {
      throw new LeadvalueError(`${where} row ${i}`, loss === 'log-loss' ? 'label is not 0 or 1' : 'amount is negative or infinite', String(v));
    }
  }
  for (const col of matrix.columns) {
    if (col.kind === 'number') {
      if (col.z.length !== matrix.rows) throw new LeadvalueError(`${where} feature ${col.name}`, 'column length differs from the row count', `${col.z.length} for ${matrix.rows} rows`);
      for (let i = 0; i < col.z.length; i++) if (!col.missing[i] && !Number.isFinite(col.z[i])) throw new LeadvalueError(`${where} feature ${col.name} row ${i}`, 'value is not finite', String(col.z[i]), 'mark missing values as missing');
    } else if (col.slots.length !== matrix.rows) {
      throw new LeadvalueError(`${where} feature ${col.name}`, 'column length differs from the row count', `${col.slots.length} for ${matrix.rows} rows`);
    } else {
      for (let i = 0; i < col.slots.length; i++) if (!(col.slots[i] >= 0 && col.slots[i] < col.size)) throw new LeadvalueError(`${where} feature ${col.name} row ${i}`, 'slot out of range', String(col.slots[i]), 'encode with encodeFeatures');
    }
  }
}

