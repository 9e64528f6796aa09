// The model file contract (DESIGN.md, "Model file contract"; STYLE.md, "Model
// files"): a versioned, checksummed envelope; readers fail closed; same inputs
// and seed give the same bytes; exportModel versions and never half-writes.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportModel, listVersions, sealModel, serializeModel, writeFileAtomic } from '../../src/export/write-model-file.js';
import { MODEL_FORMAT, parseModel, readModel } from '../../src/scoring/load-model.js';
import type { ModelFile } from '../../src/scoring/model-types.js';
import { CREATED_AT, removeTempDirs, tempDir, trainDemo, type DemoModel } from '../scoring/demo-model.js';

let demo: DemoModel;
beforeAll(async () => {
  demo = await trainDemo();
}, 120_000);
afterAll(removeTempDirs);

const freshDir = () => tempDir('export');
/** A deep copy of the exported file, to edit. */
const copy = (): ModelFile => JSON.parse(demo.text) as ModelFile;
/** Re-seals an edited file so the checksum is right and only the edit is wrong. */
const reseal = (file: ModelFile): string => {
  const { checksum: _c, ...content } = file;
  return serializeModel(sealModel(content));
};
/** An independent canonical JSON (sorted keys, JSON.stringify numbers) for files without non-finite numbers. */
const canonical = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
};

describe('the exported file', () => {
  it('is models/<name>/1.0.0.json with the contract fields in order and the fixed creation time', () => {
    expect(demo.path).toBe(join(demo.modelsDir, 'demo', '1.0.0.json'));
    const doc = JSON.parse(demo.text) as ModelFile;
    expect(Object.keys(doc)).toEqual(['format', 'model', 'data', 'input', 'features', 'params', 'goals', 'metrics', 'checksum']);
    expect(doc.format).toEqual({ name: 'leadvalue-model', version: MODEL_FORMAT.version });
    expect(doc.model).toMatchObject({ name: 'demo', version: '1.0.0', createdAt: CREATED_AT, seed: 42, kind: 'two-part', stage: 'lead' });
    expect(doc.input).toEqual({ leadId: 'lead_id', createdAt: 'created_at', dateFormat: 'iso', delimiter: ',' }); // configs/demo.json's leads table
    expect(doc.data.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.data.files.map((f) => f.name)).toEqual(['leads.csv', 'outcomes.csv', 'revenue.csv']);
    expect(doc.features.every((f) => f.stage === 'lead')).toBe(true);
    expect(demo.text.endsWith('}\n')).toBe(true);
  });

  it('carries a sha256 over the canonical content without the checksum field (checked with an independent canonical JSON)', () => {
    const { checksum, ...content } = JSON.parse(demo.text) as ModelFile;
    expect(checksum).toBe(createHash('sha256').update(canonical(content)).digest('hex'));
  });

  it('save → load → save is byte-identical', () => {
    const loaded = readModel(demo.path);
    expect(serializeModel(loaded)).toBe(demo.text);
    expect(serializeModel(parseModel(serializeModel(loaded)))).toBe(demo.text);
  });

  it('non-finite numbers are spelled out and survive save → load → save', () => {
    const content = { ...demo.built, model: { ...demo.built.model, version: '1.0.0' }, metrics: { ...demo.built.metrics, a: NaN, b: Infinity, c: -Infinity } };
    const text = serializeModel(sealModel(content));
    expect(text).toMatch(/"a": "NaN",\n\s*"b": "Infinity",\n\s*"c": "-Infinity"/);
    expect(serializeModel(parseModel(text))).toBe(text);
  });

  it('training twice with the same data and seed gives the same bytes', async () => {
    const again = await trainDemo();
    expect(again.modelsDir).not.toBe(demo.modelsDir);
    expect(again.text).toBe(demo.text);
  }, 120_000);
});

