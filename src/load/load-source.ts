import { LeadvalueError } from '../core/errors.js';
import { fileLabel } from '../core/file-label.js';
import { datePart, datePartNumber, type DateFormat } from '../core/dates.js';
import type { Warnings } from '../core/warn.js';
import type { AdapterConfig, FeatureDecl, Stage, TableDecl } from './adapter-config.js';
import { configReadFixes, type TableRole } from './config-read-fixes.js';
import { refuseDuplicateLeadIds } from './duplicate-lead-id.js';
import { readCsv, type Column, type ColumnRequest, type LoadedTable } from './read-csv.js';

/**
 * Where a number feature's values were read, for messages about a value found
 * after loading (fitFeatures, encodeFeatures, training warnings): the file as
 * messages name it and the file row of each value (-1: none, e.g. a lead
 * without an outcome row).
 */
export interface FeatureSource { file: string; rowNumbers: Int32Array }

/**
 * A feature column as loaded: numbers (NaN = missing) or category codes (-1 = missing).
 * A number feature read from a file carries its `source`; one built in memory may omit it (rows are then named by index).
 */
export type RawFeature =
  | { name: string; stage: Stage; kind: 'number'; transform: 'none' | 'log1p'; column: string; derive?: FeatureDecl['derive']; dateFormat?: DateFormat; values: Float64Array; source?: FeatureSource }
  | { name: string; stage: Stage; kind: 'category'; column: string; derive?: FeatureDecl['derive']; dateFormat?: DateFormat; codes: Int32Array; levels: string[] };

/**
 * The canonical tables of DESIGN.md, column-wise. `rowNumbers` are the file
 * rows of the data rows (the header is row 1) and `columns` the source column
 * of each role (`{ created_at: 'first_contact_date' }`), for messages about a
 * row found later; without them, messages count rows as if the file had no
 * blank lines and name columns by role.
 */
export interface SourceTables {
  leads: { file: string; rows: number; rowNumbers: Int32Array; leadId: string[]; createdAt: Float64Array; accountId: (string | null)[] | null; features: RawFeature[]; columns?: Record<string, string> };
  outcomes: { file: string; rows: number; rowNumbers: Int32Array; leadId: string[]; wonAt: Float64Array; accountId: (string | null)[] | null; features: RawFeature[]; columns?: Record<string, string> };
  revenue: { file: string; rows: number; keyRole: 'account_id' | 'lead_id'; key: (string | null)[]; at: Float64Array; amount: Float64Array; rowNumbers?: Int32Array; columns?: Record<string, string> };
}

/** Progress callback: which table, bytes read so far and in all. */
export type LoadProgress = (table: string, bytesRead: number, totalBytes: number) => void;

/**
 * Loads the leads, outcomes and revenue tables an adapter config declares,
 * with typed parsing (dates, numbers, categories) and only the columns needed.
 * @throws LeadvalueError naming file, row and column on bad input
 */
export async function loadSource(config: AdapterConfig, options: { onProgress?: LoadProgress; warnings?: Warnings } = {}): Promise<SourceTables> {
  const { leads: l, outcomes: o, revenue: r } = config.tables;
  const progress = (table: string) => options.onProgress && ((read: number, total: number) => options.onProgress!(table, read, total));

  // Messages suggest what a config can change (a feature's kind, a table's delimiter), not readCsv's options.
  // Files named as every join message names them (fileLabel), not by their bare name.
  const read = (role: TableRole, t: TableDecl) => readCsv(t.file, { columns: requests(t), delimiter: t.delimiter, label: fileLabel(t.file), onProgress: progress(role) || undefined, fixes: configReadFixes(role, t) });
  const leadsRaw = await read('leads', l);
  const outcomesRaw = await read('outcomes', o);
  const revenueRaw = await read('revenue', r);

  if (leadsRaw.rowCount === 0) throw new LeadvalueError(fileLabel(leadsRaw.file), 'no leads: the file has a header but no rows', undefined, 'check that the export is complete');
  const leadId = strings(leadsRaw, l.columns.lead_id) as string[];
  refuseDuplicateLeadIds(leadId, fileLabel(leadsRaw.file), l.columns.lead_id, (i) => leadsRaw.rowNumbers[i]);
  const revenueKey = r.columns.account_id ? 'account_id' : 'lead_id';
  return {
    leads: {
      file: leadsRaw.file, rows: leadsRaw.rowCount, rowNumbers: leadsRaw.rowNumbers, leadId,
      createdAt: dates(leadsRaw, l.columns.created_at),
      accountId: l.columns.account_id ? strings(leadsRaw, l.columns.account_id) : null,
      features: l.features.map((f) => rawFeature(leadsRaw, f, l)),
      columns: { ...l.columns },
    },
    outcomes: {
      file: outcomesRaw.file, rows: outcomesRaw.rowCount, rowNumbers: outcomesRaw.rowNumbers,
      leadId: strings(outcomesRaw, o.columns.lead_id) as string[],
      wonAt: dates(outcomesRaw, o.columns.won_at),
      accountId: o.columns.account_id ? strings(outcomesRaw, o.columns.account_id) : null,
      features: o.features.map((f) => rawFeature(outcomesRaw, f, o)),
      columns: { ...o.columns },
    },
    revenue: {
      file: revenueRaw.file, rows: revenueRaw.rowCount, keyRole: revenueKey,
      key: strings(revenueRaw, r.columns[revenueKey]),
      at: dates(revenueRaw, r.columns.at),
      amount: (revenueRaw.columns[r.columns.amount] as Extract<Column, { type: 'number' }>).values,
      rowNumbers: revenueRaw.rowNumbers,
      columns: { ...r.columns },
    },
  };
}

