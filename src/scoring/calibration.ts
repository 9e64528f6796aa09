import { LeadvalueError, shown } from '../core/errors.js';

/**
 * Platt scaling: P(win) = 1 / (1 + e^−(a·η + b)) on the win part's log-odds η.
 * `a` is above 0, so the map is increasing: it never reorders leads.
 */
export interface PlattCalibration {
  kind: 'platt';
  a: number;
  b: number;
  /** Validation rows it was fit on (the newest rows of the training period), and the won ones among them. */
  rows: number;
  positives: number;
}

/**
 * Isotonic calibration: breakpoints `x` (the model's uncalibrated P(win),
 * strictly increasing) → `y` (calibrated P(win), non-decreasing), linear in
 * between and flat outside [x₀, x_last] (scikit-learn's IsotonicRegression with
 * `out_of_bounds="clip"`). Non-decreasing: it never reverses two leads, though
 * it may tie leads the model told apart.
 */
export interface IsotonicCalibration {
  kind: 'isotonic';
  x: number[];
  y: number[];
  rows: number;
  positives: number;
}

/**
 * A monotone map applied to P(win) after the model's linear predictor
 * (`params.calibration` in the model file, format ≥ 1.3). Reasons stay the
 * model's contributions to the log-odds: they explain the ranking, which the
 * map keeps.
 */
export type Calibration = PlattCalibration | IsotonicCalibration;

/** What a config may ask for (`model.calibration`). */
export type CalibrationMethod = 'none' | 'platt' | 'isotonic';

/**
 * The calibrated P(win) for a log-odds η of the win part; without a
 * calibration, the logistic function of η. The production scorer and the
 * library both call this, so they agree exactly.
 * @param calibration - from the model file (`params.calibration`), or undefined
 * @param eta - the win part's linear predictor: intercept + Σ contributions
 * @example
 * calibrateProbability({ kind: 'platt', a: 0.8, b: -0.1, rows: 700, positives: 98 }, -1.2); // σ(0.8·−1.2 − 0.1)
 */
export function calibrateProbability(calibration: Calibration | undefined, eta: number): number {
  if (calibration === undefined) return sigmoid(eta);
  if (calibration.kind === 'platt') return sigmoid(calibration.a * eta + calibration.b);
  return interpolate(calibration.x, calibration.y, sigmoid(eta));
}

/** Piecewise-linear interpolation through (x, y), clipped to the end values outside [x₀, x_last]. */
export function interpolate(x: ArrayLike<number>, y: ArrayLike<number>, p: number): number {
  const last = x.length - 1;
  if (!(p > x[0])) return y[0]; // also NaN → the lowest value (never happens: η is finite)
  if (p >= x[last]) return y[last];
  let lo = 0, hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= p) lo = mid; else hi = mid;
  }
  return y[lo] + ((p - x[lo]) / (x[hi] - x[lo])) * (y[hi] - y[lo]);
}

function sigmoid(t: number): number {
  return 1 / (1 + Math.exp(-t));
}

/**
 * Verifies a calibration read from a model file; fails closed.
 * @param raw - the `params.calibration` value
 * @param where - e.g. `models/demo/1.3.0.json, field params.calibration`
 * @returns the calibration, typed
 * @throws LeadvalueError naming the field, e.g. `… field params.calibration.a: not a finite number above 0 (got -1); re-export the model`
 */
export function checkCalibration(raw: unknown, where: string): Calibration {
  const reexport = 're-export the model with leadvalue train';
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new LeadvalueError(where, 'not an object', shown(raw), reexport);
  const c = raw as Record<string, unknown>;
  const count = (k: 'rows' | 'positives') => {
    if (!Number.isInteger(c[k]) || (c[k] as number) < 0) throw new LeadvalueError(`${where}.${k}`, 'not a whole number', shown(c[k]), reexport);
  };
  if (c.kind === 'platt') {
    if (typeof c.a !== 'number' || !Number.isFinite(c.a) || c.a <= 0) throw new LeadvalueError(`${where}.a`, 'not a finite number above 0 (a slope at or below 0 would reverse or flatten the ranking)', shown(c.a), reexport);
    if (typeof c.b !== 'number' || !Number.isFinite(c.b)) throw new LeadvalueError(`${where}.b`, 'not a finite number', shown(c.b), reexport);
    count('rows'); count('positives');
    return c as unknown as PlattCalibration;
  }
  if (c.kind === 'isotonic') {
    const { x, y } = c;
    if (!Array.isArray(x) || x.length === 0) throw new LeadvalueError(`${where}.x`, 'not a non-empty list of breakpoints', shown(x), reexport);
    if (!Array.isArray(y) || y.length !== x.length) throw new LeadvalueError(`${where}.y`, 'not a list as long as x', shown(Array.isArray(y) ? `${y.length} values for ${x.length} breakpoints` : y), reexport);
    for (let i = 0; i < x.length; i++) {
      const xi = x[i], yi = y[i];
      if (typeof xi !== 'number' || !(xi >= 0 && xi <= 1) || (i > 0 && !(xi > x[i - 1]))) {
        throw new LeadvalueError(`${where}.x[${i}]`, 'not a probability above the previous breakpoint', shown(xi), reexport);
      }
      if (typeof yi !== 'number' || !(yi >= 0 && yi <= 1) || (i > 0 && !(yi >= y[i - 1]))) {
        throw new LeadvalueError(`${where}.y[${i}]`, 'not a probability at or above the previous value', shown(yi), reexport);
      }
    }
    count('rows'); count('positives');
    return c as unknown as IsotonicCalibration;
  }
  throw new LeadvalueError(`${where}.kind`, 'unknown calibration', shown(c.kind), `this reader knows "platt" and "isotonic"; upgrade leadvalue or ${reexport}`);
}
