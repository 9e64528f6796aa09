import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitCalibration, fitIsotonic, fitPlatt } from '../../src/models/fit-calibration.js';
import { calibrateProbability, checkCalibration, interpolate } from '../../src/scoring/calibration.js';

describe('fitPlatt', () => {
  it('matches scikit-learn LogisticRegression(penalty=None) on the log-odds', () => {
    // Reference (scikit-learn 1.2.1):
    //   LogisticRegression(penalty=None, tol=1e-12, max_iter=10000).fit(eta.reshape(-1, 1), y)
    //   coef_ = 1.0552621992181517, intercept_ = -0.13571558496227468
    // Its lbfgs stops with a gradient of about 1e-5, so it agrees to 5 decimals; 50 Newton steps in
    // numpy (gradient 4e-16) give the exact maximum: a = 1.0552600958741316, b = -0.13571207217981734.
    const eta = [-2.0, -1.5, -1.2, -0.8, -0.5, -0.3, 0.0, 0.2, 0.4, 0.7, 1.0, 1.3, 1.6, 2.0, 2.5, -1.0];
    const y = [0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0];
    const cal = fitPlatt(eta, y);
    expect(cal.a).toBeCloseTo(1.0552621992181517, 5);
    expect(cal.b).toBeCloseTo(-0.13571558496227468, 5);
    expect(cal.a).toBeCloseTo(1.0552600958741316, 10);
    expect(cal.b).toBeCloseTo(-0.13571207217981734, 10);
    expect(cal).toMatchObject({ kind: 'platt', rows: 16, positives: 8 });
    // Applied after the linear predictor: σ(a·η + b).
    expect(calibrateProbability(cal, 0.4)).toBeCloseTo(1 / (1 + Math.exp(-(cal.a * 0.4 + cal.b))), 15);
  });

  it('refuses a slope at or below 0 (the model ranks the rows backwards), naming what to do', () => {
    expect(() => fitPlatt([-2, -1, 0, 1, 2, 3], [1, 1, 0, 1, 0, 0])).toThrow(/Platt slope is not above 0.*use "calibration": "none"/);
  });

  it('refuses perfectly separated rows and one-class rows', () => {
    expect(() => fitPlatt([-2, -1, 1, 2], [0, 0, 1, 1])).toThrow(/^calibration: Platt scaling has no finite fit: the model's log-odds separate won and lost validation leads perfectly/);
    expect(() => fitPlatt([-2, -1, 1, 2], [0, 0, 1, 1])).toThrow(/\(got log-odds of lost leads at most -1, of won leads at least 1\); use "calibration": "isotonic" or "none"$/);
  });

  it('constant log-odds (a win part that ranks nothing) say so, without suggesting isotonic', () => {
    // Before: "separate won and lost validation leads perfectly (… lost at most -2.19…, won at least -2.19…); use isotonic".
    const constant = /^calibration: the win part's log-odds are constant: it ranks nothing, so there is nothing to calibrate \(got -2\.5 on all 4 validation rows\); use "calibration": "none", and look at the win part/;
    expect(() => fitPlatt([-2.5, -2.5, -2.5, -2.5], [0, 1, 0, 1])).toThrow(constant);
    expect(() => fitCalibration('platt', [-2.5, -2.5, -2.5, -2.5], [0, 1, 0, 1])).toThrow(constant);
    expect(() => fitPlatt([-2.5, -2.5, -2.5, -2.5], [0, 1, 0, 1])).not.toThrow(/isotonic/);
  });

  it('a tie at the boundary is quasi-complete separation: still no finite fit, said so', () => {
    // η = 0, 1, 1, 2 with y = 0, 0, 1, 1, b = −a: the loss is 2·log1p(e^−a) + 2 ln 2 > 2 ln 2 for every a, and
    // tends to 2 ln 2 as a → ∞ (hand calculation), so the maximum likelihood is not attained; with the check
    // at maxLost < minWon only, Newton stopped at a = 27.52 where the gradient fell below its tolerance.
    expect(() => fitPlatt([0, 1, 1, 2], [0, 0, 1, 1])).toThrow(/^calibration: Platt scaling has no finite fit: the model's log-odds separate won and lost validation leads but for rows tied at the boundary \(got log-odds of lost leads at most 1, of won leads at least 1; 1 lost and 1 won there\); use "calibration": "isotonic" or "none"$/);
    // Ties inside an overlap are an ordinary fit.
    const cal = fitPlatt([0, 1, 1, 2, 2], [0, 1, 0, 1, 0]);
    expect(Number.isFinite(cal.a)).toBe(true);
    expect(() => fitCalibration('platt', [-1, 0, 1], [0, 0, 0])).toThrow(/^calibration: the validation rows hold no won lead.*\(got 0 won of 3\); use "calibration": "none"/);
    expect(() => fitCalibration('isotonic', [-1, 0, 1], [1, 1, 1])).toThrow(/hold only won leads/);
    expect(() => fitCalibration('platt', [-1, NaN], [0, 1])).toThrow(/row 1: prediction is not finite/);
  });
});

describe('fitIsotonic', () => {
  it('is pool-adjacent-violators (hand example, and scikit-learn IsotonicRegression), each block at (wins + ½) / (leads + 1)', () => {
    // p: 0.1 0.2 0.2 0.3 0.4 0.5 0.6 0.7, y: 0 1 0 1 0 0 1 1.
    // Ties pooled first: 0.2 → mean 0.5 (weight 2). PAV over 0, 0.5, 1, 0, 0, 1, 1:
    //   1 then 0 violate → {0.3, 0.4} = 0.5; then 0 → {0.3, 0.4, 0.5} = 1/3 < 0.5 → pooled with 0.2: 2/5 = 0.4.
    // Blocks: {0.1} 0 of 1 | {0.2 … 0.5} 2 of 5 | {0.6, 0.7} 2 of 2 (equal rates: one block).
    // scikit-learn 1.2.1 IsotonicRegression(out_of_bounds="clip"): X_thresholds_ [0.1 0.2 0.5 0.6 0.7], y_thresholds_ [0 0.4 0.4 1 1];
    // here the same breakpoints, each block at (wins + ½) / (leads + 1): 0.5/2 = 0.25, 2.5/6 = 5/12, 2.5/3 = 5/6.
    const cal = fitIsotonic([0.1, 0.2, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], [0, 1, 0, 1, 0, 0, 1, 1]);
    expect(cal.x).toEqual([0.1, 0.2, 0.5, 0.6, 0.7]);
    expect(cal.y).toEqual([0.25, expect.closeTo(5 / 12, 15), expect.closeTo(5 / 12, 15), expect.closeTo(5 / 6, 15), expect.closeTo(5 / 6, 15)]);
    expect(cal).toMatchObject({ kind: 'isotonic', rows: 8, positives: 4 });
    // Linear between breakpoints, clipped outside: at 0.05, 0.25, 0.45, 0.65, 0.9; at 0.55 halfway from 5/12 to 5/6 = 15/24.
    expect([0.05, 0.25, 0.45, 0.65, 0.9].map((q) => interpolate(cal.x, cal.y, q))).toEqual([0.25, expect.closeTo(5 / 12, 12), expect.closeTo(5 / 12, 12), expect.closeTo(5 / 6, 12), expect.closeTo(5 / 6, 12)]);
    expect(interpolate(cal.x, cal.y, 0.55)).toBeCloseTo(15 / 24, 12);
  });

  it('never gives P(win) exactly 0 or 1: leads that all lost (all won) get ½ / (n + 1) (1 − that)', () => {
    // Blocks {0.1, 0.2} 0 of 2 and {0.3, 0.4} 2 of 2: 0.5/3 = 1/6 and 2.5/3 = 5/6 (plain PAV: 0 and 1).
    const cal = fitIsotonic([0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1]);
    expect(cal.x).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(cal.y).toEqual([1 / 6, 1 / 6, 5 / 6, 5 / 6]);
    // 500 lost then 500 won: 0.5/501 and 500.5/501.
    const big = fitIsotonic(Array.from({ length: 1000 }, (_, i) => i / 1000), Array.from({ length: 1000 }, (_, i) => (i < 500 ? 0 : 1)));
    expect(big.y[0]).toBeCloseTo(0.5 / 501, 15);
    expect(big.y[big.y.length - 1]).toBeCloseTo(500.5 / 501, 15);
  });

  it('pools again where the shrinkage reverses two neighbours, so the map stays non-decreasing', () => {
    // PAV: {0.10} 0 of 1 | {0.20 … 0.29} 1 of 10 (rates 0 < 0.1). Shrunk: 0.5/2 = 0.25 > 1.5/11 = 0.136:
    // pooled again into 1 of 11 → 1.5/12 = 0.125 for every lead.
    const p = [0.1, ...Array.from({ length: 10 }, (_, k) => 0.2 + k / 100)];
    const cal = fitIsotonic(p, [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(cal.x).toEqual([0.1, p[10]]);
    expect(cal.y).toEqual([0.125, 0.125]);
  });

  it('fitCalibration("isotonic") fits on the probabilities σ(η), and the scorer maps η through σ then the breakpoints', () => {
    const eta = [-2, -1, -0.5, 0, 0.5, 1, 2, 3];
    const y = [0, 0, 1, 0, 1, 1, 0, 1];
    const cal = fitCalibration('isotonic', eta, y);
    const direct = fitIsotonic(eta.map((e) => 1 / (1 + Math.exp(-e))), y);
    expect(cal).toEqual(direct);
    for (const e of eta) expect(calibrateProbability(cal, e)).toBe(interpolate(cal.x, cal.y, 1 / (1 + Math.exp(-e))));
  });

  it('property: the fit is non-decreasing, strictly inside (0, 1), its breakpoints strictly increasing, and it passes the model file check', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { minLength: 2, maxLength: 40 })
        .filter((rows) => rows.some(([, w]) => w) && rows.some(([, w]) => !w)),
      (rows) => {
        const cal = fitIsotonic(rows.map(([p]) => p / 20), rows.map(([, w]) => (w ? 1 : 0)));
        for (let i = 1; i < cal.x.length; i++) { expect(cal.x[i]).toBeGreaterThan(cal.x[i - 1]); expect(cal.y[i]).toBeGreaterThanOrEqual(cal.y[i - 1]); }
        for (const v of cal.y) { expect(v).toBeGreaterThan(0); expect(v).toBeLessThan(1); }
        expect(checkCalibration(JSON.parse(JSON.stringify(cal)), 'cal')).toEqual(cal);
        // Each fitted value is (wins + ½) / (leads + 1) of the rows it is given to (PAV's blocks, pooled again where needed).
        const groups = new Map<number, { wins: number; leads: number }>();
        for (const [p, w] of rows) {
          const g = groups.get(interpolate(cal.x, cal.y, p / 20)) ?? { wins: 0, leads: 0 };
          g.wins += w ? 1 : 0; g.leads++;
          groups.set(interpolate(cal.x, cal.y, p / 20), g);
        }
        for (const [value, g] of groups) expect(value).toBeCloseTo((g.wins + 0.5) / (g.leads + 1), 12);
      },
    ));
  });
});

