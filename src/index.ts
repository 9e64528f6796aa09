/**
 * leadvalue: learn which early signals of a lead predict the customer's
 * long-term value, weight scores by company goals, export a versioned model file.
 *
 * Stages, in pipeline order: load → join → features → models → evaluate →
 * explain → export → scoring. The production scorer is also its own entry
 * point, `leadvalue/scoring`, which imports nothing heavy.
 * @packageDocumentation
 */

// core
export { LeadvalueError } from './core/errors.js';
export { Warnings, type Warning } from './core/warn.js';
export { createRng, type Rng } from './core/rng.js';
export { parseDate, parseDuration, formatDay, formatDuration, addDuration, DATE_FORMATS, type DateFormat, type Duration } from './core/dates.js';
export { canonicalJson, sha256 } from './core/canonical-json.js';

// load
export { readCsv, type ReadCsvOptions, type ColumnRequest, type LoadedTable, type Column } from './load/read-csv.js';
export { readAdapterConfig, parseAdapterConfig, type AdapterConfig, type FeatureDecl, type TableDecl, type ModelDecl, type Stage } from './load/adapter-config.js';
export { loadSource, type SourceTables, type RawFeature, type LoadProgress } from './load/load-source.js';
export { readRecords } from './load/read-records.js';

// join
export { buildLeadFrame, type LeadFrame, type LabelReport } from './join/build-lead-frame.js';
export { deriveDataEnd, type DataEnd } from './join/data-end.js';

// features
export { selectFeatures } from './features/select-features.js';
export { fitFeatures } from './features/fit-features.js';
export { encodeFeatures, type EncodedMatrix } from './features/encode.js';

// models
export { fitGlm, predictGlm, type GlmParams } from './models/glm.js';
export { fitGlmChoosingL2 } from './models/choose-l2.js';
export { fitTwoPart, predictTwoPart, type TwoPartModel, type TwoPartParams, type TwoPartPrediction } from './models/two-part.js';

// evaluate
export * from './evaluate/index.js';
export { splitByTime, type TimeSplit } from './evaluate/split-by-time.js';
export { evaluateTwoPart, type TwoPartMetrics, type ValueRankingMetrics } from './evaluate/evaluate-two-part.js';

// explain and review
export { leadingIndicators, type LeadingIndicator } from './explain/leading-indicators.js';
export { metricsTable, indicatorsTable } from './explain/report-tables.js';
export { funnelTable, type FunnelRow } from './funnel/funnel-table.js';

// pipeline
export { prepareData, trainModel, buildModelFile, DEFAULT_GOALS, type PreparedData, type TrainedModel } from './pipeline/train-model.js';

// export
export { exportModel, serializeModel, sealModel, listVersions, writeFileAtomic } from './export/write-model-file.js';
export { fingerprintInputs } from './export/fingerprint.js';

// scoring (also available alone as `leadvalue/scoring`)
export { parseModel, readModel, modelChecksum, MODEL_FORMAT } from './scoring/load-model.js';
export { scoreLead, type LeadScore, type Reason, type ScoreOptions } from './scoring/score-lead.js';
export { scoreBatch, type BatchScores } from './scoring/score-batch.js';
export type { ModelFile, FeatureSpec, GlmState, GoalProfile, MetricValue } from './scoring/model-types.js';

// demo data
export { generateDemo, writeDemo, PLANTED, plantedCoefficients } from './demo/index.js';
