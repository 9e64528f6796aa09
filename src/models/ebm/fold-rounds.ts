import { auc } from '../../evaluate/auc.js';
import { normalizedGini } from '../../evaluate/normalized-gini.js';
import { boost, validationLossOf, type BoostTerm } from './boost.js';
import type { EbmLoss } from './ebm-params.js';

/** Boosting settings shared by every fold. */
export interface FoldSettings {
  loss: EbmLoss;
  /** For loss `tweedie`: the power of the variance function. */
  tweediePower?: number;
  learningRate: number;
  maxLeaves: number;
  l2: number;
  maxRounds: number;
  folds: number;
}

/** What cross-validation chose. */
export interface FoldChoice {
  /** Rounds with the best out-of-fold ranking (0 when no round ranks better than chance). */
  rounds: number;
  /** `AUC` (log-loss) or `normalized Gini` (amounts), of the pooled out-of-fold predictions at `rounds`. */
  metric: 'AUC' | 'normalized Gini';
  score: number;
  /** Mean out-of-fold loss at `rounds` (as the time split's validation loss). */
  loss: number;
  /** Rounds run in each fold. */
  roundsTried: number;
}

/** Round counts whose out-of-fold predictions are compared: 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, … up to maxRounds (included). */
export function checkpoints(maxRounds: number): number[] {
  const out: number[] = [];
  for (let decade = 1; decade <= maxRounds; decade *= 10) {
    for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8]) {
      const r = Math.round(m * decade);
      if (r <= maxRounds && r > (out[out.length - 1] ?? 0)) out.push(r);
    }
  }
  if (out[out.length - 1] !== maxRounds) out.push(maxRounds);
  return out;
}

/**
 * Chooses the number of boosting rounds by k-fold cross-validation, for
 * training sets whose newest rows are too few to validate on: fold f holds
 * rows [f·n/k, (f+1)·n/k) (contiguous, so in time order), each fold's model
 * is boosted on the other rows (weight 0 for the fold's own), and the round
 * count whose pooled out-of-fold predictions rank best is kept: AUC for
 * log-loss, normalized Gini for amounts. Ranking, not the loss, decides:
 * on a few hundred heavy-tailed amounts the Poisson loss of a fold is set by
 * its largest one or two values (on Olist's 170 won sellers it prefers 1
 * round while the out-of-fold ranking keeps improving to ~120), and ranking is what
 * the model is used for. Each fold's predictions are pooled less the fold's
 * level (its mean starting η), which would otherwise rank whole folds. Ties go to fewer rounds; when no round ranks better
 * than chance (AUC ≤ 0.5, Gini ≤ 0) the choice is 0 rounds.
 *
 * Deterministic and free of randomness: the folds follow row order.
 * @param terms - the terms to boost
 * @param target - working target per row
 * @param start - each fold's starting η per row, given the fold's weights (0 on its own rows): its best
 *   constant for main effects; for pairs, the main effects boosted on the fold's other rows
 * @param y - labels (0/1 or amounts) for the metric
 * @param settings - boosting settings and the number of folds
 * @returns the chosen rounds, the metric there, the mean out-of-fold loss
 */
export function foldRounds(
  terms: BoostTerm[], target: Float64Array, start: (weights: Uint8Array) => Float64Array, y: ArrayLike<number>, settings: FoldSettings,
): FoldChoice {
  const n = target.length, k = settings.folds;
  const marks = checkpoints(settings.maxRounds);
  const expScale = settings.loss !== 'log1p-squared';
  // Out-of-fold state (e^η or η) of every row at each checkpoint, and before any round (each fold's start).
  const oof = marks.map(() => new Float64Array(n));
  const start0 = new Float64Array(n);
  // Each fold's level (the mean starting η over its rows), and each row's starting η.
  const level = new Float64Array(n), startEta = new Float64Array(n);
  for (let f = 0; f < k; f++) {
    const lo = Math.floor((n * f) / k), hi = Math.floor((n * (f + 1)) / k);
    const weights = new Uint8Array(n).fill(1).fill(0, lo, hi);
    const base = start(weights);
    let sum = 0, constant = true;
    for (let i = lo; i < hi; i++) { start0[i] = expScale ? Math.exp(base[i]) : base[i]; startEta[i] = base[i]; sum += base[i]; constant &&= base[i] === base[lo]; }
    // A constant start is its own level exactly (a mean of equal numbers can be off in the last bit, and break ties).
    level.fill(constant ? base[lo] : sum / (hi - lo), lo, hi);
    let next = 0;
    boost({
      terms, loss: settings.loss, tweediePower: settings.tweediePower, target, base, weights, fitEnd: n, valEnd: n,
      learningRate: settings.learningRate, maxLeaves: settings.maxLeaves, l2: settings.l2,
      maxRounds: settings.maxRounds, earlyStoppingRounds: settings.maxRounds,
      // Held-out rows have weight 0 but their state is stepped with the rest: it is the fold model's prediction.
      onRound: (round, state) => { if (round === marks[next]) oof[next++].set(state.subarray(lo, hi), lo); },
    });
  }
  // Each fold starts at the mean of the other rows, which is high where the fold's own rows are low: pooled,
  // those levels would rank the folds against their own values (on Olist's won sellers, Gini −0.54 before
  // any round). Each fold's level is taken off before pooling: only what the features say is ranked.
  const logLoss = settings.loss === 'log-loss';
  const centred = new Float64Array(n);
  const rank = (state: Float64Array) => {
    // (The start in η as it was, not log(e^η): a constant start must give exact ties.)
    const eta = state === start0 ? startEta : null;
    for (let i = 0; i < n; i++) centred[i] = (eta ? eta[i] : expScale ? Math.log(state[i]) : state[i]) - level[i];
    return logLoss ? auc(centred, y, { onUndefined: 'nan' }) : normalizedGini(centred, y);
  };
  let best = -1, bestScore = logLoss ? 0.5 : 0;
  marks.forEach((_, j) => {
    const score = rank(oof[j]);
    if (score > bestScore) { bestScore = score; best = j; }
  });
  const at = best < 0 ? start0 : oof[best];
  return {
    rounds: best < 0 ? 0 : marks[best], metric: logLoss ? 'AUC' : 'normalized Gini', score: rank(at),
    loss: validationLossOf(settings.loss, target, at, 0), roundsTried: settings.maxRounds,
  };
}
