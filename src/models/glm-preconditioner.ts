import { LeadvalueError } from '../core/errors.js';
import type { EncodedCategory, EncodedMatrix, EncodedNumber } from '../features/encode.js';

/** XᵀX of the GLM's design (intercept, per number its z and missing indicator, per category its slots) over every `step`-th row. */
export interface GlmGram {
  /** rows of the matrix it was taken from, rows sampled */
  rows: number; sampled: number;
  /** dimension × dimension, symmetric, row-major */
  values: Float64Array;
}

/** Start offset of each column's parameters; offsets[0] = 1 (after the intercept), last = dimension. */
export function glmLayout(matrix: EncodedMatrix): Int32Array {
  const offsets = new Int32Array(matrix.columns.length + 1);
  let o = 1;
  matrix.columns.forEach((col, c) => { offsets[c] = o; o += col.kind === 'number' ? 2 : col.size; });
  offsets[matrix.columns.length] = o;
  return offsets;
}

/**
 * Whether the dense preconditioner pays on this design: its factorisation costs about dim³/6
 * multiply-adds, a loss and gradient pass about 2·rows·(columns + 1); it is used while the
 * factorisation costs at most ~100 passes (the diagonal alone needs several hundred more on wide
 * data) and the dimension stays ≤ 4,096 (a 128 MB matrix). Beyond that, the diagonal is used.
 * @param matrix - encoded features
 */
export function denseGlmPreconditioner(matrix: EncodedMatrix): boolean {
  const dim = glmLayout(matrix).at(-1)!;
  return dim <= 4096 && dim ** 3 <= 600 * matrix.rows * (matrix.columns.length + 1);
}

/**
 * XᵀX of a GLM design estimated on at most `maxRows` evenly spaced rows, for {@link glmPreconditioner}.
 * One estimate serves every fit on these rows or on a time slice of them (the L2 path): it only
 * steers the solver, the optimum does not depend on it.
 * @param matrix - encoded features
 * @param maxRows - rows to sample (8,192: a few tenths of a second on 150 columns, and more rows hardly cut iterations)
 */
export function glmGram(matrix: EncodedMatrix, maxRows = 8192): GlmGram {
  const offsets = glmLayout(matrix), p = offsets[offsets.length - 1], n = matrix.rows;
  const step = Math.max(1, Math.ceil(n / maxRows)), S = Math.ceil(n / step);
  const M = new Float64Array(p * p);
  const nums: number[] = [], cats: number[] = [];
  matrix.columns.forEach((col, c) => (col.kind === 'number' ? nums : cats).push(c));
  const q = nums.length, zIdx = Int32Array.from(nums, (c) => offsets[c]);
  // sampled z (0 where missing), column-major for the z·z dot products, row-major for the slot sums
  const zc = new Float64Array(S * q), zr = new Float64Array(S * q);
  nums.forEach((c, a) => {
    const col = matrix.columns[c] as EncodedNumber;
    for (let r = 0, i = 0; i < n; r++, i += step) { const v = col.missing[i] ? 0 : col.z[i]; zc[a * S + r] = v; zr[r * q + a] = v; }
  });
  // Each unordered pair is added at one of its two places, mirrored at the end.
  M[0] = S;
  for (let a = 0; a < q; a++) {
    const za = zc.subarray(a * S, (a + 1) * S);
    let sum = 0;
    for (let r = 0; r < S; r++) sum += za[r];
    M[zIdx[a] * p] = sum;
    for (let b = 0; b <= a; b++) M[zIdx[a] * p + zIdx[b]] = dot4(zc, a * S, zc, b * S, S);
  }
  const slotZ = new Float64Array(p * q), slots = new Int32Array(cats.length), missing = new Int32Array(q);
  for (let r = 0, i = 0; i < n; r++, i += step) {
    const zrow = zr.subarray(r * q, (r + 1) * q);
    for (let k = 0; k < cats.length; k++) {
      const s = offsets[cats[k]] + (matrix.columns[cats[k]] as EncodedCategory).slots[i];
      slots[k] = s;
      M[s * p] += 1;
      for (let k2 = 0; k2 <= k; k2++) M[s * p + slots[k2]] += 1;
      for (let a = 0, t = s * q; a < q; a++) slotZ[t + a] += zrow[a];
    }
    let nm = 0;
    for (let a = 0; a < q; a++) if ((matrix.columns[nums[a]] as EncodedNumber).missing[i]) missing[nm++] = zIdx[a] + 1;
    for (let k = 0; k < nm; k++) {
      const row = missing[k] * p;
      M[row] += 1;
      for (let a = 0; a < q; a++) M[row + zIdx[a]] += zrow[a];
      for (let k2 = 0; k2 <= k; k2++) M[row + missing[k2]] += 1;
      for (let k2 = 0; k2 < cats.length; k2++) M[row + slots[k2]] += 1;
    }
  }
  for (let s = 0; s < p; s++) for (let a = 0; a < q; a++) M[s * p + zIdx[a]] += slotZ[s * q + a];
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < a; b++) { const v = M[a * p + b] + M[b * p + a]; M[a * p + b] = v; M[b * p + a] = v; }
  }
  return { rows: n, sampled: S, values: M };
}

