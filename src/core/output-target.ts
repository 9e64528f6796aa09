import { fstatSync, lstatSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LeadvalueError } from './errors.js';

/**
 * Where an output really goes:
 * - `stdout`: the path `-` (only where the command allows it), or a path that is this process's standard output when that is
 *   not a regular file (`/dev/stdout` on a pipe, a terminal or a socket, which cannot always be opened again by name): written to fd 1;
 * - `file`: a regular file (or none yet), symlinks resolved: a temporary file is written beside `path`, then renamed onto it,
 *   so a symlink keeps pointing at the new content and a reader never sees half a file;
 * - `special`: an existing character device or FIFO (`/dev/null`, `/dev/stdout`, a named pipe), written in place,
 *   without a temporary file: there is no atomicity there, and a failure can leave part of the output written.
 */
export type OutputTarget = { kind: 'stdout' } | { kind: 'file'; path: string } | { kind: 'special'; path: string };

/**
 * Resolves an output path to where it is written (see {@link OutputTarget}).
 * @param path - the output as given
 * @param options - `stdout`: `-` means standard output (else it is a file named `-`)
 * @returns the target
 * @throws LeadvalueError naming the path for a socket, a block device or a folder, which are not written
 * @example
 * outputTarget('latest.csv') // { kind: 'file', path: '/data/scores/2026-12.csv' } when latest.csv links there
 */
export function outputTarget(path: string, options: { stdout?: boolean } = {}): OutputTarget {
  if (path === '-' && options.stdout) return { kind: 'stdout' };
  let stats;
  try {
    stats = statSync(path); // follows symlinks: /dev/stdout is what fd 1 is
  } catch {
    return { kind: 'file', path: danglingTarget(path) };
  }
  if (stats.isFile()) {
    try {
      return { kind: 'file', path: realpathSync(path) };
    } catch {
      return { kind: 'file', path }; // e.g. /dev/stdout redirected to a file since deleted: replaced where it is
    }
  }
  if (sameAsStdout(stats)) return { kind: 'stdout' };
  if (stats.isCharacterDevice() || stats.isFIFO()) return { kind: 'special', path };
  const what = stats.isDirectory() ? 'a folder' : stats.isSocket() ? 'a socket' : stats.isBlockDevice() ? 'a block device' : 'not a regular file';
  throw new LeadvalueError(path, `is ${what}, which an output is not written to`, undefined, 'give a file path, or - for standard output where the command allows it');
}

/** A path that does not exist: itself, or, when it is a symlink pointing nowhere yet, the path it points to (the file is created there). */
function danglingTarget(path: string): string {
  let p = path;
  for (let hops = 0; hops < 40; hops++) {
    try {
      if (!lstatSync(p).isSymbolicLink()) return p;
    } catch {
      return p;
    }
    p = resolve(dirname(p), readlinkSync(p));
  }
  return path; // a loop: writing it fails with ELOOP, named in the caller's message
}

/**
 * Whether an output is where standard output goes: `-`, or the very file, pipe or terminal fd 1 is
 * (`/dev/stdout`, or `--out x.sql > x.sql`). The CLI then prints its messages to standard error, so that they do not
 * end up inside the output.
 * @param path - the output as given
 */
export function isStandardOutput(path: string): boolean {
  if (path === '-') return true;
  try {
    return sameAsStdout(statSync(path));
  } catch {
    return false;
  }
}

/** Whether a file is the one fd 1 is. */
function sameAsStdout(stats: Stats): boolean {
  try {
    const out = fstatSync(1);
    return stats.dev === out.dev && stats.ino === out.ino;
  } catch {
    return false; // fd 1 closed
  }
}
