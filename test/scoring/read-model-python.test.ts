// Python interop (README, "Reading the model file from Python"): scripts/read_model.py,
// standard library only, verifies a model file's format and checksum and computes
// P(win) of a lead under a GLM win part. It must agree with the production scorer
// (scoreLead) to 1e-12, and its canonical JSON must be leadvalue's byte for byte.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical-json.js';
import { createRng } from '../../src/core/rng.js';
import { sealModel, serializeModel } from '../../src/export/write-model-file.js';
import { parseModel, readModel } from '../../src/scoring/load-model.js';
import type { ModelFile } from '../../src/scoring/model-types.js';
import { scoreLead } from '../../src/scoring/score-lead.js';
import { LeadvalueError } from '../../src/core/errors.js';
import { generateLeads } from '../sql/sql-leads.js';
import { dateAndGoalsVariant } from '../sql/sql-models.js';
import { DEMO_NEW_LEADS, readPlainCsv, removeTempDirs, ROOT, tempDir } from './demo-model.js';
import { trainedFiles } from './model-schema-cases.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(ROOT, 'scripts/read_model.py');
const available = spawnSync(PYTHON, ['--version'], { encoding: 'utf8' }).status === 0;

/** Runs read_model.py with these arguments; returns its exit status, parsed output and stderr. */
function runScript(args: string[]): { status: number | null; out: { format: string; checksum: string; pWin: number[] } | null; stderr: string } {
  const run = spawnSync(PYTHON, [SCRIPT, ...args], { encoding: 'utf8', cwd: ROOT });
  return { status: run.status, out: run.status === 0 ? JSON.parse(run.stdout) : null, stderr: run.stderr };
}

/** Runs read_model.py on a model file and leads (as JSON). */
const readWithPython = (path: string, leads: unknown) => runScript([path, JSON.stringify(leads)]);

/** A refusal as the script gives it: one line on stderr, exit status 1, no traceback. */
function expectRefusal(run: ReturnType<typeof runScript>, message: RegExp): void {
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/Traceback/);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.status).toBe(1);
}

