import { LeadvalueError, shown } from '../core/errors.js';

/** The SQL dialects `exportSql` writes. */
export type SqlDialectName = 'duckdb' | 'postgres' | 'bigquery' | 'snowflake' | 'spark';

/** Every dialect, in the order help texts list them. */
export const SQL_DIALECTS: readonly SqlDialectName[] = ['duckdb', 'postgres', 'bigquery', 'snowflake', 'spark'];

/**
 * What differs between warehouses: quoting, type names, literals, regular
 * expressions, casts. Everything else the exported SQL uses (CASE, ABS, EXP,
 * LN, SUBSTR, MOD, GREATEST, LEAST, TRIM with a character set, CTEs) is
 * written the same way in all five.
 */
export interface SqlDialect {
  name: SqlDialectName;
  /** The name people know it by, in messages. */
  title: string;
  /** A quoted identifier (see `unquotable`: a name holding one of those characters throws). */
  ident(name: string): string;
  /** Characters a quoted name cannot hold as exported (BigQuery: a backtick or backslash, which its quoted names escape with backslashes); null when any can be quoted. */
  unquotable: RegExp | null;
  /** Most dotted parts of a table name, and what they are (`catalog.schema.table`); Spark's v2 catalogs nest namespaces, so no limit there. */
  nameParts: { max: number; spelled: string } | null;
  /** The name of the type text is cast to. */
  text: string;
  /** A float64 literal that parses to exactly `x` (shortest round-trip digits). */
  num(x: number): string;
  /** A string literal. */
  str(s: string): string;
  /** true when `s` matches `pattern` in full (patterns use no backslashes and no `(?:`). */
  fullMatch(s: string, pattern: string): string;
  /** The first capture group of `pattern` in `s`, or NULL when it does not match. */
  group(s: string, pattern: string): string;
  /** Digits text to an integer. */
  int(s: string): string;
  /** Number text (already checked against the plain-decimal pattern) to float64; NULL when out of range where the dialect can tell. */
  double(s: string): string;
  /**
   * True when the column's type is boolean, false for any other type (so a
   * text column holding 'true' stays text). Looks at the type, never casts the
   * value: number features read a BOOLEAN column as 1/0, as scoreLead reads true/false.
   */
  isBoolean(column: string): string;
  /** log(1 + x). */
  ln1p(x: string): string;
  /** Integer division of non-negative integers. */
  div(a: string, b: string): string;
  /** The text of the characters JavaScript's `trim()` removes. */
  whitespace: string;
  /** `s` without leading and trailing characters from the text `chars`. */
  trim(s: string, chars: string): string;
  /** e^x as JavaScript's Math.exp: Infinity above 709.78…, 0 below −745.13… (where PostgreSQL and BigQuery raise errors instead). */
  exp(x: string): string;
  /** Written after `name AS` of each CTE: PostgreSQL needs MATERIALIZED, or it inlines the chain and its planner spends minutes on the nested expressions. */
  cte: string;
}

/** The code points String.prototype.trim removes: ECMAScript WhiteSpace and LineTerminator. */
export const JS_WHITESPACE: readonly number[] = [
  9, 10, 11, 12, 13, 32, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279,
];

const quoted = (q: string) => (name: string) => q + name.split(q).join(q + q) + q;
/**
 * BigQuery's quoted names take a string literal's escapes (`\``, `\\`; "Quoted identifiers … have the same escape
 * sequences as string literals", GoogleSQL lexical structure), not a doubled backtick. Names holding either are
 * refused rather than escaped: they are rare, and an escape the exporter gets wrong would name another table.
 */
const BIGQUERY_UNQUOTABLE = /[`\\]/;
const bigqueryIdent = (name: string) => {
  if (BIGQUERY_UNQUOTABLE.test(name)) throw unquotableName(DIALECTS.bigquery, name, `name ${shown(name)}`);
  return `\`${name}\``;
};
const standardString = (s: string) => `'${s.split("'").join("''")}'`;
/** Backslash-escaped strings (BigQuery, Spark, and Snowflake's backslash). */
const escapedString = (s: string) => `'${s.replace(/[\\'\n\r\t]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!)}'`;
/** Shortest round-trip digits, always with an exponent so the literal is a float, not a decimal. */
const floatLiteral = (x: number) => (/e/.test(String(x)) ? String(x) : `${x}e0`);
const chrList = (fn: string) => JS_WHITESPACE.map((c) => `${fn}(${c})`).join(' || ');
const unicodeEscapes = `'${JS_WHITESPACE.map((c) => `\\u${c.toString(16).padStart(4, '0')}`).join('')}'`;

