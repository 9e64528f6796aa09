import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import type { EncodedMatrix } from '../../src/features/encode.js';
import { subsetMatrix } from '../../src/features/subset-matrix.js';
import { fitIsotonic, fitPlatt } from '../../src/models/fit-calibration.js';
import { fitGlm, linearPredictorOf } from '../../src/models/glm.js';
import { calibratedWinProbability, fitWinCalibration } from '../../src/models/win-calibration.js';
import { calibrateProbability } from '../../src/scoring/calibration.js';

/** n rows, oldest first: one number feature z and outcomes drawn from P = σ(−1.5 + z). */
function rows(n: number): { matrix: EncodedMatrix; won: Float64Array } {
  const rng = createRng(3);
  const z = Float64Array.from({ length: n }, () => rng.normal());
  const won = z.map((v) => (rng.next() < 1 / (1 + Math.exp(1.5 - v)) ? 1 : 0));
  return { matrix: { rows: n, columns: [{ kind: 'number', name: 'z', z, missing: new Uint8Array(n) }] }, won };
}
const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);

describe('fitWinCalibration', () => {
  const { matrix, won } = rows(400);

  it('refits the part on the oldest 75% and calibrates its log-odds on the newest 25% against their outcomes', () => {
    const inner = fitGlm(subsetMatrix(matrix, range(0, 300)), won.slice(0, 300), { link: 'logit', l2: 1, target: 'P(win)' });
    const eta = linearPredictorOf(inner, subsetMatrix(matrix, range(300, 400)));
    const platt = fitWinCalibration(matrix, won, { kind: 'glm', l2: [1] }, [1], createRng(1), 'platt');
    expect(platt).toEqual(fitPlatt(eta, won.subarray(300)));
    expect(platt).toMatchObject({ rows: 100 });
    const iso = fitWinCalibration(matrix, won, { kind: 'glm', l2: [1] }, [1], createRng(1), 'isotonic');
    expect(iso).toEqual(fitIsotonic(Array.from(eta, (e) => 1 / (1 + Math.exp(-e))), won.subarray(300)));
  });

  it('calibratedWinProbability maps each row\'s log-odds through calibrateProbability', () => {
    const state = fitGlm(matrix, won, { link: 'logit', l2: 1, target: 'P(win)' });
    const cal = { kind: 'platt' as const, a: 0.7, b: -0.2, rows: 100, positives: 20 };
    const eta = linearPredictorOf(state, matrix);
    expect(Array.from(calibratedWinProbability(state, cal, matrix))).toEqual(Array.from(eta, (e) => calibrateProbability(cal, e)));
  });

  it('refuses fewer than 20 rows on either side of the inner split', () => {
    const small = rows(60);
    expect(() => fitWinCalibration(small.matrix, small.won, { kind: 'glm' }, [1], createRng(1), 'platt'))
      .toThrow(/^calibration: too few training leads for an inner validation split \(45 to fit, 15 to calibrate on; at least 20 each\); use "calibration": "none", or a longer history/);
  });
});
