// Where the CLI's outputs go (src/core/output-target.ts): `--out -` is standard output (score, export-sql), a symlink
// is written through (the file it points to is replaced, the link stays), a FIFO or a device is written in place,
// and an output that cannot be written is one line and exit 2, never a stack trace. And `score` copies the fields of
// its input byte for byte, bytes that are not UTF-8 too.
import { execFileSync, spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sealModel, serializeModel, writeFileAtomic } from '../../src/export/write-model-file.js';
import { DEMO_NEW_LEADS, removeTempDirs, ROOT, tempDir } from '../scoring/demo-model.js';

const MAIN = join(ROOT, 'dist/cli/main.js');
const MODEL = join(ROOT, 'models/demo/1.4.0.json');
const run = (args: string[], options: SpawnSyncOptions = {}) =>
  spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, env: { ...process.env, TZ: 'UTC' }, ...options }) as ReturnType<typeof spawnSync> & { stdout: Buffer; stderr: Buffer };
afterAll(removeTempDirs);

/** The scores of the demo's new leads written to a plain file: what every other target must receive. */
function scoresAsFile(dir: string): Buffer {
  const out = join(dir, 'plain.csv');
  expect(run(['score', '--model', MODEL, '--in', DEMO_NEW_LEADS, '--out', out, '--quiet']).status).toBe(0);
  return readFileSync(out);
}