/**
 * PostgreSQL has no TRY_CAST and raises an error for a number beyond float64's
 * range: check the exact value as NUMERIC first. At or above 2^1024 − 2^970
 * (half an ulp past the largest double) JavaScript reads Infinity, which the
 * scorer refuses; below 2^−1075 it reads 0.
 */
const postgresDouble = (s: string) => `CASE WHEN ABS(CAST(${s} AS NUMERIC)) >= 1.79769313486231580793728971405303415079934132710037826936173778980444968292764750946649e308 THEN NULL`
  + ` WHEN ABS(CAST(${s} AS NUMERIC)) <= 2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818e-324 THEN 0`
  + ` ELSE CAST(${s} AS DOUBLE PRECISION) END`;

/** The largest x whose Math.exp is finite, and the smallest whose Math.exp is above 0. */
const EXP_MAX = 709.782712893384, EXP_MIN = -745.1332191019411;
const guardedExp = (infinity: string) => (x: string) => `CASE WHEN ${x} > ${EXP_MAX}e0 THEN ${infinity} WHEN ${x} < ${EXP_MIN}e0 THEN 0e0 ELSE EXP(${x}) END`;

/** RE2 class of the same characters: DuckDB's TRIM with a character set is slow, so it runs only on the rare value that needs it. */
const RE2_WHITESPACE = `[${JS_WHITESPACE.map((c) => `\\x{${c.toString(16)}}`).join('')}]`;
const duckdbTrim = (s: string, chars: string) => `CASE WHEN regexp_matches(${s}, '^${RE2_WHITESPACE}|${RE2_WHITESPACE}$') THEN TRIM(${s}, ${chars}) ELSE ${s} END`;

const DIALECTS: Record<SqlDialectName, SqlDialect> = {
  duckdb: {
    name: 'duckdb', title: 'DuckDB', ident: quoted('"'), unquotable: null, nameParts: { max: 3, spelled: 'catalog.schema.table' }, text: 'VARCHAR', num: floatLiteral, str: standardString,
    fullMatch: (s, p) => `regexp_full_match(${s}, '${p}')`,
    group: (s, p) => `NULLIF(regexp_extract(${s}, '${p}', 1), '')`,
    int: (s) => `CAST(${s} AS INTEGER)`, double: (s) => `TRY_CAST(${s} AS DOUBLE)`,
    isBoolean: (c) => `typeof(${c}) = 'BOOLEAN'`,
    ln1p: (x) => `LN(1 + ${x})`, div: (a, b) => `(${a} // ${b})`,
    whitespace: chrList('chr'), trim: duckdbTrim, cte: '', exp: guardedExp("CAST('Infinity' AS DOUBLE)"),
  },
  postgres: {
    name: 'postgres', title: 'PostgreSQL', ident: quoted('"'), unquotable: null, nameParts: { max: 3, spelled: 'database.schema.table' }, text: 'TEXT', num: (x) => `${x}::float8`, str: standardString,
    fullMatch: (s, p) => `(${s} ~ '^(${p})$')`,
    group: (s, p) => `substring(${s} from '${p}')`,
    int: (s) => `CAST(${s} AS INTEGER)`, double: postgresDouble,
    isBoolean: (c) => `pg_typeof(${c}) = 'boolean'::regtype`,
    ln1p: (x) => `LN(1 + ${x})`, div: (a, b) => `(${a} / ${b})`,
    whitespace: chrList('chr'), trim: (s, c) => `BTRIM(${s}, ${c})`, cte: 'MATERIALIZED ', exp: (x) => `CASE WHEN ${x} > ${EXP_MAX}::float8 THEN 'Infinity'::float8 WHEN ${x} < ${EXP_MIN}::float8 THEN 0::float8 ELSE EXP(${x}) END`,
  },
  bigquery: {
    name: 'bigquery', title: 'BigQuery', ident: bigqueryIdent, unquotable: BIGQUERY_UNQUOTABLE, nameParts: { max: 3, spelled: 'project.dataset.table' }, text: 'STRING', num: floatLiteral, str: escapedString,
    fullMatch: (s, p) => `REGEXP_CONTAINS(${s}, '^(${p})$')`,
    group: (s, p) => `REGEXP_EXTRACT(${s}, '${p}')`,
    int: (s) => `CAST(${s} AS INT64)`, double: (s) => `SAFE_CAST(${s} AS FLOAT64)`,
    // No typeof in BigQuery: a BOOL's JSON is true or false, a STRING's is quoted ("true").
    isBoolean: (c) => `TO_JSON_STRING(${c}) IN ('true', 'false')`,
    ln1p: (x) => `LN(1 + ${x})`, div: (a, b) => `DIV(${a}, ${b})`,
    whitespace: unicodeEscapes, trim: (s, c) => `TRIM(${s}, ${c})`, cte: '', exp: guardedExp("CAST('inf' AS FLOAT64)"),
  },
  snowflake: {
    name: 'snowflake', title: 'Snowflake', ident: quoted('"'), unquotable: null, nameParts: { max: 3, spelled: 'database.schema.table' }, text: 'VARCHAR', num: floatLiteral,
    str: (s) => `'${s.replace(/[\\']/g, (c) => (c === '\\' ? '\\\\' : "''"))}'`,
    fullMatch: (s, p) => `REGEXP_LIKE(${s}, '${p}')`,
    group: (s, p) => `REGEXP_SUBSTR(${s}, '${p}', 1, 1, 'e', 1)`,
    int: (s) => `CAST(${s} AS INTEGER)`, double: (s) => `TRY_CAST(${s} AS DOUBLE)`,
    isBoolean: (c) => `IS_BOOLEAN(TO_VARIANT(${c}))`,
    ln1p: (x) => `LN(1 + ${x})`, div: (a, b) => `FLOOR(${a} / ${b})`,
    whitespace: chrList('CHR'), trim: (s, c) => `TRIM(${s}, ${c})`, cte: '', exp: guardedExp("CAST('inf' AS DOUBLE)"),
  },
  spark: {
    name: 'spark', title: 'Spark SQL', ident: quoted('`'), unquotable: null, nameParts: null, text: 'STRING', num: floatLiteral, str: escapedString,
    fullMatch: (s, p) => `(${s} RLIKE '^(${p})$')`,
    group: (s, p) => `NULLIF(regexp_extract(${s}, '${p}', 1), '')`,
    int: (s) => `CAST(${s} AS INT)`, double: (s) => `TRY_CAST(${s} AS DOUBLE)`,
    isBoolean: (c) => `typeof(${c}) = 'boolean'`,
    ln1p: (x) => `LOG1P(${x})`, div: (a, b) => `(${a} DIV ${b})`,
    whitespace: unicodeEscapes, trim: (s, c) => `TRIM(BOTH ${c} FROM ${s})`, cte: '', exp: guardedExp("CAST('Infinity' AS DOUBLE)"),
  },
};

