import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LeadvalueError } from '../core/errors.js';
import { versionInFileName } from './check-model-identity.js';

/**
 * The model files of a `models/<name>/` folder, highest semver version first.
 * Only `<major>.<minor>.<patch>.json` files count, so temporary files of an
 * atomic write (`1.4.0.json.123.tmp`) and notes are never taken for a model.
 * @param dir - the folder
 * @returns full paths, e.g. [`models/demo/1.10.0.json`, `models/demo/1.9.2.json`]
 * @throws LeadvalueError when the folder cannot be read
 * @example
 * modelVersions('models/demo')[0] // 'models/demo/1.3.0.json'
 */
export function modelVersions(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new LeadvalueError(dir, 'cannot read the models folder', (e as NodeJS.ErrnoException).code, 'check the path (models/<name>/)');
  }
  return names
    .map((name) => ({ name, v: versionInFileName(name)?.split('.').map(Number) }))
    .filter((f): f is { name: string; v: number[] } => f.v !== undefined)
    .sort((a, b) => b.v[0] - a.v[0] || b.v[1] - a.v[1] || b.v[2] - a.v[2])
    .map((f) => join(dir, f.name));
}
