import type { Rng } from '../core/rng.js';

/**
 * A bootstrap resample of rows given oldest first: n draws with replacement,
 * kept in the rows' order (so the inner time splits of a refit still hold).
 * @param rows - row numbers, oldest first
 * @param rng - the resample's own stream (e.g. `rng.child('refit 3')`); advanced n draws
 * @returns n row numbers, oldest first, with repeats
 */
export function resampleRows(rows: Int32Array, rng: Rng): Int32Array {
  const n = rows.length;
  const picks = new Int32Array(n);
  for (let k = 0; k < n; k++) picks[k] = rng.int(n);
  picks.sort(); // positions in the oldest-first rows: the resample stays oldest first
  return Int32Array.from(picks, (k) => rows[k]);
}
