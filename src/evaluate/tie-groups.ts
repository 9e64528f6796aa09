/** Rows sorted by a key, with the boundaries of runs of equal keys. */
export interface TieGroups {
  /** Row numbers sorted by key (descending unless asked otherwise). */
  order: Int32Array;
  /** Exclusive end position in `order` of each tie group, increasing; the last is `order.length`. */
  ends: Int32Array;
}

/**
 * Sorts rows by a key and finds the groups of tied keys (−0 and 0 tie).
 *
 * The order *within* a tie group is an implementation detail (currently the
 * order of `rows`); every metric in `leadvalue/evaluate` treats a tie group
 * as a whole, so no result depends on it. O(n): a least-significant-digit
 * radix sort on the bits of the keys, several times faster than
 * `Array.prototype.sort` with a callback, which matters when a bootstrap
 * sorts hundreds of resamples.
 *
 * @param key - values to sort by (finite; already validated)
 * @param rows - row numbers to sort (repeats allowed); not modified
 * @param descending - highest key first (default) or lowest first
 * @returns the sorted rows and the end of each tie group
 * @example
 * tieGroups(Float64Array.of(0.2, 0.9, 0.2), Int32Array.of(0, 1, 2));
 * // { order: [1, 0, 2], ends: [1, 3] }
 */
export function tieGroups(key: ArrayLike<number>, rows: Int32Array, descending = true): TieGroups {
  const m = rows.length;
  const ascending = radixOrder(key, rows);
  const ascendingEnds: number[] = [];
  for (let i = 1; i < m; i++) if (key[ascending[i]] !== key[ascending[i - 1]]) ascendingEnds.push(i);
  if (m > 0) ascendingEnds.push(m);
  if (!descending) return { order: ascending, ends: Int32Array.from(ascendingEnds) };
  // Reverse the groups, keeping each group's inner order.
  const order = new Int32Array(m);
  const ends = new Int32Array(ascendingEnds.length);
  let out = 0;
  for (let g = ascendingEnds.length - 1; g >= 0; g--) {
    const start = g > 0 ? ascendingEnds[g - 1] : 0;
    for (let p = start; p < ascendingEnds[g]; p++) order[out++] = ascending[p];
    ends[ascendingEnds.length - 1 - g] = out;
  }
  return { order, ends };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Rows sorted ascending by key, stable: LSD radix sort, 8 bits per pass, on order-preserving integer images of the doubles. */
function radixOrder(key: ArrayLike<number>, rows: Int32Array): Int32Array {
  const m = rows.length;
  const high = new Uint32Array(m);
  const low = new Uint32Array(m);
  const scratch = new Float64Array(1);
  const words = new Uint32Array(scratch.buffer);
  const hi = LITTLE_ENDIAN ? 1 : 0;
  const lo = 1 - hi;
  for (let p = 0; p < m; p++) {
    scratch[0] = key[rows[p]] + 0; // + 0 turns −0 into 0
    let h = words[hi];
    let l = words[lo];
    // IEEE 754 → unsigned order: negatives flip every bit, positives flip the sign bit.
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    high[p] = h;
    low[p] = l;
  }
  // Positions into rows, permuted pass by pass.
  let from = new Int32Array(m);
  for (let p = 0; p < m; p++) from[p] = p;
  let to = new Int32Array(m);
  const count = new Int32Array(256);
  for (let pass = 0; pass < 8; pass++) {
    const word = pass < 4 ? low : high;
    const shift = (pass % 4) * 8;
    count.fill(0);
    for (let p = 0; p < m; p++) count[(word[p] >>> shift) & 255]++;
    // Skip a pass where every key has the same digit (common for exponent bytes).
    if (m === 0 || count[(word[0] >>> shift) & 255] === m) continue;
    let sum = 0;
    for (let d = 0; d < 256; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < m; i++) {
      const p = from[i];
      to[count[(word[p] >>> shift) & 255]++] = p;
    }
    const swap = from;
    from = to;
    to = swap;
  }
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[i] = rows[from[i]];
  return order;
}