/**
 * The dialect of a name.
 * @param name - duckdb, postgres, bigquery, snowflake or spark
 * @param where - used in the message, e.g. `--dialect`
 * @throws LeadvalueError naming the dialects known when the name is not one of them
 * @example
 * sqlDialect('duckdb').ident('lead id') // "lead id" in double quotes
 */
export function sqlDialect(name: string, where = 'dialect'): SqlDialect {
  if (!(SQL_DIALECTS as readonly string[]).includes(name)) {
    throw new LeadvalueError(where, 'unknown SQL dialect', shown(name), `use one of ${SQL_DIALECTS.join(', ')}`);
  }
  return DIALECTS[name as SqlDialectName];
}

/**
 * A table name as written (`leads`, `crm.leads`, `project.dataset.leads`), each dotted part quoted.
 * @param dialect - the SQL dialect
 * @param name - the name, dotted parts
 * @param where - what names it in messages (`table`, `view`)
 * @throws LeadvalueError for an empty part, more parts than the dialect's names have (3 but in Spark), a part the dialect cannot quote
 */
export function tableName(dialect: SqlDialect, name: string, where = 'table'): string {
  const parts = name.split('.');
  if (name.trim() === '' || parts.some((p) => p === '')) throw new LeadvalueError(where, `not a ${where} name`, shown(name), 'e.g. leads or crm.leads');
  if (dialect.nameParts && parts.length > dialect.nameParts.max) {
    throw new LeadvalueError(where, `more dotted parts than a ${dialect.title} name has (${dialect.nameParts.spelled})`, shown(name),
      `give at most ${dialect.nameParts.max} parts, e.g. ${dialect.nameParts.spelled.split('.').slice(1).join('.')}`);
  }
  if (dialect.unquotable?.test(name)) throw unquotableName(dialect, name, where);
  return parts.map((p) => dialect.ident(p)).join('.');
}

/** The refusal of a name holding a character the dialect's quoted names cannot hold as exported. */
export function unquotableName(dialect: SqlDialect, name: string, where: string): LeadvalueError {
  const spelled: Record<string, string> = { '`': 'a backtick (`)', '\\': 'a backslash (\\)' };
  const chars = [...new Set(name.match(new RegExp(dialect.unquotable!.source, 'g')))].map((c) => spelled[c] ?? shown(c)).join(' and ');
  return new LeadvalueError(where, `holds ${chars}, which ${dialect.title} escapes with a backslash in a quoted name; the export refuses it rather than risk naming another object`,
    shown(name), 'rename it (or create a view or column alias without it) and export again');
}