describe('--out -: standard output', () => {
  it('score writes the CSV to standard output and every message to standard error (before: a file named "-")', () => {
    const dir = tempDir('out-dash');
    const expected = scoresAsFile(dir);
    const r = run(['score', '--model', MODEL, '--in', DEMO_NEW_LEADS, '--out', '-'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(Buffer.compare(r.stdout, expected)).toBe(0);
    expect(r.stderr.toString()).toMatch(/^ {2}scored 300 leads in [\d.]+ s with demo 1\.4\.0 \(goals: long-term-value\)\nscores written to standard output\n/);
    expect(existsSync(join(dir, '-'))).toBe(false);
  });

  it('export-sql writes the SQL to standard output, as without --out (before: a file named "-")', () => {
    const dir = tempDir('out-dash-sql');
    const r = run(['export-sql', '--model', MODEL, '--dialect', 'duckdb', '--out', '-'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stderr.toString()).toBe('');
    expect(r.stdout.toString()).toBe(run(['export-sql', '--model', MODEL, '--dialect', 'duckdb'], { cwd: dir }).stdout.toString());
    expect(existsSync(join(dir, '-'))).toBe(false);
  });

  it('/dev/stdout when standard output is a pipe: written in place, the messages to standard error (before: replaced by a regular file as root)', () => {
    const dir = tempDir('out-devstdout');
    const expected = scoresAsFile(dir);
    const r = run(['score', '--model', MODEL, '--in', DEMO_NEW_LEADS, '--out', '/dev/stdout']);
    expect(r.stderr.toString()).toMatch(/scores written: \/dev\/stdout\n/);
    expect(r.status).toBe(0);
    expect(Buffer.compare(r.stdout, expected)).toBe(0);
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
  });

  it('commands that print their report on standard output refuse it: goals --out -, train --report -', () => {
    const r = run(['goals', '--model', MODEL, '--in', DEMO_NEW_LEADS, '--out', '-']);
    expect(r.stderr.toString()).toBe('leadvalue: --out -: standard output is not an output of this command: it prints its results there; give a file name\n');
    expect(r.status).toBe(2);
    expect(run(['train', '--config', join(ROOT, 'configs/demo.json'), '--report', '-', '--quiet']).stderr.toString()).toMatch(/^leadvalue: --report -: standard output is not an output/);
  });
});

describe('a symlink is written through', () => {
  it.each([
    ['score', (out: string) => ['score', '--model', MODEL, '--in', DEMO_NEW_LEADS, '--out', out, '--quiet'], /^lead_id,.*,top_reasons\n/],
    ['export-sql', (out: string) => ['export-sql', '--model', MODEL, '--dialect', 'postgres', '--out', out], /^-- leadvalue model demo 1\.4\.0/],
    ['goals', (out: string) => ['goals', '--model', MODEL, '--in', DEMO_NEW_LEADS, '--capacity', '10', '--out', out, '--quiet'], /^lead_id,created_at,p_win,value_if_won,expected_value,score,rank,worked/],
  ] as const)('%s --out <symlink>: the file it points to is replaced, the link stays (before: the link was replaced by a regular file)', (_name, args, content) => {
    const dir = tempDir('out-symlink');
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'target'), 'old\n');
    symlinkSync('real/target', join(dir, 'link'));
    const r = run(args(join(dir, 'link')));
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(0);
    expect(lstatSync(join(dir, 'link')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link'))).toBe('real/target');
    expect(readFileSync(join(dir, 'real', 'target'), 'utf8')).toMatch(content);
    expect(readdirSync(dir).sort()).toEqual(['link', 'real']);
    expect(readdirSync(join(dir, 'real'))).toEqual(['target']); // the temporary file was beside the target, and is gone
  });

  it('a symlink pointing nowhere yet: the file is created where it points', () => {
    const dir = tempDir('out-dangling');
    mkdirSync(join(dir, 'real'));
    symlinkSync('real/new.sql', join(dir, 'link.sql'));
    writeFileAtomic(join(dir, 'link.sql'), 'SELECT 1;\n');
    expect(lstatSync(join(dir, 'link.sql')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real', 'new.sql'), 'utf8')).toBe('SELECT 1;\n');
  });

  it('a symlink to the input is the input, and refused', () => {
    const dir = tempDir('out-link-input');
    symlinkSync(DEMO_NEW_LEADS, join(dir, 'leads-link.csv'));
    const r = run(['score', '--model', MODEL, '--in', DEMO_NEW_LEADS, '--out', join(dir, 'leads-link.csv')]);
    expect(r.stderr.toString()).toMatch(/^leadvalue: --out .*leads-link\.csv: is a file this command reads/);
    expect(r.status).toBe(2);
  });
});

describe('a FIFO is written in place (no temporary file, no rename)', () => {
  const fifo = (dir: string) => {
    const path = join(dir, 'pipe');
    try { execFileSync('mkfifo', [path]); } catch { return null; }
    return path;
  };
  it.each([
    ['score', (out: string) => ['score', '--model', MODEL, '--in', DEMO_NEW_LEADS, '--out', out, '--quiet']],
    ['export-sql', (out: string) => ['export-sql', '--model', MODEL, '--dialect', 'duckdb', '--out', out]],
  ] as const)('%s --out <fifo>: a reader gets the whole output; the FIFO stays a FIFO', async (name, args) => {
    const dir = tempDir('out-fifo');
    const path = fifo(dir);
    if (!path) return; // no mkfifo here
    const expected = name === 'score' ? scoresAsFile(dir) : run(['export-sql', '--model', MODEL, '--dialect', 'duckdb']).stdout;
    const reader = spawn('cat', [path]);
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (d: Buffer) => chunks.push(d));
    const read = new Promise((done) => reader.on('exit', done));
    const writer = spawn(process.execPath, [MAIN, ...args(path)], { cwd: ROOT, env: { ...process.env, TZ: 'UTC' } });
    const status = await new Promise((done) => writer.on('exit', done));
    await read;
    expect(status).toBe(0);
    expect(Buffer.compare(Buffer.concat(chunks), expected)).toBe(0);
    expect(lstatSync(path).isFIFO()).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('an output that cannot be written: one line naming it, exit 2 (before: export-sql printed a stack trace, exit 1)', () => {
  // Root may write anywhere: run the CLI as nobody then (the repository and the model must be readable by all).
  const asRoot = process.getuid?.() === 0;
  const options: SpawnSyncOptions = asRoot ? { uid: 65534, gid: 65534 } : {};
  const readOnly = () => {
    const dir = tempDir('out-readonly');
    chmodSync(dir, 0o755);
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    return locked;
  };
  it.each([
    ['export-sql', (out: string) => ['export-sql', '--model', MODEL, '--dialect', 'duckdb', '--out', out], 'the SQL file'],
    ['score', (out: string) => ['score', '--model', MODEL, '--in', DEMO_NEW_LEADS, '--out', out, '--quiet'], 'the scores file'],
    ['goals', (out: string) => ['goals', '--model', MODEL, '--in', DEMO_NEW_LEADS, '--capacity', '10', '--out', out, '--quiet'], 'the file'],
  ] as const)('%s --out into a folder it may not write', (_name, args, what) => {
    const locked = readOnly();
    const r = run(args(join(locked, 'out.x')), options);
    expect(r.stderr.toString()).toMatch(new RegExp(`^leadvalue: .*locked/out\\.x: cannot write ${what} \\(got EACCES\\); check that its folder exists and is writable\\n$`));
    expect(r.status).toBe(2);
    expect(readdirSync(locked)).toEqual([]);
  });
});

describe('score copies its input\'s fields byte for byte', () => {
  it('bytes that are not UTF-8 stay as they are, in plain and quoted fields and in the header (before: each became U+FFFD)', () => {
    const dir = tempDir('out-bytes');
    const lines = [
      'lead_id,source,industry,employees,job_level,pages_viewed,demo_requested,free_email,created_at,note\xe9',
      'A\xe91,referral,finance,250,vp,6,1,0,2026-04-02,caf\xc3\xa9', // Latin-1 é in the id, UTF-8 é in the note
      'A2,referral,finance,250,vp,6,1,0,2026-04-02,"x\xe9,y ""q"""', // quoted, with a comma and quotes
      'A3,r\xe9f,finance,250,vp,6,1,0,2026-04-02,plain', // a byte that is not UTF-8 in a column the model reads
    ];
    const input = join(dir, 'leads.csv');
    writeFileSync(input, Buffer.from(lines.join('\n') + '\n', 'latin1'));
    const r = run(['score', '--model', MODEL, '--in', input, '--out', '-']);
    expect(r.stderr.toString()).toMatch(/scored 3 leads/);
    expect(r.status).toBe(0);
    const out = r.stdout.toString('latin1').split('\n');
    expect(out[0]).toBe('lead_id,source,industry,employees,job_level,pages_viewed,demo_requested,free_email,created_at,note\xe9,p_win,value_if_won,expected_value,score,goal_profile,top_reasons');
    expect(out[1].startsWith('A\xe91,referral,finance,250,vp,6,1,0,2026-04-02,caf\xc3\xa9,0.461791,17161.7,7925.1,12.271,long-term-value,')).toBe(true);
    expect(out[2].startsWith('A2,referral,finance,250,vp,6,1,0,2026-04-02,"x\xe9,y ""q""",0.461791,')).toBe(true);
    // The model reads the text as UTF-8 decodes it (an unseen level); the output keeps the byte.
    expect(out[3].startsWith('A3,r\xe9f,finance,')).toBe(true);
    expect(r.stdout.includes(Buffer.from([0xef, 0xbf, 0xbd]))).toBe(false);
  });
});

describe('a model file of a newer minor format: the CLI warns (before: read silently)', () => {
  it('export-sql on standard error, never into the SQL; score after its notes', () => {
    const dir = tempDir('newer-format');
    const { checksum: _c, ...content } = JSON.parse(readFileSync(MODEL, 'utf8'));
    const path = join(dir, '1.9.json');
    writeFileSync(path, serializeModel(sealModel({ ...content, format: { name: 'leadvalue-model', version: '1.9.0' } })));
    const warning = `warning: ${path}: model file format 1.9.0 is newer than this reader's 1.3.0: a newer minor version can change what a field means, ` +
      `so the scores may not be what its writer computes; read it with a leadvalue that knows format 1.9 (leadvalue ${content.model.producer.version} wrote it), or re-export the model with this one\n`;
    const sql = run(['export-sql', '--model', path, '--dialect', 'duckdb']);
    expect(sql.status).toBe(0);
    expect(sql.stderr.toString()).toBe(warning);
    expect(sql.stdout.toString()).toMatch(/^-- leadvalue model demo 1\.4\.0/);
    expect(sql.stdout.toString()).not.toMatch(/warning/);
    const scored = run(['score', '--model', path, '--in', DEMO_NEW_LEADS, '--out', join(dir, 's.csv'), '--quiet']);
    expect(scored.status).toBe(0);
    expect(scored.stdout.toString().endsWith(warning)).toBe(true);
  });
});

describe('a reader that goes away (`leadvalue … | head -1`)', () => {
  it('train ends quietly with exit code 141, as a process killed by SIGPIPE, writing no model (before: an EPIPE stack trace, exit 1)', async () => {
    const dir = tempDir('epipe');
    const child = spawn(process.execPath, [MAIN, 'train', '--config', join(ROOT, 'configs/demo.json'), '--models-dir', dir, '--resamples', '20'], { cwd: ROOT, env: { ...process.env, TZ: 'UTC' } });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    // Close the reading end after the first line: every later write of the report meets a closed pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(141);
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
    expect(readdirSync(dir)).toEqual([]);
  });
});
