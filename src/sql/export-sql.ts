import { LeadvalueError, shown } from '../core/errors.js';
import { compileGoals } from '../scoring/goal-profile.js';
import type { Calibration } from '../scoring/calibration.js';
import type { ModelFile } from '../scoring/model-types.js';
import { partSql } from './part-sql.js';
import { orderCandidates, placeColumns, reasonColumns } from './reasons-sql.js';
import { readStages, type FeatureColumns } from './read-sql.js';
import { sqlDialect, tableName, unquotableName, type SqlDialect, type SqlDialectName } from './sql-dialect.js';
import { caseTable, renderQuery, SqlNames, type SqlColumn, type SqlStage } from './sql-query.js';

/** Options of {@link exportSql}. */
export interface ExportSqlOptions {
  /** duckdb, postgres, bigquery, snowflake or spark. */
  dialect: SqlDialectName | string;
  /** The leads table (default `leads`); dotted names (`crm.leads`) are quoted part by part. */
  table?: string;
  /** Write `CREATE OR REPLACE VIEW <view> AS …` instead of the bare query. */
  view?: string;
  /** Reasons per lead (default 3, as the scorer). */
  reasons?: number;
  /** The model file's name in comments and messages (default `model file`). */
  label?: string;
}

/**
 * Writes one SQL query that scores a leads table as the production scorer
 * (src/scoring/score-lead.ts) scores each lead: the same P(win), E[value | won],
 * expected value, goal-weighted score (the model file's goal profile, segment
 * multipliers included) and top reasons, to float64 rounding of EXP and LN.
 * The table needs the model's source columns (`features[].column`) and the
 * lead id column (`input.leadId`), of any type: values are read as text as the
 * scorer reads a CSV, except that a number feature reads a BOOLEAN column as 1/0,
 * as the scorer reads true/false. A lead with a value the scorer would refuse (a number
 * field holding text, an unparseable date) gets NULL outputs and the field's
 * name in `invalid_field` instead of failing the query.
 *
 * Result columns: the lead id, p_win, value_if_won, expected_value, score,
 * goal_profile, reason_i_feature / reason_i_part / [reason_i_head] /
 * reason_i_contribution for i = 1…reasons, invalid_field.
 * @param model - a verified model file (parseModel / readModel)
 * @param options - dialect, table, view, reasons
 * @returns the SQL text, ending with a newline
 * @throws LeadvalueError for an unknown dialect, a bad reasons count, a table or view name the dialect cannot take (more than
 *   3 dotted parts but in Spark; a backtick or backslash in BigQuery, as in a column name), or a ZILN MLP value part
 * @example
 * const sql = exportSql(readModel('models/demo/1.3.0.json'), { dialect: 'duckdb', table: 'crm.leads' });
 */
