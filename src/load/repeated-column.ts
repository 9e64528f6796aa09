import { shown } from '../core/errors.js';

/**
 * The first name a header gives more than once, with its positions (1-based),
 * as a message part: `column "employees" appears twice in the header (columns 6 and 11)`.
 * Blank names (unnamed columns) may repeat.
 * @param header - the header's names
 * @param among - only these names count (the columns a reader reads); default all
 * @returns the message part, or undefined when no name repeats
 */
export function repeatedColumn(header: string[], among?: Iterable<string>): string | undefined {
  const wanted = among === undefined ? undefined : new Set(among);
  const name = header.find((n, i) => n !== '' && (wanted === undefined || wanted.has(n)) && header.indexOf(n) !== i);
  if (name === undefined) return undefined;
  const at = header.flatMap((n, i) => (n === name ? [String(i + 1)] : []));
  return `column ${shown(name)} appears ${at.length === 2 ? 'twice' : `${at.length} times`} in the header (columns ${at.slice(0, -1).join(', ')} and ${at.at(-1)})`;
}
