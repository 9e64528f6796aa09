import type { EncodedCategory, EncodedMatrix, EncodedNumber } from '../../features/encode.js';
import { ebmBin } from '../../scoring/ebm-terms.js';

/** Bin indices of every row, in the narrowest typed array that holds them. */
export type BinIndex = Uint8Array | Uint16Array | Uint32Array;

/** One feature binned: a number's quantile bins then a missing bin, or a category's slots. */
export interface BinnedFeature {
  name: string;
  kind: 'number' | 'category';
  /** Bin of each row. */
  bins: BinIndex;
  /** Number of bins: edges.length + 2 for a number (the last is missing), the slot count for a category. */
  size: number;
  /** A number's edges on the z scale (ascending); null for a category. */
  edges: number[] | null;
}

/** Present values used to place a number's edges: all of them up to this many, else an evenly spaced subsample in row order. */
export const BIN_SAMPLE = 200_000;

/**
 * Quantile bin edges of a number column on its z scale: at most `maxBins`
 * bins. With few distinct values every value gets its own bin (edges halfway
 * between neighbours); otherwise bins are cut greedily at equal shares of the
 * rows, so a heavily tied value (say 40% zeros) gets one bin and the rest
 * share the others. Missing values are not binned here (they get their own bin).
 * @param col - an encoded number column
 * @param maxBins - most bins for present values
 * @returns strictly ascending edges; bin b holds edges[b−1] < z ≤ edges[b]
 */
export function quantileEdges(col: EncodedNumber, maxBins: number, sample = BIN_SAMPLE): number[] {
  const n = col.z.length;
  let present = 0;
  for (let i = 0; i < n; i++) if (!col.missing[i]) present++;
  if (present === 0) return [];
  const stride = present > sample ? present / sample : 1;
  const values = new Float64Array(Math.min(present, sample));
  // Sorted values do not depend on row order unless the column is subsampled.
  for (let i = 0, k = 0, next = 0, seen = 0; i < n && k < values.length; i++) {
    if (col.missing[i]) continue;
    if (seen >= next) { values[k++] = col.z[i]; next += stride; }
    seen++;
  }
  values.sort();
  // Distinct values and their counts.
  const distinct: number[] = [], counts: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (i > 0 && values[i] === values[i - 1]) counts[counts.length - 1]++;
    else { distinct.push(values[i]); counts.push(1); }
  }
  const edges: number[] = [];
  const cut = (a: number, b: number) => { const mid = a + (b - a) / 2; edges.push(mid < b ? mid : a); };
  if (distinct.length <= maxBins) {
    for (let d = 0; d + 1 < distinct.length; d++) cut(distinct[d], distinct[d + 1]);
    return edges;
  }
  let remaining = values.length, binsLeft = maxBins, acc = 0;
  for (let d = 0; d + 1 < distinct.length && binsLeft > 1; d++) {
    acc += counts[d];
    if (acc >= remaining / binsLeft) {
      cut(distinct[d], distinct[d + 1]);
      remaining -= acc; acc = 0; binsLeft--;
    }
  }
  return edges;
}

/** An index array for `size` distinct bins. */
export function binArray(n: number, size: number): BinIndex {
  return size <= 256 ? new Uint8Array(n) : size <= 65536 ? new Uint16Array(n) : new Uint32Array(n);
}

/**
 * Bins a number column with given edges: bin = number of edges below z, the
 * missing bin last (edges.length + 1). The scorer looks up the same way
 * (ebmBin in src/scoring/ebm-terms.ts).
 */
export function binNumber(col: EncodedNumber, edges: number[]): BinIndex {
  const n = col.z.length, missingBin = edges.length + 1;
  const bins = binArray(n, edges.length + 2);
  for (let i = 0; i < n; i++) bins[i] = col.missing[i] ? missingBin : ebmBin(edges, col.z[i]);
  return bins;
}

/** A category column's slots as bins. */
export function binCategory(col: EncodedCategory): BinIndex {
  const bins = binArray(col.slots.length, col.size);
  bins.set(col.slots);
  return bins;
}

/**
 * Bins every column of a matrix once: quantile bins for numbers (edges from
 * the rows given), slots for categories.
 * @param matrix - encoded rows
 * @param maxBins - most bins for a number's present values
 */
export function binMatrix(matrix: EncodedMatrix, maxBins: number): BinnedFeature[] {
  return matrix.columns.map((col): BinnedFeature => {
    if (col.kind === 'category') return { name: col.name, kind: 'category', bins: binCategory(col), size: col.size, edges: null };
    const edges = quantileEdges(col, maxBins);
    return { name: col.name, kind: 'number', bins: binNumber(col, edges), size: edges.length + 2, edges };
  });
}