/** P(win) or the refusal's message of each lead, from read_model.py's p_win in one Python process. */
function pythonScores(path: string, leads: unknown[]): (number | string)[] {
  const code = 'import json, sys; sys.path.insert(0, "scripts"); from read_model import read_model, p_win\n' +
    'model, out = read_model(sys.argv[1]), []\n' +
    'for lead in json.load(sys.stdin):\n' +
    '    try:\n        out.append(p_win(model, lead))\n    except ValueError as e:\n        out.append(str(e))\n' +
    'print(json.dumps(out))';
  const run = spawnSync(PYTHON, ['-c', code, path], { encoding: 'utf8', cwd: ROOT, input: JSON.stringify(leads), maxBuffer: 64 << 20 });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

/** scoreLead's P(win), or its message when it refuses the lead. */
function tsScore(model: ModelFile, lead: unknown): number | string {
  try {
    return scoreLead(model, lead as Record<string, unknown>).pWin;
  } catch (e) {
    if (e instanceof LeadvalueError) return e.message;
    throw e;
  }
}

/** The script and scoreLead agree on each lead: P(win) to 1e-12, or the same refusal, word for word. */
function expectSameAsScoreLead(model: ModelFile, leads: unknown[], python: (number | string)[]): { refused: number } {
  let refused = 0;
  leads.forEach((lead, i) => {
    const ts = tsScore(model, lead), py = python[i];
    const where = `lead ${i} ${JSON.stringify(lead)}`;
    if (typeof ts === 'string') {
      refused++;
      expect(py, where).toBe(ts);
    } else {
      expect(typeof py, `${where}: ${py}`).toBe('number');
      expect(Math.abs((py as number) - ts), where).toBeLessThanOrEqual(1e-12);
    }
  });
  return { refused };
}

/** Leads that exercise every reading path: the demo's new leads, and hand-made edge cases. */
function leads(): Record<string, unknown>[] {
  const csv = readPlainCsv(DEMO_NEW_LEADS).rows.slice(0, 60);
  return [
    ...csv,
    {}, // everything missing
    { source: 'carrier_pigeon', industry: '  finance ', employees: 250, pages_viewed: '  7 ', demo_requested: true, free_email: false, created_at: '2026-02-03 14:05' },
    { source: '', industry: null, employees: '0', job_level: 'vp', pages_viewed: '1e1', created_at: '2026-03-01' },
    { job_level: 3, employees: '.5', created_at: '2026-12-31T23:59:59Z' },
  ];
}

describe.skipIf(!available)(`scripts/read_model.py (${available ? PYTHON : 'skipped: /usr/bin/python3 not found'})`, () => {
  let trained: Record<string, string>;
  let dir: string;
  beforeAll(async () => {
    trained = await trainedFiles();
    dir = tempDir('read-model-python');
  }, 180_000);
  afterAll(removeTempDirs);

  it('models/demo/1.4.0.json: the checksum verifies and P(win) equals scoreLead\'s to 1e-12 for every lead', () => {
    const path = join(ROOT, 'models/demo/1.4.0.json');
    const model = readModel(path);
    const all = leads();
    const { status, out, stderr } = readWithPython(path, all);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(out!.format).toBe('1.3.0'); // model 1.4.0 is written in format 1.3.0
    expect(out!.checksum).toBe('ok');
    expect(out!.pWin).toHaveLength(all.length);
    const gaps = all.map((lead, i) => Math.abs(out!.pWin[i] - scoreLead(model, lead).pWin));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1e-12);
    // Not vacuous: the leads score differently, and the edge cases hit unseen and missing values.
    expect(new Set(out!.pWin.map((p) => p.toFixed(6))).size).toBeGreaterThan(30);
    expect(scoreLead(model, all[61]).unseen).toEqual(['source']);
  });

  it('older formats (1.0, 1.1, 1.2, 1.3) and calibrated files (Platt, isotonic) too', () => {
    const all = leads().slice(0, 20);
    const files: Record<string, string> = { platt: join(dir, 'platt.json'), isotonic: join(dir, 'isotonic.json') };
    writeFileSync(files.platt, trained.platt);
    writeFileSync(files.isotonic, trained.isotonic);
    for (const v of ['1.0.0', '1.1.0', '1.2.0', '1.3.0']) files[v] = join(ROOT, `models/demo/${v}.json`);
    for (const [name, path] of Object.entries(files)) {
      const { status, out } = readWithPython(path, all);
      expect(status, name).toBe(0);
      expect(out!.checksum).toBe('ok');
      const model = readModel(path);
      all.forEach((lead, i) => expect(Math.abs(out!.pWin[i] - scoreLead(model, lead).pWin), `${name} lead ${i}`).toBeLessThanOrEqual(1e-12));
    }
  });

  it('refuses a file changed after export, another major format, a lead with a date that is not one, and a win part that is not a GLM', () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'models/demo/1.3.0.json'), 'utf8')) as ModelFile;
    doc.params.win.intercept += 0.1;
    writeFileSync(join(dir, 'changed.json'), serializeModel(doc));
    let run = readWithPython(join(dir, 'changed.json'), {});
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/changed\.json: checksum does not match the content/);

    const { checksum: _c, ...content } = JSON.parse(readFileSync(join(ROOT, 'models/demo/1.3.0.json'), 'utf8')) as ModelFile;
    writeFileSync(join(dir, 'v2.json'), serializeModel(sealModel({ ...content, format: { name: 'leadvalue-model', version: '2.0.0' } })));
    run = readWithPython(join(dir, 'v2.json'), {});
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/v2\.json: format .*2\.0\.0.* is not leadvalue-model 1\.x/);

    run = readWithPython(join(ROOT, 'models/demo/1.3.0.json'), [{}, { created_at: '31/02/2026' }]);
    expectRefusal(run, /^lead 2, field created_at: not a date \(got "31\/02\/2026"\); use ISO 8601/);
    expect(() => scoreLead(readModel(join(ROOT, 'models/demo/1.3.0.json')), { created_at: '31/02/2026' })).toThrow(/field created_at: not a date/);

    writeFileSync(join(dir, 'ebm.json'), trained.ebm);
    run = readWithPython(join(dir, 'ebm.json'), {});
    expect(run.status).toBe(1);
    expectRefusal(run, /^\/.*ebm\.json, field params\.win: the win part is an EBM; this reader computes P\(win\) of GLM win parts only; score this model with scoreLead from leadvalue\/scoring, or leadvalue serve\n$/);
  });

  it('refuses a feature listed twice and warns about a newer minor format, with the loader\'s words', () => {
    // Before: a duplicate feature was read and its term counted twice; a 1.9.0 file was read silently.
    const { checksum: _c, ...content } = JSON.parse(readFileSync(join(ROOT, 'models/demo/1.4.0.json'), 'utf8')) as ModelFile;
    const twice = join(dir, 'twice.json');
    writeFileSync(twice, serializeModel(sealModel({ ...content, features: [...content.features, content.features[2]] })));
    const run = readWithPython(twice, {});
    expectRefusal(run, /^.*twice\.json, field features\[8\]\.name: a feature name already given at features\[2\]: its term would count twice \(got "employees"\); each feature is listed once/);
    expect(() => readModel(twice)).toThrow(LeadvalueError);
    try { readModel(twice); } catch (e) { expect(run.stderr).toBe(`${(e as Error).message}\n`); }

    const newer = join(dir, 'newer.json');
    writeFileSync(newer, serializeModel(sealModel({ ...content, format: { name: 'leadvalue-model', version: '1.9.0' } })));
    const ok = readWithPython(newer, {});
    expect(ok.status).toBe(0);
    expect(ok.out!.format).toBe('1.9.0');
    const warned: string[] = [];
    readModel(newer, { warnings: { warn: (_k, m) => { warned.push(m); } } });
    expect(warned).toHaveLength(1);
    expect(ok.stderr).toBe(`warning: ${warned[0]}\n`);
    expect(ok.stderr).toMatch(/newer\.json: model file format 1\.9\.0 is newer than this reader's 1\.3\.0: a newer minor version can change what a field means/);
  });

  it('a model file that is missing or not JSON, a lead that is not JSON or not an object: one line naming the file or lead and how to fix', () => {
    // Before: each of these ended in a Python traceback (FileNotFoundError, JSONDecodeError, AttributeError).
    const demo = join(ROOT, 'models/demo/1.4.0.json');
    expectRefusal(runScript([join(dir, 'missing.json'), '{}']), /missing\.json: cannot read the model file: No such file or directory; check the path/);
    writeFileSync(join(dir, 'notes.json'), 'model: demo 1.4.0\n');
    expectRefusal(runScript([join(dir, 'notes.json'), '{}']), /notes\.json: not a JSON model file: Expecting value: line 1 column 1 \(char 0\); pass a model file written by leadvalue/);
    writeFileSync(join(dir, 'list.json'), '[1, 2]');
    expectRefusal(runScript([join(dir, 'list.json'), '{}']), /list\.json: format None is not leadvalue-model 1\.x/);
    expectRefusal(runScript([demo, '{employees: 250}']), /^lead: not JSON: Expecting property name enclosed in double quotes: line 1 column 2 \(char 1\) \(got "\{employees: 250\}"\); pass a JSON object keyed by the source column names/);
    expectRefusal(runScript([demo, '{"employees": NaN}']), /^lead: not JSON: NaN is not JSON/); // JSON.parse refuses it too
    expectRefusal(runScript([demo, '[1]']), /^lead 1: not a lead \(got 1\); pass an object keyed by the source column names$/m);
    expectRefusal(runScript([demo, '"referral"']), /^lead: not a lead \(got "referral"\)/);
    expectRefusal(runScript([]), /^usage: python3 scripts\/read_model\.py MODEL_FILE \[LEAD\]/);
    expect(() => scoreLead(readModel(demo), 1 as never)).toThrow(/^lead: not a lead \(got 1\); pass an object keyed by the source column names$/);
  });

  it('refuses what scoreLead refuses, with its message: non-finite numbers, log1p of -1 or less, an output that overflows (naming the field)', () => {
    // Before: -100000 raised OverflowError, -5 printed "lead: math domain error", 1e400 gave pWin 1.0.
    const path = join(ROOT, 'models/demo/1.4.0.json');
    const model = readModel(path);
    const cases: [string, RegExp][] = [
      ['{"demo_requested": -100000}', /^lead: valueIfWon is not a finite number; field demo_requested = -100000 contributes 6\.48e\+3 to log value if won \(got Infinity\); check the value/],
      ['{"employees": -5}', /^lead, field employees: must be above -1 \(the model takes log1p of it\) \(got -5\); send a value above -1/],
      ['{"pages_viewed": "-1"}', /^lead, field pages_viewed: must be above -1 \(the model takes log1p of it\) \(got -1\)/],
      ['{"employees": 1e400}', /^lead, field employees: not a finite number \(got Infinity\); send a finite number/],
      ['{"employees": "1e400"}', /^lead, field employees: not a number \(got "1e400"\); send a plain decimal number/],
      ['{"demo_requested": 1e308, "free_email": 1e308}', /^lead: pWin is not a finite number; field demo_requested = 1e\+308 contributes Infinity to the log-odds of winning \(got NaN\)/],
      ['{"free_email": [1]}', /^lead, field free_email: not a number \(got \[1\]\)/],
      ['{"created_at": 1e16}', /^lead, field created_at: not a date: epoch milliseconds beyond ±8\.64e15 \(got 10000000000000000\)/],
      ['{"created_at": true}', /^lead, field created_at: not a date \(got true\)/],
    ];
    for (const [lead, message] of cases) {
      const run = runScript([path, lead]);
      expectRefusal(run, message);
      // scoreLead's message, how to fix included (before, scoreLead lacked the hints of -5 and 1e400).
      const ts = tsScore(model, JSON.parse(lead));
      expect(run.stderr, lead).toBe(`${ts}\n`);
    }
    // Far out but finite: scored as scoreLead scores it (pWin 0 or 1 where e^η overflows in neither part).
    const far = ['{"pages_viewed": 1e300}', '{"demo_requested": 3000}', '{"created_at": 253402300800000, "source": [" referral "], "job_level": 3}', '{"created_at": "0004-02-29"}'];
    const python = far.map((t) => runScript([path, t]));
    far.forEach((t, i) => {
      expect(python[i].stderr, t).toBe('');
      expect(Math.abs(python[i].out!.pWin as unknown as number - (tsScore(model, JSON.parse(t)) as number)), t).toBeLessThanOrEqual(1e-12);
    });
  });

  it('generated leads full of odd values (the SQL tests\' leads, BOOLEAN columns included): the same P(win) or the same refusal as scoreLead', () => {
    const variantPath = join(dir, 'variant.json');
    writeFileSync(variantPath, serializeModel(dateAndGoalsVariant(readModel(join(ROOT, 'models/demo/1.4.0.json')))));
    for (const [path, seed] of [[join(ROOT, 'models/demo/1.4.0.json'), 21], [variantPath, 22]] as const) {
      const model = readModel(path);
      const all = [...generateLeads(model, 1500, seed), ...generateLeads(model, 500, seed + 10, ['demo_requested', 'free_email', 'employees'])];
      const { refused } = expectSameAsScoreLead(model, all, pythonScores(path, all));
      expect(refused, path).toBeGreaterThan(20); // not vacuous: malformed numbers and dates were compared
    }
  });
});

