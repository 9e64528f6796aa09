// The "best …" picks of `leadvalue compare` (src/pipeline/best-kinds.ts): a
// candidate whose value part (win part, for conversion) predicts a constant is
// left out, and a value metric no candidate could evaluate picks nothing.
// Before, the highest Gini won even when its value part was constant (its
// expected-value ranking is then its P(win) ranking), and an all-censored test
// period printed "best value ranking: glm/glm (Gini NaN)".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warnings } from '../../src/core/warn.js';
import { readAdapterConfig } from '../../src/load/adapter-config.js';
import { bestKinds, formatBestKinds, type PickableRun } from '../../src/pipeline/best-kinds.js';
import { compareKinds, parseKindPairs, type KindRun } from '../../src/pipeline/compare-kinds.js';
import { prepareData, trainModel, type PreparedData } from '../../src/pipeline/train-model.js';
import { DEMO_CONFIG, removeTempDirs, ROOT, tempDir } from '../scoring/demo-model.js';

const OLIST = fileURLToPath(new URL('../../../shared/data/olist', import.meta.url));
afterAll(removeTempDirs);

const cli = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });

/** The demo config with a late split: every won test lead's 180-day horizon ends after the data (2026-03-31). */
function lateConfig(): string {
  const raw = JSON.parse(readFileSync(DEMO_CONFIG, 'utf8'));
  const path = join(tempDir('best-kinds'), 'late.json');
  writeFileSync(path, JSON.stringify({ ...raw, dataDir: join(ROOT, 'data/demo'), split: { cutoff: '2025-11-01' } }));
  return path;
}

describe('bestKinds', () => {
  let runs: KindRun[];
  beforeAll(async () => {
    const data = await prepareData(readAdapterConfig(DEMO_CONFIG));
    runs = await compareKinds(data, parseKindPairs(['glm/glm', 'ebm/ebm'], data.config.model, 'kinds'), { resamples: 20 });
  }, 120_000);

  /** A run whose part was an EBM that kept 0 rounds (what warnConstantParts warns about), with a Gini above every other. */
  const constant = (run: KindRun, part: 'win' | 'value', fit: 'evaluated' | 'final', gini: number): PickableRun => {
    const state = { ...run.trained[fit][part], kind: 'ebm', rounds: { mains: 0, pairs: 0 } } as KindRun['trained']['evaluated']['value'];
    const metrics = { ...run.metrics, valueByExpectedValue: { ...run.metrics.valueByExpectedValue, gini: { ...run.metrics.valueByExpectedValue.gini, estimate: gini } } };
    return { ...run, name: `${run.name} (constant ${part})`, metrics, trained: { ...run.trained, [fit]: { ...run.trained[fit], [part]: state } } };
  };

  it('leaves out a candidate whose value part is constant, though its Gini is the highest', () => {
    const picks = bestKinds([runs[0], constant(runs[1], 'value', 'evaluated', 0.99)]);
    expect(picks.value.best).toEqual({ name: 'glm/glm', estimate: runs[0].metrics.valueByExpectedValue.gini.estimate });
    expect(picks.value.leftOut).toEqual([{ name: 'ebm/ebm (constant value)', reason: 'its value part is constant' }]);
    expect(picks.conversion.leftOut).toEqual([]);
    expect(formatBestKinds(picks)).toMatch(/^best value ranking: glm\/glm \(Gini 0\.547; ebm\/ebm \(constant value\) left out: its value part is constant\); best conversion ranking: /);
  });

  it('a constant exported refit is said apart; a constant win part leaves the conversion pick; none left: none', () => {
    const refit = bestKinds([constant(runs[1], 'value', 'final', 0.99), runs[0]]);
    expect(refit.value.leftOut[0].reason).toBe('its value part is constant in the refit on all leads that train exports');
    const win = bestKinds([constant(runs[0], 'win', 'evaluated', 0.5), constant(runs[1], 'win', 'evaluated', 0.4)]);
    expect(win.value.best?.name).toBe('glm/glm (constant win)');
    expect(formatBestKinds(win)).toMatch(/; best conversion ranking: none \(glm\/glm \(constant win\) and ebm\/ebm \(constant win\) left out: their win parts are constant\)\.$/);
  });
});

describe('a test period whose won leads are all censored', () => {
  let data: PreparedData;
  beforeAll(async () => { data = await prepareData(readAdapterConfig(lateConfig())); }, 60_000);

  it('train warns once, naming the cause and a cut-off that gives 10 won test leads with a known value', () => {
    const warnings = new Warnings();
    const trained = trainModel({ ...data, warnings }, { resamples: 20 });
    expect(trained.metrics.rows).toMatchObject({ won: 74, censoredExcluded: 74 });
    const lines = warnings.format().filter((w) => /not evaluated/.test(w));
    expect(lines).toEqual(['held-out metrics: the value part was not evaluated: none of the 74 won test leads has a complete horizon (all censored), so its Gini, value shares, ' +
      'Spearman and deciles are n/a; move split.cutoff to 2025-08-14 or earlier (then 10 won test leads have a known value), or shorten label.horizon (180d)']);
    // The date it names: from it on, exactly 10 won test leads have a complete horizon (hand-checked: 9 from 2025-08-15).
    const from = Date.UTC(2025, 7, 14);
    const known = Array.from(data.frame.createdAt.keys()).filter((i) => data.frame.createdAt[i] >= from && data.frame.won[i] && !data.frame.censored[i]);
    expect(known).toHaveLength(10);
  });

  it('compare prints n/a (was NaN, −NaN) and picks no value winner; its report spells NaN as the model file does', () => {
    const report = join(tempDir('best-kinds'), 'compare.json');
    const run = cli(['compare', '--config', lateConfig(), '--kinds', 'glm/glm,ebm/ebm', '--resamples', '20', '--quiet', '--report', report]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/NaN/);
    expect(run.stdout).toMatch(/^ {2}ebm\/ebm +0\.\d{3} \[.* n\/a +n\/a +.* [−+±]0\.\d{3} \[[−+±]0\.\d{3}, [−+±]0\.\d{3}\] +n\/a$/m);
    expect(run.stdout).toMatch(/^best value ranking: none \(the value part was not evaluated: none of the 74 won test leads has a complete horizon \(all censored\)\); best conversion ranking: glm\/glm \(AUC 0\.\d{3}\)\.$/m);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json.runs[0].metrics.valueByExpectedValue.gini).toEqual({ estimate: 'NaN', low: 'NaN', high: 'NaN' });
  }, 60_000);
});

describe('leadvalue compare on Olist', () => {
  it.skipIf(!existsSync(OLIST))('glm/ebm\'s value part kept 0 rounds: left out of the value pick (was "best value ranking: glm/ebm")', () => {
    const run = cli(['compare', '--config', join(ROOT, 'configs/olist.json'), '--kinds', 'glm/ebm,ebm/glm', '--resamples', '20', '--quiet']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^best value ranking: ebm\/glm \(Gini 0\.218; glm\/ebm left out: its value part is constant\); best conversion ranking: glm\/ebm \(AUC 0\.653\)\.$/m);
  }, 60_000);
});
