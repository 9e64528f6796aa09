// The command line, run as users run it: `node dist/cli/main.js …` in a child
// process (build first: `npx tsc -p tsconfig.json`, or `npm test`'s pretest).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shown } from '../../src/core/errors.js';
import { readModel } from '../../src/scoring/load-model.js';
import { CREATED_AT, DEMO_CONFIG, DEMO_NEW_LEADS, removeTempDirs, RESAMPLES, ROOT, tempDir, trainDemo } from '../scoring/demo-model.js';

const MAIN = join(ROOT, 'dist/cli/main.js');

/** Runs the CLI; `TZ` is UTC unless given. */
function cli(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC', ...env } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
const trainArgs = (modelsDir: string) =>
  ['train', '--config', DEMO_CONFIG, '--models-dir', modelsDir, '--created-at', CREATED_AT, '--resamples', String(RESAMPLES), '--quiet'];
const tmp = (prefix: string) => tempDir(`cli-${prefix}`);
/** The new demo leads file with some lines edited (line 1 is the header). */
function editedLeads(dir: string, edit: (lines: string[][]) => void, keep = 10): string {
  const lines = readFileSync(DEMO_NEW_LEADS, 'utf8').trimEnd().split('\n').slice(0, keep).map((l) => l.split(','));
  edit(lines);
  const path = join(dir, 'edited-leads.csv');
  writeFileSync(path, lines.map((l) => l.join(',')).join('\n') + '\n');
  return path;
}

let modelsDir: string;
let modelPath: string;
let firstTrain: ReturnType<typeof cli>;
beforeAll(() => {
  if (!existsSync(MAIN)) execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  modelsDir = tmp('models');
  modelPath = join(modelsDir, 'demo', '1.0.0.json');
  firstTrain = cli(trainArgs(modelsDir));
}, 120_000);
afterAll(removeTempDirs);

describe('leadvalue: commands and help', () => {
  it('--help exits 0 and lists the commands', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['train', 'score', 'demo', 'generate-demo']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
  });

  it('<command> --help shows that command\'s options', () => {
    const r = cli(['score', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--model <file\.json>/);
  });

  it('an unknown command exits 2 and says which', () => {
    const r = cli(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('an unknown option exits 2, with the nearest option of that command', () => {
    const r = cli(['score', '--modle', 'x.json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('leadvalue: --modle: not an option of leadvalue score; did you mean --model? see leadvalue score --help\n');
    expect(cli(['train', '--conifg', 'configs/demo.json']).stderr).toBe('leadvalue: --conifg: not an option of leadvalue train; did you mean --config? see leadvalue train --help\n');
    // Nothing near: only the help. Short names are not matched loosely (--by is not --in).
    expect(cli(['score', '--frobnicate']).stderr).toBe('leadvalue: --frobnicate: not an option of leadvalue score; see leadvalue score --help\n');
  });

  it('another command\'s option is refused too (it was read and ignored), naming the commands that take it', () => {
    const r = cli(['funnel', '--config', DEMO_CONFIG, '--resamples', '500']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('leadvalue: --resamples: not an option of leadvalue funnel (it is an option of train, compare, audit, demo); see leadvalue funnel --help\n');
  });

  it('--resamples below 20 is refused by every command that takes it, before any work, saying why', () => {
    const why = /^leadvalue: --resamples: must be at least 20 for the 95% bootstrap intervals it sizes \(got 3\); the intervals are the 2\.5th and 97\.5th percentiles of the resamples, which below 20 are the extremes of a handful of draws; leave it out for the default 200/;
    for (const args of [
      ['train', '--config', DEMO_CONFIG, '--resamples', '3'],
      ['compare', '--config', DEMO_CONFIG, '--resamples', '3'],
      ['audit', '--config', DEMO_CONFIG, '--rules', join(ROOT, 'configs/rules/demo.json'), '--resamples', '3'],
    ]) { // (demo passes --resamples to train's check; not run here, as it writes into the working directory)
      const r = cli([...args, '--quiet']);
      expect(r.status, args[0]).toBe(2);
      expect(r.stderr, args[0]).toMatch(why);
      expect(r.stdout, args[0]).toBe('');
    }
  });

  it('a missing required option exits 2 and names it', () => {
    const r = cli(['train']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--config is required/);
  });

  it('a missing required option is said once, without a doubled "leadvalue" prefix', () => {
    const r = cli(['score', '--model', 'm.json', '--in', 'leads.csv']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('leadvalue: --out is required; see leadvalue score --help\n');
  });
});

describe('leadvalue train', () => {
  it('writes <models-dir>/demo/1.0.0.json and prints the labels and held-out metrics', () => {
    expect(firstTrain.stderr).toBe('');
    expect(firstTrain.status).toBe(0);
    expect(firstTrain.stdout).toMatch(/leads 4000 \(2024-01-01 … 2025-12-31\); won 593; horizon 180d/);
    expect(firstTrain.stdout).toMatch(/held-out metrics \(train < 2025-07-01 ≤ test\)/);
    expect(firstTrain.stdout).toMatch(/conversion\s+AUC 0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]/);
    expect(firstTrain.stdout).toMatch(/normalized Gini/);
    expect(firstTrain.stdout).toMatch(/model written: .*1\.0\.0\.json \(version 1\.0\.0\)/);
    expect(readdirSync(join(modelsDir, 'demo'))).toEqual(['1.0.0.json']);
    const model = readModel(modelPath);
    expect(model.model).toMatchObject({ name: 'demo', version: '1.0.0', createdAt: CREATED_AT });
  });

  it('writes the same bytes as the library (prepareData → trainModel → buildModelFile → exportModel)', async () => {
    const library = await trainDemo();
    expect(readFileSync(modelPath, 'utf8')).toBe(library.text);
  }, 120_000);

  it('running again prints "unchanged" and writes nothing new', () => {
    const before = readFileSync(modelPath, 'utf8');
    const r = cli(trainArgs(modelsDir));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/model unchanged: .*1\.0\.0\.json already holds this model \(version 1\.0\.0\)/);
    expect(readdirSync(join(modelsDir, 'demo'))).toEqual(['1.0.0.json']);
    expect(readFileSync(modelPath, 'utf8')).toBe(before);
  }, 60_000);

  it('gives the same file in another time zone', () => {
    const dir = tmp('tz-models');
    const r = cli(trainArgs(dir), { TZ: 'Pacific/Kiritimati' });
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'demo', '1.0.0.json'), 'utf8')).toBe(readFileSync(modelPath, 'utf8'));
  }, 60_000);

  it('refuses a deal-stage feature in a lead-stage model as leakage, naming it, and writes no model', () => {
    const dir = tmp('leakage');
    const config = JSON.parse(readFileSync(DEMO_CONFIG, 'utf8'));
    config.dataDir = join(ROOT, 'data/demo'); // the copy lives elsewhere: its data folder, absolute
    config.model = { ...config.model, features: ['source', 'plan'] };
    writeFileSync(join(dir, 'leaky.json'), JSON.stringify(config, null, 2));
    const out = join(dir, 'models');
    const r = cli(['train', '--config', join(dir, 'leaky.json'), '--models-dir', out, '--resamples', '20', '--quiet']);
    expect(r.status).toBe(2);
    // Named with the config file, and refused as the config is read: before minutes of loading.
    expect(r.stderr).toMatch(/^leadvalue: \S*leaky\.json, field model\.features: feature plan is known only at the deal stage/);
    expect(r.stderr).toMatch(/leakage/);
    expect(r.stderr).toMatch(/remove "plan" from model\.features\n$/);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('a config column that differs from the header in case only says so; a near one is suggested', () => {
    const dir = tmp('column-case');
    const config = JSON.parse(readFileSync(DEMO_CONFIG, 'utf8'));
    config.dataDir = join(ROOT, 'data/demo');
    config.tables.leads.features.Source = config.tables.leads.features.source;
    delete config.tables.leads.features.source;
    writeFileSync(join(dir, 'case.json'), JSON.stringify(config, null, 2));
    const r = cli(['train', '--config', join(dir, 'case.json'), '--models-dir', join(dir, 'models'), '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^leadvalue: \S*leads\.csv: no column "Source" \(got columns "lead_id", .*\); check the spelling: did you mean "source"\? \(names are case-sensitive\)\n$/);
    config.tables.leads.features.sorce = config.tables.leads.features.Source;
    delete config.tables.leads.features.Source;
    writeFileSync(join(dir, 'typo.json'), JSON.stringify(config, null, 2));
    expect(cli(['train', '--config', join(dir, 'typo.json'), '--models-dir', join(dir, 'models'), '--quiet']).stderr).toMatch(/: no column "sorce" \(got columns .*\); check the spelling: did you mean "source"\?\n$/);
  }, 60_000);

  it('a config that does not exist exits 2 naming it', () => {
    const r = cli(['train', '--config', 'configs/nope.json', '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/configs\/nope\.json: cannot read the config file \(got ENOENT\)/);
  });
});

describe('leadvalue score', () => {
  it('writes every input line plus the score columns (301 lines for 300 leads)', () => {
    const dir = tmp('score');
    const out = join(dir, 's.csv');
    const r = cli(['score', '--model', modelPath, '--in', DEMO_NEW_LEADS, '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/scores written: /);
    // Counted from data/demo/new-leads.csv: 24 empty job_level fields, 8 empty employees fields.
    expect(r.stdout).toMatch(/^ {2}note: 24 leads had job_level missing \(scored with the learned missing term\)$/m);
    expect(r.stdout).toMatch(/^ {2}note: 8 leads had employees missing \(scored with the learned missing term\)$/m);
    const input = readFileSync(DEMO_NEW_LEADS, 'utf8').trimEnd().split('\n');
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(301);
    expect(lines[0]).toBe(`${input[0]},p_win,value_if_won,expected_value,score,goal_profile,top_reasons`);
    const mean = readModel(modelPath).params.reference!.expectedValue;
    for (let i = 1; i < lines.length; i++) {
      expect(lines[i].startsWith(input[i] + ',')).toBe(true);
      const [pWin, valueIfWon, ev, score, profile] = lines[i].slice(input[i].length + 1).split(',').map((x, k) => (k === 4 ? x : Number(x))) as number[];
      expect(pWin).toBeGreaterThan(0);
      expect(pWin).toBeLessThan(1);
      expect(valueIfWon).toBeGreaterThan(0);
      expect(Math.abs(ev - pWin * valueIfWon)).toBeLessThanOrEqual(2e-5 * ev); // each rounded to 6 significant digits (≤ 5e-6 relative)
      // The default profile: expected value over its mean on the fit leads (each rounded to 6 significant digits).
      expect(Math.abs(score - ev / mean)).toBeLessThanOrEqual(2e-5 * score);
      expect(profile).toBe('long-term-value');
    }
    expect(readdirSync(dir)).toEqual(['s.csv']);
  });

  it('agrees with the golden scores (test/golden/demo-scores.csv) to the 6 digits it writes', () => {
    const dir = tmp('score-golden');
    const out = join(dir, 's.csv');
    expect(cli(['score', '--model', modelPath, '--in', DEMO_NEW_LEADS, '--out', out, '--quiet']).status).toBe(0);
    const scored = readFileSync(out, 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
    const golden = readFileSync(join(ROOT, 'test/golden/demo-scores.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
    // The golden numbers are themselves rounded (to 8 digits), so the true value lies within half a unit
    // of their 8th digit; where that interval straddles a 6-digit rounding boundary (3271.785 stands for
    // 3271.78495…3271.78505), either 6-digit rounding is the faithful one. Rounding the rounded golden
    // number again would pick one by chance.
    const six = (x: number) => Number(x.toPrecision(6));
    const sixOfGolden = (x: string) => {
      const v = Number(x), half8 = 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(v))) - 7);
      return [...new Set([six(v), six(v - half8), six(v + half8)])];
    };
    golden.forEach(([id, pWin, valueIfWon, ev], i) => {
      expect(scored[i][0]).toBe(id);
      [pWin, valueIfWon, ev].forEach((g, k) => expect(sixOfGolden(g)).toContain(Number(scored[i][10 + k])));
    });
  });

  it('gives the same bytes in another time zone', () => {
    const dir = tmp('score-tz');
    const a = join(dir, 'utc.csv'), b = join(dir, 'kolkata.csv'), c = join(dir, 'la.csv');
    cli(['score', '--model', modelPath, '--in', DEMO_NEW_LEADS, '--out', a, '--quiet']);
    cli(['score', '--model', modelPath, '--in', DEMO_NEW_LEADS, '--out', b, '--quiet'], { TZ: 'Asia/Kolkata' });
    cli(['score', '--model', modelPath, '--in', DEMO_NEW_LEADS, '--out', c, '--quiet'], { TZ: 'America/Los_Angeles' });
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
    expect(readFileSync(c, 'utf8')).toBe(readFileSync(a, 'utf8'));
  });

  it('counts leads whose category was never seen in training, per feature', () => {
    const dir = tmp('unseen');
    const input = editedLeads(dir, (lines) => {
      const col = lines[0].indexOf('industry');
      lines[2][col] = 'mining'; lines[5][col] = 'shipbuilding'; // two leads, levels the demo history never had
    });
    const r = cli(['score', '--model', modelPath, '--in', input, '--out', join(dir, 's.csv'), '--quiet']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}note: 2 leads had a value of industry never seen in training \(scored as the pooled \(other\) level\)$/m);
  });

  it('a bad number on row 5 exits 2 naming file, row and column, and leaves no output and no temporary file', () => {
    const dir = tmp('bad-number');
    const input = editedLeads(dir, (lines) => {
      const col = lines[0].indexOf('pages_viewed');
      lines[4][col] = 'lots'; // line 5 of the file (the header is row 1)
    });
    const outDir = join(dir, 'out');
    mkdirSync(outDir);
    const r = cli(['score', '--model', modelPath, '--in', input, '--out', join(outDir, 's.csv'), '--quiet']);
    expect(r.status).toBe(2);
    // Named with its folder, as given (outside the working directory: absolute), so that one of many files is found.
    expect(r.stderr.startsWith(`leadvalue: ${input} row 5, field pages_viewed: not a number (got "lots")`)).toBe(true);
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('a bad date exits 2 naming row and column', () => {
    const dir = tmp('bad-date');
    const input = editedLeads(dir, (lines) => { lines[7][1] = '2026-13-01'; });
    const out = join(dir, 's.csv');
    const r = cli(['score', '--model', modelPath, '--in', input, '--out', out, '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/edited-leads\.csv row 8, field created_at: not a date \(got "2026-13-01"\)/);
    expect(readdirSync(dir)).toEqual(['edited-leads.csv']);
  });

  it('a bad row after many good ones (past the first output flush) still leaves nothing', () => {
    const dir = tmp('late-bad');
    const big = readFileSync(DEMO_NEW_LEADS, 'utf8').trimEnd().split('\n');
    const rows = [big[0]];
    for (let k = 0; k < 10; k++) rows.push(...big.slice(1)); // 3000 leads, > 64 KiB of output
    const col = big[0].split(',').indexOf('employees');
    const last = rows[rows.length - 1].split(',');
    last[col] = 'many';
    rows[rows.length - 1] = last.join(',');
    const input = join(dir, 'late.csv');
    writeFileSync(input, rows.join('\n') + '\n');
    const r = cli(['score', '--model', modelPath, '--in', input, '--out', join(dir, 's.csv'), '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`late\\.csv row ${rows.length}, field employees`));
    expect(readdirSync(dir)).toEqual(['late.csv']);
  });

  it('a failed run leaves an existing output as it was', () => {
    const dir = tmp('keep-old');
    const input = editedLeads(dir, (lines) => { lines[4][lines[0].indexOf('pages_viewed')] = 'lots'; });
    const out = join(dir, 's.csv');
    writeFileSync(out, 'yesterday\n');
    expect(cli(['score', '--model', modelPath, '--in', input, '--out', out, '--quiet']).status).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('yesterday\n');
    expect(readdirSync(dir).sort()).toEqual(['edited-leads.csv', 's.csv']);
  });

  it('a CSV missing a column the model reads fails naming that column', () => {
    const dir = tmp('no-column');
    const input = editedLeads(dir, (lines) => {
      const col = lines[0].indexOf('pages_viewed');
      for (const l of lines) l.splice(col, 1);
    });
    const out = join(dir, 's.csv');
    const r = cli(['score', '--model', modelPath, '--in', input, '--out', out, '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/edited-leads\.csv row 1: the model reads column pages_viewed, which the file lacks/);
    expect(readdirSync(dir)).toEqual(['edited-leads.csv']);
  });

  it('a row with the wrong number of fields fails naming the row', () => {
    const dir = tmp('ragged');
    const input = editedLeads(dir, (lines) => { lines[3].push('extra'); });
    const r = cli(['score', '--model', modelPath, '--in', input, '--out', join(dir, 's.csv'), '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`leadvalue: ${input} row 4: 11 fields, expected 10; check for unquoted commas\n`);
    expect(readdirSync(dir)).toEqual(['edited-leads.csv']);
    const short = editedLeads(dir, (lines) => { lines[2].pop(); });
    const s = cli(['score', '--model', modelPath, '--in', short, '--out', join(dir, 's.csv'), '--quiet']);
    expect(s.status).toBe(2);
    expect(s.stderr).toBe(`leadvalue: ${short} row 3: 9 fields, expected 10; check for a missing field or a line broken inside a value\n`);
  });

  it('a model file that does not verify is refused before anything is written', () => {
    const dir = tmp('bad-model');
    const text = readFileSync(modelPath, 'utf8').replace('"seed": 42', '"seed": 43');
    writeFileSync(join(dir, 'm.json'), text);
    const out = join(dir, 'out', 's.csv');
    const r = cli(['score', '--model', join(dir, 'm.json'), '--in', DEMO_NEW_LEADS, '--out', out, '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/m\.json, field checksum: does not match the content/);
    expect(existsSync(out)).toBe(false);
  });

  it('an input that does not exist exits 2 naming it', () => {
    const dir = tmp('no-input');
    const nope = join(dir, 'nope.csv');
    const r = cli(['score', '--model', modelPath, '--in', nope, '--out', join(dir, 's.csv'), '--quiet']);
    expect(r.status).toBe(2);
    // As train and goals say it (src/load/read-file-chunks.ts).
    expect(r.stderr).toBe(`leadvalue: ${nope}: file not found (got ${shown(nope)}); check the path and the working directory\n`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a truncated or corrupt .csv.gz exits 2 with the message train and goals give, not a stack trace; nothing is left', () => {
    const dir = tmp('bad-gzip');
    const whole = gzipSync(readFileSync(DEMO_NEW_LEADS));
    const cut = join(dir, 'cut.csv.gz'), crc = join(dir, 'crc.csv.gz');
    writeFileSync(cut, whole.subarray(0, 2000));
    const bad = Buffer.from(whole);
    bad[bad.length - 6] ^= 0xff; // in the CRC-32 of the gzip trailer
    writeFileSync(crc, bad);
    const r = cli(['score', '--model', modelPath, '--in', cut, '--out', join(dir, 's.csv'), '--quiet']);
    expect(r.stderr).toBe(`leadvalue: ${cut}: not a valid gzip file (got "unexpected end of file"); the file may be truncated or corrupt: download or compress it again\n`);
    expect(r.status).toBe(2);
    const c = cli(['score', '--model', modelPath, '--in', crc, '--out', join(dir, 's.csv.gz'), '--quiet']);
    expect(c.stderr).toBe(`leadvalue: ${crc}: not a valid gzip file (got "incorrect data check"); the file may be truncated or corrupt: download or compress it again\n`);
    expect(c.status).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['crc.csv.gz', 'cut.csv.gz']);
  });

  it('a folder as --in exits 2 saying it is one, as goals does', () => {
    const dir = tmp('in-folder');
    const r = cli(['score', '--model', modelPath, '--in', dir, '--out', join(dir, 's.csv'), '--quiet']);
    expect(r.stderr).toBe(`leadvalue: ${dir}: a directory, not a file (got ${shown(dir)}); give the path of a .csv or .csv.gz file\n`);
    expect(r.status).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a Parquet file exits 2 saying it is not a CSV, without its bytes', () => {
    const dir = tmp('parquet');
    const path = join(dir, 'leads.parquet');
    writeFileSync(path, Buffer.concat([Buffer.from('PAR1'), Buffer.from([0x15, 0x04, 0x15, 0xb0, 0x23, 0x00, 0xff, 0x0a, 0x2c])]));
    const r = cli(['score', '--model', modelPath, '--in', path, '--out', join(dir, 's.csv'), '--quiet']);
    expect(r.stderr).toMatch(new RegExp(`^leadvalue: ${path.replaceAll('.', '\\.')}: not a CSV file but a Parquet file \\(it starts with PAR1\\); export it to CSV`));
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\ufffd]/);
    expect(r.status).toBe(2);
  });

  it('--reasons above 100 exits 2 as serve and export-sql say it, before the model or the leads are read', () => {
    const dir = tmp('reasons');
    // No such model or leads: the option is checked first.
    const r = cli(['score', '--model', join(dir, 'm.json'), '--in', join(dir, 'l.csv'), '--out', join(dir, 's.csv'), '--reasons', '101', '--quiet']);
    expect(r.stderr).toBe('leadvalue: --reasons: must be at most 100 (got 101); ask for 0 (none) to 100 reasons per lead\n');
    expect(r.status).toBe(2);
    for (const command of [['export-sql', '--dialect', 'duckdb'], ['serve']]) {
      expect(cli([...command, '--model', join(dir, 'm.json'), '--reasons', '101']).stderr).toBe('leadvalue: --reasons: must be at most 100 (got 101); ask for 0 (none) to 100 reasons per lead\n');
    }
    const hundred = cli(['score', '--model', modelPath, '--in', DEMO_NEW_LEADS, '--out', join(dir, 's.csv'), '--reasons', '100', '--quiet']);
    expect(hundred.status).toBe(0);
    expect(readdirSync(dir)).toEqual(['s.csv']);
  });

  it('says "1 lead", not "1 leads", in its summary and notes', () => {
    const dir = tmp('one-lead');
    // One lead with employees missing and an industry never seen in training.
    const input = editedLeads(dir, (lines) => {
      lines[1][lines[0].indexOf('employees')] = '';
      lines[1][lines[0].indexOf('industry')] = 'shipbuilding';
    }, 2);
    const r = cli(['score', '--model', modelPath, '--in', input, '--out', join(dir, 's.csv')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^ {2}scored 1 lead in /m);
    expect(r.stdout).toMatch(/^ {2}note: 1 lead had a value of industry never seen in training/m);
    expect(r.stdout).toMatch(/^ {2}note: 1 lead had employees missing/m);
    expect(r.stdout + r.stderr).not.toMatch(/\b1 leads\b/);
  });

  it('--help documents --delimiter and gzip output', () => {
    const r = cli(['score', '--help']);
    expect(r.stdout).toMatch(/--delimiter <char>/);
    expect(r.stdout).toMatch(/\.gz/);
  });

  it('--delimiter reads a file in another delimiter than the model\'s; without it the error says the file may use another one', () => {
    const dir = tmp('delimiter');
    const semicolon = join(dir, 'semicolon.csv'), tab = join(dir, 'tab.csv');
    writeFileSync(semicolon, readFileSync(DEMO_NEW_LEADS, 'utf8').replaceAll(',', ';'));
    writeFileSync(tab, readFileSync(DEMO_NEW_LEADS, 'utf8').replaceAll(',', '\t'));
    const plain = join(dir, 'plain.csv');
    expect(cli(['score', '--model', modelPath, '--in', DEMO_NEW_LEADS, '--out', plain, '--quiet']).status).toBe(0);
    const r = cli(['score', '--model', modelPath, '--in', semicolon, '--out', join(dir, 's.csv'), '--quiet', '--delimiter', ';']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 's.csv'), 'utf8')).toBe(readFileSync(plain, 'utf8'));
    // A tab is hard to type: "\t" (backslash t) and "tab" mean it.
    for (const d of ['\\t', 'tab']) {
      expect(cli(['score', '--model', modelPath, '--in', tab, '--out', join(dir, 't.csv'), '--quiet', '--delimiter', d]).status).toBe(0);
      expect(readFileSync(join(dir, 't.csv'), 'utf8')).toBe(readFileSync(plain, 'utf8'));
    }
    const without = cli(['score', '--model', modelPath, '--in', semicolon, '--out', join(dir, 'x.csv'), '--quiet']);
    expect(without.status).toBe(2);
    expect(without.stderr).toMatch(/semicolon\.csv row 1: the model reads columns .*; the file may use another delimiter than ","; its header is one column holding ";": give the delimiter \(leadvalue score --delimiter ";"\)/);
    const bad = cli(['score', '--model', modelPath, '--in', semicolon, '--out', join(dir, 'x.csv'), '--quiet', '--delimiter', ';;']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^leadvalue: --delimiter: not a single-byte separator \(got ";;"\)/);
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });

  it('--out x.csv.gz writes gzip', () => {
    const dir = tmp('gz-out');
    const r = cli(['score', '--model', modelPath, '--in', DEMO_NEW_LEADS, '--out', join(dir, 's.csv.gz'), '--quiet']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/scores written: .*s\.csv\.gz/);
    const text = gunzipSync(readFileSync(join(dir, 's.csv.gz'))).toString('utf8');
    expect(text.split('\n')[0]).toMatch(/,p_win,value_if_won,expected_value,score,goal_profile,top_reasons$/);
    expect(text.trimEnd().split('\n')).toHaveLength(301);
    expect(readdirSync(dir)).toEqual(['s.csv.gz']);
  });
});
