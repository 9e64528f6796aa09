import { LeadvalueError } from '../../core/errors.js';
import { fileLabel } from '../../core/file-label.js';
import type { DateFormat } from '../../core/dates.js';
import type { TableDecl } from '../../load/adapter-config.js';

/** One source column the frame needs, and how it is parsed. */
export interface SourceColumn {
  /** The column name in the file's header. */
  name: string;
  type: 'string' | 'number' | 'date';
  dateFormat: DateFormat;
  /** An empty value is an error (lead_id, created_at, at, amount). */
  required: boolean;
}

/**
 * The columns to read from a table, in the order the TypeScript loader reads
 * them (its mapped roles, then its features' source columns), so both report
 * the same first problem of a row.
 * @param table - the table as declared in the adapter config
 * @returns one entry per distinct source column
 * @throws LeadvalueError when a column is mapped both as a date or number and as text
 */
export function sourceColumns(table: TableDecl): SourceColumn[] {
  const byName = new Map<string, SourceColumn & { request: string }>();
  // The loader's request types: a category feature on a column mapped to a text role is refused there, so here too.
  const add = (column: SourceColumn, request: string) => {
    const had = byName.get(column.name);
    if (had && had.request !== request) {
      throw new LeadvalueError(`${fileLabel(table.file)}, column ${column.name}`, `used both as ${had.request} and as ${request}`, undefined, 'map each column to one role');
    }
    byName.set(column.name, had ? { ...had, required: had.required || column.required } : { ...column, request });
  };
  for (const [role, name] of Object.entries(table.columns)) {
    const type = role === 'created_at' || role === 'won_at' || role === 'at' ? 'date' : role === 'amount' ? 'number' : 'string';
    const required = role === 'lead_id' || role === 'created_at' || role === 'at' || role === 'amount';
    add({ name, type, dateFormat: table.dateFormat, required }, type);
  }
  for (const f of table.features) {
    const type = f.derive ? 'date' : f.kind === 'number' ? 'number' : 'string';
    add({ name: f.column, type, dateFormat: table.dateFormat, required: false }, f.derive ? 'date' : f.kind);
  }
  return [...byName.values()].map(({ request: _, ...column }) => column);
}
