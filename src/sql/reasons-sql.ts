import type { ReasonCandidate } from './part-sql.js';
import type { SqlDialect } from './sql-dialect.js';
import type { SqlColumn, SqlNames } from './sql-query.js';

/**
 * Top reasons without sorting rows: each contribution's place among the
 * lead's non-zero contributions is counted with plain comparisons (how many
 * others are larger in absolute value, ties going to the feature name that
 * sorts first, as the scorer orders them), so the query needs no unpivot,
 * window or join and runs the same in every dialect. The count grows with the
 * square of the number of contributions (2 × features + pairs), which stays a
 * few hundred comparisons per lead.
 * @module
 */

/** Candidates in the scorer's tie order: by feature name (JavaScript string order), win part before value part. */
export function orderCandidates(candidates: ReasonCandidate[]): ReasonCandidate[] {
  return candidates.map((c, i) => ({ c, i }))
    .sort((a, b) => (a.c.feature < b.c.feature ? -1 : a.c.feature > b.c.feature ? 1 : a.i - b.i))
    .map(({ c }) => c);
}

/**
 * The place columns: 1 for the largest non-zero contribution, 2 for the next…;
 * NULL for a contribution of 0 (the scorer gives no reason for it).
 * @param ordered - candidates from {@link orderCandidates}
 * @returns the columns and their names, aligned with `ordered`
 */
export function placeColumns(ordered: ReasonCandidate[], names: SqlNames): { columns: SqlColumn[]; places: string[] } {
  const places = ordered.map((c) => names.name(c.column.replace(/_c(_\d+)?$/, ''), 'place'));
  const columns = ordered.map((k, i) => {
    const beaten = ordered.map((j, n) => (n === i ? '' : `CASE WHEN ABS(${j.column}) ${n < i ? '>=' : '>'} ABS(${k.column}) THEN 1 ELSE 0 END`)).filter(Boolean);
    return { expr: `CASE WHEN ${k.column} <> 0 THEN 1${beaten.map((b) => `\n  + ${b}`).join('')} END`, alias: places[i], comment: `place of ${k.feature} (${k.part}${k.head ? ` ${k.head}` : ''})` };
  });
  return { columns, places };
}

/**
 * The reason columns of the result: for i = 1…n, `reason_i_feature`,
 * `reason_i_part`, (`reason_i_head` for a ZILN value part), `reason_i_contribution`;
 * NULL past the lead's non-zero contributions and for a lead that could not be read.
 */
export function reasonColumns(ordered: ReasonCandidate[], places: string[], n: number, invalid: string, sql: SqlDialect): SqlColumn[] {
  const withHead = ordered.some((c) => c.head);
  const pick = (i: number, value: (c: ReasonCandidate) => string) =>
    `CASE WHEN ${invalid} IS NOT NULL THEN NULL${ordered.map((c, k) => `\n  WHEN ${places[k]} = ${i} THEN ${value(c)}`).join('')}\nEND`;
  const out: SqlColumn[] = [];
  for (let i = 1; i <= n; i++) {
    out.push({ expr: pick(i, (c) => sql.str(c.feature)), alias: `reason_${i}_feature` });
    out.push({ expr: pick(i, (c) => sql.str(c.part)), alias: `reason_${i}_part` });
    if (withHead) out.push({ expr: pick(i, (c) => (c.head ? sql.str(c.head) : 'NULL')), alias: `reason_${i}_head` });
    out.push({ expr: pick(i, (c) => c.column), alias: `reason_${i}_contribution` });
  }
  return out;
}
