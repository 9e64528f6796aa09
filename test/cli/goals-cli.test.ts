// `leadvalue score --goals`, `leadvalue train --goals` and `leadvalue goals`,
// run as users run them: `node dist/cli/main.js …` in a child process.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModel } from '../../src/scoring/load-model.js';
import { CREATED_AT, DEMO_CONFIG, DEMO_NEW_LEADS, removeTempDirs, RESAMPLES, ROOT, tempDir } from '../scoring/demo-model.js';

const MAIN = join(ROOT, 'dist/cli/main.js');
const GROW = join(ROOT, 'configs/goals/grow-enterprise-value.json');
const PIPELINE = join(ROOT, 'configs/goals/fill-the-pipeline.json');
function cli(args: string[]) {
  const run = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

let modelPath: string;
let withGoals: { status: number | null; modelPath: string };
beforeAll(() => {
  if (!existsSync(MAIN)) execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  const train = (dir: string, extra: string[] = []) =>
    cli(['train', '--config', DEMO_CONFIG, '--models-dir', dir, '--created-at', CREATED_AT, '--resamples', String(RESAMPLES), '--quiet', ...extra]);
  const dir = tempDir('cli-goals-models');
  expect(train(dir).status).toBe(0);
  modelPath = join(dir, 'demo', '1.0.0.json');
  const dir2 = tempDir('cli-goals-models');
  withGoals = { status: train(dir2, ['--goals', GROW]).status, modelPath: join(dir2, 'demo', '1.0.0.json') };
}, 120_000);
afterAll(removeTempDirs);

describe('leadvalue train --goals', () => {
  it('stores the profile in the model file', () => {
    expect(withGoals.status).toBe(0);
    expect(readModel(withGoals.modelPath).goals.name).toBe('grow-enterprise-value');
    expect(readModel(modelPath).goals.name).toBe('long-term-value');
  });

  it('a profile naming a feature the model lacks fails after training, before anything is written', () => {
    const dir = tempDir('cli-goals-bad');
    writeFileSync(join(dir, 'g.json'), JSON.stringify({ name: 'x', weights: { expectedValue: 1 }, segments: [{ name: 'de', feature: 'country', levels: ['de'] }] }));
    const r = cli(['train', '--config', DEMO_CONFIG, '--models-dir', join(dir, 'models'), '--resamples', '20', '--quiet', '--goals', join(dir, 'g.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/g\.json, field segments\[0\]\.feature: not a feature of the model \(got "country"\)/);
    expect(existsSync(join(dir, 'models'))).toBe(false);
  }, 120_000);
});

describe('leadvalue score --goals', () => {
  it('re-ranks with the override and records its name in goal_profile, and says so', () => {
    const dir = tempDir('cli-goals-score');
    const out = join(dir, 's.csv');
    const r = cli(['score', '--model', modelPath, '--in', DEMO_NEW_LEADS, '--out', out, '--goals', PIPELINE]);
    expect(r.status).toBe(0);
    expect(r.stderr + r.stdout).toMatch(/goals: fill-the-pipeline, override from .*fill-the-pipeline\.json; the model file's is long-term-value/);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    const header = lines[0].split(',');
    expect(header.slice(-3)).toEqual(['score', 'goal_profile', 'top_reasons']);
    const col = header.indexOf('goal_profile');
    expect(lines.slice(1).every((l) => l.split(',')[col] === 'fill-the-pipeline')).toBe(true);
  });

  it('an invalid profile exits 2 naming the field, and writes nothing', () => {
    const dir = tempDir('cli-goals-score-bad');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ name: 'x', weights: { expectedValue: 'high' } }));
    const r = cli(['score', '--model', modelPath, '--in', DEMO_NEW_LEADS, '--out', join(dir, 's.csv'), '--goals', join(dir, 'bad.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^leadvalue: .*bad\.json, field weights\.expectedValue: not a number \(got "high"\); use a number ≥ 0/);
    expect(readdirSync(dir)).toEqual(['bad.json']);
  });
});

describe('leadvalue goals', () => {
  it('--help describes the options', () => {
    const r = cli(['goals', '--help']);
    expect(r.status).toBe(0);
    for (const o of ['--against', '--capacity', '--config', '--rule', '--from']) expect(r.stdout).toContain(o);
    expect(cli(['--help']).stdout).toMatch(/^ {2}goals /m);
  });

  it('compares two profiles on the new leads: the table, the overlap, moves with reasons', () => {
    const r = cli(['goals', '--model', modelPath, '--in', DEMO_NEW_LEADS, '--goals', GROW, '--against', PIPELINE, '--quiet', '--moves', '3']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/300 leads created 2026-04-01 … 2026-04-30; capacity 10 leads per week over 4\.3 weeks → 43 worked/);
    expect(r.stdout).toMatch(/A: grow-enterprise-value +B: fill-the-pipeline +random \(expected, A\)/);
    expect(r.stdout).toMatch(/^ {2}expected value \(Σ P\(win\) × value\) +[\d,]+ +[\d,]+ +[\d,]+$/m);
    expect(r.stdout).toMatch(/^overlap: \d+ worked under both, \d+ only under A, \d+ only under B \(Jaccard 0\.\d\d\)$/m);
    expect(r.stdout).toMatch(/moved in under B, best rank under B first \(3 of \d+\):/);
    expect(r.stdout).toMatch(/weights ×[\d.]+ \(expected value [\d.]+×, P\(win\) [\d.]+×, value if won [\d.]+× the average lead\)/);
  });

  it('one profile with a batch capacity, today\'s rule from a column, realised outcomes from the history, per-lead CSV', () => {
    const dir = tempDir('cli-goals-history');
    const out = join(dir, 'ranks.csv');
    const r = cli(['goals', '--model', modelPath, '--config', DEMO_CONFIG, '--from', '2025-07-01', '--capacity', '100', '--rule', 'demo_requested', '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/note: the model was fit on 1201 of these leads: realised numbers on them are in-sample/);
    expect(r.stdout).toMatch(/1201 leads created 2025-07-01 … 2025-12-31; capacity 100 leads in this batch → 100 worked/);
    expect(r.stdout).toMatch(/^ {2}realised wins +\d+ +[\d.]+ +\d+ +[\d.]+$/m);
    expect(r.stdout).toMatch(/share of all realised value/);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    // The model outputs behind the score (was lead_id,created_at,score,rank,worked,goal_profile,segments): expected wins and value of the worked leads from the file alone.
    expect(lines[0]).toBe('lead_id,created_at,p_win,value_if_won,expected_value,score,rank,worked,goal_profile,segments');
    expect(lines).toHaveLength(1202);
    const worked = lines.slice(1).map((l) => l.split(',')).filter((c) => c[7] === '1');
    expect(worked).toHaveLength(100);
    for (const c of worked) expect(Number(c[4])).toBeCloseTo(Number(c[2]) * Number(c[3]), -1); // expected value = P(win) × value if won (6 significant digits each)
    const wins = worked.reduce((n, c) => n + Number(c[2]), 0);
    expect(r.stdout).toContain(`expected wins (Σ P(win))`);
    expect(r.stdout).toMatch(new RegExp(`expected wins \\(Σ P\\(win\\)\\) +${wins.toFixed(1).replace('.', '\\.')} `));
  });

  it('--rules applies a rule set to the history: "asked for a demo" as a rule set equals the demo_requested column', () => {
    const dir = tempDir('cli-goals-rules');
    writeFileSync(join(dir, 'rules.json'), JSON.stringify({ name: 'demo-asked', qualify: { minPoints: 1 }, rules: [{ name: 'demo', when: { feature: 'demo_requested', in: [1] }, points: 1 }] }));
    const base = ['goals', '--model', modelPath, '--config', DEMO_CONFIG, '--from', '2025-07-01', '--capacity', '10/week', '--quiet'];
    const bySet = cli([...base, '--rules', join(dir, 'rules.json')]);
    const byColumn = cli([...base, '--rule', 'demo_requested']);
    expect(bySet.stderr).toBe('');
    expect(bySet.status).toBe(0);
    expect(bySet.stdout).toMatch(/rule demo-asked/);
    expect(bySet.stdout.replace(/demo-asked/g, 'X').replace(/ +/g, ' ')).toBe(byColumn.stdout.replace(/demo_requested/g, 'X').replace(/ +/g, ' '));
    expect(cli(['goals', '--model', modelPath, '--in', DEMO_NEW_LEADS, '--capacity', '5', '--rules', join(dir, 'rules.json')]).stderr).toMatch(/--rules: needs --config/);
  }, 60_000);

  it('a profile without capacity and no --capacity exits 2, saying how to give one', () => {
    const r = cli(['goals', '--model', modelPath, '--in', DEMO_NEW_LEADS]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/goal profile "long-term-value": has no capacity; .*--capacity 40\/week/);
  });

  it('one lead is "1 lead" in the progress line', () => {
    const path = join(tempDir('cli-goals-one'), 'one.csv');
    writeFileSync(path, readFileSync(DEMO_NEW_LEADS, 'utf8').split('\n').slice(0, 2).join('\n') + '\n');
    const r = cli(['goals', '--model', modelPath, '--in', path, '--capacity', '1']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^ {2}read 1 lead from \S*one\.csv$/m);
  });

  it('a bad capacity exits 2 naming the option', () => {
    const r = cli(['goals', '--model', modelPath, '--in', DEMO_NEW_LEADS, '--capacity', '10/day']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--capacity: not a capacity \(got "10\/day"\); write leads per period: 40\/week/);
  });
});
