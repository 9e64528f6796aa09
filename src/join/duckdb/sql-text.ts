/**
 * A string literal for the generated SQL: single quotes, inner quotes doubled.
 * @param text - any text (file paths, column names, date strings)
 * @returns the quoted literal, e.g. `'it''s'`
 * @example
 * sqlString("O'Brien.csv") // 'O''Brien.csv'
 */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * A quoted identifier for the generated SQL: double quotes, inner quotes
 * doubled, so any column or feature name (spaces, keywords such as `at`) is safe.
 * @param name - the column name
 * @returns the quoted identifier, e.g. `"at"`
 * @example
 * sqlIdent('first contact') // "first contact"
 */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Indents every line of a block of SQL.
 * @param sql - the block
 * @param by - the indent (default two spaces)
 * @returns the indented block
 */
export function indent(sql: string, by = '  '): string {
  return sql.split('\n').map((line) => (line ? by + line : line)).join('\n');
}
