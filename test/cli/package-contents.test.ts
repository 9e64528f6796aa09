// What `npm install leadvalue` gets, and `leadvalue demo` run from outside the
// repository: it reads the package's demo data and writes into the working directory.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, ROOT, tempDir } from '../scoring/demo-model.js';

afterAll(removeTempDirs);

describe('the published package', () => {
  it('ships the built library, the CLI, the configs, the demo data, the schema and the Python reader; not tests or notebooks', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: ROOT, encoding: 'utf8' });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/scoring/index.js', 'dist/cli/main.js', 'configs/demo.json', 'configs/olist.json',
      'data/demo/leads.csv', 'data/demo/outcomes.csv', 'data/demo/revenue.csv', 'data/demo/new-leads.csv', 'schema/leadvalue-model-1.schema.json', 'scripts/read_model.py']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^(test|notebooks|src|bench|models|out)\//.test(f))).toEqual([]);
    // Source maps point at src/, which is not shipped: a consumer's debugger could not resolve them.
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  }, 60_000);
});

describe('leadvalue demo from another folder', () => {
  it('reads the package\'s demo data, writes models/ and out/ in the working directory, nothing into the package', () => {
    const cwd = tempDir('demo-elsewhere');
    const before = readdirSync(join(ROOT, 'models/demo')).sort();
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'demo', '--resamples', '20', '--created-at', '2026-01-01T00:00:00.000Z', '--quiet'], { cwd, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^model written: models\/demo\/1\.0\.0\.json \(version 1\.0\.0\)$/m);
    expect(r.stdout).toMatch(/^scores written: out\/demo\/scored-leads\.csv$/m);
    expect(existsSync(join(cwd, 'out/demo/report.json'))).toBe(true);
    expect(readdirSync(join(ROOT, 'models/demo')).sort()).toEqual(before);
  }, 60_000);
});
