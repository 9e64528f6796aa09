import { LeadvalueError, shown } from '../core/errors.js';
import type { Calibration, IsotonicCalibration, PlattCalibration } from '../scoring/calibration.js';

/**
 * Fits a calibration of P(win) on validation rows: Platt scaling (a logistic
 * regression of the outcome on the model's log-odds) or isotonic regression
 * (pool-adjacent-violators on the model's probability).
 * @param method - `platt` or `isotonic`
 * @param eta - the win part's log-odds on the validation rows
 * @param won - outcomes 0/1 on the same rows
 * @param where - names the step in messages (default `calibration`)
 * @returns a plain-JSON calibration for the model file
 * @throws LeadvalueError when the lengths differ, a value is not finite or not 0/1, the rows hold one class only,
 *   or (Platt) the log-odds are constant, separate the classes, or give a slope not above 0 (the model does not rank the validation rows)
 * @example
 * const cal = fitCalibration('platt', etaOnValidationRows, wonOnValidationRows);
 */
export function fitCalibration(method: 'platt' | 'isotonic', eta: ArrayLike<number>, won: ArrayLike<number>, where = 'calibration'): Calibration {
  if (method !== 'platt' && method !== 'isotonic') throw new LeadvalueError(where, 'unknown calibration method', shown(method), 'use "platt" or "isotonic"');
  const positives = checkRows(eta, won, where);
  return method === 'platt' ? fitPlatt(eta, won, where, positives) : fitIsotonic(Array.from(eta, sigmoid), won, where, positives);
}

/**
 * Platt scaling: the maximum-likelihood logistic regression P = σ(a·η + b),
 * unpenalised (scikit-learn's `LogisticRegression(penalty=None)` on the single
 * column η), by Newton's method with step halving.
 * @throws LeadvalueError when η is constant (nothing to calibrate), the rows are separated by η (also when
 *   only rows tied at the boundary are not: no finite fit), it does not converge, or the slope a is not above 0
 */
export function fitPlatt(eta: ArrayLike<number>, won: ArrayLike<number>, where = 'calibration', positives = checkRows(eta, won, where)): PlattCalibration {
  const n = eta.length;
  // In one dimension the maximum-likelihood slope is infinite exactly when no lost row scores above a won one.
  let maxLost = -Infinity, minWon = Infinity, lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (won[i]) minWon = Math.min(minWon, eta[i]); else maxLost = Math.max(maxLost, eta[i]);
    lo = Math.min(lo, eta[i]); hi = Math.max(hi, eta[i]);
  }
  // Constant log-odds rank nothing (the slope is not identified): no calibration, Platt or isotonic, can add anything.
  if (lo === hi) {
    throw new LeadvalueError(where, 'the win part\'s log-odds are constant: it ranks nothing, so there is nothing to calibrate', `${lo} on all ${n} validation rows`,
      'use "calibration": "none", and look at the win part (one without features, or an EBM that kept 0 rounds, scores every lead alike)');
  }
  if (maxLost < minWon) {
    throw new LeadvalueError(where, 'Platt scaling has no finite fit: the model\'s log-odds separate won and lost validation leads perfectly', `log-odds of lost leads at most ${maxLost}, of won leads at least ${minWon}`,
      'use "calibration": "isotonic" or "none"');
  }
  // A tie at the boundary (quasi-complete separation) has no finite fit either: below and above it the rows
  // are separated, so the likelihood keeps rising as the slope grows (Newton would stop at an arbitrary
  // slope of ~27, where the gradient falls below its tolerance).
  if (maxLost === minWon) {
    let lost = 0, wonTied = 0;
    for (let i = 0; i < n; i++) if (eta[i] === minWon) { if (won[i]) wonTied++; else lost++; }
    throw new LeadvalueError(where, 'Platt scaling has no finite fit: the model\'s log-odds separate won and lost validation leads but for rows tied at the boundary',
      `log-odds of lost leads at most ${maxLost}, of won leads at least ${minWon}; ${lost} lost and ${wonTied} won there`, 'use "calibration": "isotonic" or "none"');
  }
  let a = 1, b = 0;
  const loss = (a: number, b: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const t = a * eta[i] + b;
      s += (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t))) - won[i] * t;
    }
    return s;
  };
  let current = loss(a, b), converged = false;
  for (let it = 0; it < 100 && !converged; it++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(a * eta[i] + b), r = p - won[i], w = p * (1 - p), e = eta[i];
      ga += r * e; gb += r; haa += w * e * e; hab += w * e; hbb += w;
    }
    if (Math.max(Math.abs(ga), Math.abs(gb)) <= 1e-12 * n) { converged = true; break; }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    let da = -(hbb * ga - hab * gb) / det, db = -(haa * gb - hab * ga) / det;
    // Step halving guards the first steps; near the optimum the decrease is below rounding, so a step
    // that does not raise the loss beyond rounding is taken whole (Newton converges quadratically there).
    const slack = 1e-13 * Math.max(1, Math.abs(current));
    let next = loss(a + da, b + db);
    for (let half = 0; half < 50 && !(next <= current + slack); half++) { da /= 2; db /= 2; next = loss(a + da, b + db); }
    if (!(next <= current + slack)) break;
    a += da; b += db;
    current = next;
    if (Math.max(Math.abs(da), Math.abs(db)) < 1e-14 * Math.max(1, Math.abs(a), Math.abs(b))) converged = true;
  }
  if (!converged || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new LeadvalueError(where, 'Platt scaling did not converge', `a = ${a}, b = ${b}`, 'use "calibration": "isotonic" or "none"');
  }
  if (!(a > 0)) {
    throw new LeadvalueError(where, 'Platt slope is not above 0: the model does not rank the newest training leads (a calibration would reverse or flatten it)', `a = ${a.toFixed(4)}`,
      'use "calibration": "none", or look at the model: it does not generalise over time');
  }
  return { kind: 'platt', a, b, rows: n, positives };
}

