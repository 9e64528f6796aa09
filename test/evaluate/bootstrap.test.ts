import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { auc } from '../../src/evaluate/auc.js';
import { bootstrapInterval, bootstrapMetrics } from '../../src/evaluate/bootstrap.js';
import { normalizedGini } from '../../src/evaluate/normalized-gini.js';
import { aucByPairs, gather } from './brute-force.js';

/** numpy.percentile's default (linear) quantile, written out independently. */
function numpyPercentile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (q / 100) * (s.length - 1);
  const below = Math.floor(pos);
  const above = Math.ceil(pos);
  return s[below] + (pos - below) * (s[above] - s[below]);
}

function demoData(n: number, seed: number) {
  const rng = createRng(seed);
  const score = Float64Array.from({ length: n }, () => rng.normal());
  const label = score.map((s) => (s + rng.normal() > 0.5 ? 1 : 0));
  const value = score.map((s, i) => (label[i] ? Math.exp(s + 0.5 * rng.normal()) * 100 : 0));
  return { score, label, value };
}

describe('bootstrapInterval', () => {
  it('takes linear-interpolation percentiles of the resampled statistics (hand calculation)', () => {
    // The statistic returns 0 on the full sample, then 1, 2, …, 200 on the resamples.
    // level 0.9 → 5th and 95th percentiles of 1..200: positions 199·0.05 = 9.95 and 199·0.95 = 189.05
    // (0-based) → 10 + 0.95 = 10.95 and 190 + 0.05 = 190.05 (numpy.percentile(range(1, 201), [5, 95])).
    let calls = 0;
    const ci = bootstrapInterval(5, () => calls++, { rng: createRng(1), level: 0.9 });
    expect(ci.estimate).toBe(0);
    expect(ci.low).toBeCloseTo(10.95, 12);
    expect(ci.high).toBeCloseTo(190.05, 12);
    expect(ci).toMatchObject({ level: 0.9, resamples: 200, skipped: 0 });
  });

  it('passes the full sample for the estimate and n draws per resample', () => {
    const seen: number[][] = [];
    bootstrapInterval(4, (idx) => (seen.push(Array.from(idx)), 0), { rng: createRng(2), resamples: 3 });
    expect(seen[0]).toEqual([0, 1, 2, 3]);
    expect(seen.length).toBe(4);
    for (const draw of seen.slice(1)) {
      expect(draw.length).toBe(4);
      for (const i of draw) expect(Number.isInteger(i) && i >= 0 && i < 4).toBe(true);
    }
  });

  it('skips and counts resamples where the statistic is NaN', () => {
    let r = 0;
    // Call 0 is the full sample; resample r (1..200) is NaN when r is a multiple of 3 → 66 skipped.
    const ci = bootstrapInterval(3, () => {
      const value = r > 0 && r % 3 === 0 ? NaN : r;
      r++;
      return value;
    }, { rng: createRng(3) });
    expect(ci.estimate).toBe(0);
    expect(ci.skipped).toBe(66);
    expect(ci.resamples).toBe(134);
    const all = bootstrapInterval(3, () => NaN, { rng: createRng(3), resamples: 10 });
    expect(all).toMatchObject({ resamples: 0, skipped: 10 });
    expect(all.low).toBeNaN();
    expect(all.high).toBeNaN();
  });

  it('reproduces an AUC interval computed by hand from the same draws', () => {
    const { score, label } = demoData(60, 4);
    const ci = bootstrapInterval(60, (indices) => auc(score, label, { indices, onUndefined: 'nan' }), {
      rng: createRng(99),
      resamples: 50,
    });
    // Replay the draws with the same seed: 60 calls of rng.int(60) per resample.
    const rng = createRng(99);
    const values: number[] = [];
    for (let r = 0; r < 50; r++) {
      const idx = Array.from({ length: 60 }, () => rng.int(60));
      values.push(aucByPairs(gather(score, idx), gather(label, idx)));
    }
    expect(ci.estimate).toBeCloseTo(aucByPairs(score, label), 12);
    expect(ci.low).toBeCloseTo(numpyPercentile(values, 2.5), 12);
    expect(ci.high).toBeCloseTo(numpyPercentile(values, 97.5), 12);
    expect(ci.low).toBeLessThanOrEqual(ci.estimate);
    expect(ci.high).toBeGreaterThanOrEqual(ci.estimate);
  });

  it('skips single-class resamples of AUC', () => {
    // 1 positive in 12 rows: P(no positive drawn) = (11/12)^12 ≈ 0.35, so many resamples are skipped.
    const score = Float64Array.from({ length: 12 }, (_, i) => i);
    const label = score.map((s) => (s === 11 ? 1 : 0));
    const ci = bootstrapInterval(12, (indices) => auc(score, label, { indices, onUndefined: 'nan' }), { rng: createRng(5) });
    expect(ci.skipped).toBeGreaterThan(30);
    expect(ci.resamples + ci.skipped).toBe(200);
    expect(ci.estimate).toBe(1);
    expect(ci.low).toBe(1);
  });

  it('is deterministic for a seed', () => {
    const { score, value } = demoData(80, 6);
    const stat = (indices: Int32Array) => normalizedGini(score, value, { indices });
    const a = bootstrapInterval(80, stat, { rng: createRng(7) });
    const b = bootstrapInterval(80, stat, { rng: createRng(7) });
    const c = bootstrapInterval(80, stat, { rng: createRng(8) });
    expect(a).toEqual(b);
    expect(a.low).not.toBe(c.low);
  });

  it('rejects bad options with a message saying what', () => {
    const rng = createRng(1);
    expect(() => bootstrapInterval(0, () => 0, { rng })).toThrow(/^bootstrap: n must be a positive integer \(got 0\)/);
    expect(() => bootstrapInterval(5, () => 0, { rng, resamples: 0 })).toThrow(/^bootstrap: resamples must be a positive integer \(got 0\)/);
    expect(() => bootstrapInterval(5, () => 0, { rng, level: 1 })).toThrow(/^bootstrap: level must be between 0 and 1 \(got 1\)/);
    expect(() => bootstrapInterval(5, () => 0, {} as never)).toThrow(/^bootstrap: no rng given; pass \{ rng: createRng\(seed\) \}/);
  });
});

