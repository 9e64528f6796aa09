import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { LeadvalueError } from '../core/errors.js';

/**
 * The one model a models folder serves, decided at startup: the folder's own
 * name when some of its files hold a model of that name (`leadvalue train`
 * writes `models/<name>/<version>.json`), otherwise the one name its files
 * hold. Each file's `model.name` is read without verifying it; a file that
 * does not parse is left to verification, which refuses it.
 * @param dir - the folder
 * @param files - its `<x.y.z>.json` files (see modelVersions)
 * @returns the model name, or undefined when no file names a model
 * @throws LeadvalueError when the files hold several models and none has the folder's name
 * @example
 * folderModelName('models/demo/', modelVersions('models/demo/')) // 'demo'
 */
export function folderModelName(dir: string, files: string[]): string | undefined {
  const byName = new Map<string, string[]>();
  for (const path of files) {
    let name: unknown;
    try {
      name = (JSON.parse(readFileSync(path, 'utf8')) as { model?: { name?: unknown } } | null)?.model?.name;
    } catch {
      continue;
    }
    if (typeof name === 'string') byName.set(name, [...(byName.get(name) ?? []), basename(path)]);
  }
  const own = basename(resolve(dir));
  if (byName.has(own)) return own;
  if (byName.size <= 1) return byName.keys().next().value;
  throw new LeadvalueError(dir, 'holds versions of more than one model, and none has the folder\'s name',
    [...byName].map(([name, names]) => `${name} in ${names.join(', ')}`).join('; '),
    'keep one model\'s versions per folder, named for the model (models/<name>/), or serve one file');
}
