import { Warnings } from '../core/warn.js';
import { prepareOutputPath } from '../core/output-path.js';
import { writeFileAtomic } from '../export/write-model-file.js';
import { readModel } from '../scoring/load-model.js';
import { exportSql } from '../sql/export-sql.js';
import { sqlDialect } from '../sql/sql-dialect.js';
import { checkReasonsOption } from '../scoring/reasons-option.js';

/** Options of `leadvalue export-sql`. */
export interface ExportSqlCommand {
  model: string;
  dialect: string;
  table?: string;
  view?: string;
  reasons?: number;
  /** Write here (atomically; `-`: standard output) instead of standard output. */
  out?: string;
}

/**
 * `leadvalue export-sql`: the model file as one SQL query (or view) for a warehouse, written to `--out` (atomically; a
 * FIFO or device in place), or to standard output (no `--out`, or `--out -`). Warnings about the model file (a newer
 * minor format) go to `warn` (standard error), never into the SQL.
 * @throws LeadvalueError for an unknown dialect (checked before the model is read), a model file that does not verify, a ZILN MLP,
 *   an output that cannot be written
 */
export function exportSqlCommand(o: ExportSqlCommand, log: (line: string) => void, write: (text: string) => void,
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  sqlDialect(o.dialect, '--dialect');
  checkReasonsOption(o.reasons);
  if (o.out) prepareOutputPath(o.out, '--out', { input: o.model, stdout: true });
  const warnings = new Warnings();
  const model = readModel(o.model, { warnings });
  const text = exportSql(model, { dialect: o.dialect, table: o.table, view: o.view, reasons: o.reasons, label: o.model });
  for (const w of warnings.format()) warn(`warning: ${w}`);
  if (!o.out || o.out === '-') { write(text); return; }
  writeFileAtomic(o.out, text, 'the SQL file');
  log(`leadvalue export-sql: wrote ${o.out} (${o.dialect}, ${text.length} characters) for model ${model.model.name} ${model.model.version}`);
}
