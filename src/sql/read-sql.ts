import type { DateFormat } from '../core/dates.js';
import type { CategoryFeatureSpec, FeatureSpec, ModelFile } from '../scoring/model-types.js';
import { dateCheckColumns, dateFieldColumns, dateGroup, dateMatchColumns, datePartBase, datePartLevels, datePartNumber, type DateGroup } from './date-sql.js';
import type { SqlDialect } from './sql-dialect.js';
import { caseTable, type SqlColumn, type SqlNames, type SqlStage } from './sql-query.js';

/**
 * Reading a lead's source columns as the scorer does (src/scoring/score-lead.ts):
 * every value as text, trimmed of what JavaScript's `trim()` removes; empty
 * or NULL is missing; a number must be a plain decimal (no hex, no thousands
 * separators) and finite, and above −1 when the model takes log1p of it, or a
 * BOOLEAN (1 or 0, as scoreLead reads true and false; the text 'true' is not a
 * number, there or here); a
 * category's level is the trimmed text, matched exactly against the model's
 * vocabulary (`(other)` otherwise); a date part comes from the date column
 * (see date-sql.ts), where only NULL or '' is missing.
 * @module
 */

/** Where the SQL holds a feature's encoded value. */
export interface FeatureColumns {
  spec: FeatureSpec;
  /** Number features: the raw value (NULL when missing), and z when some part needs it. */
  x?: string;
  z?: string;
  /** Category features: the slot, 0…levels−1, then `(other)`, then `(missing)`. */
  slot?: string;
  /** Category features read from a column (not a date part): the trimmed text. */
  text?: string;
}

/** The reading stages and, for each feature, the columns the model parts use. */
export interface ReadStages {
  stages: SqlStage[];
  features: FeatureColumns[];
  /** The stage that holds z, date-part slots and the invalid field; the parts add their pair bins to it. */
  encoded: SqlStage;
  /** The lead id column. */
  id: string;
  /** The name of the column saying which source field could not be read (NULL when all could). */
  invalid: string;
}

/** What the scorer accepts as a number (src/scoring/score-lead.ts, PLAIN_DECIMAL). */
const PLAIN_DECIMAL = '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?';

/**
 * Builds the stages that read the leads table.
 * @param model - a verified model file
 * @param sql - the dialect
 * @param names - the query's name allocator
 * @param table - the quoted leads table
 * @param needsZ - feature names some part reads on the z scale (GLM and ZILN terms)
 */
