// The demo data as a European CRM exports it: the leads tables (history and
// new leads) separated by `;`, the creation date in a column "Date Created"
// written dd/mm/yyyy. Outcomes and revenue are the demo's own files. Shared by
// the pipeline, scoring and CLI tests of the model's source format
// (`input.dateFormat`, `input.delimiter`).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportModel } from '../../src/export/write-model-file.js';
import { readAdapterConfig } from '../../src/load/adapter-config.js';
import { buildModelFile, prepareData, trainModel } from '../../src/pipeline/train-model.js';
import { readModel } from '../../src/scoring/load-model.js';
import type { ModelFile } from '../../src/scoring/model-types.js';
import { CREATED_AT, DEMO_CONFIG, DEMO_LEADS, DEMO_NEW_LEADS, RESAMPLES, ROOT, tempDir } from './demo-model.js';

/** The creation date column's name in the European files. */
export const DATE_CREATED = 'Date Created';

/** A European-format copy of the demo data and a model trained on it. */
export interface EuropeanDemo {
  dir: string;
  config: string;
  /** The history's leads table (`;`, dd/mm/yyyy). */
  leads: string;
  /** The new leads (`;`, dd/mm/yyyy). */
  newLeads: string;
  /** The exported model file and its verified content. */
  path: string;
  model: ModelFile;
}

/** `2024-05-18` → `18/05/2024`. */
export const dayFirst = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** Rewrites a demo leads file (no quoted fields): `;` between fields, created_at renamed and written dd/mm/yyyy. */
function europeanLeads(source: string, target: string): void {
  const lines = readFileSync(source, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
  const at = lines[0].indexOf('created_at');
  lines[0][at] = DATE_CREATED;
  for (const line of lines.slice(1)) line[at] = dayFirst(line[at]);
  writeFileSync(target, lines.map((l) => l.join(';')).join('\n') + '\n');
}

/**
 * Writes the European copy into a new temporary folder (remove it with
 * removeTempDirs), trains on it as `leadvalue train` does and exports the model.
 * @param options - `dateFeature`: keep the demo's month-of-creation feature (default false: no feature reads the creation date)
 */
export async function trainEuropeanDemo(options: { dateFeature?: boolean } = {}): Promise<EuropeanDemo> {
  const dir = tempDir('eu-demo');
  const leads = join(dir, 'leads.csv'), newLeads = join(dir, 'new-leads.csv');
  europeanLeads(DEMO_LEADS, leads);
  europeanLeads(DEMO_NEW_LEADS, newLeads);
  const demo = JSON.parse(readFileSync(DEMO_CONFIG, 'utf8'));
  const features = { ...demo.tables.leads.features };
  if (options.dateFeature) features.created_month = { ...features.created_month, from: DATE_CREATED };
  else delete features.created_month;
  const config = {
    ...demo,
    tables: {
      leads: { ...demo.tables.leads, file: leads, delimiter: ';', dateFormat: 'dd/mm/yyyy', columns: { ...demo.tables.leads.columns, created_at: DATE_CREATED }, features },
      outcomes: { ...demo.tables.outcomes, file: join(ROOT, 'data/demo/outcomes.csv') },
      revenue: { ...demo.tables.revenue, file: join(ROOT, 'data/demo/revenue.csv') },
    },
  };
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const data = await prepareData(readAdapterConfig(configPath));
  const trained = trainModel(data, { resamples: RESAMPLES });
  const { path } = exportModel(await buildModelFile(data, trained, { createdAt: CREATED_AT }), join(dir, 'models'));
  return { dir, config: configPath, leads, newLeads, path, model: readModel(path) };
}
