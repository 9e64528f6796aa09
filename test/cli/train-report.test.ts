// What `leadvalue train` prints about the parts it trained (trainCommand,
// src/cli/commands.ts, called in process): which fit the held-out metrics
// describe and which one is exported, an EBM number's strongest bins, and a
// part that ranks nothing said in words. Olist cases run where its data is
// (../shared/data/olist, never copied into the repository).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
