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

  it('refuses inputs of different lengths, naming them (a longer expectedValue or valueIfWon was read only in part)', () => {
    const longer = Float64Array.from([...expectedValue, 1]);
    expect(() => evaluateTwoPart({ pWin, expectedValue: longer }, { won, value }, createRng(1), { resamples: 10 })).toThrow(
      /^evaluateTwoPart: pred\.pWin and pred\.expectedValue differ in length \(got 40 pred\.pWin, 41 pred\.expectedValue\); pass one of each per row$/);
    expect(() => evaluateTwoPart({ pWin, expectedValue, valueIfWon: valueIfWon.subarray(1) }, { won, value }, createRng(1), { resamples: 10 })).toThrow(/pred\.valueIfWon differ in length \(got 40 pred\.pWin, 39 pred\.valueIfWon\)/);
    expect(() => evaluateTwoPart({ pWin, expectedValue }, { won, value: value.slice(1) }, createRng(1), { resamples: 10 })).toThrow(/truth\.value differ in length \(got 40 pred\.pWin, 39 truth\.value\)/);
    expect(() => evaluateTwoPart({ pWin, expectedValue }, { won, value }, createRng(1), { resamples: 10, calibration: 'platt', uncalibratedPWin: pWin.subarray(2) })).toThrow(/options\.uncalibratedPWin differ in length \(got 40 pred\.pWin, 38/);
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

  it('decile chart of value if won: says so in the title and axes (of: "valueIfWon")', () => {
    // 10 won leads, predicted 100…1000, realised 200 each: MAPE = mean |p − 200| / 200 over p = 100…1000 = (100 + 0 + 100 + 200 + … + 800) / 10 / 200 = 3700 / 2000 = 1.85 (by hand).
    const t = decileTable(Array.from({ length: 10 }, (_, i) => 100 * (i + 1)), new Array(10).fill(200));
    expect(t.mape).toBeCloseTo(1.85, 12);
    const ifWon = decileChart(t, { of: 'valueIfWon' });
    expect(ifWon).toContain('Value if won: predicted vs realised by decile: MAPE 1.850');
    expect(ifWon).toContain('>value per won lead<');
    expect(ifWon).toContain('>decile of won leads (1 = highest predictions)<');
    expect(ifWon).not.toContain('Expected vs realised');
    const ev = decileChart(t);
    expect(ev).toContain('Expected vs realised value by decile: MAPE 1.850');
    expect(ev).toContain('>value per lead<');
    expect(decileChart(t, { of: 'valueIfWon', title: 'Mine' })).toContain('>Mine<');
    expect(() => decileChart(t, { of: 'valueifwon' as 'valueIfWon' })).toThrow(/^decileChart options\.of: not a calibration table key \(got "valueifwon"\); use "value"/);
  });
});
