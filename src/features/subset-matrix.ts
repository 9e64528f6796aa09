import type { EncodedMatrix } from './encode.js';

/** The rows `index` of an encoded matrix, as a new matrix (typed-array copies). */
export function subsetMatrix(matrix: EncodedMatrix, index: ArrayLike<number>): EncodedMatrix {
  const n = index.length;
  const pick = <T extends Float64Array | Uint8Array | Int32Array>(src: T, make: new (n: number) => T): T => {
    const out = new make(n);
    for (let r = 0; r < n; r++) out[r] = src[index[r]];
    return out;
  };
  return {
    rows: n,
    columns: matrix.columns.map((col) => col.kind === 'number'
      ? { ...col, z: pick(col.z, Float64Array), missing: pick(col.missing, Uint8Array) }
      : { ...col, slots: pick(col.slots, Int32Array) }),
  };
}
