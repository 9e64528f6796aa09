import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * A data file's path as warnings and errors name it: relative to the working
 * directory when the file lies under it or the two share a folder below the
 * filesystem root (`../shared/data/olist/x.csv` from the project folder,
 * `../../shared/data/olist/x.csv` from its `notebooks/`), so a run prints the
 * same on every machine whatever the checkout's location; absolute when they
 * share only the root (`/tmp/x.csv`, never `../../tmp/x.csv`). A relative
 * path (a table built in code, `leads.csv`) is kept as given.
 * @param path - the file
 * @param cwd - the directory to be relative to (default the working directory)
 * @returns the path to print
 * @example
 * fileLabel('/work/shared/data/olist/leads.csv', '/work/main'); // '../shared/data/olist/leads.csv'
 * fileLabel('/tmp/leads.csv', '/work/main');                     // '/tmp/leads.csv'
 */
export function fileLabel(path: string, cwd = process.cwd()): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  if (rel === '' || isAbsolute(rel)) return path; // the directory itself, or another drive
  if (rel !== '..' && !rel.startsWith(`..${sep}`)) return rel;
  const top = (p: string) => resolve(p).split(sep).filter(Boolean)[0] ?? '';
  return top(path) !== '' && top(path) === top(cwd) ? rel : path;
}
