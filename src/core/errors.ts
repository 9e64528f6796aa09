/**
 * One error type and one message format for the whole library:
 * `where: what was wrong (got X); how to fix`.
 *
 * @example
 * throw new LeadvalueError('leads.csv row 18, column created_at', 'not a date', '"31/02/2024"', 'use ISO 8601 (YYYY-MM-DD)');
 * // leads.csv row 18, column created_at: not a date (got "31/02/2024"); use ISO 8601 (YYYY-MM-DD)
 */
export class LeadvalueError extends Error {
  /** Where the problem is: a file, row and column, a config field, a feature. */
  readonly where: string;
  /** What was wrong, without the location. */
  readonly what: string;

  /**
   * @param where - location (file, row, column, field)
   * @param what - what was wrong
   * @param got - the offending value as shown to the user (already quoted if a string), or undefined
   * @param fix - how to fix it, or undefined
   */
  constructor(where: string, what: string, got?: string, fix?: string) {
    super(formatProblem(where, what, got, fix));
    this.name = 'LeadvalueError';
    this.where = where;
    this.what = what;
  }
}

/** Formats `where: what (got X); fix`, the one message format of leadvalue. */
export function formatProblem(where: string, what: string, got?: string, fix?: string): string {
  let message = where ? `${where}: ${what}` : what;
  if (got !== undefined) message += ` (got ${got})`;
  if (fix) message += `; ${fix}`;
  return message;
}

/** Shows a value in an error message: strings quoted and cut to 60 characters. */
export function shown(value: unknown): string {
  if (typeof value === 'string') {
    const cut = value.length > 60 ? value.slice(0, 57) + '...' : value;
    return JSON.stringify(cut);
  }
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? text.slice(0, 57) + '...' : text;
  } catch {
    return String(value);
  }
}