export function readStages(model: ModelFile, sql: SqlDialect, names: SqlNames, table: string, needsZ: Set<string>): ReadStages {
  const textCols: SqlColumn[] = [{ expr: sql.ident(model.input.leadId), alias: 'lead_id_', comment: 'input.leadId' }];
  const read: SqlColumn[] = [], encoded: SqlColumn[] = [];
  const plainText = new Map<string, string>(), numberText = new Map<string, string>();
  const dateText = new Map<string, { raw: string; trimmed: string }>();
  const groups = new Map<string, DateGroup>();
  const asText = (column: string) => `CAST(${sql.ident(column)} AS ${sql.text})`;
  const trimmed = (column: string) => sql.trim(asText(column), 'lv_ws.chars');

  const textOf = (column: string) => {
    let name = plainText.get(column);
    if (!name) {
      name = names.name(column, 'text');
      plainText.set(column, name);
      textCols.push({ expr: `NULLIF(${trimmed(column)}, '')`, alias: name, comment: `${column}, trimmed; '' is missing` });
    }
    return name;
  };
  // A number feature's text: as textOf, but a BOOLEAN column gives '1' or '0' (CAST would give 'true', which is not a number).
  const numberTextOf = (column: string) => {
    let name = numberText.get(column);
    if (!name) {
      name = names.name(column, 'text');
      numberText.set(column, name);
      const bool = `CASE ${asText(column)} WHEN 'true' THEN '1' WHEN 'false' THEN '0' END`;
      textCols.push({
        expr: caseTable('CASE', [[sql.isBoolean(sql.ident(column)), bool]], `NULLIF(${trimmed(column)}, '')`),
        alias: name, comment: `${column}, trimmed; '' is missing; a boolean is 1 or 0`,
      });
    }
    return name;
  };
  const groupOf = (column: string, format: DateFormat) => {
    let text = dateText.get(column);
    if (!text) {
      text = { raw: names.name(column, 'raw'), trimmed: names.name(column, 'trimmed') };
      dateText.set(column, text);
      textCols.push({ expr: asText(column), alias: text.raw, comment: `${column} as text: NULL or '' is a missing date` });
      textCols.push({ expr: trimmed(column), alias: text.trimmed });
    }
    const key = `${column}\u0000${format}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = dateGroup(names, column, format, text.raw, text.trimmed)));
    return g;
  };

  const invalid: [string, string][] = [];
  const features = model.features.map((spec): FeatureColumns => {
    const f: FeatureColumns = { spec };
    if (spec.derive) {
      const g = groupOf(spec.column, spec.dateFormat ?? 'iso');
      invalid.push([`${g.raw} IS NOT NULL AND ${g.raw} <> '' AND ${g.ok} = 0`, spec.column]);
      const part = names.name(spec.name, spec.kind === 'number' ? 'x' : 'part');
      read.push({ expr: datePartNumber(g, spec.derive, sql), alias: part, comment: `${spec.name}: the ${spec.derive} of ${spec.column}` });
      if (spec.kind === 'number') f.x = part;
      else {
        f.slot = names.name(spec.name, 'slot');
        encoded.push({ expr: datePartSlot(spec, part), alias: f.slot });
      }
    } else if (spec.kind === 'number') {
      const t = numberTextOf(spec.column);
      f.x = names.name(spec.name, 'x');
      read.push({ expr: `CASE WHEN ${sql.fullMatch(t, PLAIN_DECIMAL)} THEN ${sql.double(t)} END`, alias: f.x, comment: `${spec.name}: a plain decimal number` });
      invalid.push([`${t} IS NOT NULL AND (${f.x} IS NULL OR NOT (ABS(${f.x}) <= ${sql.num(Number.MAX_VALUE)}))`, spec.column]);
    } else {
      const t = textOf(spec.column);
      f.text = t;
      f.slot = names.name(spec.name, 'slot');
      const rows = spec.levels.map((level, i): [string, string] => [`${t} = ${sql.str(level)}`, String(i)]);
      read.push({ expr: caseTable('CASE', [[`${t} IS NULL`, String(spec.levels.length + 1), '(missing)'], ...rows], `${spec.levels.length}  -- (other): rare or unseen`), alias: f.slot });
    }
    if (spec.kind === 'number') {
      if (spec.transform === 'log1p') invalid.push([`${f.x} <= -1`, spec.column]);
      if (needsZ.has(spec.name)) {
        f.z = names.name(spec.name, 'z');
        const z = (t: string) => `(${minus(t, spec.center, sql)}) / ${sql.num(spec.scale)}`;
        // LN fails on 0 and below in most warehouses: such a lead is invalid anyway, so its z is NULL.
        encoded.push(spec.transform === 'log1p'
          ? { expr: `CASE WHEN ${f.x} > -1 THEN ${z(sql.ln1p(f.x!))} END`, alias: f.z, comment: '(log1p(x) − center) / scale' }
          : { expr: z(f.x!), alias: f.z, comment: '(x − center) / scale' });
      }
    }
    return f;
  });

  const invalidName = 'invalid_field_';
  encoded.unshift({
    expr: invalid.length ? caseTable('CASE', invalid.map(([cond, column]) => [cond, sql.str(column)])) : `CAST(NULL AS ${sql.text})`,
    alias: invalidName, comment: 'the first source field the scorer would refuse (not a number, not a date, log1p of a value at or below -1)',
  });

  const stages: SqlStage[] = [
    { name: 'lv_ws', comment: 'the characters JavaScript trim() removes', columns: [{ expr: sql.whitespace, alias: 'chars' }], from: '' },
    { name: 'lv_text', comment: 'the source columns as trimmed text', columns: textCols, from: `${table} CROSS JOIN lv_ws` },
  ];
  const all = [...groups.values()];
  if (all.length) {
    stages.push({ name: 'lv_date_match', comment: 'which date pattern each date column matches', columns: all.flatMap((g) => dateMatchColumns(g, sql)) });
    stages.push({ name: 'lv_date_fields', comment: 'year, month, day, hour, minute, second of the pattern that matched', columns: all.flatMap((g) => dateFieldColumns(g, sql)) });
    stages.push({ name: 'lv_dates', comment: 'valid dates, the weekday year, the hour', columns: all.flatMap((g) => dateCheckColumns(g, sql)) });
  }
  stages.push({ name: 'lv_read', comment: 'each feature as the scorer reads it: a number (NULL when missing) or a category slot', columns: read });
  const enc: SqlStage = { name: 'lv_encoded', comment: 'z values, date-part slots, pair bins, and the field that could not be read', columns: encoded };
  stages.push(enc);
  return { stages, features, encoded: enc, id: 'lead_id_', invalid: invalidName };
}

/** The slot of a category date part: its level's place in the vocabulary, `(other)` for a level training never kept. */
function datePartSlot(spec: CategoryFeatureSpec, part: string): string {
  const levels = datePartLevels(spec.derive!), base = datePartBase(spec.derive!);
  const rows: [string, string, string?][] = [[`${part} IS NULL`, String(spec.levels.length + 1), '(missing)']];
  levels.forEach((level, i) => {
    const slot = spec.levels.indexOf(level);
    if (slot >= 0) rows.push([`${part} = ${i + base}`, String(slot), level]);
  });
  return caseTable('CASE', rows, `${spec.levels.length}  -- (other)`);
}

/** `a − c` for a literal c, written without `- -` (which would start a comment). */
export function minus(a: string, c: number, sql: SqlDialect): string {
  return c < 0 ? `${a} + ${sql.num(-c)}` : `${a} - ${sql.num(c)}`;
}
