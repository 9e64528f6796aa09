// The production scorer (`leadvalue/scoring` = src/scoring/index.ts) must be
// importable alone: it reaches only src/scoring/, src/core/ and node: builtins
// (STYLE.md, "Layout and modules"; DESIGN.md, "Model file contract").
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreLead } from '../../src/scoring/score-lead.js';
import { DEMO_NEW_LEADS, readPlainCsv, removeTempDirs, ROOT, tempDir, trainDemo, type DemoModel } from './demo-model.js';

/** One import edge: the importing file (relative to the root) and the specifier as written. */
interface Edge { from: string; specifier: string; resolved: string | null }

/**
 * Walks the static and dynamic imports of a TypeScript file recursively.
 * Specifiers come from the TypeScript parser (ts.preProcessFile), not a
 * regex, so an import written in a comment (index.ts has one) is not counted,
 * and `import '…'`, `export … from '…'`, `import('…')` and `require('…')` are.
 * Relative specifiers are resolved as NodeNext does for our sources: `x.js` → `x.ts`.
 */
function importGraph(entry: string): { files: Set<string>; edges: Edge[] } {
  const files = new Set<string>();
  const edges: Edge[] = [];
  const visit = (file: string) => {
    const rel = relative(ROOT, file);
    if (files.has(rel)) return;
    files.add(rel);
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName: specifier } of info.importedFiles) {
      if (!specifier.startsWith('.')) {
        edges.push({ from: rel, specifier, resolved: null });
        continue;
      }
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
      if (!existsSync(target)) throw new Error(`${rel}: cannot resolve ${specifier} (looked for ${target})`);
      edges.push({ from: rel, specifier, resolved: relative(ROOT, target) });
      visit(target);
    }
  };
  visit(join(ROOT, entry));
  return { files, edges };
}

