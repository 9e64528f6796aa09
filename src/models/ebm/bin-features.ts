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
  sortFloat64(values);
  // Runs of equal values: how many distinct values there are decides the method.
  let distinct = 0;
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[i - 1]) distinct++;
  const edges: number[] = [];
  const cut = (a: number, b: number) => { const mid = a + (b - a) / 2; edges.push(mid < b ? mid : a); };
  if (distinct <= maxBins) {
    for (let i = 1; i < values.length; i++) if (values[i] !== values[i - 1]) cut(values[i - 1], values[i]);
    return edges;
  }
  // Greedy: close a bin once it holds its share of the rows still to place.
  let remaining = values.length, binsLeft = maxBins, acc = 0;
  for (let i = 0; i < values.length && binsLeft > 1;) {
    let j = i + 1;
    while (j < values.length && values[j] === values[i]) j++;
    acc += j - i;
    if (j < values.length && acc >= remaining / binsLeft) {
      cut(values[i], values[j]);
      remaining -= acc; acc = 0; binsLeft--;
    }
    i = j;
  }
  return edges;
}

/**
 * Sorts finite doubles ascending in place, by LSD radix sort on their bits
 * (16 bits a pass, four passes): several times faster than
 * Float64Array.prototype.sort on the 10⁵–10⁶ values binning sorts.
 */
export function sortFloat64(values: Float64Array): void {
  const n = values.length;
  if (n < 2) return;
  let src = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  // Order-preserving keys: flip every bit of negatives, only the sign bit of the rest (little-endian: word 1 is high).
  for (let i = 0; i < n; i++) {
    if (src[2 * i + 1] & 0x80000000) { src[2 * i] = ~src[2 * i]; src[2 * i + 1] = ~src[2 * i + 1]; } else src[2 * i + 1] |= 0x80000000;
  }
  let dst = new Uint32Array(2 * n);
  const counts = new Uint32Array(65536);
  for (let digit = 0; digit < 4; digit++) {
    const word = digit >> 1, shift = (digit & 1) * 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(src[2 * i + word] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let d = 0; d < 65536; d++) { const c = counts[d]; counts[d] = sum; sum += c; }
    for (let i = 0; i < n; i++) {
      const k = counts[(src[2 * i + word] >>> shift) & 0xffff]++;
      dst[2 * k] = src[2 * i]; dst[2 * k + 1] = src[2 * i + 1];
    }
    [src, dst] = [dst, src];
  }
  // After an even number of passes the sorted keys are back in the values' own buffer.
  for (let i = 0; i < n; i++) {
    if (src[2 * i + 1] & 0x80000000) src[2 * i + 1] &= 0x7fffffff; else { src[2 * i] = ~src[2 * i]; src[2 * i + 1] = ~src[2 * i + 1]; }
  }
}

/** An index array for `size` distinct bins. */
export function binArray(n: number, size: number): BinIndex {
  return size <= 256 ? new Uint8Array(n) : size <= 65536 ? new Uint16Array(n) : new Uint32Array(n);
}

/**
 * Bins a number column with given edges: bin = number of edges below z, the
 * missing bin last (edges.length + 1). The scorer looks up the same way
 * (ebmBin in src/scoring/ebm-terms.ts); this computes the same count faster
 * than a binary search per row (whose branches mispredict on random data):
 * a grid of cells over the edges' range gives a starting count, and a short
 * scan over the few edges near z finishes it, comparing exactly as ebmBin does.
 */
export function binNumber(col: EncodedNumber, edges: number[]): BinIndex {
  const n = col.z.length, m = edges.length, missingBin = m + 1;
  const bins = binArray(n, m + 2);
  const E = Float64Array.from(edges);
  const lo = m ? E[0] : 0, hi = m ? E[m - 1] : 0;
  const cells = 4096, width = (hi - lo) / cells;
  // start[c]: edges below the start of cell c − 1 (one cell of slack against rounding in the cell index).
  const start = new Int32Array(cells);
  if (m > 1 && width > 0) for (let c = 1; c < cells; c++) start[c] = ebmBin(E, lo + (c - 1) * width);
  for (let i = 0; i < n; i++) {
    if (col.missing[i]) { bins[i] = missingBin; continue; }
    const z = col.z[i];
    if (m === 0 || z <= lo) { bins[i] = 0; continue; }
    if (z > hi) { bins[i] = m; continue; }
    let k = width > 0 ? start[Math.min(cells - 1, Math.floor((z - lo) / width))] : 0;
    while (k < m && E[k] < z) k++;
    bins[i] = k;
  }
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