describe('loading fails closed', () => {
  it('a flipped digit in a coefficient fails the checksum', () => {
    const match = /("intercept": -?\d+\.)(\d)/.exec(demo.text)!;
    expect(match).not.toBeNull();
    const digit = Number(match[2]);
    const edited = demo.text.slice(0, match.index) + match[1] + String((digit + 1) % 10) + demo.text.slice(match.index + match[0].length);
    expect(JSON.parse(edited).params.win.intercept).not.toBe(demo.model.params.win.intercept);
    expect(() => parseModel(edited, 'edited.json')).toThrow(/^edited\.json, field checksum: does not match the content/);
  });

  it('an edited goal profile fails the checksum too (goals are overridden at scoring time, not in the file)', () => {
    const doc = copy();
    doc.goals.weights.winProbability = 1;
    expect(() => parseModel(JSON.stringify(doc))).toThrow(/checksum/);
  });

  it('a missing checksum is refused', () => {
    const { checksum: _c, ...doc } = copy();
    expect(() => parseModel(doc)).toThrow(/field checksum: missing/);
  });

  it('an unknown format major version names the version found and the one wanted', () => {
    const doc = copy();
    doc.format.version = '2.0.0';
    expect(() => parseModel(reseal(doc), 'm.json')).toThrow(/m\.json, field format\.version: format version "2\.0\.0" is not supported.*reads major version 1\.x/);
    expect(() => parseModel(reseal(doc))).toThrow(`leadvalue format ${MODEL_FORMAT.version}`);
  });

  it('a newer minor version of the same major format is read', () => {
    const doc = copy();
    doc.format.version = '1.7.0';
    expect(parseModel(reseal(doc)).format.version).toBe('1.7.0');
  });

  it('a version that is not semver is refused', () => {
    const doc = copy();
    doc.format.version = '1';
    expect(() => parseModel(reseal(doc))).toThrow(/format version "1" is not supported/);
  });

  it('a wrong format name is refused, naming the one wanted', () => {
    const doc = copy();
    (doc.format as { name: string }).name = 'onnx-model';
    expect(() => parseModel(reseal(doc))).toThrow(/field format\.name: not a leadvalue model file \(got "onnx-model"\); expected "leadvalue-model"/);
  });

  it('a document without a format field is refused', () => {
    expect(() => parseModel('{"hello": 1}')).toThrow(/no format field/);
  });

  it('text that is not JSON is refused', () => {
    expect(() => parseModel(demo.text.slice(0, 100), 'cut.json')).toThrow(/^cut\.json: not valid JSON/);
  });

  it('an unknown model kind is refused', () => {
    const doc = copy();
    (doc.model as { kind: string }).kind = 'forest';
    expect(() => parseModel(reseal(doc))).toThrow(/field model\.kind: unknown model kind \(got "forest"\)/);
  });

  it('an unknown kind of model part is refused', () => {
    const doc = copy();
    (doc.params.value as { kind: string }).kind = 'tree';
    expect(() => parseModel(reseal(doc))).toThrow(/field params\.value\.kind: unknown model kind \(got "tree"\)/);
  });

  it('an unknown link is refused', () => {
    const doc = copy();
    (doc.params.win as { link: string }).link = 'probit';
    expect(() => parseModel(reseal(doc))).toThrow(/field params\.win\.link: unknown link \(got "probit"\)/);
  });

  it('a feature without its term is refused, naming the term', () => {
    const doc = copy();
    delete doc.params.win.terms.source;
    expect(() => parseModel(reseal(doc))).toThrow(/field params\.win\.terms\.source: missing or of the wrong kind/);
  });

  it('a term of the wrong kind is refused', () => {
    const doc = copy();
    doc.params.value.terms.employees = { kind: 'category', values: [0, 0] };
    expect(() => parseModel(reseal(doc))).toThrow(/field params\.value\.terms\.employees: missing or of the wrong kind for its feature \(got "category"\)/);
  });

  it('a category term with the wrong number of slots is refused', () => {
    const doc = copy();
    const term = doc.params.win.terms.industry;
    if (term.kind !== 'category') throw new Error('industry should be a category');
    const n = term.values.length;
    term.values.pop();
    expect(() => parseModel(reseal(doc))).toThrow(`wrong number of slots (got ${n - 1}, expected ${n})`);
  });

  it('a file without the value part is refused', () => {
    const doc = copy();
    delete (doc.params as Partial<ModelFile['params']>).value;
    expect(() => parseModel(reseal(doc))).toThrow(/field params: needs both the win and the value part/);
  });

  it('a file that cannot be read names the path', () => {
    expect(() => readModel(join(demo.modelsDir, 'nope.json'))).toThrow(/nope\.json: cannot read the model file \(got ENOENT\)/);
  });
});

