// The model file schema (src/scoring/model-file-schema.ts): published up to date,
// every field described, every committed and freshly trained file valid, and
// parseModel refusing mutated files with a message that names the JSON path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LeadvalueError } from '../../src/core/errors.js';
import { parseModel } from '../../src/scoring/load-model.js';
import { MODEL_FILE_SCHEMA } from '../../src/scoring/model-file-schema.js';
import { schemaProblem } from '../../src/scoring/validate-schema.js';
import { committedFiles, MUTATIONS, mutated, otherModelFiles, trainedFiles } from './model-schema-cases.js';
import { removeTempDirs, ROOT } from './demo-model.js';

let files: Record<string, string>;
beforeAll(async () => {
  files = { ...committedFiles(), ...(await trainedFiles()) };
  removeTempDirs();
}, 180_000);

describe('the published schema file', () => {
  it('is MODEL_FILE_SCHEMA as `npm run schema` writes it (stale: run npm run schema)', () => {
    const published = readFileSync(join(ROOT, 'schema/leadvalue-model-1.schema.json'), 'utf8');
    expect(published).toBe(JSON.stringify(MODEL_FILE_SCHEMA, null, 2) + '\n');
  });

  it('describes every field: each property has a description, itself or through its $ref', () => {
    const defs = (MODEL_FILE_SCHEMA as { $defs: Record<string, { description?: string }> }).$defs;
    const undescribed: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}[${i}]`));
      if (node === null || typeof node !== 'object') return;
      const props = (node as { properties?: Record<string, { description?: string; $ref?: string }> }).properties;
      for (const [k, p] of Object.entries(props ?? {})) {
        const described = p.description ?? (p.$ref ? defs[p.$ref.replace('#/$defs/', '')]?.description : undefined);
        // Under allOf, properties only select a format version and what it requires; the fields are described above.
        if (!described && !at.includes('.allOf[')) undescribed.push(`${at}.${k}`);
      }
      for (const [k, v] of Object.entries(node)) walk(v, `${at}.${k}`);
    };
    walk(MODEL_FILE_SCHEMA, '#');
    expect(undescribed).toEqual([]);
  });
});

describe('valid model files', () => {
  it('every committed file (formats 1.0 to 1.3), any other one in models/demo, and every freshly trained kind validates and loads', () => {
    expect(Object.keys(files)).toEqual(['demo/1.0.0.json', 'demo/1.1.0.json', 'demo/1.2.0.json', 'demo/1.3.0.json', 'demo/1.4.0.json',
      'glm', 'platt', 'isotonic', 'ebm', 'ziln-linear', 'ziln-mlp', 'ebm-pairs']);
    for (const [name, text] of Object.entries({ ...files, ...otherModelFiles() })) {
      expect(schemaProblem(MODEL_FILE_SCHEMA, JSON.parse(text)), name).toBeNull();
      expect(() => parseModel(text, name)).not.toThrow();
    }
  });

  it('the trained files hold what they are meant to test (so the checks above are not vacuous)', () => {
    const doc = (name: string) => JSON.parse(files[name]);
    expect(doc('ebm').params.win.kind).toBe('ebm');
    expect(doc('ebm-pairs').params.win.pairs.length).toBeGreaterThan(0);
    expect(doc('ziln-linear').params.value.linearTerms).not.toBeNull();
    expect(doc('ziln-mlp').params.value.architecture.hidden).toEqual([8]);
    expect(doc('platt').params.calibration.kind).toBe('platt');
    expect(doc('isotonic').params.calibration.kind).toBe('isotonic');
    expect(doc('demo/1.0.0.json').params.reference).toBeUndefined();
    expect(doc('demo/1.1.0.json').input.dateFormat).toBeUndefined();
  });
});

describe('mutated model files', () => {
  it.each(MUTATIONS.filter((m) => m.path !== null).map((m) => [m.name, m] as const))('%s: refused, naming the JSON path', (_, m) => {
    const text = mutated(files, m);
    const problem = schemaProblem(MODEL_FILE_SCHEMA, JSON.parse(text));
    expect(problem?.path).toBe(m.path);
    expect(problem?.what).toMatch(m.what!);
    let error: unknown;
    try {
      parseModel(text, 'm.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LeadvalueError);
    const message = (error as Error).message;
    if (m.byChecks) expect(message).toMatch(m.byChecks);
    else expect(message).toBe(`m.json, field ${m.path}: ${problem!.what}${problem!.got === undefined ? '' : ` (got ${problem!.got})`}; the file does not follow the model file schema (schema/leadvalue-model-1.schema.json); re-export the model with leadvalue train`);
  });

  it('messages show the offending value', () => {
    const [text, field, flag] = ['a GLM value that is text', 'a required field missing', 'a flag that is text'].map((n) => mutated(files, MUTATIONS.find((m) => m.name === n)!));
    expect(() => parseModel(text, 'm.json')).toThrow(/^m\.json, field params\.win\.terms\.source\.values\[3\]: expected a number \(got "x"\); the file does not follow the model file schema/);
    expect(() => parseModel(field, 'm.json')).toThrow(/^m\.json, field model\.seed: missing; the file does not follow/);
    expect(() => parseModel(flag, 'm.json')).toThrow(/^m\.json, field params\.value\.converged: expected true or false \(got "yes"\)/);
  });

  it.each(MUTATIONS.filter((m) => m.path === null).map((m) => [m.name, m] as const))('%s: accepted', (_, m) => {
    const text = mutated(files, m);
    expect(schemaProblem(MODEL_FILE_SCHEMA, JSON.parse(text))).toBeNull();
    expect(() => parseModel(text, 'm.json')).not.toThrow();
  });

  it('a wrong major version still gets its own message (checked before the schema)', () => {
    const text = mutated(files, { name: 'v2', base: 'demo/1.3.0.json', change: (d) => { d.format.version = '2.0.0'; d.params.extra = 1; }, path: '' });
    expect(() => parseModel(text, 'm.json')).toThrow(/^m\.json, field format\.version: format version "2\.0\.0" is not supported/);
  });
});
