import { describe, expect, it } from 'vitest';
import { normalQuantile, wilsonInterval } from '../../src/evaluate/wilson-interval.js';

// Reference values: the Wilson score formula computed independently in Python
// (statistics.NormalDist for z); it is the interval R's prop.test(x, n, correct = FALSE) reports.

describe('wilsonInterval', () => {
  it('8 of 10 → [0.490, 0.943] (0.4901625, 0.9433178)', () => {
    const w = wilsonInterval(8, 10);
    expect(w.estimate).toBe(0.8);
    expect(w.low).toBeCloseTo(0.4901625, 6);
    expect(w.high).toBeCloseTo(0.9433178, 6);
    expect(w).toMatchObject({ successes: 8, trials: 10 });
  });

  it('ends at exactly 0 and 1, and stays inside [0, 1] for all counts', () => {
    // 0 of 10: [0, 0.2775328]
    expect(wilsonInterval(0, 10)).toMatchObject({ estimate: 0, low: 0 });
    expect(wilsonInterval(0, 10).high).toBeCloseTo(0.2775328, 6);
    expect(wilsonInterval(10, 10)).toMatchObject({ estimate: 1, high: 1 });
    for (let n = 1; n <= 30; n++) {
      for (let k = 0; k <= n; k++) {
        const w = wilsonInterval(k, n);
        expect(w.low).toBeGreaterThanOrEqual(0);
        expect(w.high).toBeLessThanOrEqual(1);
        expect(w.low).toBeLessThanOrEqual(w.estimate);
        expect(w.high).toBeGreaterThanOrEqual(w.estimate);
      }
    }
  });

  it('another level: 90% for 8 of 10 is narrower (0.5407928, 0.9314420)', () => {
    const w = wilsonInterval(8, 10, 0.9);
    expect(w.low).toBeCloseTo(0.5407928, 6);
    expect(w.high).toBeCloseTo(0.9314420, 6);
  });

  it('no trials → NaN; bad counts are errors naming the argument', () => {
    expect(wilsonInterval(0, 0).estimate).toBeNaN();
    expect(() => wilsonInterval(11, 10)).toThrow(/^wilsonInterval: successes must be an integer between 0 and trials \(10\) \(got 11\)/);
    expect(() => wilsonInterval(1.5, 10)).toThrow(/successes must be an integer/);
    expect(() => wilsonInterval(1, -1)).toThrow(/trials must be a non-negative integer \(got -1\)/);
    expect(() => wilsonInterval(1, 2, 1)).toThrow(/level must be between 0 and 1 \(got 1\)/);
  });
});

describe('normalQuantile', () => {
  it('matches the normal quantile (Python NormalDist().inv_cdf) to 1e-8', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874, 8);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644853627, 8);
  });
});
