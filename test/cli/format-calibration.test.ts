// The calibration lines `leadvalue train` prints under the held-out metrics.
import { describe, expect, it } from 'vitest';
import { formatCalibration } from '../../src/cli/format-report.js';
import { createRng } from '../../src/core/rng.js';
import { evaluateTwoPart } from '../../src/evaluate/evaluate-two-part.js';

// 60 test leads; every third won, two of the won ones censored; value if won rises with the lead number.
const n = 60;
const pWin = Float64Array.from({ length: n }, (_, i) => 0.1 + 0.01 * i);
const valueIfWon = Float64Array.from({ length: n }, (_, i) => 1000 + 100 * i);
const expectedValue = pWin.map((p, i) => p * valueIfWon[i]);
const won = Array.from({ length: n }, (_, i) => (i % 3 === 2 ? 1 : 0));
const value = Array.from({ length: n }, (_, i) => (i === 2 || i === 5 ? NaN : won[i] ? 800 + 120 * i : 0));

describe('formatCalibration', () => {
  it('prints the ECE, both decile MAPEs and the censoring caveat', () => {
    const m = evaluateTwoPart({ pWin, expectedValue, valueIfWon }, { won, value }, createRng(1), { resamples: 5 });
    const lines = formatCalibration(m);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`calibration  P(win): ECE ${m.calibration.win.ece.toFixed(3)}, largest gap ${m.calibration.win.maxGap.toFixed(3)} over 10 bins of about equal count; ` +
      `mean predicted ${(100 * m.calibration.win.meanPredicted).toFixed(1)}% vs observed 33.3% (no calibration)`);
    expect(lines[1]).toMatch(new RegExp(`^ {13}value if won by decile: MAPE ${m.calibration.valueIfWon!.mape.toFixed(3)} over 10 deciles; top decile predicted [\\d,]+ vs realised [\\d,]+$`));
    expect(lines[2]).toMatch(/^ {13}expected value by decile: MAPE \d\.\d{3} over \d+ deciles; .*\(2 censored won leads left out: realised understated\)$/);
  });

  it('every won test lead censored: the expected-value deciles are n/a, not "realised 0.00" (their value is unknown, not 0)', () => {
    const allCensored = won.map((w, i) => (w ? NaN : value[i]));
    const m = evaluateTwoPart({ pWin, expectedValue, valueIfWon }, { won, value: allCensored }, createRng(1), { resamples: 5 });
    const lines = formatCalibration(m);
    expect(lines[1]).toBe('             value if won by decile: fewer than 10 won test leads with known value');
    expect(lines[2]).toBe('             expected value by decile: n/a (no won test lead has a known value)');
  });

  it('says when a calibration made P(win) worse on the test period', () => {
    const m = evaluateTwoPart({ pWin, expectedValue, valueIfWon }, { won, value }, createRng(1),
      { resamples: 5, calibration: 'platt', uncalibratedPWin: pWin.map(() => 1 / 3) });
    const lines = formatCalibration(m);
    expect(lines[0]).toMatch(/\(platt calibration; ECE 0\.000 before it\)$/);
    expect(lines[3]).toMatch(/the platt calibration made P\(win\) worse on the test period \(ECE \d\.\d{3} vs 0\.000\).*consider model\.calibration "none"$/);
  });
});