describe('exportModel: versions', () => {
  it('the same payload again is not rewritten and keeps its version (even with another creation time)', () => {
    const before = statSync(demo.path).mtimeMs;
    const again = exportModel(demo.built, demo.modelsDir);
    expect(again).toEqual({ path: demo.path, version: '1.0.0', written: false });
    const later = exportModel({ ...demo.built, model: { ...demo.built.model, createdAt: '2027-05-05T00:00:00.000Z' } }, demo.modelsDir);
    expect(later.written).toBe(false);
    expect(readFileSync(demo.path, 'utf8')).toBe(demo.text);
    expect(statSync(demo.path).mtimeMs).toBe(before);
    expect(listVersions(demo.modelsDir, 'demo')).toEqual(['1.0.0']);
  });

  it('a changed payload bumps the minor version; the old file stays; the new one is then unchanged', () => {
    const dir = freshDir();
    expect(exportModel(demo.built, dir).version).toBe('1.0.0');
    const changed = { ...demo.built, goals: { ...demo.built.goals, name: 'conversion', weights: { expectedValue: 0, winProbability: 1 } } };
    expect(exportModel(changed, dir)).toEqual({ path: join(dir, 'demo', '1.1.0.json'), version: '1.1.0', written: true });
    expect(readFileSync(join(dir, 'demo', '1.0.0.json'), 'utf8')).toBe(demo.text);
    expect(readModel(join(dir, 'demo', '1.1.0.json')).goals.name).toBe('conversion');
    expect(exportModel(changed, dir)).toMatchObject({ version: '1.1.0', written: false });
    // Only the latest version is compared: going back to the first payload is a new version.
    expect(exportModel(demo.built, dir)).toMatchObject({ version: '1.2.0', written: true });
  });

  it('versions order numerically: 1.9.0 bumps to 1.10.0, and 1.10.0 is the latest', () => {
    const dir = freshDir();
    exportModel(demo.built, dir, '1.9.0');
    const changed = { ...demo.built, goals: { ...demo.built.goals, name: 'other' } };
    expect(exportModel(changed, dir).version).toBe('1.10.0');
    expect(listVersions(dir, 'demo')).toEqual(['1.9.0', '1.10.0']);
    expect(exportModel(changed, dir)).toMatchObject({ version: '1.10.0', written: false });
  });

  it('an explicit version that exists with different content is refused and the file is left alone', () => {
    const dir = freshDir();
    exportModel(demo.built, dir);
    const changed = { ...demo.built, goals: { ...demo.built.goals, name: 'other' } };
    expect(() => exportModel(changed, dir, '1.0.0')).toThrow(/1\.0\.0\.json: this version exists with different content/);
    expect(readFileSync(join(dir, 'demo', '1.0.0.json'), 'utf8')).toBe(demo.text);
    expect(exportModel(demo.built, dir, '1.0.0')).toMatchObject({ version: '1.0.0', written: false });
    expect(exportModel(changed, dir, '3.0.0')).toMatchObject({ version: '3.0.0', written: true });
  });

  it('an explicit version below the latest is written, and says which version the folder\'s latest stays', () => {
    const dir = freshDir();
    exportModel(demo.built, dir, '2.0.0');
    const changed = { ...demo.built, goals: { ...demo.built.goals, name: 'other' } };
    expect(exportModel(changed, dir, '1.5.0')).toEqual({ path: join(dir, 'demo', '1.5.0.json'), version: '1.5.0', written: true, belowLatest: '2.0.0' });
    expect(exportModel({ ...changed, goals: { ...changed.goals, name: 'third' } }, dir, '2.1.0')).not.toHaveProperty('belowLatest');
  });

  it('an explicit new version whose payload a version holds is not written as a copy (was a duplicate 0.9.0.json), except a rollback above the latest', () => {
    const dir = freshDir();
    exportModel(demo.built, dir, '1.0.0');
    // Below the latest, and above it: the latest holds this model either way.
    expect(exportModel(demo.built, dir, '0.9.0')).toEqual({ path: join(dir, 'demo', '1.0.0.json'), version: '1.0.0', written: false });
    expect(exportModel(demo.built, dir, '1.5.0')).toMatchObject({ version: '1.0.0', written: false });
    expect(listVersions(dir, 'demo')).toEqual(['1.0.0']);
    const changed = { ...demo.built, goals: { ...demo.built.goals, name: 'other' } };
    expect(exportModel(changed, dir)).toMatchObject({ version: '1.1.0', written: true });
    // Below the latest, an older version holding it is found: serve would never serve the copy.
    expect(exportModel(demo.built, dir, '0.9.0')).toMatchObject({ version: '1.0.0', written: false });
    // Above the latest, the older payload is written again: that is a rollback.
    expect(exportModel(demo.built, dir, '2.0.0')).toMatchObject({ version: '2.0.0', written: true });
    expect(listVersions(dir, 'demo')).toEqual(['1.0.0', '1.1.0', '2.0.0']);
  });

  it('a file holding another version than its name says is named, never taken for this model unchanged', () => {
    // A copy of 1.0.0 saved as 1.9.0.json: its payload equals the model's, but serve would ignore it.
    const dir = freshDir();
    exportModel(demo.built, dir);
    const copy = join(dir, 'demo', '1.9.0.json');
    copyFileSync(join(dir, 'demo', '1.0.0.json'), copy);
    expect(() => exportModel(demo.built, dir)).toThrow(/1\.9\.0\.json, field model\.version: not the version its file name says, 1\.9\.0 \(got "1\.0\.0"\); name the file 1\.0\.0\.json, as leadvalue train does$/);
    expect(() => exportModel(demo.built, dir, '1.9.0')).toThrow(/field model\.version: not the version its file name says, 1\.9\.0/);
    expect(listVersions(dir, 'demo')).toEqual(['1.0.0', '1.9.0']); // nothing written
  });

  it('a version that is not semver is refused before anything is written', () => {
    const dir = freshDir();
    expect(() => exportModel(demo.built, dir, 'v2')).toThrow(/version: not a semver version \(got "v2"\)/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a file the scoring loader would refuse is not written: the loader\'s message, and that it is a bug or an extreme value', () => {
    // Before, a feature scale overflowed to Infinity (one 1e300 in a 0/1 column) was written, and score refused the file.
    const dir = freshDir();
    const file = copy();
    const k = file.features.findIndex((f) => f.kind === 'number');
    const { checksum: _c, ...content } = file;
    content.features = content.features.map((f, i) => (i === k ? { ...f, scale: Infinity } : f));
    const path = join(dir, 'demo', '1.1.0.json');
    expect(() => exportModel(content, dir, '1.1.0')).toThrow( // the whole message, from its start
      `${path}: not written: the scoring loader would refuse it: field features[${k}].scale: expected a number (got "Infinity"); the file does not follow the model file schema (schema/leadvalue-model-1.schema.json); ` +
      'this is a bug or an extreme value in the data');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a model whose metrics hold a non-finite number is still recognised as unchanged', () => {
    // A held-out metric can be NaN (e.g. AUC on a test period without wins);
    // the file spells it "NaN", and re-exporting the same model must not pile up copies.
    const dir = freshDir();
    const withNaN = { ...demo.built, metrics: { ...demo.built.metrics, emptyMetric: NaN } };
    expect(exportModel(withNaN, dir)).toMatchObject({ version: '1.0.0', written: true });
    expect(exportModel(withNaN, dir)).toMatchObject({ version: '1.0.0', written: false });
  });
});

describe('writing never leaves half a file', () => {
  it('a folder in the way is refused, naming it, before anything is written (a failed rename: test/export/export-failure.test.ts)', () => {
    const dir = freshDir();
    // Before, the temporary file was written and the rename over the folder failed with Node's EISDIR / ENOTEMPTY.
    mkdirSync(join(dir, 'target.json', 'inside'), { recursive: true });
    expect(() => writeFileAtomic(join(dir, 'target.json'), 'text')).toThrow(/target\.json: is a folder, which an output is not written to; give a file path/);
    expect(readdirSync(dir)).toEqual(['target.json']);
  });

  it('a successful write leaves only the target', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'target.json'), 'old');
    writeFileAtomic(join(dir, 'target.json'), 'new');
    expect(readdirSync(dir)).toEqual(['target.json']);
    expect(readFileSync(join(dir, 'target.json'), 'utf8')).toBe('new');
  });
});
