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
import { DEMO_NEW_LEADS, readPlainCsv, removeTempDirs, ROOT, tempDir } from './demo-model.js';
import { trainedFiles } from './model-schema-cases.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(ROOT, 'scripts/read_model.py');
const available = spawnSync(PYTHON, ['--version'], { encoding: 'utf8' }).status === 0;

/** Runs read_model.py on a model file and leads; returns its exit status, parsed output and stderr. */
function readWithPython(path: string, leads: unknown): { status: number | null; out: { format: string; checksum: string; pWin: number[] } | null; stderr: string } {
  const run = spawnSync(PYTHON, [SCRIPT, path, JSON.stringify(leads)], { encoding: 'utf8', cwd: ROOT });
  return { status: run.status, out: run.status === 0 ? JSON.parse(run.stdout) : null, stderr: run.stderr };
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

  it('models/demo/1.3.0.json: the checksum verifies and P(win) equals scoreLead\'s to 1e-12 for every lead', () => {
    const path = join(ROOT, 'models/demo/1.3.0.json');
    const model = readModel(path);
    const all = leads();
    const { status, out, stderr } = readWithPython(path, all);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(out!.format).toBe('1.3.0');
    expect(out!.checksum).toBe('ok');
    expect(out!.pWin).toHaveLength(all.length);
    const gaps = all.map((lead, i) => Math.abs(out!.pWin[i] - scoreLead(model, lead).pWin));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1e-12);
    // Not vacuous: the leads score differently, and the edge cases hit unseen and missing values.
    expect(new Set(out!.pWin.map((p) => p.toFixed(6))).size).toBeGreaterThan(30);
    expect(scoreLead(model, all[61]).unseen).toEqual(['source']);
  });

  it('older formats (1.0, 1.1, 1.2) and calibrated files (Platt, isotonic) too', () => {
    const all = leads().slice(0, 20);
    const files: Record<string, string> = { platt: join(dir, 'platt.json'), isotonic: join(dir, 'isotonic.json') };
    writeFileSync(files.platt, trained.platt);
    writeFileSync(files.isotonic, trained.isotonic);
    for (const v of ['1.0.0', '1.1.0', '1.2.0']) files[v] = join(ROOT, `models/demo/${v}.json`);
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

    run = readWithPython(join(ROOT, 'models/demo/1.3.0.json'), [{ created_at: '31/02/2026' }]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^lead: not a date: '31\/02\/2026'/);
    expect(() => scoreLead(readModel(join(ROOT, 'models/demo/1.3.0.json')), { created_at: '31/02/2026' })).toThrow(/field created_at: not a date/);

    writeFileSync(join(dir, 'ebm.json'), trained.ebm);
    run = readWithPython(join(dir, 'ebm.json'), {});
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/the win part is a ebm; this reader knows GLM parts only/);
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
