import { describe, expect, it } from 'vitest';
import { readAdapterConfig } from '../../src/load/adapter-config.js';
import { buildLeadFrame } from '../../src/join/build-lead-frame.js';
import type { SourceTables } from '../../src/load/load-source.js';
import { checkDataSufficiency, countTargets } from '../../src/models/data-sufficiency.js';
import { prepareData, trainModel, type PreparedData } from '../../src/pipeline/train-model.js';
import { DEMO_CONFIG } from '../scoring/demo-model.js';

/** A frame of n leads: `won` of them won, of which `censored` censored, `withValue` with value > 0 and the rest value 0. */
function frame(n: number, won: number, censored: number, withValue: number) {
  const f = { won: new Uint8Array(n), censored: new Uint8Array(n), value: new Float64Array(n) };
  for (let i = 0; i < won; i++) {
    f.won[i] = 1;
    if (i < censored) { f.censored[i] = 1; f.value[i] = NaN; } else f.value[i] = i < censored + withValue ? 100 : 0;
  }
  return f;
}
const rowsOf = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('countTargets', () => {
  it('counts examples and positives per target (hand count)', () => {
    // 200 leads, 60 won: 10 censored, 45 with value > 0, 5 with value 0.
    expect(countTargets(frame(200, 60, 10, 45), rowsOf(200))).toEqual({
      win: { rows: 200, positives: 60, negatives: 140 },
      value: { rows: 50, positives: 45, zero: 5, censored: 10 },
    });
    // Only the given rows count (repeats count again, as in a bootstrap resample).
    expect(countTargets(frame(200, 60, 10, 45), Int32Array.of(0, 0, 15, 199)).win).toEqual({ rows: 4, positives: 3, negatives: 1 });
  });

  it('refuses a row index outside the frame, naming its position and value (it counted as a lost lead)', () => {
    expect(() => countTargets(frame(200, 60, 10, 45), Int32Array.of(999999, -1))).toThrow(/^countTargets rows\[0\]: not a row of the frame \(got 999999; the frame has 200 rows, 0 … 199\); pass row indices of this frame$/);
    expect(() => countTargets(frame(200, 60, 10, 45), [3, -1])).toThrow(/^countTargets rows\[1\]: not a row of the frame \(got -1;/);
    expect(() => countTargets(frame(200, 60, 10, 45), [1.5])).toThrow(/rows\[0\]: not a row of the frame \(got 1\.5;/);
    expect(() => checkDataSufficiency(frame(200, 60, 10, 45), [0, 200])).toThrow(/^training data rows\[1\]: not a row of the frame \(got 200;/);
  });
});

describe('checkDataSufficiency', () => {
  const floors = { minPositives: 40, minNegatives: 40 };

  it('passes at the floor and returns the counts', () => {
    expect(checkDataSufficiency(frame(80, 40, 0, 40), rowsOf(80), floors).value.positives).toBe(40);
  });

  it('refuses too few won leads, naming the target, the counts, the floor and what to do', () => {
    expect(() => checkDataSufficiency(frame(500, 39, 0, 39), rowsOf(500), floors)).toThrow(
      /^training data, target win: too few won leads to learn P\(win\) from \(got 39 won, 461 not won of 500 leads; the floor is 40 won and 40 not won\); use a longer history \(older leads, or a later split\.cutoff so more leads train\), or fewer segments \(one model for all leads\); or, accepting a noisier model, lower model\.minPositives \/ model\.minNegatives in the config$/);
  });

  it('refuses too few leads not won', () => {
    expect(() => checkDataSufficiency(frame(80, 45, 0, 45), rowsOf(80), floors)).toThrow(
      /^training data, target win: too few not-won leads to learn P\(win\) from \(got 45 won, 35 not won of 80 leads; the floor is 40 won and 40 not won\); the leads table should hold lost and open leads too/);
  });

  it('refuses too few won leads with value above 0 in a complete horizon, counting zeros and censored ones', () => {
    expect(() => checkDataSufficiency(frame(500, 100, 55, 30), rowsOf(500), floors)).toThrow(
      /^training data, target value: too few won leads with value above 0 in a complete horizon to learn E\[value \| won\] from \(got 30 with value above 0, 15 with value 0, 55 censored \(horizon not complete\) of 100 won; the floor is 40\); use a shorter label\.horizon \(fewer censored leads\), a longer history/);
  });

  it('when every won lead is censored, says the horizon is longer than the history, gives both, and the horizons that would label leads', () => {
    // 100 leads created daily from 2023-01-01, the first 50 won 10 days later (2023-01-11 … 2023-03-01); data end 2023-12-31.
    // By hand: history 365 days; the first win is 355 days before the end of 2023-12-31, the median (25th) win 331.
    const f = {
      ...frame(100, 50, 50, 0), horizon: { amount: 3, unit: 'years' as const }, dataEnd: Date.UTC(2024, 0, 1) - 1,
      createdAt: Float64Array.from({ length: 100 }, (_, i) => Date.UTC(2023, 0, 1 + i)),
      wonAt: Float64Array.from({ length: 100 }, (_, i) => (i < 50 ? Date.UTC(2023, 0, 11 + i) : NaN)),
    };
    expect(() => checkDataSufficiency(f, rowsOf(100), floors)).toThrow(
      /^training data, target value: every won lead's horizon ends after the data end: label\.horizon 3y is longer than the history after the first win \(got horizon 3y; history 2023-01-01 … 2023-12-31 \(365 days\), first win 2023-01-11 \(355 days before the data end\); 50 of 50 won leads censored\); use a label\.horizon shorter than the history: at most "355d" labels any lead, "331d" half of the won leads \(lowering model\.minPositives cannot help: with every won lead censored there is no value to learn from\)$/);
    // A data end from the config may be what is too early.
    expect(() => checkDataSufficiency({ ...f, report: { dataEndSource: 'config' } }, rowsOf(100), floors)).toThrow(/"331d" half of the won leads; or, if the files run past label\.dataEnd, set it later \(lowering model\.minPositives cannot help/);
    // Without the dates to say more, still the horizon, never the floors (a floor of 0 reaches a value fit with no rows).
    expect(() => checkDataSufficiency({ ...frame(100, 50, 50, 0), horizon: { amount: 3, unit: 'years' as const } }, rowsOf(100), floors)).toThrow(
      /^training data, target value: no won lead has a complete horizon to learn E\[value \| won\] from: every won lead's horizon ends after the data end \(got 50 of 50 won leads censored; label\.horizon 3y\); use a shorter label\.horizon \(lowering model\.minPositives cannot help: with every won lead censored there is no value to learn from\)$/);
    // "355d" does label a lead: won 2023-01-11 + 355 days = 2024-01-01, the instant after the data end.
    expect(Date.UTC(2023, 0, 11) + 355 * 86_400_000 - 1).toBe(f.dataEnd);
  });

  it('floors left out take the defaults (40 and 40)', () => {
    // 39 won of 500: below the default floor of 40 won leads.
    const short = /^training data, target win: too few won leads to learn P\(win\) from \(got 39 won, 461 not won of 500 leads; the floor is 40 won and 40 not won\)/;
    expect(() => checkDataSufficiency(frame(500, 39, 0, 39), rowsOf(500), {})).toThrow(short);
    expect(() => checkDataSufficiency(frame(500, 39, 0, 39), rowsOf(500), { minNegatives: 10 })).toThrow(/the floor is 40 won and 10 not won/);
  });

  it('refuses floors that are not whole numbers ≥ 0, naming the option', () => {
    const f = frame(500, 39, 0, 39);
    expect(() => checkDataSufficiency(f, rowsOf(500), { minPositives: NaN, minNegatives: 40 })).toThrow(/^checkDataSufficiency floors\.minPositives: not a whole number ≥ 0 \(got NaN\); e\.g\. 40 \(the default\), or 0 to turn the check off$/);
    expect(() => checkDataSufficiency(f, rowsOf(500), { minPositives: 40, minNegatives: -1 })).toThrow(/^checkDataSufficiency floors\.minNegatives: not a whole number ≥ 0 \(got -1\)/);
    expect(() => checkDataSufficiency(f, rowsOf(500), { minPositives: 2.5 })).toThrow(/floors\.minPositives: not a whole number ≥ 0 \(got 2\.5\)/);
    expect(() => checkDataSufficiency(f, rowsOf(500), { minPositives: '40' as unknown as number })).toThrow(/floors\.minPositives: not a whole number ≥ 0 \(got "40"\)/);
  });

  it('floors of 0 turn the checks off', () => {
    expect(() => checkDataSufficiency(frame(10, 1, 0, 0), rowsOf(10), { minPositives: 0, minNegatives: 0 })).not.toThrow();
  });
});

describe('trainModel: the gate runs before training, on the training rows', () => {
  let data: PreparedData;
  const withFloors = (minPositives: number, minNegatives = 40): PreparedData => ({ ...data, config: { ...data.config, model: { ...data.config.model, minPositives, minNegatives } } });

  it('the demo passes the default floors and its counts are kept', async () => {
    data = await prepareData(readAdapterConfig(DEMO_CONFIG));
    // Demo training period (before the 70% cut-off): 2799 leads, 397 won; 396 with a complete horizon, 256 of them with value > 0.
    const trained = trainModel(data, { resamples: 5 });
    expect(trained.counts).toEqual({ win: { rows: 2799, positives: 397, negatives: 2402 }, value: { rows: 396, positives: 256, zero: 140, censored: 1 } });
  }, 60_000);

  it('a horizon longer than the history is named as such, not as too few leads', () => {
    // Demo leads run from 2024-01 to the data end 2026-03-31: no 5-year horizon is complete.
    const frame5y = buildLeadFrame(data.tables as SourceTables, { horizon: { amount: 5, unit: 'years' }, dataEnd: 'auto' });
    expect(() => trainModel({ ...data, frame: frame5y }, { resamples: 5 })).toThrow(
      /^training data, target value: every won lead's horizon ends after the data end: label\.horizon 5y is longer than the history after the first win \(got horizon 5y; history 2024-01-01 … 2026-03-31 \(\d+ days\), first win 2024-\d\d-\d\d \(\d+ days before the data end\); 397 of 397 won leads censored\); use a label\.horizon shorter than the history: at most "\d+d" labels any lead/);
  });

  it('a higher floor refuses the win target, then the value target', () => {
    expect(() => trainModel(withFloors(400), { resamples: 5 })).toThrow(/^training data, target win: too few won leads to learn P\(win\) from \(got 397 won, 2402 not won of 2799 leads; the floor is 400 won and 40 not won\)/);
    expect(() => trainModel(withFloors(300), { resamples: 5 })).toThrow(/^training data, target value: too few won leads .* \(got 256 with value above 0, 140 with value 0, 1 censored \(horizon not complete\) of 397 won; the floor is 300\)/);
  });
});