describe('checkCalibration', () => {
  const where = 'm.json, field params.calibration';
  it('fails closed on anything it does not understand, naming the field', () => {
    expect(() => checkCalibration(null, where)).toThrow(/^m\.json, field params\.calibration: not an object/);
    expect(() => checkCalibration({ kind: 'beta' }, where)).toThrow(/field params\.calibration\.kind: unknown calibration \(got "beta"\); this reader knows "platt" and "isotonic"/);
    expect(() => checkCalibration({ kind: 'platt', a: -1, b: 0, rows: 10, positives: 2 }, where)).toThrow(/params\.calibration\.a: not a finite number above 0/);
    expect(() => checkCalibration({ kind: 'platt', a: 1, b: 'x', rows: 10, positives: 2 }, where)).toThrow(/params\.calibration\.b: not a finite number/);
    expect(() => checkCalibration({ kind: 'platt', a: 1, b: 0, rows: 1.5, positives: 2 }, where)).toThrow(/params\.calibration\.rows: not a whole number/);
    expect(() => checkCalibration({ kind: 'isotonic', x: [0.1, 0.1], y: [0, 1], rows: 2, positives: 1 }, where)).toThrow(/params\.calibration\.x\[1\]: not a probability above the previous breakpoint/);
    expect(() => checkCalibration({ kind: 'isotonic', x: [0.1, 0.2], y: [0.5, 0.4], rows: 2, positives: 1 }, where)).toThrow(/params\.calibration\.y\[1\]: not a probability at or above the previous value/);
    expect(() => checkCalibration({ kind: 'isotonic', x: [0.1, 0.2], y: [0.5], rows: 2, positives: 1 }, where)).toThrow(/params\.calibration\.y: not a list as long as x/);
    expect(() => checkCalibration({ kind: 'isotonic', x: [], y: [], rows: 2, positives: 1 }, where)).toThrow(/params\.calibration\.x: not a non-empty list/);
  });
});