export function exportSql(model: ModelFile, options: ExportSqlOptions): string {
  const sql = sqlDialect(options.dialect);
  const label = options.label ?? 'model file';
  const n = options.reasons ?? 3;
  if (!Number.isInteger(n) || n < 0 || n > 100) throw new LeadvalueError('reasons', 'not a whole number from 0 to 100', shown(n), 'e.g. 3');
  const table = tableName(sql, options.table ?? 'leads');
  const view = options.view ? tableName(sql, options.view, 'view') : null; // refused before the work, as the table
  // The columns the query names: one the dialect cannot quote is refused naming the model file's field.
  if (sql.unquotable) {
    if (sql.unquotable.test(model.input.leadId)) throw unquotableName(sql, model.input.leadId, `${label}, field input.leadId`);
    model.features.forEach((f, i) => { if (sql.unquotable!.test(f.column)) throw unquotableName(sql, f.column, `${label}, field features[${i}].column`); });
  }
  const names = new SqlNames();
  const { win, value, calibration } = model.params;

  const needsZ = new Set<string>();
  for (const part of [win, value]) {
    if (part.kind !== 'ebm') for (const f of model.features) if (f.kind === 'number') needsZ.add(f.name);
  }
  const read = readStages(model, sql, names, table, needsZ);
  const winSql = partSql(win, 'win', read.features, sql, names, label);
  const valueSql = partSql(value, 'value', read.features, sql, names, label);
  read.encoded.columns.push(...winSql.bins, ...valueSql.bins);

  const stages: SqlStage[] = [...read.stages];
  stages.push({ name: 'lv_terms', comment: 'each feature\'s contribution to each part (what the reasons are made of)', columns: [...winSql.terms, ...valueSql.terms] });
  stages.push({ name: 'lv_sums', comment: 'each part\'s linear predictor; the goal profile\'s segment multiplier', columns: [...winSql.sums, ...valueSql.sums, multiplier(model, read.features, sql)] });
  if (valueSql.heads.length) stages.push({ name: 'lv_heads', comment: 'the ZILN value part\'s heads', columns: valueSql.heads });
  const outputs: SqlColumn[] = [{ expr: valueSql.output, alias: 'value_if_won', comment: 'E[value in the horizon | won]' }];
  if (calibration?.kind === 'isotonic') {
    outputs.unshift({ expr: probability(undefined, winSql.output, sql), alias: 'p_model', comment: 'P(win) before calibration' });
    stages.push({ name: 'lv_outputs', comment: 'the parts\' outputs', columns: outputs });
    stages.push({ name: 'lv_calibrated', comment: `isotonic calibration of P(win) (${calibration.x.length} breakpoints, flat outside)`, columns: [{ expr: isotonic(calibration, sql), alias: 'p_win' }] });
  } else {
    outputs.unshift({ expr: probability(calibration, winSql.output, sql), alias: 'p_win', comment: calibration ? 'P(win), Platt-calibrated' : 'P(win)' });
    stages.push({ name: 'lv_outputs', comment: 'the parts\' outputs', columns: outputs });
  }
  stages.push({ name: 'lv_scored', comment: `expected value, and the score under goal profile "${model.goals.name}"`, columns: [
    { expr: 'p_win * value_if_won', alias: 'expected_value' },
    { expr: score(model, sql), alias: 'score', comment: '1 = an average training lead' },
  ] });

  const candidates = orderCandidates([...winSql.candidates, ...valueSql.candidates]);
  let reasons: SqlColumn[] = [];
  if (n > 0) {
    const placed = placeColumns(candidates, names);
    stages.push({ name: 'lv_ranked', comment: 'each contribution\'s place among the lead\'s reasons (by absolute size)', columns: placed.columns });
    reasons = reasonColumns(candidates, placed.places, n, read.invalid, sql);
  }
  const ok = (column: string) => `CASE WHEN ${read.invalid} IS NULL THEN ${column} END`;
  const final: SqlStage = {
    name: 'result', comment: 'one row per lead', from: stages.at(-1)!.name,
    columns: [
      { expr: read.id, alias: sql.ident(model.input.leadId) },
      ...['p_win', 'value_if_won', 'expected_value', 'score'].map((c) => ({ expr: ok(c), alias: c })),
      { expr: sql.str(model.goals.name), alias: 'goal_profile' },
      ...reasons,
      { expr: read.invalid, alias: 'invalid_field', comment: 'NULL, or the source field the scorer would refuse for this lead' },
    ],
  };
  const query = renderQuery(stages, final, sql.cte);
  const header = headerComment(model, sql, label, options.table ?? 'leads', n);
  return view ? `${header}CREATE OR REPLACE VIEW ${view} AS\n${query};\n` : `${header}${query};\n`;
}

/** P(win) from the win part's log-odds, Platt-calibrated when the model says so. */
function probability(calibration: Calibration | undefined, eta: string, sql: SqlDialect): string {
  if (calibration?.kind === 'platt') return `1 / (1 + ${sql.exp(`-(${sql.num(calibration.a)} * ${eta} + ${sql.num(calibration.b)})`)})`;
  return `1 / (1 + ${sql.exp(`-${eta}`)})`;
}

