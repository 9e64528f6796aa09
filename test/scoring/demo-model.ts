// Shared by the export, scoring, golden and CLI tests: trains the two-part
// model on the demo data (configs/demo.json, data/demo) exactly as
// `leadvalue train --resamples 20 --created-at 2026-01-01T00:00:00.000Z` does,
// and exports it into a fresh temporary models folder. Nothing here depends on
// what is in the repository's models/ folder.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportModel } from '../../src/export/write-model-file.js';
import { readAdapterConfig } from '../../src/load/adapter-config.js';
import { buildModelFile, prepareData, trainModel, type PreparedData, type TrainedModel } from '../../src/pipeline/train-model.js';
import { readModel } from '../../src/scoring/load-model.js';
import type { ModelFile } from '../../src/scoring/model-types.js';

/** The repository root (this file is test/scoring/demo-model.ts). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEMO_CONFIG = join(ROOT, 'configs/demo.json');
export const DEMO_LEADS = join(ROOT, 'data/demo/leads.csv');
export const DEMO_NEW_LEADS = join(ROOT, 'data/demo/new-leads.csv');
/** A fixed creation time, so the exported file is the same bytes on every run. */
export const CREATED_AT = '2026-01-01T00:00:00.000Z';
/** Bootstrap resamples: few, to keep the tests fast (they only size the metric intervals). */
export const RESAMPLES = 20;

/** A demo model trained, built and exported into a temporary folder. */
export interface DemoModel {
  data: PreparedData;
  trained: TrainedModel;
  /** The model file as built (no checksum, version 0.0.0). */
  built: Omit<ModelFile, 'checksum'>;
  /** The temporary models folder the file was exported into. */
  modelsDir: string;
  /** `<modelsDir>/demo/1.0.0.json`. */
  path: string;
  /** The exported file's text. */
  text: string;
  /** The exported file, read back and verified with readModel. */
  model: ModelFile;
}

const made: string[] = [];
/** A new temporary folder, removed by {@link removeTempDirs} (call it in an afterAll). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `leadvalue-${prefix}-`));
  made.push(dir);
  return dir;
}
/** Removes the temporary folders this test file made. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Trains on the demo data and exports the model into a new temporary models folder. */
export async function trainDemo(): Promise<DemoModel> {
  const data = await prepareData(readAdapterConfig(DEMO_CONFIG));
  const trained = trainModel(data, { resamples: RESAMPLES });
  const built = await buildModelFile(data, trained, { createdAt: CREATED_AT });
  const modelsDir = tempDir('models');
  const { path } = exportModel(built, modelsDir);
  return { data, trained, built, modelsDir, path, text: readFileSync(path, 'utf8'), model: readModel(path) };
}

/**
 * Reads a small CSV without quoting (the demo files have no quoted fields) by
 * splitting on commas: deliberately not the library's CSV reader.
 */
export function readPlainCsv(path: string): { header: string[]; rows: Record<string, string>[] } {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((line) => {
    const fields = line.split(',');
    if (fields.length !== header.length) throw new Error(`${path}: ${fields.length} fields in ${JSON.stringify(line)}`);
    return Object.fromEntries(header.map((h, i) => [h, fields[i]]));
  });
  return { header, rows };
}

/** The relative gap |a − b| / max(|a|, |b|); 0 when the two are equal (also both 0). */
export function relativeGap(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}
