// Model kinds side by side (src/pipeline/compare-kinds.ts, `leadvalue compare`):
// candidates parsed from win/value kinds, each trained as `train` trains it,
// differences to the first recomputed here from the test predictions.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { auc } from '../../src/evaluate/auc.js';
import { normalizedGini } from '../../src/evaluate/normalized-gini.js';
import { readAdapterConfig } from '../../src/load/adapter-config.js';
import { compareKinds, parseKindPairs, type KindRun } from '../../src/pipeline/compare-kinds.js';
import { prepareData, trainModel, type PreparedData } from '../../src/pipeline/train-model.js';
import { DEMO_CONFIG, ROOT, tempDir } from '../scoring/demo-model.js';

const GLM = { kind: 'glm' } as const;

describe('parseKindPairs', () => {
  it('reads win/value kinds; a kind the config declares keeps its settings, another takes defaults', () => {
    const config = { win: GLM, value: { kind: 'ebm' as const, loss: 'log1p-squared' as const, maxBins: 64 } };
    const pairs = parseKindPairs(['glm/ebm', ' ebm/glm ', 'glm/ziln'], config, '--kinds');
    expect(pairs.map((p) => p.name)).toEqual(['glm/ebm', 'ebm/glm', 'glm/ziln']);
    expect(pairs[0].value).toEqual({ kind: 'ebm', loss: 'log1p-squared', maxBins: 64 });
    expect(pairs[1].win).toEqual({ kind: 'ebm', loss: 'log-loss' });
    expect(pairs[1].value).toEqual({ kind: 'glm' });
    expect(pairs[2].value.kind).toBe('ziln');
  });

  it('refuses what it cannot read, naming the entry', () => {
    const config = { win: GLM, value: GLM };
    expect(() => parseKindPairs(['glm'], config, '--kinds')).toThrow(/^--kinds entry 1: not win\/value kinds \(got "glm"\); write e\.g\. ebm\/glm/);
    expect(() => parseKindPairs(['glm/glm', 'ziln/glm'], config, '--kinds')).toThrow(/^--kinds entry 2 \(win part\)\.kind: ZILN models an amount/);
    expect(() => parseKindPairs(['glm/xgb'], config, '--kinds')).toThrow(/^--kinds entry 1 \(value part\)\.kind: unknown model kind \(got "xgb"\); use "glm", "ebm" or "ziln"/);
    expect(() => parseKindPairs(['ebm/glm', ' ebm / glm'], config, '--kinds')).toThrow(/^--kinds entry 2: named twice \(got " ebm \/ glm"\); name each candidate once$/);
    expect(parseKindPairs([' glm /ebm'], config, '--kinds')[0].name).toBe('glm/ebm');
    expect(() => parseKindPairs([], config, '--kinds')).toThrow(/^--kinds: names no model kinds; e\.g\. glm\/glm,ebm\/ebm,glm\/ziln/);
  });
});

describe('compareKinds on the demo data', () => {
  let data: PreparedData;
  let runs: KindRun[];
  beforeAll(async () => {
    data = await prepareData(readAdapterConfig(DEMO_CONFIG));
    runs = await compareKinds(data, parseKindPairs(['glm/glm', 'ebm/ebm', 'glm/ebm'], data.config.model, 'kinds'), { resamples: 30 });
  }, 120_000);

  it('each candidate is what train gives for that config: the GLM pair has the demo model\'s metrics', () => {
    const alone = trainModel(data, { resamples: 30 });
    expect(runs[0].metrics).toEqual(alone.metrics);
    expect(runs[0].note).toBe('win: L2 30; value: L2 30');
    // The training-period fit (what the metrics describe), and the refit on all leads that train exports, where it differs.
    const t = runs[1].trained, rounds = (s: { kind: string; rounds?: { mains: number } }) => s.rounds!.mains;
    expect(rounds(t.evaluated.win)).not.toBe(rounds(t.final.win));
    expect(runs[1].note).toBe(`win: EBM, ${rounds(t.evaluated.win)} rounds (refit on all leads: EBM, ${rounds(t.final.win)} rounds); ` +
      `value: EBM, ${rounds(t.evaluated.value)} rounds (refit on all leads: EBM, ${rounds(t.final.value)} rounds)`);
  });

  it('differences to the first are paired on the same test leads: estimates recomputed from the predictions', () => {
    expect(runs[0].vsFirst).toBeNull();
    const test = runs[0].trained.split.test;
    const won = Float64Array.from(test, (i) => data.frame.won[i]);
    const known = Array.from(test.keys()).filter((k) => !Number.isNaN(data.frame.value[test[k]]));
    const value = Float64Array.from(known, (k) => data.frame.value[test[k]]);
    const ev = (r: KindRun) => Float64Array.from(known, (k) => r.trained.testPrediction.expectedValue[k]);
    const ebm = runs[1];
    expect(ebm.vsFirst!.auc.estimate).toBeCloseTo(auc(ebm.trained.testPrediction.pWin, won) - auc(runs[0].trained.testPrediction.pWin, won), 12);
    expect(ebm.vsFirst!.gini.estimate).toBeCloseTo(normalizedGini(ev(ebm), value) - normalizedGini(ev(runs[0]), value), 12);
    expect(ebm.vsFirst!.gini.low).toBeLessThan(ebm.vsFirst!.gini.high);
    // glm/ebm has the first's win part: its AUC difference is exactly 0 on every resample.
    expect(runs[2].vsFirst!.auc).toMatchObject({ estimate: 0, low: 0, high: 0 });
    expect(runs[2].metrics.conversion).toEqual(runs[0].metrics.conversion);
  });
});

describe('leadvalue compare', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'compare', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });

  it('prints the candidates side by side and writes a report', () => {
    const report = join(tempDir('compare'), 'compare.json');
    const run = cli(['--config', DEMO_CONFIG, '--kinds', 'glm/glm,ebm/ebm', '--resamples', '20', '--quiet', '--report', report]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/held-out metrics, model kinds as win\/value \(train < 2025-07-01 ≤ test/);
    expect(run.stdout).toMatch(/^ {2}model +AUC of winning +PR-AUC .* AUC − glm\/glm +Gini − glm\/glm$/m);
    expect(run.stdout).toMatch(/^ {2}glm\/glm +0\.733 \[/m);
    expect(run.stdout).toMatch(/^ {2}ebm\/ebm +0\.\d{3} \[.*[−+±]0\.\d{3} \[[−+±]0\.\d{3}, [−+±]0\.\d{3}\]$/m);
    expect(run.stdout).toMatch(/best value ranking: glm\/glm \(Gini 0\.547\)/);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json.runs.map((r: { kinds: string }) => r.kinds)).toEqual(['glm/glm', 'ebm/ebm']);
    expect(json.runs[0].metrics.conversion.auc.estimate).toBeCloseTo(0.733, 3);
    expect(json.runs[1].vsFirst.gini.estimate).toBeCloseTo(json.runs[1].metrics.valueByExpectedValue.gini.estimate - json.runs[0].metrics.valueByExpectedValue.gini.estimate, 12);
  }, 60_000);

  it('refuses bad kinds before loading anything, with exit code 2', () => {
    const run = cli(['--config', DEMO_CONFIG, '--kinds', 'glm/glm,ebm', '--quiet']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('leadvalue: --kinds entry 2: not win/value kinds (got "ebm"); write e.g. ebm/glm: the win part\'s kind, then the value part\'s\n');
    expect(run.stdout).toBe('');
  });
});
