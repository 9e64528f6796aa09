#!/usr/bin/env node
// Size of the production scorer as shipped: the files dist/scoring/index.js
// reaches through its imports (found by the TypeScript parser, as
// test/scoring/entry-point.test.ts walks the sources), their bytes, and their
// gzip bytes (each file alone, as a server sends them, and all concatenated,
// as a bundler would ship them). `npm run size` builds first.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * Walks the import graph of a built entry point.
 * @param {string} entry - path relative to the repository root, e.g. `dist/scoring/index.js`
 * @param {string} root - the repository root
 * @returns {{ files: { file: string, bytes: number, gzip: number }[], bytes: number, gzip: number, gzipBundle: number, external: string[] }}
 *   files in visiting order; totals; bare specifiers (node: builtins or packages) it imports
 */
export function scorerSize(entry = 'dist/scoring/index.js', root = ROOT) {
  const seen = new Map();
  const external = new Set();
  const visit = (file) => {
    const rel = relative(root, file);
    if (seen.has(rel)) return;
    if (!existsSync(file)) throw new Error(`${rel}: not found; run npm run build first`);
    const text = readFileSync(file);
    seen.set(rel, text);
    for (const { fileName } of ts.preProcessFile(text.toString('utf8'), true, true).importedFiles) {
      if (fileName.startsWith('.')) visit(resolve(dirname(file), fileName));
      else external.add(fileName);
    }
  };
  visit(join(root, entry));
  const files = [...seen].map(([file, text]) => ({ file, bytes: text.length, gzip: gzipSync(text, { level: 9 }).length }));
  return {
    files,
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    gzip: files.reduce((s, f) => s + f.gzip, 0),
    gzipBundle: gzipSync(Buffer.concat([...seen.values()]), { level: 9 }).length,
    external: [...external].sort(),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const size = scorerSize();
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const width = Math.max(...size.files.map((f) => f.file.length));
  console.log(`leadvalue/scoring (dist/scoring/index.js): ${size.files.length} files`);
  for (const f of size.files) console.log(`  ${f.file.padEnd(width)}  ${String(f.bytes).padStart(7)} B  ${String(f.gzip).padStart(6)} B gzip`);
  console.log(`total ${size.bytes} B (${kb(size.bytes)}); gzip ${size.gzip} B per file (${kb(size.gzip)}), ${size.gzipBundle} B as one bundle (${kb(size.gzipBundle)})`);
  console.log(`imports outside the graph: ${size.external.join(', ') || 'none'}`);
}
