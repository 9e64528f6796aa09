import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../core/canonical-json.js';
import { LeadvalueError } from '../core/errors.js';
import { trackTempFile } from '../core/temp-files.js';
import { modelChecksum, parseModel } from '../scoring/load-model.js';
import type { ModelFile } from '../scoring/model-types.js';

/**
 * Serialises a model file: two-space JSON in the contract's field order,
 * non-finite numbers spelled as strings ("NaN", "Infinity"), trailing newline.
 * Save → load → save gives the same bytes.
 */
export function serializeModel(file: ModelFile): string {
  return JSON.stringify(file, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n';
}

/** Adds the checksum over the canonical content. */
export function sealModel(file: Omit<ModelFile, 'checksum'>): ModelFile {
  return { ...file, checksum: modelChecksum(file) };
}

/**
 * Writes a file atomically: to a temporary file in the same folder, then
 * renamed over the target, so a reader never sees half a file.
 */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  const forget = trackTempFile(tmp);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    forget();
  }
}

/** Semver versions of a model already exported under `dir/<name>/`, ascending. */
export function listVersions(modelsDir: string, name: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(modelsDir, name));
  } catch {
    return [];
  }
  return names.map((f) => /^(\d+\.\d+\.\d+)\.json$/.exec(f)?.[1]).filter((v): v is string => !!v).sort(compareSemver);
}

/** Orders semver strings numerically. */
export function compareSemver(a: string, b: string): number {
  const pa = a.split('.').map(Number), pb = b.split('.').map(Number);
  return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2];
}

/** The parts of a model file that define what it computes (not when it was made). */
function payload(file: ModelFile): string {
  const { checksum: _c, model, ...rest } = file;
  const { createdAt: _t, version: _v, ...modelRest } = model;
  return canonicalJson({ ...rest, model: modelRest });
}

/**
 * Exports a model as `modelsDir/<name>/<version>.json`. The version is the one
 * asked for, or the latest version bumped in its minor part (1.0.0 for the
 * first). When the latest version already holds the same payload (same data,
 * features, parameters, metrics and goals), nothing is written and that
 * version is returned: re-running a job does not pile up copies.
 * @returns the path written (or found), whether it is new, and the latest version the folder held before when the one
 *   written is below it (`belowLatest`: a service following the folder keeps serving that one)
 * @throws LeadvalueError when the version asked for exists with a different payload
 */
export function exportModel(file: Omit<ModelFile, 'checksum'>, modelsDir: string, version?: string): { path: string; version: string; written: boolean; belowLatest?: string } {
  const name = file.model.name;
  const versions = listVersions(modelsDir, name);
  const latest = versions[versions.length - 1];
  const dir = join(modelsDir, name);
  const candidate = version ?? latest;
  if (candidate && versions.includes(candidate)) {
    const path = join(dir, `${candidate}.json`);
    const existing = parseModel(readFileSync(path, 'utf8'), path);
    const sealed = sealModel({ ...file, model: { ...file.model, version: candidate, createdAt: existing.model.createdAt } });
    if (payload(existing) === payload(sealed)) return { path, version: candidate, written: false };
    if (version) throw new LeadvalueError(path, 'this version exists with different content', undefined, 'pick a new version, or omit --version to bump automatically');
  }
  const next = version ?? (latest ? bumpMinor(latest) : '1.0.0');
  if (!/^\d+\.\d+\.\d+$/.test(next)) throw new LeadvalueError('version', 'not a semver version', JSON.stringify(next), 'use MAJOR.MINOR.PATCH, e.g. 1.2.0');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${next}.json`);
  writeFileAtomic(path, serializeModel(sealModel({ ...file, model: { ...file.model, version: next } })));
  return latest && compareSemver(next, latest) < 0 ? { path, version: next, written: true, belowLatest: latest } : { path, version: next, written: true };
}

function bumpMinor(v: string): string {
  const [major, minor] = v.split('.').map(Number);
  return `${major}.${minor + 1}.0`;
}
