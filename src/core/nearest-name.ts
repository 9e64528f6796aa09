/**
 * The known name a mistyped one most likely meant, for "did you mean" hints:
 * one that differs only in letter case first, else the closest within 2 edits
 * (1 for names under 6 characters, so `by` does not suggest `in`; Levenshtein,
 * two swapped letters counting as one edit), ties to the first listed. Null
 * when none is that close.
 * @param name - the name given (an option, a column, a feature)
 * @param known - the names that exist
 * @returns the nearest name, and whether it differs from `name` only in case
 * @example
 * nearestName('employes', ['source', 'employees'])  // { name: 'employees', caseOnly: false }
 * nearestName('Source', ['source'])                 // { name: 'source', caseOnly: true }
 */
export function nearestName(name: string, known: readonly string[]): { name: string; caseOnly: boolean } | null {
  const lower = name.toLowerCase();
  const sameCase = known.find((k) => k !== name && k.toLowerCase() === lower);
  if (sameCase !== undefined) return { name: sameCase, caseOnly: true };
  let best: string | null = null, bestDistance = (name.length < 6 ? 1 : 2) + 1;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d > 0 && d < bestDistance) { best = k; bestDistance = d; }
  }
  return best === null ? null : { name: best, caseOnly: false };
}

/**
 * The hint for a name that is not known: `did you mean "employees"?`, and,
 * when only the case differs, `did you mean "source"? (names are case-sensitive)`.
 * @param name - the name given
 * @param known - the names that exist
 * @param quote - how a name is written in the hint (default: in double quotes)
 * @returns the hint, or null when no known name is close
 */
export function didYouMean(name: string, known: readonly string[], quote: (n: string) => string = (n) => JSON.stringify(n)): string | null {
  const near = nearestName(name, known);
  if (!near) return null;
  return `did you mean ${quote(near.name)}?${near.caseOnly ? ' (names are case-sensitive)' : ''}`;
}

/**
 * The loaders' fix for a column the header lacks: `check the spelling: did you
 * mean "source"? (names are case-sensitive)` when a header name is near, else
 * to check the spelling, the delimiter and the header row.
 * @param name - the column asked for
 * @param header - the header's names
 */
export function spellingHint(name: string, header: readonly string[]): string {
  const near = didYouMean(name, header);
  return near ? `check the spelling: ${near}` : 'check the spelling, the delimiter and the header row';
}

/** Edit distance (Levenshtein with transpositions of neighbours: "lable" is one edit from "label"), for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
