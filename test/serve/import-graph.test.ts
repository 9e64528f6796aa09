// The service is as light as the scorer: src/serve/ reaches only src/serve/,
// src/scoring/, src/core/ and node: builtins (no arquero, no tfjs, nothing
// from training), like test/scoring/entry-point.test.ts checks for the scorer.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './serve-helpers.js';

/** Every import reached from `entry` (static, dynamic, re-exports; read by the TypeScript parser, not a regex), as `from → specifier or resolved file`. */
function importGraph(entry: string): { files: Set<string>; edges: { from: string; to: string; external: boolean }[] } {
  const files = new Set<string>();
  const edges: { from: string; to: string; external: boolean }[] = [];
  const visit = (file: string) => {
    const rel = relative(ROOT, file);
    if (files.has(rel)) return;
    files.add(rel);
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!fileName.startsWith('.')) { edges.push({ from: rel, to: fileName, external: true }); continue; }
      const target = resolve(dirname(file), fileName.replace(/\.js$/, '.ts'));
      if (!existsSync(target)) throw new Error(`${rel}: cannot resolve ${fileName}`);
      edges.push({ from: rel, to: relative(ROOT, target), external: false });
      visit(target);
    }
  };
  visit(join(ROOT, entry));
  return { files, edges };
}
const outside = (edges: { from: string; to: string; external: boolean }[], allowed: RegExp) =>
  edges.filter((e) => (e.external ? !e.to.startsWith('node:') : !allowed.test(e.to))).map((e) => `${e.from} imports ${e.to}`);

describe('src/serve import graph', () => {
  const serveFiles = readdirSync(join(ROOT, 'src/serve')).filter((f) => f.endsWith('.ts'));

  it('every module of src/serve reaches only src/serve, src/scoring, src/core and node: builtins', () => {
    for (const f of serveFiles) expect(outside(importGraph(`src/serve/${f}`).edges, /^src\/(serve|scoring|core)\//), f).toEqual([]);
  });

  it('the walk is not vacuous: the index reaches every module of the folder and the scorer', () => {
    const { files, edges } = importGraph('src/serve/index.ts');
    for (const f of serveFiles) expect(files.has(`src/serve/${f}`), f).toBe(true);
    for (const f of ['src/scoring/score-lead.ts', 'src/scoring/score-batch.ts', 'src/scoring/load-model.ts', 'src/core/errors.ts']) expect(files.has(f), f).toBe(true);
    expect(edges.some((e) => e.to === 'node:http')).toBe(true);
  });

  it('the CLI command adds only the serve folder to that', () => {
    expect(outside(importGraph('src/cli/serve-command.ts').edges, /^src\/(serve|scoring|core)\//)).toEqual([]);
  });

  it('the same check flags a module that reaches training or heavy code (negative control)', () => {
    expect(outside(importGraph('src/pipeline/train-model.ts').edges, /^src\/(serve|scoring|core)\//).length).toBeGreaterThan(0);
    expect(outside(importGraph('src/funnel/funnel-tables.ts').edges, /^src\/(serve|scoring|core)\//).join('\n')).toMatch(/arquero/);
  });
});

describe('the built service dist/serve/index.js', () => {
  it('resolves as the package subpath leadvalue/serve', () => {
    const script = `const m = await import('leadvalue/serve'); console.log(typeof m.createScoringServer, typeof m.watchModel, typeof m.closeGracefully);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('function function function');
  });
});
