import { LeadvalueError } from '../core/errors.js';
import { prepareOutputPath } from '../core/output-path.js';
import { writeFileAtomic } from '../export/write-model-file.js';
import { readModel } from '../scoring/load-model.js';
import { MAX_REASONS } from '../scoring/score-lead.js';
import { exportSql } from '../sql/export-sql.js';
import { sqlDialect } from '../sql/sql-dialect.js';

/** Options of `leadvalue export-sql`. */
export interface ExportSqlCommand {
  model: string;
  dialect: string;
  table?: string;
  view?: string;
  reasons?: number;
  /** Write here (atomically) instead of standard output. */
  out?: string;
}

/**
 * `leadvalue export-sql`: the model file as one SQL query (or view) for a warehouse.
 * @throws LeadvalueError for an unknown dialect (checked before the model is read), a model file that does not verify, a ZILN MLP
 */
export function exportSqlCommand(o: ExportSqlCommand, log: (line: string) => void, write: (text: string) => void): void {
  sqlDialect(o.dialect, '--dialect');
  if (o.reasons !== undefined && o.reasons > MAX_REASONS) throw new LeadvalueError('--reasons', `must be at most ${MAX_REASONS}`, String(o.reasons));
  if (o.out) prepareOutputPath(o.out, '--out', { input: o.model });
  const model = readModel(o.model);
  const text = exportSql(model, { dialect: o.dialect, table: o.table, view: o.view, reasons: o.reasons, label: o.model });
  if (!o.out) { write(text); return; }
  writeFileAtomic(o.out, text);
  log(`leadvalue export-sql: wrote ${o.out} (${o.dialect}, ${text.length} characters) for model ${model.model.name} ${model.model.version}`);
}
