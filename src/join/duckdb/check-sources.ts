import { fileLabel } from '../../core/file-label.js';
import { DATE_FORMATS, type DateFormat } from '../../core/dates.js';
import { LeadvalueError, shown } from '../../core/errors.js';
import type { AdapterConfig, TableDecl } from '../../load/adapter-config.js';
import { configReadFixes } from '../../load/config-read-fixes.js';
import { duplicateLeadIdError } from '../../load/duplicate-lead-id.js';
import { explainReadError, locateRows } from './csv-file.js';
import type { DuckdbSession } from './duckdb-session.js';
import { sourceColumns } from './source-columns.js';
import { featureColumn, type SourceRole } from './source-sql.js';

const FORMAT_EXAMPLES: Record<DateFormat, string> = {
  iso: 'YYYY-MM-DD (2018-02-01, optionally with a time: 2018-02-01 13:45:00)',
  yyyymmdd: 'YYYYMMDD (20180201)',
  'dd/mm/yyyy': 'DD/MM/YYYY (01/02/2018)',
  'mm/dd/yyyy': 'MM/DD/YYYY (02/01/2018)',
};

/**
 * Creates one typed source table and refuses its first bad value with the
 * TypeScript loader's message, naming the file, row and column: an empty
 * required value, a date not in the table's format, a number that is not a
 * plain decimal. A row DuckDB cannot split (wrong number of fields, an open
 * quote) is explained by the TypeScript reader.
 * @param db - the session
 * @param role - which table
 * @param table - its declaration
 * @param sql - its CREATE statement (sourceTableSql)
 * @throws LeadvalueError on the first bad value, in file order
 */
export async function createSourceTable(db: DuckdbSession, role: SourceRole, table: TableDecl, sql: string): Promise<void> {
  const fixes = configReadFixes(role, table);
  try {
    await db.run(sql);
  } catch (error) {
    await explainReadError(table.file, table.delimiter, error, fixes);
  }
  const bad = await db.columns(`SELECT ord, problem_column, problem_text FROM ${role} WHERE problem_column IS NOT NULL ORDER BY ord LIMIT 1`);
  if (bad.ord.length === 0) return;
  const [ord, name, text] = [bad.ord[0] as number, bad.problem_column[0] as string, bad.problem_text[0] as string | null];
  if (name === '') await explainReadError(table.file, table.delimiter, new Error(`record ${ord}: wrong number of fields`), fixes);
  const row = (await locateRows(table.file, table.delimiter, [ord])).get(ord) ?? `(record ${ord})`;
  const where = `${fileLabel(table.file)} row ${row}, column ${name}`;
  if (text === null) throw new LeadvalueError(where, 'missing value in a required column', '""', fixes.missing(name));
  const column = sourceColumns(table).find((c) => c.name === name)!;
  if (column.type === 'date') {
    throw new LeadvalueError(where, `not a date in the ${column.dateFormat} format`, shown(text),
      `write dates as ${FORMAT_EXAMPLES[column.dateFormat]}, or set dateFormat to the format the file uses (${DATE_FORMATS.join(', ')})`);
  }
  throw new LeadvalueError(where, 'not a number', shown(text), fixes.notNumber(name));
}

/**
 * The checks the TypeScript loader makes once the tables are read: at least
 * one lead, each lead id once, `log1p` features above -1.
 * @throws LeadvalueError naming the file, row and column
 */
export async function checkSources(db: DuckdbSession, config: AdapterConfig): Promise<void> {
  const { leads, outcomes } = config.tables;
  const [count] = (await db.columns('SELECT count(*) AS n FROM leads')).n as number[];
  if (count === 0) throw new LeadvalueError(fileLabel(leads.file), 'no leads: the file has a header but no rows', undefined, 'check that the export is complete');
  const dup = await db.columns(`SELECT lead_id, ord, first FROM (SELECT lead_id, ord, min(ord) OVER (PARTITION BY lead_id) AS first FROM leads) WHERE ord > first ORDER BY ord LIMIT 1`);
  if (dup.ord.length) {
    const rows = await locateRows(leads.file, leads.delimiter, [dup.ord[0] as number, dup.first[0] as number]);
    throw duplicateLeadIdError(fileLabel(leads.file), rows.get(dup.ord[0] as number)!, leads.columns.lead_id, dup.lead_id[0] as string, rows.get(dup.first[0] as number)!);
  }
  for (const [role, table] of [['leads', leads], ['outcomes', outcomes]] as const) {
    for (const f of table.features) {
      if (f.kind !== 'number' || f.transform !== 'log1p' || f.derive) continue;
      const low = await db.columns(`SELECT ord, ${featureColumn(f.name)} AS v FROM ${role} WHERE ${featureColumn(f.name)} <= -1 ORDER BY ord LIMIT 1`);
      if (!low.ord.length) continue;
      const row = (await locateRows(table.file, table.delimiter, [low.ord[0] as number])).get(low.ord[0] as number);
      throw new LeadvalueError(`${fileLabel(table.file)} row ${row}, column ${f.column}`, 'log1p needs values above -1', String(low.v[0]), `drop "transform": "log1p" for feature ${f.name} in the config`);
    }
  }
}

