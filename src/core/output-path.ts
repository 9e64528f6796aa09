import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LeadvalueError } from './errors.js';

/**
 * Checks, before any work, that a file can be written at `path`, and creates
 * its missing folders: the path is not a folder, and its nearest existing
 * ancestor is a folder (not a file). Otherwise throws a LeadvalueError naming
 * the option and the path, instead of Node's EISDIR / EEXIST / ENOTDIR at the end.
 * @param path - the output file
 * @param label - what names it in messages, e.g. `--out`
 * @param options - `input`: the files the command reads (undefined entries are skipped), which the output must not replace
 *   (also through a symlink); `stdout`: the command writes `-` to standard output (else `-` is refused: the command prints its report there)
 * @throws LeadvalueError on a folder, a file in the way, the input itself, `-` where standard output is not an output, or a folder that cannot be created
 * @example
 * prepareOutputPath('out/scored.csv', '--out', { input: 'leads.csv' });
 */
export function prepareOutputPath(path: string, label: string, options: { input?: string | (string | undefined)[]; stdout?: boolean } = {}): void {
  if (path === '-') {
    if (options.stdout) return;
    throw new LeadvalueError(`${label} -`, 'standard output is not an output of this command: it prints its results there', undefined, 'give a file name');
  }
  const target = real(path);
  const inputs = (Array.isArray(options.input) ? options.input : [options.input]).filter((x): x is string => x !== undefined);
  const clash = inputs.find((x) => real(x) === target);
  if (clash !== undefined) {
    throw new LeadvalueError(`${label} ${path}`, 'is a file this command reads', JSON.stringify(clash), 'write the output to another file');
  }
  if (/[/\\]$/.test(path) || (existsSync(target) && statSync(target).isDirectory())) {
    throw new LeadvalueError(`${label} ${path}`, 'is a folder', undefined, 'give a file name inside it');
  }
  let ancestor = dirname(target);
  while (!existsSync(ancestor) && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor);
  if (!statSync(ancestor).isDirectory()) {
    throw new LeadvalueError(`${label} ${path}`, `cannot be created: ${ancestor} is a file, not a folder`, undefined, 'choose another path');
  }
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (e) {
    throw new LeadvalueError(`${label} ${path}`, 'its folder cannot be created', (e as NodeJS.ErrnoException).code, 'choose a writable path');
  }
}

/** The path with symlinks resolved where it exists (a link to the input is the input), else absolute. */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
