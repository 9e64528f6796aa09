// Model files for the SQL export tests, trained on the demo history
// (configs/demo.json) with every part kind the export supports, plus a variant
// that exercises what the demo model does not: date parts in other formats
// (weekday and hour, a number and a category), and a goal profile that weights
// all three outputs with category and range segments.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportModel, sealModel } from '../../src/export/write-model-file.js';
import { parseAdapterConfig } from '../../src/load/adapter-config.js';
import { buildModelFile, prepareData, trainModel } from '../../src/pipeline/train-model.js';
import { parseModel, readModel } from '../../src/scoring/load-model.js';
import type { ModelFile } from '../../src/scoring/model-types.js';
import { CREATED_AT, DEMO_CONFIG, tempDir } from '../scoring/demo-model.js';

const raw = JSON.parse(readFileSync(DEMO_CONFIG, 'utf8'));
const where = { path: DEMO_CONFIG, baseDir: dirname(DEMO_CONFIG) };

/** Trains the demo history with the given `model` settings and reads the exported file back. */
export async function trainModelFile(model: object, resamples = 5): Promise<ModelFile> {
  const config = parseAdapterConfig({ ...raw, model: { ...raw.model, ...model } }, where);
  const data = await prepareData(config);
  const trained = trainModel(data, { resamples });
  const { path } = exportModel(await buildModelFile(data, trained, { createdAt: CREATED_AT }), tempDir('sql-models'));
  return readModel(path);
}

/** EBMs for both parts, with pair terms; a fixed number of rounds (no early stopping, which could drop the pairs) keeps it quick. */
export const EBM_WITH_PAIRS = {
  win: { kind: 'ebm', interactions: 3, maxRounds: 40, validationShare: 0 },
  value: { kind: 'ebm', loss: 'poisson', interactions: 2, maxRounds: 40, validationShare: 0 },
};

/**
 * The model with created_month read as a weekday from dd/mm/yyyy dates (its 12
 * slots relabelled: weekdays, and levels a weekday never takes, which score as
 * `(other)`), demo_requested replaced by the hour of created_at (a number, ISO),
 * and a goal profile on all three outputs with segments.
 */
export function dateAndGoalsVariant(model: ModelFile): ModelFile {
  const { checksum: _c, ...copy } = structuredClone(model);
  copy.features = copy.features.map((f) => {
    if (f.name === 'created_month' && f.kind === 'category') {
      return { ...f, derive: 'weekday', dateFormat: 'dd/mm/yyyy', levels: ['00', 'fri', 'jan', 'mon', 'q1', 'sat', 'sun', 'thu', 'tue', 'wed', 'x', 'zz'] };
    }
    if (f.name === 'demo_requested' && f.kind === 'number') return { ...f, column: 'created_at', derive: 'hour', dateFormat: 'iso', center: 11.5, scale: 6.9 };
    return f;
  });
  copy.goals = {
    name: 'balanced-with-segments',
    weights: { expectedValue: 2, winProbability: 1, valueIfWon: 0.5 },
    segments: [
      { name: 'finance', feature: 'industry', levels: ['finance', '(missing)'], multiplier: 1.5 },
      { name: 'mid-size', feature: 'employees', range: { min: 50, max: 500 }, multiplier: 1.25 },
      { name: 'weekend', feature: 'created_month', levels: ['sat', 'sun'], multiplier: 0.5 },
    ],
  };
  return parseModel(sealModel(copy), 'variant model');
}
