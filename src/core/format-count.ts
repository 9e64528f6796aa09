/**
 * A count with its noun, singular for exactly one: `1 lead`, `0 leads`, `2 leads`.
 * @param n - the count
 * @param singular - the noun for one, e.g. `lead`
 * @param plural - the noun for other counts (default: `singular` + `s`)
 * @example
 * `note: ${formatCount(1, 'lead')} had employees missing` // note: 1 lead had employees missing
 */
export function formatCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