/**
 * Isotonic regression of the outcome on P(win) by pool-adjacent-violators
 * (equal probabilities are pooled first, as scikit-learn does), kept as the
 * breakpoints where the fitted step function changes: the first and last
 * probability of each constant block.
 *
 * Each block's value is then its win rate with half a win and half a loss
 * added, (wins + ½) / (leads + 1) — the Krichevsky–Trofimov (Jeffreys prior)
 * estimate — instead of the plain rate wins / leads: a block of validation
 * leads that all lost (or all won) says the rate is low (high), not that it is
 * exactly 0 (1). Plain rates gave Olist's 2,492 lowest-ranked test leads
 * P(win) = 0 (7.9% of them won) and with it expected value 0 and tied goal
 * scores. The shift is at most ½ / (leads + 1) toward ½: 0.001 for a block of
 * 500. Where it reverses two neighbours (a small block beside a large one,
 * e.g. 0 of 1 → 0.25 before 1 of 100 → 0.015) they are pooled again, so the
 * map stays non-decreasing; neighbouring blocks of equal rate are one block.
 * Values are so always strictly between 0 and 1.
 * @param p - the model's P(win) on the validation rows
 * @param won - outcomes 0/1
 */
export function fitIsotonic(p: ArrayLike<number>, won: ArrayLike<number>, where = 'calibration', positives = checkRows(p, won, where)): IsotonicCalibration {
  const n = p.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => p[i] - p[j]);
  // Unique probabilities with their outcome sums and counts.
  const xs: number[] = [], sums: number[] = [], weights: number[] = [];
  for (const i of order) {
    if (xs.length > 0 && xs[xs.length - 1] === p[i]) { sums[sums.length - 1] += won[i]; weights[weights.length - 1]++; }
    else { xs.push(p[i]); sums.push(won[i]); weights.push(1); }
  }
  // Pool adjacent violators, then pool again on the shrunk rates: blocks of consecutive unique xs.
  // Rates compared without division: a₁/b₁ ≥ a₂/b₂ ⇔ a₁·b₂ ≥ a₂·b₁ (b > 0).
  const blocks = poolAdjacent(xs.map((_, k) => ({ sum: sums[k], weight: weights[k], end: k })), (s, w) => [s, w]);
  const shrunk = poolAdjacent(blocks, (s, w) => [s + 0.5, w + 1]);
  const x: number[] = [], y: number[] = [];
  let start = 0;
  for (const { sum, weight, end } of shrunk) {
    const value = (sum + 0.5) / (weight + 1);
    x.push(xs[start]); y.push(value);
    if (end > start) { x.push(xs[end]); y.push(value); }
    start = end + 1;
  }
  return { kind: 'isotonic', x, y, rows: n, positives };
}

interface Block { sum: number; weight: number; end: number }

/**
 * Pools neighbouring blocks while the earlier one's rate is at or above the
 * later one's (equal rates pooled too, so each block is one step), the rate of
 * a block being num / den of `rate(sum, weight)`.
 */
function poolAdjacent(input: Block[], rate: (sum: number, weight: number) => [number, number]): Block[] {
  const out: Block[] = [];
  for (const block of input) {
    out.push({ ...block });
    while (out.length > 1) {
      const a = out[out.length - 2], b = out[out.length - 1];
      const [an, ad] = rate(a.sum, a.weight), [bn, bd] = rate(b.sum, b.weight);
      if (an * bd < bn * ad) break;
      a.sum += b.sum; a.weight += b.weight; a.end = b.end;
      out.pop();
    }
  }
  return out;
}

/** Checks the validation rows and returns how many were won. */
function checkRows(eta: ArrayLike<number>, won: ArrayLike<number>, where: string): number {
  if (eta.length !== won.length) throw new LeadvalueError(where, 'predictions and outcomes differ in length', `${eta.length} and ${won.length}`);
  let positives = 0;
  for (let i = 0; i < eta.length; i++) {
    if (!Number.isFinite(eta[i])) throw new LeadvalueError(`${where} row ${i}`, 'prediction is not finite', shown(eta[i]));
    if (won[i] !== 0 && won[i] !== 1) throw new LeadvalueError(`${where} row ${i}`, 'outcome is not 0 or 1', shown(won[i]));
    positives += won[i];
  }
  if (positives === 0 || positives === eta.length) {
    throw new LeadvalueError(where, `the validation rows hold ${positives === 0 ? 'no won lead' : 'only won leads'}, so there is nothing to calibrate against`,
      `${positives} won of ${eta.length}`, 'use "calibration": "none", or a longer history');
  }
  return positives;
}

function sigmoid(t: number): number {
  return 1 / (1 + Math.exp(-t));
}
