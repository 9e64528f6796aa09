// Output paths the CLI cannot write are refused before any work, naming the option
// (not Node's EISDIR / EEXIST at the end), and an interrupted `score` leaves nothing behind.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG, DEMO_NEW_LEADS, removeTempDirs, ROOT, tempDir } from '../scoring/demo-model.js';

const MAIN = join(ROOT, 'dist/cli/main.js');
const MODEL = join(ROOT, 'models/demo/1.3.0.json');
const cli = (args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
afterAll(removeTempDirs);

describe('output paths', () => {
  const dir = tempDir('out-paths');
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  const cases: [string, string[], RegExp][] = [
    ['score --out a folder', ['score', '--model', MODEL, '--in', DEMO_NEW_LEADS, '--out', dir], /^leadvalue: --out .*out-paths[^ ]*: is a folder; give a file name inside it\n$/],
    ['score --out a folder name (trailing slash)', ['score', '--model', MODEL, '--in', DEMO_NEW_LEADS, '--out', join(dir, 'new-folder') + '/'], /^leadvalue: --out .*new-folder\/: is a folder; give a file name inside it\n$/],
    ['score --out inside a file', ['score', '--model', MODEL, '--in', DEMO_NEW_LEADS, '--out', join(file, 'o.csv')], /^leadvalue: --out .*a-file\/o\.csv: cannot be created: .*a-file is a file, not a folder; choose another path\n$/],
    ['score --out = --in', ['score', '--model', MODEL, '--in', DEMO_NEW_LEADS, '--out', DEMO_NEW_LEADS], /^leadvalue: --out .*new-leads\.csv: is a file this command reads \(got ".*new-leads\.csv"\); write the output to another file\n$/],
    ['score --out = --model', ['score', '--model', MODEL, '--in', DEMO_NEW_LEADS, '--out', MODEL], /^leadvalue: --out .*1\.3\.0\.json: is a file this command reads/],
    ['goals --out = --model', ['goals', '--model', MODEL, '--in', DEMO_NEW_LEADS, '--out', MODEL], /^leadvalue: --out .*1\.3\.0\.json: is a file this command reads/],
    ['compare --report = --config', ['compare', '--config', DEMO_CONFIG, '--kinds', 'glm/glm', '--report', DEMO_CONFIG, '--quiet'], /^leadvalue: --report .*demo\.json: is a file this command reads/],
    ['train --report = --config', ['train', '--config', DEMO_CONFIG, '--models-dir', join(dir, 'models'), '--report', DEMO_CONFIG, '--quiet'], /^leadvalue: --report .*demo\.json: is a file this command reads/],
    ['audit --report = --rules', ['audit', '--config', DEMO_CONFIG, '--rules', join(ROOT, 'configs/rules/demo.json'), '--report', join(ROOT, 'configs/rules/demo.json'), '--quiet'], /^leadvalue: --report .*rules\/demo\.json: is a file this command reads/],
    ['export-sql --out a folder', ['export-sql', '--model', MODEL, '--dialect', 'duckdb', '--out', dir], /^leadvalue: --out .*: is a folder/],
    ['goals --out inside a file', ['goals', '--model', MODEL, '--in', DEMO_NEW_LEADS, '--out', join(file, 'x.csv')], /^leadvalue: --out .*: cannot be created: .*a-file is a file/],
    ['train --report a folder', ['train', '--config', DEMO_CONFIG, '--models-dir', join(dir, 'models'), '--report', dir, '--quiet'], /^leadvalue: --report .*: is a folder/],
    ['audit --report inside a file', ['audit', '--config', DEMO_CONFIG, '--rules', join(ROOT, 'configs/rules/demo.json'), '--report', join(file, 'r.json'), '--quiet'], /^leadvalue: --report .*: cannot be created/],
  ];
  it.each(cases)('%s: exit 2, a one-line message, nothing written', (_name, args, message) => {
    const before = readdirSync(dir).sort();
    const r = cli(args);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});

describe('an interrupted score', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s while writing: exit 130/143, the message, no output and no temporary file', async (signal) => {
    const dir = tempDir(`interrupt-${signal}`);
    // Enough leads that scoring takes seconds: the demo's new leads, repeated.
    const [header, ...rows] = (await import('node:fs')).readFileSync(DEMO_NEW_LEADS, 'utf8').trimEnd().split('\n');
    const input = join(dir, 'many.csv');
    writeFileSync(input, [header, ...Array.from({ length: 1000 }, () => rows).flat()].join('\n') + '\n');
    const outDir = join(dir, 'out');
    mkdirSync(outDir);
    const child = spawn(process.execPath, [MAIN, 'score', '--model', MODEL, '--in', input, '--out', join(outDir, 's.csv'), '--quiet'], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    // Wait until the temporary file exists (scoring has started writing), then interrupt.
    for (let i = 0; i < 400 && !readdirSync(outDir).some((f) => f.endsWith('.tmp')); i++) await new Promise((r) => setTimeout(r, 25));
    expect(readdirSync(outDir).some((f) => f.endsWith('.tmp'))).toBe(true);
    child.kill(signal);
    expect(await exited).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(stderr).toMatch(new RegExp(`leadvalue: interrupted \\(${signal}\\); no partial output was left`));
    expect(readdirSync(outDir)).toEqual([]);
    expect(existsSync(join(outDir, 's.csv'))).toBe(false);
  }, 60_000);
});
