// An independent check of the schema and of our validator: Python's `jsonschema`
// (a full draft 2020-12 implementation) validates the published schema file
// against the draft's meta-schema, then the same model files, valid and mutated,
// and must give the same accept/reject verdicts as src/scoring/validate-schema.ts,
// with our first problem's JSON path among the places it reports.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_FILE_SCHEMA } from '../../src/scoring/model-file-schema.js';
import { schemaProblem } from '../../src/scoring/validate-schema.js';
import { committedFiles, MUTATIONS, mutated, trainedFiles } from './model-schema-cases.js';
import { removeTempDirs, ROOT, tempDir } from './demo-model.js';

const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import jsonschema, importlib.metadata as m; print(m.version("jsonschema"))'], { encoding: 'utf8' });
const jsonschemaVersion = probe.status === 0 ? probe.stdout.trim() : null;

/** Validates each file with jsonschema; per file: valid, and the JSON paths of every error (nested ones of oneOf/anyOf too). */
const SCRIPT = `
import json, re, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1]))
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)
def paths(errors):
    for e in errors:
        path = list(e.absolute_path)
        m = re.match(r"'(.+)' (is a required property|was unexpected)", e.message) or re.search(r"\\('(.+)' was unexpected\\)", e.message)
        if e.validator in ('required', 'additionalProperties') and m:
            path.append(m.group(1))
        yield path
        yield from paths(e.context)
out = {}
for f in sys.argv[2:]:
    errors = list(validator.iter_errors(json.load(open(f))))
    out[f] = {'valid': not errors, 'paths': list(paths(errors)), 'messages': [e.message[:120] for e in errors]}
print(json.dumps(out))
`;

/** Our path (`a.b[3].c`) as a list of keys and indices, as jsonschema gives it. */
function pathList(path: string): (string | number)[] {
  return path.split(/\.|(?=\[)/).map((p) => (/^\[\d+\]$/.test(p) ? Number(p.slice(1, -1)) : p));
}

describe.skipIf(!jsonschemaVersion)(`Python jsonschema ${jsonschemaVersion ?? '(skipped: /usr/bin/python3 with the jsonschema package not found)'} agrees with our validator`, () => {
  const cases: { name: string; path: string; ours: string | null; expected: string | null }[] = [];
  let python: Record<string, { valid: boolean; paths: (string | number)[][]; messages: string[] }>;

  beforeAll(async () => {
    const dir = tempDir('schema-python');
    const files = { ...committedFiles(), ...(await trainedFiles()) };
    const add = (name: string, text: string, expected: string | null) => {
      const path = join(dir, `${cases.length}.json`);
      writeFileSync(path, text);
      cases.push({ name, path, ours: schemaProblem(MODEL_FILE_SCHEMA, JSON.parse(text))?.path ?? null, expected });
    };
    for (const [name, text] of Object.entries(files)) add(name, text, null);
    for (const m of MUTATIONS) add(m.name, mutated(files, m), m.path);
    const run = spawnSync(PYTHON, ['-c', SCRIPT, join(ROOT, 'schema/leadvalue-model-1.schema.json'), ...cases.map((c) => c.path)], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(run.stderr).toBe('');
    python = JSON.parse(run.stdout);
  }, 180_000);
  afterAll(removeTempDirs);

  it('the published schema is a valid draft 2020-12 schema (check_schema passed) and the cases cover both verdicts', () => {
    expect(cases.length).toBe(12 + MUTATIONS.length);
    expect(cases.filter((c) => c.expected !== null).length).toBeGreaterThan(15);
    expect(cases.filter((c) => c.expected === null).length).toBeGreaterThan(15);
  });

  it('same verdict on every file, valid and mutated', () => {
    const verdicts = cases.map((c) => ({ name: c.name, ours: c.ours === null, python: python[c.path].valid }));
    expect(verdicts.filter((v) => v.ours !== v.python)).toEqual([]);
    // And both as the case says.
    expect(cases.map((c) => c.ours)).toEqual(cases.map((c) => c.expected));
  });

  it('where a file is refused, jsonschema reports our first problem\'s JSON path too', () => {
    for (const c of cases.filter((x) => x.ours !== null)) {
      expect(python[c.path].paths, `${c.name}: ${python[c.path].messages.join(' | ')}`).toContainEqual(pathList(c.ours!));
    }
  });
});
