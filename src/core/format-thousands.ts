/**
 * A whole number with thousands separators, as the CLI writes money and counts
 * in prose: `172,031`. Rounds to a whole number first.
 * @example
 * `${formatThousands(172031)} in all` // 172,031 in all
 */
export function formatThousands(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}