/** The columns to read from a table: its mapped roles plus its features' source columns. */
function requests(t: TableDecl): ColumnRequest[] {
  const byName = new Map<string, ColumnRequest>();
  const add = (req: ColumnRequest) => {
    const had = byName.get(req.name);
    if (had && had.type !== req.type) {
      throw new LeadvalueError(`${fileLabel(t.file)}, column ${req.name}`, `used both as ${had.type} and as ${req.type}`, undefined, 'map each column to one role');
    }
    byName.set(req.name, had ? { ...had, required: had.required || req.required } : req);
  };
  for (const [role, column] of Object.entries(t.columns)) {
    const isDate = role === 'created_at' || role === 'won_at' || role === 'at';
    const required = role === 'lead_id' || role === 'created_at' || role === 'at' || role === 'amount';
    add({ name: column, type: isDate ? 'date' : role === 'amount' ? 'number' : 'string', dateFormat: t.dateFormat, required });
  }
  for (const f of t.features) {
    add(f.derive ? { name: f.column, type: 'date', dateFormat: t.dateFormat } : { name: f.column, type: f.kind === 'number' ? 'number' : 'category' });
  }
  return [...byName.values()];
}

function rawFeature(table: LoadedTable, f: FeatureDecl, decl: TableDecl): RawFeature {
  const col = table.columns[f.column];
  if (f.derive && f.kind === 'number') {
    const at = (col as Extract<Column, { type: 'date' }>).values;
    const values = Float64Array.from(at, (t) => datePartNumber(t, f.derive!));
    return { name: f.name, stage: f.stage, kind: 'number', transform: 'none', column: f.column, derive: f.derive, dateFormat: decl.dateFormat, values, source: sourceOf(table) };
  }
  if (f.derive) {
    const at = (col as Extract<Column, { type: 'date' }>).values;
    const levels: string[] = [];
    const index = new Map<string, number>();
    const codes = new Int32Array(at.length);
    for (let i = 0; i < at.length; i++) {
      const level = datePart(at[i], f.derive);
      if (level === null) { codes[i] = -1; continue; }
      let code = index.get(level);
      if (code === undefined) { code = levels.length; levels.push(level); index.set(level, code); }
      codes[i] = code;
    }
    return { name: f.name, stage: f.stage, kind: 'category', column: f.column, derive: f.derive, dateFormat: decl.dateFormat, codes, levels };
  }
  if (f.kind === 'number') {
    const values = (col as Extract<Column, { type: 'number' }>).values;
    if (f.transform === 'log1p') {
      for (let i = 0; i < values.length; i++) {
        if (values[i] <= -1) throw new LeadvalueError(`${fileLabel(table.file)} row ${table.rowNumbers[i]}, column ${f.column}`, 'log1p needs values above -1', String(values[i]), `drop "transform": "log1p" for feature ${f.name} in ${decl.file === table.file ? 'the config' : decl.file}`);
      }
    }
    return { name: f.name, stage: f.stage, kind: 'number', transform: f.transform, column: f.column, values, source: sourceOf(table) };
  }
  const cat = col as Extract<Column, { type: 'category' }>;
  return { name: f.name, stage: f.stage, kind: 'category', column: f.column, codes: cat.codes, levels: cat.levels };
}

function strings(table: LoadedTable, name: string): (string | null)[] {
  return (table.columns[name] as Extract<Column, { type: 'string' }>).values;
}

function dates(table: LoadedTable, name: string): Float64Array {
  return (table.columns[name] as Extract<Column, { type: 'date' }>).values;
}

function sourceOf(table: LoadedTable): FeatureSource {
  return { file: fileLabel(table.file), rowNumbers: table.rowNumbers };
}