/** Piecewise-linear through (x, y), flat outside: src/scoring/calibration.ts `interpolate`, term for term. */
function isotonic(c: Extract<Calibration, { kind: 'isotonic' }>, sql: SqlDialect): string {
  const { x, y } = c, last = x.length - 1, p = 'p_model', v = sql.num;
  const rows: [string, string][] = [[`NOT (${p} > ${v(x[0])})`, v(y[0])], [`${p} >= ${v(x[last])}`, v(y[last])]];
  for (let i = 0; i < last; i++) rows.push([`${p} < ${v(x[i + 1])}`, `${v(y[i])} + ((${p} - ${v(x[i])}) / (${v(x[i + 1])} - ${v(x[i])})) * (${v(y[i + 1])} - ${v(y[i])})`]);
  return caseTable('CASE', rows);
}

/** Π multipliers of the segments a lead is in (src/scoring/goal-profile.ts `applyGoals`). */
function multiplier(model: ModelFile, features: FeatureColumns[], sql: SqlDialect): SqlColumn {
  const goals = compileGoals(model, model.goals, 'model goals');
  const factors = (goals.profile.segments ?? []).map((s) => {
    const f = features.find((x) => x.spec.name === s.feature)!;
    let cond: string;
    if (s.levels && f.spec.kind === 'category') {
      const levels = f.spec.levels;
      const slots = s.levels.map((l) => (l === '(missing)' ? levels.length + 1 : levels.indexOf(l)));
      cond = `${f.slot} IN (${slots.join(', ')})`;
      // The scorer matches segments on the value as read, so a text that is literally "(missing)" is in a (missing) segment too.
      if (s.levels.includes('(missing)') && f.text) cond = `(${cond} OR ${f.text} = '(missing)')`;
    } else {
      const parts = [];
      if (s.range?.min !== undefined) parts.push(`${f.x} >= ${sql.num(s.range.min)}`);
      if (s.range?.max !== undefined) parts.push(`${f.x} < ${sql.num(s.range.max)}`);
      cond = parts.join(' AND ');
    }
    return `CASE WHEN ${cond} THEN ${sql.num(s.multiplier)} ELSE 1 END`;
  });
  return { expr: factors.length ? factors.join('\n* ') : sql.num(1), alias: 'multiplier', comment: 'product of the multipliers of the segments the lead is in' };
}

/** (Σ w · output / reference) / Σ w × multiplier, term for term as applyGoals. */
function score(model: ModelFile, sql: SqlDialect): string {
  const goals = compileGoals(model, model.goals, 'model goals');
  const w = goals.profile.weights, r = goals.reference;
  const terms = [
    [w.expectedValue, 'expected_value', r.expectedValue],
    [w.winProbability, 'p_win', r.winProbability],
    [w.valueIfWon ?? 0, 'value_if_won', r.valueIfWon],
  ].filter(([weight]) => weight !== 0) as [number, string, number][];
  // expected_value is computed in the same stage: spell it out.
  const sum = terms.map(([weight, col, ref]) => `${sql.num(weight)} * (${col === 'expected_value' ? '(p_win * value_if_won)' : col} / ${sql.num(ref)})`).join(' + ');
  return `(${sum}) / ${sql.num(goals.weightSum)} * multiplier`;
}

function headerComment(model: ModelFile, sql: SqlDialect, label: string, table: string, n: number): string {
  const cols = [...new Set([model.input.leadId, ...model.features.map((f) => f.column)])];
  const parts = (['win', 'value'] as const).map((p) => {
    const s = model.params[p];
    return `${p} ${s.kind}${s.kind === 'ebm' && s.pairs.length ? ` + ${s.pairs.length} pairs` : ''}`;
  });
  return [
    `-- leadvalue model ${model.model.name} ${model.model.version} (${label}), checksum ${model.checksum.slice(0, 16)}…`,
    `-- scored in SQL for ${sql.name}: ${parts.join(', ')}${model.params.calibration ? `, ${model.params.calibration.kind} calibration` : ''}; goal profile "${model.goals.name}"`,
    `-- reads table ${table}: ${cols.join(', ')} (any type; read as text, as the scorer reads a CSV; a BOOLEAN as 1/0 for a number)`,
    `-- writes: ${model.input.leadId}, p_win, value_if_won, expected_value, score, goal_profile, ${n ? `reason_1..${n}_{feature,part,contribution}, ` : ''}invalid_field`,
    '',
  ].map((l) => l.replace(/[\r\n]+/g, ' ')).join('\n').replace(/ $/, '') + '\n';
}
