import { formatDuration } from '../../core/dates.js';
import { LeadvalueError } from '../../core/errors.js';
import type { AdapterConfig } from '../../load/adapter-config.js';
import { configReadFixes } from '../../load/config-read-fixes.js';
import { checkHeader, readCsvHeader, type CsvFileInfo } from './csv-file.js';
import { dataEndSql } from './data-end-sql.js';
import { leadFrameSql, leadLabelsSql, revenueSql } from './frame-sql.js';
import { leadOutcomeSql, outcomeWarningsSql } from './outcome-sql.js';
import { sourceColumns } from './source-columns.js';
import { sourceTableSql, type SourceRole } from './source-sql.js';

/** One step of the frame script: the table it creates and its SQL (comments included). */
export interface SqlStep { table: string; sql: string }

/** The header and compression of each source file. */
export type SourceFiles = Record<SourceRole, CsvFileInfo>;

const ROLES: SourceRole[] = ['leads', 'outcomes', 'revenue'];
/** Columns of lead_frame a feature may not be named after. */
const FRAME_COLUMNS = ['lead_ord', 'lead_id', 'created_at', 'won_at', 'won', 'value', 'censored', 'first_revenue_at'];

/**
 * Reads each source file's header (first chunk only) and checks the columns
 * the config maps are there.
 * @param config - the adapter config
 * @returns header and compression per table
 * @throws LeadvalueError naming the file and the missing column, like the TypeScript loader
 */
export async function readSourceFiles(config: AdapterConfig): Promise<SourceFiles> {
  const files = {} as SourceFiles;
  for (const role of ROLES) {
    const table = config.tables[role];
    const fixes = configReadFixes(role, table);
    files[role] = await readCsvHeader(table.file, table.delimiter, fixes);
    checkHeader(table.file, files[role].header, sourceColumns(table).map((c) => c.name), table.delimiter, fixes);
  }
  return files;
}

/**
 * The DuckDB SQL that builds the lead frame from an adapter config, one
 * commented statement per step: read and type the three sources, pick each
 * lead's outcome, derive the data's end, label wins and horizons, attribute
 * revenue point in time, assemble `lead_frame` and `frame_report`. The same
 * steps as buildLeadFrame (src/join/build-lead-frame.ts), with the same results.
 * @param config - the adapter config
 * @param files - from readSourceFiles
 * @returns the steps, in order
 * @throws LeadvalueError when a feature is named like a frame column
 * @example
 * const config = readAdapterConfig('configs/demo.json');
 * const steps = leadFrameScript(config, await readSourceFiles(config));
 * console.log(formatScript(config, steps));
 */
export function leadFrameScript(config: AdapterConfig, files: SourceFiles): SqlStep[] {
  for (const f of [...config.tables.leads.features, ...config.tables.outcomes.features]) {
    if (FRAME_COLUMNS.includes(f.name)) {
      throw new LeadvalueError(`${config.path || 'config'}, field features.${f.name}`, 'a feature named like a lead-frame column', JSON.stringify(f.name), `rename the feature (frame columns: ${FRAME_COLUMNS.join(', ')})`);
    }
  }
  return [
    ...ROLES.map((role) => ({ table: role, sql: sourceTableSql(role, config.tables[role], files[role]) })),
    { table: 'lead_outcome', sql: leadOutcomeSql(config) },
    { table: 'outcome_warnings', sql: outcomeWarningsSql() },
    { table: 'data_end', sql: dataEndSql(config.label.dataEnd) },
    { table: 'lead_labels', sql: leadLabelsSql(config, config.label.horizon) },
    { table: 'revenue_by_lead', sql: revenueSql() },
    { table: 'lead_frame', sql: leadFrameSql(config) },
  ];
}

/**
 * The steps as one script to read or run elsewhere (`leadvalue frame --sql`).
 * @param config - the adapter config (named in the header comment)
 * @param steps - from leadFrameScript
 * @returns the script text
 */
export function formatScript(config: AdapterConfig, steps: SqlStep[]): string {
  return `-- leadvalue lead frame for "${config.name}" (horizon ${formatDuration(config.label.horizon)}, data end ${config.label.dataEnd === 'auto' ? 'auto' : new Date(config.label.dataEnd).toISOString().slice(0, 10)}).
-- DuckDB SQL, generated from ${config.path || 'the adapter config'}; the result is the table lead_frame (and frame_report).
-- Times are TIMESTAMP (UTC). Run in order; each statement reads the tables made before it.

${steps.map((s) => s.sql).join('\n\n')}
`;
}
