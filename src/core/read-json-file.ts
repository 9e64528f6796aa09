import { readFileSync } from 'node:fs';
import { LeadvalueError } from './errors.js';

/**
 * Reads and parses a JSON file, with the one error format naming the file:
 * `rules.json: cannot read the rules file (got ENOENT); check the path`.
 * @param path - the file
 * @param what - what the file is, for the message (e.g. "config file", "rules file")
 * @throws LeadvalueError when the file cannot be read or is not valid JSON
 */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LeadvalueError(path, `cannot read the ${what}`, (e as NodeJS.ErrnoException).code, 'check the path');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new LeadvalueError(path, 'not valid JSON', (e as Error).message, 'fix the syntax');
  }
}
