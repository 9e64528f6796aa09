import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../core/canonical-json.js';
import { LeadvalueError, shown } from '../core/errors.js';
import { outputTarget } from '../core/output-target.js';
import { trackTempFile } from '../core/temp-files.js';
import { modelChecksum, parseModel } from '../scoring/load-model.js';
import { checkModelIdentity } from '../serve/check-model-identity.js';
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
 * Writes a file atomically: to a temporary file beside the target, then
 * renamed over it, so a reader never sees half a file. A symlink is written
 * through: the temporary file goes beside the file it points to, which is
 * replaced (the link stays). An existing character device or FIFO
 * (`/dev/null`, a named pipe) is written in place, not atomically: it cannot
 * be replaced by a rename; the process's own standard output (`/dev/stdout`
 * when it is not a regular file) is written to with `process.stdout`.
 * @param path - the file to write
 * @param text - its content (written as UTF-8)
 * @param what - what the file is, in messages (default `the file`)
 * @throws LeadvalueError naming the path when it cannot be written (`… cannot write the file (got EACCES); check that its
 *   folder exists and is writable`), or is a socket, a block device or a folder; no temporary file is left behind
 * @example
 * writeFileAtomic('out/report.json', JSON.stringify(report), 'the report');
 */
export function writeFileAtomic(path: string, text: string, what = 'the file'): void {
  const target = outputTarget(path);
  const fail = (e: unknown) => new LeadvalueError(path, `cannot write ${what}`, (e as NodeJS.ErrnoException).code ?? shown((e as Error).message),
    'check that its folder exists and is writable');
  if (target.kind === 'stdout') { // e.g. /dev/stdout on a pipe or a socket, which cannot always be opened by name
    process.stdout.write(text);
    return;
  }
  const real = target.path;
  if (target.kind === 'special') {
    try {
      writeFileSync(real, text);
      return;
    } catch (e) {
      throw fail(e);
    }
  }
  const tmp = `${real}.${process.pid}.${Date.now()}.tmp`;
  const forget = trackTempFile(tmp);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, real);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw fail(e);
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
 * version is returned, also when another version was asked for: re-running a
 * job does not pile up copies. A version asked for below the latest is not
 * written either when any version holds the payload (that one is returned);
 * one above the latest is, even when an older version holds it (a rollback).
 * @returns the path written (or found), whether it is new, and the latest version the folder held before when the one
 *   written is below it (`belowLatest`: a service following the folder keeps serving that one)
 * @throws LeadvalueError when the file would not load in the scorer (parseModel's message; nothing written), when the version asked for exists with a different payload, or the file of the version
 *   compared with holds another version than its name says (`…/1.9.0.json, field model.version: not the version its file name says, 1.9.0 (got "1.4.0"); …`)
 * @example
 * const { path, written } = exportModel(await buildModelFile(data, trained), 'models');
 * exportModel(withGoals(readModel('models/demo/1.4.0.json'), profile), 'models'); // new goals, no retraining: the next minor version
 */
export function exportModel(file: Omit<ModelFile, 'checksum'>, modelsDir: string, version?: string): { path: string; version: string; written: boolean; belowLatest?: string } {
  const name = file.model.name;
  const versions = listVersions(modelsDir, name);
  const latest = versions[versions.length - 1];
  const dir = join(modelsDir, name);
  /** Whether `v`'s file holds this payload. */
  const holds = (v: string): boolean => {
    const path = join(dir, `${v}.json`);
    const existing = parseModel(readFileSync(path, 'utf8'), path);
    // A copy under another version's name is no version of the folder (serve ignores it): never "unchanged" for it.
    checkModelIdentity(existing, path, undefined);
    return payload(existing) === payload(sealModel({ ...file, model: { ...file.model, version: v, createdAt: existing.model.createdAt } }));
  };
  const unchanged = (v: string) => ({ path: join(dir, `${v}.json`), version: v, written: false });
  if (version && versions.includes(version)) {
    if (holds(version)) return unchanged(version);
    throw new LeadvalueError(join(dir, `${version}.json`), 'this version exists with different content', undefined, 'pick a new version, or omit --version to bump automatically');
  }
  // A new version (asked for or bumped) is not written when the latest holds the same payload; nor, when one asked for is
  // below the latest, when any version does: serve never serves it, so it would only be a copy. One above the latest
  // that equals an older version is written: that is how a model is rolled back.
  if (latest && holds(latest)) return unchanged(latest);
  if (version && latest && compareSemver(version, latest) < 0) {
    const same = versions.slice(0, -1).reverse().find(holds);
    if (same) return unchanged(same);
  }
  const next = version ?? (latest ? bumpMinor(latest) : '1.0.0');
  if (!/^\d+\.\d+\.\d+$/.test(next)) throw new LeadvalueError('version', 'not a semver version', JSON.stringify(next), 'use MAJOR.MINOR.PATCH, e.g. 1.2.0');
  const path = join(dir, `${next}.json`);
  const text = serializeModel(sealModel({ ...file, model: { ...file.model, version: next } }));
  // Never write a file the scorer refuses: read it back as the scorer would, before anything is written.
  try {
    parseModel(text, path);
  } catch (e) {
    if (!(e instanceof LeadvalueError)) throw e;
    // The loader's own advice to re-export is what just failed: leave it out.
    const loader = (e.message.startsWith(path) ? e.message.slice(path.length).replace(/^[,:] /, '') : e.message).replace(/;? ?re-export the model with leadvalue train$/, '');
    throw new LeadvalueError(path, `not written: the scoring loader would refuse it: ${loader}`, undefined, 'this is a bug or an extreme value in the data');
  }
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(path, text);
  return latest && compareSemver(next, latest) < 0 ? { path, version: next, written: true, belowLatest: latest } : { path, version: next, written: true };
}

function bumpMinor(v: string): string {
  const [major, minor] = v.split('.').map(Number);
  return `${major}.${minor + 1}.0`;
}
