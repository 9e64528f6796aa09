// `leadvalue train` (trainCommand, in process) on the demo with one typo of
// 1e300 on leads.csv row 6: in a 0/1 column it used to overflow the feature's
// sd and write a model file score refused ("features[5].scale: expected a
// number (got "Infinity")"); in a log1p column it silently made every goal
// score ~1e-222. Now the model file loads and a warning names the value.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainCommand } from '../../src/cli/commands.js';
import { fileLabel } from '../../src/core/file-label.js';
import type { Progress } from '../../src/cli/progress.js';
import { readModel } from '../../src/scoring/load-model.js';
import { DEMO_CONFIG, removeTempDirs, ROOT, tempDir } from '../scoring/demo-model.js';

afterAll(removeTempDirs);

/** Trains the demo with `value` in column `column` (0-based) of leads.csv row 6 (lead L00005); returns the printed lines and the model file path. */
async function trainWithTypo(column: number, value: string): Promise<{ lines: string[]; modelPath: string; dataDir: string }> {
  const dataDir = tempDir('typo-data');
  for (const name of readdirSync(join(ROOT, 'data/demo')).filter((n) => n.endsWith('.csv'))) copyFileSync(join(ROOT, 'data/demo', name), join(dataDir, name));
  const lines = readFileSync(join(dataDir, 'leads.csv'), 'utf8').split('\n');
  const fields = lines[5].split(',');
  fields[column] = value;
  lines[5] = fields.join(',');
  writeFileSync(join(dataDir, 'leads.csv'), lines.join('\n'));
  const out: string[] = [];
  const progress: Progress = { update: () => {}, done: () => {} };
  const { modelPath } = await trainCommand({ config: DEMO_CONFIG, dataDir, modelsDir: join(tempDir('typo-models'), 'models'), resamples: 20 }, progress, (l) => out.push(l));
  return { lines: out, modelPath, dataDir };
}

describe('leadvalue train: one typo of 1e300 in a number column', () => {
  it('in demo_requested (0/1, no log1p): the model file loads, and the warning names the file row', async () => {
    const { lines, modelPath, dataDir } = await trainWithTypo(8, '1e300');
    const model = readModel(modelPath); // before: field features[5].scale: expected a number (got "Infinity")
    const demo = model.features.find((f) => f.name === 'demo_requested');
    expect(demo).toMatchObject({ kind: 'number' });
    expect(Number.isFinite(demo!.kind === 'number' && demo!.scale)).toBe(true);
    expect(lines.filter((l) => l.startsWith('warning: '))).toEqual([
      `warning: demo_requested: 1 training value more than 10 sd from the mean (first: ${fileLabel(join(dataDir, 'leads.csv'))} row 6, column demo_requested, 1e+300): a typo or a unit? ` +
      'The model extrapolates such values, and a lead predicted far off the others moves the goal scores\' reference (the mean prediction): correct the value or leave the lead out',
    ]);
  }, 60_000);

  it('in employees (log1p): the warning says "after log1p" and names the file row', async () => {
    const { lines, dataDir } = await trainWithTypo(5, '1e300');
    expect(lines.filter((l) => l.startsWith('warning: '))).toEqual([
      expect.stringMatching(new RegExp(`^warning: employees: 1 training value more than 10 sd from the mean after log1p \\(first: ${fileLabel(join(dataDir, 'leads.csv')).replace(/[.]/g, '\\.')} row 6, column employees, 1e\\+300\\): a typo or a unit\\? `)),
    ]);
  }, 60_000);
});
