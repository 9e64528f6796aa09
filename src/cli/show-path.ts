import { isAbsolute, relative, resolve } from 'node:path';

/** A path as the CLI prints it: relative to the working directory when inside it, else absolute (never `../../tmp/…`). */
export function showPath(path: string): string {
  const rel = relative(process.cwd(), path);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? resolve(path) : rel;
}
