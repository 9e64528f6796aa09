import { describe, expect, it } from 'vitest';
import { reliabilityTable } from '../../src/evaluate/reliability-table.js';

const f64 = (...v: number[]) => Float64Array.from(v);

describe('reliabilityTable', () => {
  // Hand example: six leads, predictions and outcomes
  //   p  0.1 0.2 0.2 0.3 0.6 0.8
  //   y   0   0   1   0   1   1
  const p = f64(0.1, 0.2, 0.2, 0.3, 0.6, 0.8), y = f64(0, 0, 1, 0, 1, 1);

  it('quantile bins: two bins of three, gaps, ECE and Wilson intervals (hand calculation)', () => {
    // Cut c₁ = s[⌈1·6/2⌉ − 1] = s[2] = 0.2: bin 1 = {0.1, 0.2, 0.2}, bin 2 = {0.3, 0.6, 0.8}.
    // Bin 1: mean predicted 0.5/3 = 0.166667, observed 1/3, gap −0.166667.
    // Bin 2: mean predicted 1.7/3 = 0.566667, observed 2/3, gap −0.1.
    // ECE = 3/6 · 0.166667 + 3/6 · 0.1 = 0.133333; largest gap 0.166667.
    // Wilson 95% for 1 of 3 (z = 1.959964): centre (1/3 + z²/6)/(1 + z²/3) = 0.426916,
    // half width z·√(2/27 + z²/36)/(1 + z²/3) = 0.365424 → [0.061492, 0.792340].
    const t = reliabilityTable(p, y, { bins: 2 });
    expect(t.bins.map((b) => b.count)).toEqual([3, 3]);
    expect(t.bins[0].meanPredicted).toBeCloseTo(0.5 / 3, 12);
    expect(t.bins[1].meanPredicted).toBeCloseTo(1.7 / 3, 12);
    expect(t.bins[0].observed.estimate).toBeCloseTo(1 / 3, 12);
    expect(t.bins[1].observed.estimate).toBeCloseTo(2 / 3, 12);
    expect(t.bins[0].gap).toBeCloseTo(-1 / 6, 12);
    expect(t.bins[1].gap).toBeCloseTo(-0.1, 12);
    expect(t.ece).toBeCloseTo(0.4 / 3, 12);
    expect(t.maxGap).toBeCloseTo(1 / 6, 12);
    expect(t.bins[0].observed.low).toBeCloseTo(0.061492, 5);
    expect(t.bins[0].observed.high).toBeCloseTo(0.79234, 5);
    expect([t.bins[0].minPredicted, t.bins[0].maxPredicted, t.bins[1].minPredicted, t.bins[1].maxPredicted]).toEqual([0.1, 0.2, 0.3, 0.8]);
    expect(t.meanPredicted).toBeCloseTo(2.2 / 6, 12);
    expect(t.observedRate).toBeCloseTo(0.5, 12);
    expect(t.rows).toBe(6);
  });

  it('uniform bins: quarters [0, .25), [.25, .5), [.5, .75), [.75, 1] (hand calculation)', () => {
    // Gaps: {0.1, 0.2, 0.2} −1/6; {0.3} 0.3 − 0 = 0.3; {0.6} 0.6 − 1 = −0.4; {0.8} 0.8 − 1 = −0.2.
    // ECE = (3 · 1/6 + 0.3 + 0.4 + 0.2) / 6 = 1.4 / 6 = 0.233333; largest gap 0.4.
    const t = reliabilityTable(p, y, { bins: 4, strategy: 'uniform' });
    expect(t.bins.map((b) => b.count)).toEqual([3, 1, 1, 1]);
    expect(t.bins.map((b) => b.gap)).toEqual([expect.closeTo(-1 / 6, 12), expect.closeTo(0.3, 12), expect.closeTo(-0.4, 12), expect.closeTo(-0.2, 12)]);
    expect(t.ece).toBeCloseTo(1.4 / 6, 12);
    expect(t.maxGap).toBeCloseTo(0.4, 12);
    expect(t.strategy).toBe('uniform');
  });

  it('never splits tied predictions, drops empty bins, and does not depend on row order', () => {
    // Five bins asked for, but four of five predictions tie at 0.2: every cut is 0.2, so two bins remain.
    const t = reliabilityTable(f64(0.2, 0.9, 0.2, 0.2, 0.2), f64(0, 1, 1, 0, 0), { bins: 5 });
    expect(t.bins.map((b) => [b.bin, b.count, b.observed.successes])).toEqual([[1, 4, 1], [2, 1, 1]]);
    const shuffled = reliabilityTable(f64(0.9, 0.2, 0.2, 0.2, 0.2), f64(1, 0, 0, 1, 0), { bins: 5 });
    expect(shuffled).toEqual(t);
  });

  it('a perfectly calibrated table has ECE 0', () => {
    // Bins of equal predictions whose observed rate equals the prediction: 0.25 on four leads (one won), 0.5 on two (one won).
    const t = reliabilityTable(f64(0.25, 0.25, 0.25, 0.25, 0.5, 0.5), f64(1, 0, 0, 0, 0, 1), { bins: 2 });
    expect(t.ece).toBe(0);
  });

  it('takes a row subset', () => {
    const t = reliabilityTable(p, y, { bins: 2, indices: [3, 4, 5] });
    expect(t.rows).toBe(3);
    expect(t.bins.map((b) => b.count)).toEqual([2, 1]);
  });

  it('refuses predictions outside [0, 1], outcomes other than 0/1 and no rows, with messages', () => {
    expect(() => reliabilityTable(f64(0.2, 1.5), f64(0, 1))).toThrow(/^reliabilityTable: prediction at row 1 is not a probability \(got 1\.5\)/);
    expect(() => reliabilityTable(f64(0.2, 0.5), f64(0, 2))).toThrow(/outcome at row 1 is not 0 or 1 \(got 2\)/);
    expect(() => reliabilityTable(f64(), f64())).toThrow(/no rows/);
    expect(() => reliabilityTable(p, y, { bins: 0 })).toThrow(/bins must be a positive integer/);
    expect(() => reliabilityTable(f64(0.1), f64(0, 1))).toThrow(/differ in length/);
  });
});
