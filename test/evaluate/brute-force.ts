/**
 * Independent, deliberately naive reference implementations for the
 * evaluate tests. Nothing here shares code with src/evaluate.
 */
import { createRng } from '../../src/core/rng.js';

/** Every permutation of 0..n-1 (n ≤ 7 or so). */
export function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const rest of permutations(n - 1)) {
    for (let i = 0; i <= rest.length; i++) out.push([...rest.slice(0, i), n - 1, ...rest.slice(i)]);
  }
  return out;
}

/**
 * Mean of f(order) over every ordering of the rows that sorts predictions
 * from highest to lowest, i.e. over all ways to break ties, each equally likely.
 */
export function meanOverTieOrders(pred: ArrayLike<number>, f: (order: number[]) => number): number {
  let sum = 0;
  let count = 0;
  for (const order of permutations(pred.length)) {
    let sorted = true;
    for (let i = 1; i < order.length; i++) if (pred[order[i - 1]] < pred[order[i]]) sorted = false;
    if (!sorted) continue;
    sum += f(order);
    count++;
  }
  return sum / count;
}

/** AUC by counting all positive–negative pairs, ties 1/2. O(n²). */
export function aucByPairs(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < scores.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      if (scores[i] > scores[j]) wins += 1;
      else if (scores[i] === scores[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

/**
 * Average precision as the mean, over positive rows, of the precision when
 * everything scoring at least that row's score is called positive. This is
 * algebraically the same as scikit-learn's Σ (Rₖ − Rₖ₋₁) Pₖ, computed another way. O(n²).
 */
export function apByPositives(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0;
  let positives = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1) continue;
    positives++;
    let called = 0;
    let hits = 0;
    for (let j = 0; j < scores.length; j++) {
      if (scores[j] >= scores[i]) {
        called++;
        hits += labels[j];
      }
    }
    sum += hits / called;
  }
  return sum / positives;
}

/** Kaggle's gini for rows taken in the given order (the reference Python code, transcribed). */
export function giniOfOrder(actual: ArrayLike<number>, order: number[]): number {
  const n = order.length;
  let total = 0;
  for (const i of order) total += actual[i];
  let cumulative = 0;
  let giniSum = 0;
  for (const i of order) {
    cumulative += actual[i];
    giniSum += cumulative;
  }
  return (giniSum / total - (n + 1) / 2) / n;
}

/** Rows sorted by value, highest first (ties by row number; used where ties do not matter). */
export function orderDescending(values: ArrayLike<number>): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
}

/** Average ranks by counting: rank = #smaller + (#equal + 1) / 2. O(n²). */
export function ranksByCounting(values: ArrayLike<number>): number[] {
  const ranks: number[] = [];
  for (let i = 0; i < values.length; i++) {
    let smaller = 0;
    let equal = 0;
    for (let j = 0; j < values.length; j++) {
      if (values[j] < values[i]) smaller++;
      else if (values[j] === values[i]) equal++;
    }
    ranks.push(smaller + (equal + 1) / 2);
  }
  return ranks;
}

/** Textbook Pearson correlation. */
export function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** A random permutation of 0..n-1 from a seed (Fisher–Yates). */
export function shuffledRows(n: number, seed: number): number[] {
  const rng = createRng(seed);
  const rows = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows;
}

/** values[rows[i]] for each i, as a Float64Array. */
export function gather(values: ArrayLike<number>, rows: ArrayLike<number>): Float64Array {
  return Float64Array.from(Array.from(rows, (r) => values[r]));
}
