// The calibration part of evaluateTwoPart's held-out metrics, and its charts.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { decileTable } from '../../src/evaluate/decile-table.js';
import { evaluateTwoPart } from '../../src/evaluate/evaluate-two-part.js';
import { reliabilityTable } from '../../src/evaluate/reliability-table.js';
import { decileChart, reliabilityChart } from '../../src/explain/calibration-charts.js';

// 40 test leads: P(win) rises with the lead number; every fourth lead is won; won leads 3 and 7 are censored.
const n = 40;
const pWin = Float64Array.from({ length: n }, (_, i) => 0.05 + 0.02 * i);
const valueIfWon = Float64Array.from({ length: n }, (_, i) => 100 + 10 * i);
const expectedValue = pWin.map((p, i) => p * valueIfWon[i]);
const won = Array.from({ length: n }, (_, i) => (i % 4 === 3 ? 1 : 0));
const value = Array.from({ length: n }, (_, i) => (i === 3 || i === 7 ? NaN : won[i] ? 50 + 5 * i : 0));

describe('evaluateTwoPart: calibration', () => {
  const m = evaluateTwoPart({ pWin, expectedValue, valueIfWon }, { won, value }, createRng(1), { resamples: 10 });

  it('P(win): the reliability table of the test predictions, 10 bins of about equal count', () => {
    expect(m.calibration.method).toBe('none');
    expect(m.calibration.win).toEqual(reliabilityTable(pWin, won));
    expect(m.calibration.win.bins.map((b) => b.count)).toEqual(new Array(10).fill(4));
    expect(m.calibration.uncalibratedEce).toBeUndefined();
  });

  it('value: deciles of expected value over leads with known value, and of value if won over won leads with known value', () => {
    const known = value.map((v, i) => i).filter((i) => !Number.isNaN(value[i]));
    expect(m.calibration.value).toEqual(decileTable(known.map((i) => expectedValue[i]), known.map((i) => value[i])));
    const wonKnown = known.filter((i) => won[i]);
    expect(wonKnown).toHaveLength(8);
    // Fewer than 10 won leads with known value: no value-if-won deciles.
    expect(m.calibration.valueIfWon).toBeNull();
    expect(m.calibration.notes).toEqual([expect.stringMatching(/^2 of 10 won test leads are censored/)]);
  });

  it('records the calibration method and the ECE before it when given', () => {
    const raw = pWin.map((p) => Math.min(1, p * 1.5));
    const c = evaluateTwoPart({ pWin, expectedValue }, { won, value }, createRng(1), { resamples: 10, calibration: 'platt', uncalibratedPWin: raw });
    expect(c.calibration.method).toBe('platt');
    expect(c.calibration.uncalibratedEce).toBe(reliabilityTable(raw, won).ece);
  });

  it('charts: a reliability diagram with the diagonal, and predicted vs realised bars per decile', () => {
    const r = reliabilityChart(m.calibration.win);
    expect(r).toContain(`Reliability of P(win): ECE ${m.calibration.win.ece.toFixed(3)}`);
    expect([...r.matchAll(/<path d=/g)]).toHaveLength(2);
    const d = decileChart(m.calibration.value!);
    expect([...d.matchAll(/<rect x=/g)].length).toBeGreaterThanOrEqual(20);
    expect(d).toMatch(/Expected vs realised value by decile: MAPE (\d\.\d{3}|n\/a)/);
  });
});