/**
 * Lower Cholesky factor L (row-major) of D·P·H·P·D + 10⁻⁶·I, where H ≈ w0·XᵀX·(rows / sampled) + l2
 * is the penalised Hessian when every row has weight w0, with its diagonal raised to the exact one
 * (`h`, so a slot the sample missed keeps its curvature); P centres each category block, D is the
 * diagonal scaling. The solver runs on u with θ = P·D·L⁻ᵀ·u, where the Hessian is close to I.
 * @throws LeadvalueError when the Gram's dimension is not the design's
 */
export function glmPreconditioner(
  gram: GlmGram, rows: number, d: Float64Array, h: Float64Array, w0: number, l2: number, blocks: readonly (readonly [number, number])[],
): Float64Array {
  const p = d.length;
  if (gram.values.length !== p * p) throw new LeadvalueError('fitGlm params.gram', 'not the Gram of this design', `${Math.round(Math.sqrt(gram.values.length))} parameters for ${p}`, 'take it with glmGram of the same features');
  const M = Float64Array.from(gram.values), scale = (w0 * rows) / gram.sampled;
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) M[a * p + b] *= scale;
    M[a * p + a] = Math.max(M[a * p + a] + (a > 0 ? l2 : 0), h[a]);
  }
  for (const [s, e] of blocks) {
    for (let a = 0; a < p; a++) { // M·P, then P·(M·P)
      let m = 0;
      for (let j = s; j < e; j++) m += M[a * p + j];
      m /= e - s;
      for (let j = s; j < e; j++) M[a * p + j] -= m;
    }
    for (let b = 0; b < p; b++) {
      let m = 0;
      for (let j = s; j < e; j++) m += M[j * p + b];
      m /= e - s;
      for (let j = s; j < e; j++) M[j * p + b] -= m;
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) M[a * p + b] *= d[a] * d[b];
  // + 10⁻⁶ (the diagonal is ≈ 1): P's null directions (a constant added to a block) have no curvature
  for (let a = 0; a < p; a++) M[a * p + a] += 1e-6;
  for (let j = 0; j < p; j++) {
    const ljj = Math.sqrt(Math.max(M[j * p + j] - dot4(M, j * p, M, j * p, j), 1e-12));
    M[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) M[i * p + j] = (M[i * p + j] - dot4(M, i * p, M, j * p, j)) / ljj;
  }
  return M;
}

/** out = L⁻ᵀ·u (back substitution; only L's lower triangle is read). */
export function solveUpper(L: Float64Array, u: Float64Array, out: Float64Array): void {
  const p = u.length;
  out.set(u);
  for (let i = p - 1; i >= 0; i--) {
    const xi = out[i] / L[i * p + i];
    out[i] = xi;
    for (let k = 0, row = i * p; k < i; k++) out[k] -= L[row + k] * xi;
  }
}

/** out = L⁻¹·b (forward substitution). */
export function solveLower(L: Float64Array, b: Float64Array, out: Float64Array): void {
  const p = b.length;
  for (let i = 0; i < p; i++) out[i] = (b[i] - dot4(L, i * p, out, 0, i)) / L[i * p + i];
}

/** out = Lᵀ·w. */
export function multiplyUpper(L: Float64Array, w: Float64Array, out: Float64Array): void {
  const p = w.length;
  out.fill(0);
  for (let i = 0; i < p; i++) for (let k = 0; k <= i; k++) out[k] += L[i * p + k] * w[i];
}

/** Σ x[xo + r]·y[yo + r] for r < length, with four partial sums (one sum is latency-bound). */
function dot4(x: Float64Array, xo: number, y: Float64Array, yo: number, length: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, r = 0;
  for (; r + 3 < length; r += 4) { s0 += x[xo + r] * y[yo + r]; s1 += x[xo + r + 1] * y[yo + r + 1]; s2 += x[xo + r + 2] * y[yo + r + 2]; s3 += x[xo + r + 3] * y[yo + r + 3]; }
  for (; r < length; r++) s0 += x[xo + r] * y[yo + r];
  return s0 + s1 + s2 + s3;
}
