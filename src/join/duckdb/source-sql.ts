import { basename } from 'node:path';
import type { TableDecl } from '../../load/adapter-config.js';
import type { CsvFileInfo } from './csv-file.js';
import { datePartSql, parseDateSql, parseNumberSql } from './parse-sql.js';
import { sourceColumns, type SourceColumn } from './source-columns.js';
import { sqlIdent, sqlString } from './sql-text.js';

/** The three canonical tables. */
export type SourceRole = 'leads' | 'outcomes' | 'revenue';

const BLANK = `' ' || chr(9)`; // spaces and tabs around a field are not part of it, as in the TypeScript loader

/**
 * The column a feature takes in the typed source tables: `f_<name>`, so a
 * feature can never clash with a role column (`lead_id`, `at`, …).
 * @param name - the feature name
 */
export function featureColumn(name: string): string {
  return sqlIdent(`f_${name}`);
}

/**
 * SQL that reads one source file with `read_csv` and creates the typed
 * canonical table (`leads`, `outcomes` or `revenue`): `ord` (the data record,
 * 1 = the first row after the header), the role columns (`lead_id`,
 * `created_at`, `won_at`, `account_id`; revenue: `key`, `at`, `amount`), one
 * `f_<feature>` column per feature, and `problem_column` / `problem_text`: the
 * first empty required value or unreadable date or number of the row, NULL
 * when the row is fine (checked before anything else runs).
 * @param role - which canonical table
 * @param table - its declaration in the adapter config
 * @param file - its header and compression (see readCsvHeader)
 * @returns one CREATE TABLE statement, commented
 */
export function sourceTableSql(role: SourceRole, table: TableDecl, file: CsvFileInfo): string {
  const columns = sourceColumns(table);
  const whitespace = table.delimiter === 'whitespace';
  const position = (name: string) => file.header.indexOf(name) + 1;
  const text = (c: SourceColumn) => whitespace
    ? `nullif(fields[${position(c.name)}], '') AS ${sqlIdent(c.name)}`
    : `nullif(trim(c${position(c.name)}, ${BLANK}), '') AS ${sqlIdent(c.name)}`;
  const value = (c: SourceColumn) => (c.type === 'date' ? parseDateSql(sqlIdent(c.name), c.dateFormat) : c.type === 'number' ? parseNumberSql(sqlIdent(c.name)) : sqlIdent(c.name));
  const v = (name: string) => `v${columns.findIndex((c) => c.name === name) + 1}`;

  const roles: string[] = ['ord'];
  const map = (roleName: string, as = roleName) => { if (table.columns[roleName]) roles.push(`${v(table.columns[roleName])} AS ${sqlIdent(as)}`); };
  if (role === 'revenue') {
    map(table.columns.account_id ? 'account_id' : 'lead_id', 'key');
    map('at');
    map('amount');
  } else {
    map('lead_id');
    map(role === 'leads' ? 'created_at' : 'won_at');
    map('account_id');
  }
  for (const f of table.features) {
    roles.push(`${f.derive ? datePartSql(v(f.column), f.derive, f.kind) : v(f.column)} AS ${featureColumn(f.name)}`);
  }
  const problems = columns.map((c) => {
    const missing = `${sqlIdent(c.name)} IS NULL`;
    const bad = c.type === 'string' ? null : `(${sqlIdent(c.name)} IS NOT NULL AND ${v(c.name)} IS NULL)`;
    const when = [c.required ? missing : null, bad].filter(Boolean).join(' OR ');
    return when ? { when, name: c.name } : null;
  }).filter((p): p is { when: string; name: string } => p !== null);
  if (whitespace) problems.unshift({ when: `len(fields) <> ${file.header.length}`, name: '' });
  const problemCase = (then: (name: string) => string) => problems.length === 0 ? 'NULL'
    : `CASE ${problems.map((p) => `WHEN ${p.when} THEN ${then(p.name)}`).join(' ')} END`;

  const read = whitespace
    ? `(SELECT string_split_regex(trim(line, ${BLANK}), '[ ' || chr(9) || ']+') AS fields\n    FROM read_csv(${sqlString(table.file)}, header = true, auto_detect = false, columns = {'line': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', compression = ${sqlString(file.gzip ? 'gzip' : 'none')})\n    WHERE trim(line, ${BLANK}) <> '')`
    : `read_csv(${sqlString(table.file)}, header = true, auto_detect = false, strict_mode = true,\n      delim = ${sqlString(table.delimiter)}, quote = '"', escape = '"', compression = ${sqlString(file.gzip ? 'gzip' : 'none')},\n      columns = {${file.header.map((_, i) => `'c${i + 1}': 'VARCHAR'`).join(', ')}})`;
  return `-- ${role}: ${basename(table.file)} (${role === 'revenue' ? 'one row per payment' : role === 'leads' ? 'one row per lead' : 'what became of each lead'}).
-- Every field is read as text, then typed: ${columns.map((c, i) => `v${i + 1} = ${c.name} (${c.type === 'date' ? `date, ${c.dateFormat}` : c.type})`).join(', ')}.
-- ord numbers the data records in file order; problem_column names the first empty required or unreadable value of a row.
CREATE OR REPLACE TEMP TABLE ${role} AS
WITH text AS (
  SELECT row_number() OVER () AS ord,${whitespace ? ' fields,' : ''}
    ${columns.map(text).join(',\n    ')}
  FROM ${read}
), parsed AS (
  SELECT *, ${columns.map((c, i) => `${value(c)} AS v${i + 1}`).join(',\n    ')}
  FROM text
)
SELECT ${roles.join(',\n  ')},
  ${problemCase((name) => sqlString(name))} AS problem_column,
  ${problemCase((name) => (name ? sqlIdent(name) : `array_to_string(fields, ' ')`))} AS problem_text
FROM parsed;`;
}
