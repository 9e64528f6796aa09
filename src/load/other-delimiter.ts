/** Characters files are often separated by, in the order they are looked for. */
const DELIMITERS = [';', '\t', '|', ','];

/**
 * When a header came out as one column holding a character files are often
 * separated by (`;`, a tab, `|`, `,`) other than the delimiter it was split
 * with, the fix to suggest: the file may use that character. Shared by the
 * loaders (`train`, `frame`) and `leadvalue score`, each saying how its user gives a delimiter.
 * @param header - the header's names as split
 * @param delimiter - the delimiter it was split with (`whitespace` included)
 * @param howToGive - the caller's way to give the delimiter found, e.g. `(d) => \`pass --delimiter ${d}\``
 * @returns the fix, or undefined when the header does not look like another delimiter's
 * @example
 * otherDelimiter(['id;created'], ',', (d) => `set "delimiter": ${JSON.stringify(d)}`);
 * // 'the file may use another delimiter than ","; its header is one column holding ";": set "delimiter": ";"'
 */
export function otherDelimiter(header: string[], delimiter: string, howToGive: (found: string) => string): string | undefined {
  const found = header.length === 1 ? DELIMITERS.find((c) => c !== delimiter && header[0].includes(c)) : undefined;
  if (!found) return undefined;
  const shownDelimiter = delimiter === 'whitespace' ? 'whitespace' : JSON.stringify(delimiter);
  return `the file may use another delimiter than ${shownDelimiter}; its header is one column holding ${JSON.stringify(found)}: ${howToGive(found)}`;
}
