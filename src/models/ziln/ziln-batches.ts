import type { EncodedCategory, EncodedNumber } from '../../features/encode.js';
import { inputOffsets } from './ziln-forward.js';
import type { ZilnInput } from './ziln-types.js';

/**
 * Builds dense network inputs for a set of rows straight from the encoded
 * columns (typed arrays): per number, z (0 when missing) and the missing
 * indicator; per category, a one-hot block over its slots. Only a batch is
 * ever dense: a big tensor is never built and sliced (slicing a large wasm
 * tensor costs ~170 ms).
 */
export class BatchBuilder {
  readonly width: number;
  private readonly offsets: Int32Array;

  constructor(readonly inputs: ZilnInput[], private readonly columns: (EncodedNumber | EncodedCategory)[]) {
    this.offsets = inputOffsets(inputs);
    this.width = this.offsets[inputs.length];
  }

  /** A fresh [count × width] row-major Float32Array for rows index[start..end). */
  build(index: ArrayLike<number>, start: number, end: number): Float32Array {
    const width = this.width;
    const x = new Float32Array((end - start) * width);
    this.columns.forEach((col, k) => {
      const o = this.offsets[k];
      if (col.kind === 'number') {
        for (let p = start, base = 0; p < end; p++, base += width) {
          const r = index[p];
          if (col.missing[r]) x[base + o + 1] = 1; else x[base + o] = col.z[r];
        }
      } else {
        for (let p = start, base = 0; p < end; p++, base += width) x[base + o + col.slots[index[p]]] = 1;
      }
    });
    return x;
  }
}