describe.skipIf(!available)(`canonical JSON in Python (canonical() of scripts/read_model.py) equals canonicalJson byte for byte${available ? '' : ' (skipped: no /usr/bin/python3)'}`, () => {
  /** Python's canonical text of each JSON text given (parsed with json.loads). */
  function pythonCanonical(texts: string[]): string[] {
    const code = 'import json, sys; sys.path.insert(0, "scripts"); from read_model import canonical\n' +
      'print(json.dumps([canonical(json.loads(t)) for t in json.load(sys.stdin)]))';
    const run = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8', cwd: ROOT, input: JSON.stringify(texts), maxBuffer: 64 << 20 });
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout);
  }

  it('numbers where Python\'s repr and JavaScript differ, text escapes, key order, non-finite spellings', () => {
    const texts = [
      '[1e-7, 1.5e-7, 0.00001, 0.000001, 0.0000012345, 1e21, 1e20, 100000000000000000000.0, 123456789012345680000, 1.5e300]',
      '[5e-324, 1.7976931348623157e308, -0, -0.0, 0.30000000000000004, 12345678901234567890, 4000, 4000.0, 2.5, -1e-7]',
      '{"b": 1, "a": [true, false, null], "é": "ü", "\\uffff": 1, "😀": 2, "Z": 3, "": 4}',
      '["\\u0001\\n\\t\\"\\\\/", "\\u2028\\u2029", "\\u007f", "\\ud800 lone", "😀", "NaN", "Infinity", "-Infinity"]',
      readFileSync(join(ROOT, 'models/demo/1.3.0.json'), 'utf8'),
    ];
    expect(pythonCanonical(texts)).toEqual(texts.map((t) => canonicalJson(JSON.parse(t))));
  });

  it('10 000 random doubles across the whole exponent range', () => {
    const rng = createRng(7);
    const buf = new DataView(new ArrayBuffer(8));
    const values: number[] = [];
    while (values.length < 10_000) {
      buf.setUint32(0, Math.floor(rng.next() * 2 ** 32));
      buf.setUint32(4, Math.floor(rng.next() * 2 ** 32));
      const x = buf.getFloat64(0);
      if (Number.isFinite(x)) values.push(values.length % 2 ? x : x / 2 ** Math.floor(rng.next() * 200)); // also many near 1
    }
    const text = JSON.stringify(values);
    const [py] = pythonCanonical([text]);
    expect(py).toBe(canonicalJson(values));
    // Not vacuous: the sample holds exponent forms JavaScript writes differently from Python's repr.
    expect(values.some((v) => /e-\d$/.test(String(v)))).toBe(true);
  });

  it('so the checksum Python computes is the one parseModel verifies', () => {
    const text = readFileSync(join(ROOT, 'models/demo/1.3.0.json'), 'utf8');
    expect(parseModel(text).checksum).toBe(JSON.parse(text).checksum);
  });
});
