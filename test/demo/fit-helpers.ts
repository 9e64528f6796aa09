// Small, independent model fits for checking the demo data: Newton/IRLS
// logistic regression and ridge least squares solved by Gaussian elimination.
// Deliberately not the library's own models, so the demo is checked against
// something that does not share their bugs.

/** Solves A x = b by Gaussian elimination with partial pivoting (A is copied). */
export function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let j = i + 1; j < n; j++) if (Math.abs(M[j][i]) > Math.abs(M[p][i])) p = j;
    [M[i], M[p]] = [M[p], M[i]];
    for (let j = i + 1; j < n; j++) {
      const f = M[j][i] / M[i][i];
      for (let k = i; k <= n; k++) M[j][k] -= f * M[i][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = M[i][n];
    for (let k = i + 1; k < n; k++) s -= M[i][k] * x[k];
    x[i] = s / M[i][i];
  }
  return x;
}

export function dot(w: number[], x: number[]): number {
  let s = 0;
  for (let j = 0; j < w.length; j++) s += w[j] * x[j];
  return s;
}

/** Logistic regression by Newton's method with a small L2 penalty (not on the intercept, column 0). */
export function fitLogistic(X: number[][], y: number[], l2 = 1e-3, iterations = 25): number[] {
  const d = X[0].length;
  let w = new Array<number>(d).fill(0);
  for (let it = 0; it < iterations; it++) {
    const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    const g = new Array<number>(d).fill(0);
    X.forEach((x, i) => {
      const p = 1 / (1 + Math.exp(-dot(w, x)));
      const r = p * (1 - p);
      for (let a = 0; a < d; a++) {
        g[a] += (y[i] - p) * x[a];
        for (let b = 0; b < d; b++) H[a][b] += r * x[a] * x[b];
      }
    });
    for (let a = 1; a < d; a++) {
      H[a][a] += l2;
      g[a] -= l2 * w[a];
    }
    const step = solve(H, g);
    w = w.map((v, j) => v + step[j]);
  }
  return w;
}

/** Ridge least squares (the intercept, column 0, is not penalised). */
export function fitRidge(X: number[][], y: number[], l2 = 1): number[] {
  const d = X[0].length;
  const A = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const b = new Array<number>(d).fill(0);
  X.forEach((x, i) => {
    for (let a = 0; a < d; a++) {
      b[a] += x[a] * y[i];
      for (let c = 0; c < d; c++) A[a][c] += x[a] * x[c];
    }
  });
  for (let a = 1; a < d; a++) A[a][a] += l2;
  return solve(A, b);
}

/** ROC AUC by the rank-sum (Mann–Whitney) formula; ties broken by order, fine for continuous scores. */
export function auc(scores: number[], labels: number[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0;
  let positives = 0;
  order.forEach((i, r) => {
    if (labels[i]) {
      rankSum += r + 1;
      positives++;
    }
  });
  const negatives = labels.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Share of the total of `values` held by the top `fraction` of rows ranked by `scores`. */
export function captured(scores: number[], values: number[], fraction: number): number {
  const top = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b).slice(0, Math.floor(fraction * scores.length));
  const total = values.reduce((s, v) => s + v, 0);
  return top.reduce((s, i) => s + values[i], 0) / total;
}