describe('bootstrapMetrics', () => {
  it('shares one draw per resample across all statistics (paired)', () => {
    const a: string[] = [];
    const b: string[] = [];
    bootstrapMetrics(
      10,
      {
        first: (idx) => (a.push(idx.join(',')), 0),
        second: (idx) => (b.push(idx.join(',')), 0),
      },
      { rng: createRng(9), resamples: 20 },
    );
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(21); // full sample + 20 distinct draws
  });

  it('gives each statistic the same interval as bootstrapInterval with the same seed', () => {
    const { score, label, value } = demoData(100, 10);
    const stats = {
      auc: (indices: Int32Array) => auc(score, label, { indices, onUndefined: 'nan' }),
      gini: (indices: Int32Array) => normalizedGini(score, value, { indices }),
      zero: (indices: Int32Array) => auc(score, label, { indices, onUndefined: 'nan' }) - auc(score, label, { indices, onUndefined: 'nan' }),
    };
    const all = bootstrapMetrics(100, stats, { rng: createRng(11), resamples: 60, level: 0.8 });
    expect(Object.keys(all)).toEqual(['auc', 'gini', 'zero']);
    expect(all.auc).toEqual(bootstrapInterval(100, stats.auc, { rng: createRng(11), resamples: 60, level: 0.8 }));
    expect(all.gini).toEqual(bootstrapInterval(100, stats.gini, { rng: createRng(11), resamples: 60, level: 0.8 }));
    // A paired difference of a metric with itself has a zero-width interval.
    expect(all.zero).toMatchObject({ estimate: 0, low: 0, high: 0 });
  });
});
