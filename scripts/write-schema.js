#!/usr/bin/env node
// Publishes the model file schema: writes schema/leadvalue-model-1.schema.json
// from MODEL_FILE_SCHEMA (src/scoring/model-file-schema.ts, the source of truth),
// read from the build (run `npm run schema`, which builds first).
//   node scripts/write-schema.js           write the file (temporary file, then rename)
//   node scripts/write-schema.js --check   exit 1 when the published file is stale
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'schema', 'leadvalue-model-1.schema.json');
const { MODEL_FILE_SCHEMA } = await import(join(root, 'dist', 'scoring', 'model-file-schema.js'));
const text = JSON.stringify(MODEL_FILE_SCHEMA, null, 2) + '\n';

let published = null;
try {
  published = readFileSync(target, 'utf8');
} catch {
  // not published yet
}
if (process.argv.includes('--check')) {
  if (published !== text) {
    console.error(`${target}: stale (differs from MODEL_FILE_SCHEMA in src/scoring/model-file-schema.ts); run npm run schema`);
    process.exit(1);
  }
  console.log(`${target}: up to date`);
} else if (published === text) {
  console.log(`${target}: up to date`);
} else {
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, target);
  console.log(`${target}: written (${Buffer.byteLength(text)} bytes)`);
}
