// What `leadvalue train` prints about the parts it trained (trainCommand,
// src/cli/commands.ts, called in process): which fit the held-out metrics
// describe and which one is exported, an EBM number's strongest bins, and a
// part that ranks nothing said in words. Olist cases run where its data is
// (../shared/data/olist, never copied into the repository).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { trainCommand } from '../../src/cli/commands.js';
import type { Progress } from '../../src/cli/progress.js';
import { DEMO_CONFIG, removeTempDirs, ROOT, tempDir } from '../scoring/demo-model.js';

const OLIST = fileURLToPath(new URL('../../../shared/data/olist', import.meta.url));
const OLIST_CONFIG = join(ROOT, 'configs/olist.json');
afterAll(removeTempDirs);

/** Runs train on `config` with its model section's parts replaced; returns the progress messages and the printed lines. */
async function train(config: string, model: object, dataDir: string): Promise<{ done: string[]; lines: string[] }> {
  const dir = tempDir('train-report');
  const raw = JSON.parse(readFileSync(config, 'utf8'));
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify({ ...raw, dataDir, model: { ...raw.model, ...model } }));
  const done: string[] = [], lines: string[] = [];
  const progress: Progress = { update: () => {}, done: (m) => done.push(m) };
  await trainCommand({ config: path, modelsDir: join(dir, 'models'), resamples: 20 }, progress, (l) => lines.push(l));
  return { done, lines };
}

describe('leadvalue train: the parts it trained', () => {
  it('demo, EBM / EBM: the evaluated fits and the exported refits; employees by its strongest bins (637 – 860 +1.85), not its first two', async () => {
    const { done, lines } = await train(DEMO_CONFIG, { win: { kind: 'ebm' }, value: { kind: 'ebm' } }, join(ROOT, 'data/demo'));
    expect(done.find((m) => m.startsWith('trained and evaluated'))).toMatch(
      /^trained and evaluated in \d+\.\d s \(win: EBM, 15 rounds \(refit on all leads: EBM, 19 rounds\); value: EBM, 17 rounds \(refit on all leads: EBM, 102 rounds\)\)$/);
    const value = lines.slice(lines.indexOf('leading indicators of value if won (log value):'));
    // Was `≤ 8.49 -1.59, 8.49 – 13.5 -1.58, (missing) +0.27`: the first two bins and the last entry.
    expect(value[1]).toBe('  employees                    spread 1.008   637 – 860 +1.85, > 860 +1.76, ≤ 8.49 -1.59');
    // A 2-bin shape is shown whole, in value order.
    expect(lines).toContain('  demo_requested               spread 0.502   ≤ 0.5 -0.25, > 0.5 +1.02');
  }, 60_000);

  it.skipIf(!existsSync(OLIST))('Olist, GLM: the held-out metrics are L2 1\'s, the exported refit L2 3\'s (was "win: L2 3")', async () => {
    const { done } = await train(OLIST_CONFIG, {}, OLIST);
    expect(done.find((m) => m.startsWith('trained and evaluated'))).toMatch(/ \(win: L2 1 \(refit on all leads: L2 3\); value: L2 100\)$/);
  }, 60_000);

  it.skipIf(!existsSync(OLIST))('Olist, EBM / EBM: the value part kept 0 rounds, said in one line instead of four lists of zeros', async () => {
    const { done, lines } = await train(OLIST_CONFIG, { win: { kind: 'ebm' }, value: { kind: 'ebm' } }, OLIST);
    expect(done.find((m) => m.startsWith('trained and evaluated'))).toMatch(/ \(win: EBM, 14 rounds \(refit on all leads: EBM, 5 rounds\); value: EBM, 0 rounds\)$/);
    const at = lines.indexOf('leading indicators of value if won (log value):');
    expect(lines.slice(at + 1, at + 3)).toEqual([
      '  none: the EBM kept 0 boosting rounds: this part predicts one constant for every lead (every feature\'s spread is 0), so it ranks nothing',
      '',
    ]);
    expect(lines.join('\n')).not.toMatch(/spread 0\.000/);
    expect(lines.join('\n')).toMatch(/^warning: model\.value: the EBM kept 0 boosting rounds, on the training period \(no round ranked its 170 training rows better than chance out of fold, in 5-fold cross-validation\) and in the refit on all leads that is exported \(/m);
  }, 60_000);
});

describe('leadvalue train: the comparison with the previous version, and the --report file', () => {
  it('a folder holding 1.2.0: prints "vs 1.2.0: …" after the model line; the report holds version, fingerprint, indicators, comparison; a re-run (unchanged) compares nothing', async () => {
    const dir = tempDir('train-compare');
    mkdirSync(join(dir, 'models/demo'), { recursive: true });
    copyFileSync(join(ROOT, 'models/demo/1.2.0.json'), join(dir, 'models/demo/1.2.0.json'));
    const run = async () => {
      const lines: string[] = [];
      await trainCommand({ config: DEMO_CONFIG, modelsDir: join(dir, 'models'), report: join(dir, 'report.json'), resamples: 20 },
        { update: () => {}, done: () => {} }, (l) => lines.push(l));
      return { lines, report: JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) };
    };
    const first = await run();
    const at = first.lines.findIndex((l) => l.startsWith('model written: '));
    // 1.2.0 was trained on the same demo files (models/demo/1.2.0.json: AUC 0.7334856…, Gini 0.5471106…, data end 2026-03-31, 4000 leads).
    expect(first.lines.slice(at + 1, at + 3)).toEqual([
      'vs 1.2.0: AUC 0.733 → 0.733; value Gini 0.547 → 0.547; data end 2026-03-31 → 2026-03-31; leads 4000 → 4000 (same data files)',
      '  top indicators of winning: demo_requested, free_email (same)',
    ]);
    expect(Object.keys(first.report)).toEqual(['version', 'fingerprint', 'labels', 'metrics', 'indicators', 'comparison', 'warnings', 'model']);
    expect(first.report.version).toBe('1.3.0');
    expect(first.report.fingerprint).toBe('ab3fb845a96dca02cb35702cf219c4a700d7eda48949b685495883702ad84143');
    expect(first.report.comparison).toMatchObject({ previous: { version: '1.2.0', topIndicators: ['demo_requested', 'free_email'] }, current: { version: '1.3.0' }, sameData: true });
    // The printed blocks' data: the top 5 of each part. demo_requested is 0/1 with nothing missing, so its spread is
    // |weight| · √(3999/4000) (z has sample SD 1; the spread is a population SD): 0.543982149070159 · 0.999875 (models/demo/1.4.0.json).
    expect(first.report.indicators.win.map((x: { feature: string }) => x.feature)).toEqual(['demo_requested', 'free_email', 'pages_viewed', 'source', 'created_month']);
    expect(first.report.indicators.win[0].importance).toBeCloseTo(0.543982149070159 * Math.sqrt(3999 / 4000), 9);
    expect(first.report.indicators.value).toHaveLength(5);
    const again = await run();
    expect(again.lines.find((l) => l.startsWith('model unchanged: '))).toBeDefined();
    expect(again.lines.some((l) => l.startsWith('vs '))).toBe(false);
    expect(again.report.comparison).toBeNull();
  }, 60_000);
});
