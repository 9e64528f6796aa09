/** Objective: writes the gradient into `grad` and returns the value. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

/** Result of a minimisation. */
export interface LbfgsResult { x: Float64Array; value: number; iterations: number; evaluations: number; converged: boolean }

/**
 * Minimises a smooth convex function with limited-memory BFGS (Nocedal &
 * Wright, algorithm 7.4) and a backtracking Armijo line search. Deterministic:
 * no randomness, fixed arithmetic order. Returns the number of objective evaluations too (line-search trials included).
 * @param f - objective with gradient
 * @param x0 - start point (not mutated)
 * @param options - memory (pairs kept), maximum iterations, tolerance on the gradient's max-norm relative to the start
 * @returns the minimiser; `converged` is true when the gradient test passed or the objective stopped
 * changing to machine precision (relative 1e-14), false when the iteration limit was reached first
 */
export function lbfgs(f: Objective, x0: Float64Array, options: { memory?: number; maxIterations?: number; tolerance?: number } = {}): LbfgsResult {
  const m = options.memory ?? 10;
  const maxIter = options.maxIterations ?? 500;
  const tol = options.tolerance ?? 1e-7;
  const d = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(d);
  let evaluations = 1;
  let fx = f(x, g);
  const g0 = Math.max(1, maxAbs(g));
  const S: Float64Array[] = [], Y: Float64Array[] = [], rho: number[] = [];
  const dir = new Float64Array(d), xNew = new Float64Array(d), gNew = new Float64Array(d);
  const alpha = new Float64Array(m);
  let iter = 0, converged = maxAbs(g) <= tol * g0;
  while (!converged && iter < maxIter) {
    iter++;
    // Two-loop recursion: dir = −H·g.
    for (let j = 0; j < d; j++) dir[j] = -g[j];
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(S[k], dir);
      axpy(-alpha[k], Y[k], dir);
    }
    if (S.length) {
      const k = S.length - 1;
      const gamma = dot(S[k], Y[k]) / dot(Y[k], Y[k]);
      for (let j = 0; j < d; j++) dir[j] *= gamma;
    } else {
      const scale = 1 / Math.max(1, maxAbs(g));
      for (let j = 0; j < d; j++) dir[j] *= scale;
    }
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k] * dot(Y[k], dir);
      axpy(alpha[k] - beta, S[k], dir);
    }
    let slope = dot(g, dir);
    if (!(slope < 0)) { // not a descent direction: restart from steepest descent
      S.length = 0; Y.length = 0; rho.length = 0;
      for (let j = 0; j < d; j++) dir[j] = -g[j] / Math.max(1, maxAbs(g));
      slope = dot(g, dir);
    }
    let step = 1, fNew = NaN;
    for (let tries = 0; tries < 60; tries++) {
      for (let j = 0; j < d; j++) xNew[j] = x[j] + step * dir[j];
      fNew = f(xNew, gNew);
      evaluations++;
      if (fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew <= fx + 1e-4 * step * slope)) break; // no progress possible: at the optimum to machine precision
    const s = new Float64Array(d), y = new Float64Array(d);
    for (let j = 0; j < d; j++) { s[j] = xNew[j] - x[j]; y[j] = gNew[j] - g[j]; }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (S.length === m) { S.shift(); Y.shift(); rho.shift(); }
      S.push(s); Y.push(y); rho.push(1 / sy);
    }
    const fPrev = fx;
    x.set(xNew); g.set(gNew); fx = fNew;
    converged = maxAbs(g) <= tol * g0 || Math.abs(fPrev - fx) <= 1e-14 * Math.max(1, Math.abs(fx));
  }
  if (!converged) converged = maxAbs(g) <= tol * g0;
  return { x, value: fx, iterations: iter, evaluations, converged };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < x.length; j++) y[j] += a * x[j];
}

function maxAbs(a: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s = Math.max(s, Math.abs(a[j]));
  return s;
}
