import type { NumberFeatureSpec } from '../scoring/model-types.js';

/**
 * EBM bins are defined on a number's z scale, z = (t(x) − center) / scale,
 * and the scorer puts a value in bin b when edges[b−1] < z ≤ edges[b]. A
 * warehouse computing z again may round t(x) (its LN(1 + x) is not
 * JavaScript's Math.log1p) one unit in the last place differently and move a
 * value that sits on an edge into the next bin. So the exported SQL compares
 * the raw value instead: `x <= rawThreshold(spec, edge)`, where the threshold
 * is the largest float64 x whose z, computed exactly as the scorer computes
 * it, is at most the edge. The comparison is then exact in every engine.
 * @module
 */

const view = new DataView(new ArrayBuffer(8));
const SIGN = 1n << 63n;

/** A float64's position in the total order of finite doubles, as an integer (−0 and +0 share 0). */
function orderKey(x: number): bigint {
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  return bits < 0n ? -(bits & (SIGN - 1n)) : bits;
}

function fromOrderKey(k: bigint): number {
  view.setBigUint64(0, k >= 0n ? k : -k | SIGN);
  return view.getFloat64(0);
}

/** z as the scorer computes it (src/scoring/score-lead.ts). */
export function zOf(spec: Pick<NumberFeatureSpec, 'transform' | 'center' | 'scale'>, x: number): number {
  return ((spec.transform === 'log1p' ? Math.log1p(x) : x) - spec.center) / spec.scale;
}

/**
 * The largest raw value x (a float64 the scorer accepts: above −1 for log1p)
 * with z(x) ≤ edge, so that `x <= threshold` ⟺ `z <= edge`; null when no
 * accepted value has z ≤ edge. z is non-decreasing in x, so a binary search
 * over the ordered doubles finds it in at most 64 steps.
 * @param spec - the number feature (transform, center, scale)
 * @param edge - a bin edge on the z scale
 * @returns the threshold, or null
 * @example
 * rawThreshold({ transform: 'none', center: 10, scale: 2 }, 0.5) // 11
 */
export function rawThreshold(spec: Pick<NumberFeatureSpec, 'transform' | 'center' | 'scale'>, edge: number): number | null {
  let lo = spec.transform === 'log1p' ? orderKey(-1) + 1n : orderKey(-Number.MAX_VALUE);
  let hi = orderKey(Number.MAX_VALUE);
  if (!(zOf(spec, fromOrderKey(lo)) <= edge)) return null;
  if (zOf(spec, fromOrderKey(hi)) <= edge) return Number.MAX_VALUE;
  // z(lo) <= edge < z(hi)
  while (hi - lo > 1n) {
    const mid = lo + (hi - lo) / 2n;
    if (zOf(spec, fromOrderKey(mid)) <= edge) lo = mid; else hi = mid;
  }
  return fromOrderKey(lo);
}
