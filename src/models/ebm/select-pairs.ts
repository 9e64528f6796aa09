import type { EncodedMatrix } from '../../features/encode.js';
import type { EbmSettings } from '../../scoring/model-types.js';
import { binArray, binNumber, quantileEdges, type BinIndex, type BinnedFeature } from './bin-features.js';

/** A pairwise term chosen for boosting: two features, each axis binned, and the combined bin of every row. */
export interface ChosenPair {
  /** Column indices of the two features (a < b). */
  a: number;
  b: number;
  /** Per axis: a number's coarse edges (bins, then missing last), or null for a category's slots. */
  edges: [number[] | null, number[] | null];
  sizes: [number, number];
  /** Cells: sizes[0] · sizes[1]. */
  size: number;
  /** binA · sizeB + binB, per row. */
  bins: BinIndex;
  /** The FAST gain that ranked it. */
  gain: number;
}

/** Fit rows FAST scores pairs on: all of them up to this many, else an evenly spaced subsample. */
export const PAIR_SAMPLE = 100_000;

/**
 * Chooses the most useful pairwise interactions by FAST (Lou, Caruana,
 * Gehrke, Hooker, KDD 2013): for every pair of features, the gradients and
 * hessians of the main-effects model on the fit rows are summed over the
 * pair's 2-D bins, and the pair is scored by the best Newton gain of one cut
 * on each axis (four quadrants). Numbers are re-binned coarsely
 * (`interactionMaxBins`); a category axis takes its slots ordered by its mean
 * gradient, and categories with more than `interactionMaxBins` levels are
 * left out.
 * @param matrix - encoded rows (all rows; edges are placed on them, as the main bins are)
 * @param binned - the main bins (categories reuse theirs)
 * @param gradients - g and h of each fit row at the main-effects model
 * @param fitRows - rows [0, fitRows) the gradients are for
 * @param settings - `interactions` (how many) and `interactionMaxBins`, `l2`
 * @returns up to `interactions` pairs with positive gain, best first
 */
export function selectPairs(
  matrix: EncodedMatrix, binned: BinnedFeature[], gradients: { g: Float64Array; h: Float64Array }, fitRows: number, settings: EbmSettings,
): ChosenPair[] {
  const n = matrix.rows;
  const axes = matrix.columns.map((col, c) => {
    if (col.kind === 'category') return col.size <= settings.interactionMaxBins + 2 ? { bins: binned[c].bins, size: col.size, edges: null } : null;
    const edges = quantileEdges(col, settings.interactionMaxBins);
    return { bins: binNumber(col, edges), size: edges.length + 2, edges };
  });
  const sample: number[] = [];
  const stride = fitRows > PAIR_SAMPLE ? fitRows / PAIR_SAMPLE : 1;
  for (let x = 0; Math.floor(x) < fitRows && sample.length < PAIR_SAMPLE; x += stride) sample.push(Math.floor(x));
  const rows = Int32Array.from(sample);
  const { g, h } = gradients;
  const l2 = settings.l2;
  // Each axis's slot order for cuts: numbers in value order (missing last), categories by mean gradient.
  const orders = axes.map((axis) => {
    if (!axis) return null;
    const order = Int32Array.from({ length: axis.size }, (_, k) => k);
    if (axis.edges !== null) return order;
    const G = new Float64Array(axis.size), H = new Float64Array(axis.size);
    for (const i of rows) { G[axis.bins[i]] += g[i]; H[axis.bins[i]] += h[i]; }
    return order.sort((p, q) => G[p] / (H[p] + l2 + 1e-12) - G[q] / (H[q] + l2 + 1e-12) || p - q);
  });
  const scored: { a: number; b: number; gain: number }[] = [];
  const maxCells = Math.max(1, ...axes.map((x) => x?.size ?? 0)) ** 2;
  const hg = new Float64Array(maxCells), hh = new Float64Array(maxCells);
  const pg = new Float64Array(maxCells), ph = new Float64Array(maxCells);
  for (let a = 0; a < axes.length; a++) {
    const A = axes[a];
    if (!A) continue;
    for (let b = a + 1; b < axes.length; b++) {
      const B = axes[b];
      if (!B) continue;
      const sa = A.size, sb = B.size;
      hg.fill(0, 0, sa * sb); hh.fill(0, 0, sa * sb);
      const binsA = A.bins, binsB = B.bins;
      for (let k = 0; k < rows.length; k++) {
        const i = rows[k], cell = binsA[i] * sb + binsB[i];
        hg[cell] += g[i]; hh[cell] += h[i];
      }
      scored.push({ a, b, gain: bestCutGain(hg, hh, pg, ph, orders[a]!, orders[b]!, l2) });
    }
  }
  scored.sort((p, q) => q.gain - p.gain || p.a - q.a || p.b - q.b);
  return scored.filter((s) => s.gain > 0).slice(0, settings.interactions).map(({ a, b, gain }) => {
    const A = axes[a]!, B = axes[b]!;
    const bins = binArray(n, A.size * B.size);
    for (let i = 0; i < n; i++) bins[i] = A.bins[i] * B.size + B.bins[i];
    return { a, b, edges: [A.edges, B.edges], sizes: [A.size, B.size], size: A.size * B.size, bins, gain };
  });
}

/**
 * The best gain of one cut on each axis of a 2-D gradient histogram:
 * max over cuts of Σ over the four quadrants G²/(H + l2), minus the gain of no cut.
 * Uses 2-D prefix sums over the axes' orders, so it costs O(cells).
 */
function bestCutGain(
  hg: Float64Array, hh: Float64Array, pg: Float64Array, ph: Float64Array, orderA: Int32Array, orderB: Int32Array, l2: number,
): number {
  const sa = orderA.length, sb = orderB.length;
  // pg[x * sb + y] = sum over the first x+1 slots of A and y+1 slots of B (in order).
  for (let x = 0; x < sa; x++) {
    let rowG = 0, rowH = 0;
    for (let y = 0; y < sb; y++) {
      const cell = orderA[x] * sb + orderB[y];
      rowG += hg[cell]; rowH += hh[cell];
      pg[x * sb + y] = rowG + (x > 0 ? pg[(x - 1) * sb + y] : 0);
      ph[x * sb + y] = rowH + (x > 0 ? ph[(x - 1) * sb + y] : 0);
    }
  }
  const G = pg[sa * sb - 1], H = ph[sa * sb - 1];
  const score = (g: number, h: number) => (h + l2 > 0 ? (g * g) / (h + l2) : 0);
  const none = score(G, H);
  let best = 0;
  for (let x = 0; x + 1 < sa; x++) {
    const colG = pg[x * sb + sb - 1], colH = ph[x * sb + sb - 1];
    for (let y = 0; y + 1 < sb; y++) {
      const g11 = pg[x * sb + y], h11 = ph[x * sb + y];
      const rowG = pg[(sa - 1) * sb + y], rowH = ph[(sa - 1) * sb + y];
      const gain = score(g11, h11) + score(colG - g11, colH - h11) + score(rowG - g11, rowH - h11) + score(G - colG - rowG + g11, H - colH - rowH + h11) - none;
      if (gain > best) best = gain;
    }
  }
  return best;
}
