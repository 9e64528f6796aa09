import { describe, expect, it } from 'vitest';
import { loadTf } from '../../../src/models/ziln/load-tf.js';
import { zilnLossTf } from '../../../src/models/ziln/ziln-graph.js';
import { zilnOutput, zilnRowLoss } from '../../../src/models/ziln/ziln-forward.js';

// Points (value, logit, μ, σ) and their ZILN loss, by hand and checked with
// /usr/bin/python3, scipy 1.17.1: -(log_expit(l) if y > 0 else log_expit(-l))
//   - (lognorm.logpdf(y, s=σ, scale=exp(μ)) if y > 0 else 0).
// By hand: row 2: BCE log 2 + NLL (log e + log 1 + ½ log 2π + 0) = 0.693147 + 1.918939;
// row 3: log(1 + e⁻²) + (0 + log 2 + ½ log 2π + 0.5²/8) = 0.126928 + 1.643336.
const POINTS: [number, number, number, number, number][] = [
  [0, 0, 0, 1, 0.6931471805599453],
  [Math.E, 0, 1, 1, 2.612085713764618],
  [1, 2, 0.5, 2, 1.7702637248075905],
  [0, -3, 0, 1, 0.04858735157374206],
  [30.5, -0.7, 2.9, 0.35, 5.484073708246836],
];
const MEAN = 2.1216315357905464;

describe('ZILN loss', () => {
  it('per row, in TypeScript, equals the hand / scipy computation', () => {
    for (const [y, logit, mu, sigma, want] of POINTS) expect(zilnRowLoss(y, logit, mu, sigma)).toBeCloseTo(want, 12);
  });

  it('in tfjs (the training graph) gives the batch mean, to float32 precision', async () => {
    const { tf } = await loadTf('auto');
    // The network emits raw σ; softplus⁻¹(σ) = log(e^σ − 1).
    const out = POINTS.map(([, logit, mu, sigma]) => [logit, mu, Math.log(Math.expm1(sigma))]);
    const loss = tf.tidy(() => zilnLossTf(tf, tf.tensor2d(out), tf.tensor2d(POINTS.map((p) => [p[0]])), Math.sqrt(1e-7)).dataSync()[0]);
    expect(Math.abs(loss - MEAN)).toBeLessThan(1e-5);
  });

  it('applies the σ floor in both implementations', async () => {
    const { tf } = await loadTf('auto');
    const floor = 0.5;
    // softplus(−5) ≈ 0.0067 < floor, so σ = 0.5: NLL of y = 1, μ = 0 is log 0.5 + ½ log 2π.
    const want = Math.log(2) + Math.log(0.5) + 0.5 * Math.log(2 * Math.PI);
    expect(zilnOutput(0, 0, -5, floor).sigma).toBe(floor);
    expect(zilnRowLoss(1, 0, 0, floor)).toBeCloseTo(want, 12);
    const loss = tf.tidy(() => zilnLossTf(tf, tf.tensor2d([[0, 0, -5]]), tf.tensor2d([[1]]), floor).dataSync()[0]);
    expect(Math.abs(loss - want)).toBeLessThan(1e-5);
  });

  it('applies the σ ceiling in both implementations', async () => {
    const { tf } = await loadTf('auto');
    // softplus(5) ≈ 5.0067 > ceiling 2, so σ = 2: NLL of y = 1, μ = 0 is log 2 + ½ log 2π; BCE at logit 0 is log 2.
    const want = Math.log(2) + Math.log(2) + 0.5 * Math.log(2 * Math.PI);
    expect(zilnOutput(0, 0, 5, 1e-3, 2).sigma).toBe(2);
    const loss = tf.tidy(() => zilnLossTf(tf, tf.tensor2d([[0, 0, 5]]), tf.tensor2d([[1]]), 1e-3, 2).dataSync()[0]);
    expect(Math.abs(loss - want)).toBeLessThan(1e-5);
  });

  it('expected value is p · exp(μ + σ²/2)', () => {
    const o = zilnOutput(0.3, 1.2, Math.log(Math.expm1(0.8)), 1e-3);
    expect(o.pPositive).toBeCloseTo(1 / (1 + Math.exp(-0.3)), 14);
    expect(o.sigma).toBeCloseTo(0.8, 12);
    expect(o.expectedValue).toBeCloseTo(o.pPositive * Math.exp(1.2 + 0.32), 12);
  });
});