/** Edges that leave what the scorer may depend on. */
function forbiddenEdges(edges: Edge[]): string[] {
  return edges
    .filter((e) => (e.resolved === null ? !e.specifier.startsWith('node:') : !/^src\/(scoring|core)\//.test(e.resolved)))
    .map((e) => `${e.from} imports ${e.specifier}`);
}

describe('the scorer entry point src/scoring/index.ts: import graph', () => {
  const { files, edges } = importGraph('src/scoring/index.ts');

  it('reaches only src/scoring/, src/core/ and node: builtins', () => {
    expect(forbiddenEdges(edges)).toEqual([]);
    for (const f of files) expect(f).toMatch(/^src\/(scoring|core)\/[a-z0-9-]+\.ts$/);
  });

  it('imports nothing heavy and nothing from load, join, features, models, pipeline, export or cli', () => {
    const specifiers = edges.map((e) => e.resolved ?? e.specifier);
    for (const s of specifiers) {
      expect(s).not.toMatch(/arquero|tfjs|tensorflow/);
      expect(s).not.toMatch(/^src\/(load|join|features|models|pipeline|export|cli|evaluate|explain|funnel|demo)\//);
    }
  });

  it('the walk is not vacuous: it finds the scorer modules and the core helpers they use', () => {
    // Files the entry point is known to need (read off the sources by hand).
    for (const f of ['src/scoring/index.ts', 'src/scoring/load-model.ts', 'src/scoring/score-lead.ts', 'src/scoring/score-batch.ts',
      'src/scoring/model-types.ts', 'src/scoring/goal-profile.ts', 'src/scoring/ziln-terms.ts', 'src/core/errors.ts', 'src/core/canonical-json.ts', 'src/core/dates.ts']) {
      expect(files.has(f), f).toBe(true);
    }
    expect(edges.some((e) => e.specifier === 'node:crypto')).toBe(true);
  });

  it('the same check flags a module that does reach training or heavy code (negative control)', () => {
    expect(forbiddenEdges(importGraph('src/pipeline/train-model.ts').edges).length).toBeGreaterThan(0);
    expect(forbiddenEdges(importGraph('src/funnel/funnel-tables.ts').edges).join('\n')).toMatch(/arquero/);
  });
});

describe('the built scorer dist/scoring/index.js', () => {
  let demo: DemoModel;
  beforeAll(async () => {
    // `npm test` builds first (pretest); build here when run without it.
    if (!existsSync(join(ROOT, 'dist/scoring/index.js'))) execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
    demo = await trainDemo();
  }, 120_000);
  afterAll(removeTempDirs);

  it('imports alone, copied with only dist/core next to it (no node_modules, no other dist folders), and scores like the sources', () => {
    const dir = tempDir('scorer-alone');
    cpSync(join(ROOT, 'dist/scoring'), join(dir, 'scoring'), { recursive: true });
    cpSync(join(ROOT, 'dist/core'), join(dir, 'core'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const lead = readPlainCsv(DEMO_NEW_LEADS).rows[0];
    const script = `
      const m = await import(${JSON.stringify(join(dir, 'scoring/index.js'))});
      const model = m.readModel(${JSON.stringify(demo.path)});
      const s = m.scoreLead(model, ${JSON.stringify(lead)});
      console.log(JSON.stringify({ exports: Object.keys(m).sort(), pWin: s.pWin, valueIfWon: s.valueIfWon }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as { exports: string[]; pWin: number; valueIfWon: number };
    expect(out.exports).toEqual(expect.arrayContaining(['readModel', 'parseModel', 'scoreLead', 'scoreBatch', 'modelChecksum', 'MODEL_FORMAT', 'LeadvalueError']));
    const expected = scoreLead(demo.model, lead);
    expect(out.pWin).toBe(expected.pWin);
    expect(out.valueIfWon).toBe(expected.valueIfWon);
  });

  it('resolves as the package subpath leadvalue/scoring', () => {
    const script = `const m = await import('leadvalue/scoring'); console.log(typeof m.readModel, typeof m.scoreLead);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('function function');
  });
});

describe('the built scorer stays small (npm run size; scripts/scorer-size.js)', () => {
  // Budget: 256 KiB of JavaScript, 80 KiB gzipped as one bundle. At the time of
  // writing the graph is ~157 KiB / ~42 KiB gzipped (20 files). The headroom
  // (~60%) leaves room for new model kinds and checks; crossing it means
  // something heavy came in (a table of data, a schema library, a training
  // module), which an engineer embedding the scorer in a service or a function
  // should hear about. The graph walk is the same as above, on dist/.
  const BUDGET = { bytes: 256 * 1024, gzipBundle: 80 * 1024 };
  let size: { files: { file: string; bytes: number; gzip: number }[]; bytes: number; gzip: number; gzipBundle: number; external: string[] };
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/scoring/index.js'))) execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
    // @ts-expect-error: a plain JavaScript script without type declarations
    size = (await import('../../scripts/scorer-size.js')).scorerSize('dist/scoring/index.js', ROOT);
  }, 120_000);

  it('walks the same files as the sources, less those only imported for types (a stale dist/ would not)', () => {
    const fromSources = [...importGraph('src/scoring/index.ts').files].map((f) => f.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js'));
    // A module of types only compiles to `export {};`: nothing imports it at run time.
    const typesOnly = (f: string) => readFileSync(join(ROOT, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').trim() === 'export {};';
    expect(size.files.map((f) => f.file).sort()).toEqual(fromSources.filter((f) => !typesOnly(f)).sort());
    expect(fromSources.filter(typesOnly).length).toBeGreaterThan(0);
    expect(size.external.every((s) => s.startsWith('node:'))).toBe(true);
  });

  it(`totals ≤ ${BUDGET.bytes / 1024} KiB, ≤ ${BUDGET.gzipBundle / 1024} KiB gzipped; the totals are the sums of the files`, () => {
    expect(size.bytes).toBe(size.files.reduce((s, f) => s + readFileSync(join(ROOT, f.file)).length, 0));
    expect(size.bytes).toBeLessThanOrEqual(BUDGET.bytes);
    expect(size.gzipBundle).toBeLessThanOrEqual(BUDGET.gzipBundle);
    // gzip shrinks JavaScript text 2–5×: a sanity check on the measurement itself.
    expect(size.gzipBundle).toBeGreaterThan(size.bytes / 6);
    expect(size.gzipBundle).toBeLessThan(size.bytes / 2);
  });
});
