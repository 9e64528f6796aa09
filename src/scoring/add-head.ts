import { searchBin, type BinEdges, type CompiledHead } from './compile-scorer.js';
import type { EncodedBlock } from './encode-columns.js';

/**
 * Evaluates a compiled head over a block, term-major: out[i] = intercept,
 * then out[i] += contribution of each term in order (scoreLead's order, so the
 * sums are bit-identical). When `sink` is given, term t's contributions are
 * also stored at sink[i · stride + first + t] (row-major: a row's reasons are
 * ranked from one contiguous run), for reasons.
 * @param head - a compiled head
 * @param block - the encoded rows
 * @param n - rows in the block
 * @param out - the head's values, n of them
 * @param sink - contribution store (block size × reason terms), or null
 * @param first - the reason index of the head's first term
 * @param stride - reason terms per row in `sink`
 */
export function addHead(head: CompiledHead, block: EncodedBlock, n: number, out: Float64Array, sink: Float64Array | null, first = 0, stride = 0): void {
  out.fill(head.intercept, 0, n);
  head.terms.forEach((term, t) => {
    const o = first + t;
    switch (term.kind) {
      case 'linear': {
        const z = block.z[term.feature], { weight, offset, missing } = term;
        if (sink) for (let i = 0; i < n; i++) { const v = z[i]; const c = v !== v ? missing : weight * v + offset; sink[o + i * stride] = c; out[i] += c; }
        else for (let i = 0; i < n; i++) { const v = z[i]; out[i] += v !== v ? missing : weight * v + offset; }
        break;
      }
      case 'scaled': {
        const z = block.z[term.feature], { weight, missing } = term;
        if (sink) for (let i = 0; i < n; i++) { const v = z[i]; const c = v !== v ? missing : v * weight; sink[o + i * stride] = c; out[i] += c; }
        else for (let i = 0; i < n; i++) { const v = z[i]; out[i] += v !== v ? missing : v * weight; }
        break;
      }
      case 'slots': {
        const slot = block.slot[term.feature], values = term.values;
        if (sink) for (let i = 0; i < n; i++) { const c = values[slot[i]]; sink[o + i * stride] = c; out[i] += c; }
        else for (let i = 0; i < n; i++) out[i] += values[slot[i]];
        break;
      }
      case 'bins': {
        const z = block.z[term.feature], x = block.x[term.feature], { edges, values, missing } = term;
        const ofInt = edges.ofInt, ints = ofInt.length;
        for (let i = 0; i < n; i++) {
          const v = z[i];
          let c: number;
          if (v !== v) c = missing;
          else {
            const xi = x[i], j = xi | 0;
            c = values[j === xi && j >= 0 && j < ints ? ofInt[j] : searchBin(edges, v)];
          }
          if (sink) sink[o + i * stride] = c;
          out[i] += c;
        }
        break;
      }
      case 'pair': {
        const { values, width } = term;
        const a = axis(block, term.a, term.edgesA, n, 'a'), b = axis(block, term.b, term.edgesB, n, 'b');
        for (let i = 0; i < n; i++) {
          const c = values[a[i] * width + b[i]];
          if (sink) sink[o + i * stride] = c;
          out[i] += c;
        }
        break;
      }
    }
  });
}

/** Reused bins of a pair's two axes (addHead runs synchronously, so one pair at a time uses them). */
const axes = { a: new Int32Array(0), b: new Int32Array(0) };

/** The bins of a block's rows on a pair's axis: the slots of a category; for a number, its bin, or edges.length + 1 when missing (as ebmPairBin). */
function axis(block: EncodedBlock, feature: number, edges: BinEdges | null, n: number, which: 'a' | 'b'): Int32Array {
  const slot = block.slot[feature];
  if (slot) return slot;
  if (axes[which].length < n) axes[which] = new Int32Array(n);
  const bins = axes[which], z = block.z[feature], x = block.x[feature];
  if (!edges) { for (let i = 0; i < n; i++) bins[i] = z[i] !== z[i] ? 1 : 0; return bins; }
  const missing = edges.count + 1, ofInt = edges.ofInt, ints = ofInt.length;
  for (let i = 0; i < n; i++) {
    const v = z[i];
    if (v !== v) { bins[i] = missing; continue; }
    const xi = x[i], j = xi | 0;
    bins[i] = j === xi && j >= 0 && j < ints ? ofInt[j] : searchBin(edges, v);
  }
  return bins;
}
