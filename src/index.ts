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
export { readRecords, readRecordRows } from './load/read-records.js';

// join
export { buildLeadFrame, type LeadFrame, type LabelReport } from './join/build-lead-frame.js';
export { buildLeadFrameDuckdb, type DuckdbFrameOptions, type SourceSummary } from './join/duckdb/build-lead-frame-duckdb.js';
export { leadFrameScript, formatScript, readSourceFiles, type SqlStep } from './join/duckdb/frame-script.js';
export { deriveDataEnd, type DataEnd } from './join/data-end.js';

// features
export { selectFeatures } from './features/select-features.js';
export { fitFeatures } from './features/fit-features.js';
export { encodeFeatures, type EncodedMatrix } from './features/encode.js';
export { earlyActivityFrame, type EarlyActivityFrame, type EarlyActivityOptions, type EarlyActivityReport, type TransactionTable } from './features/early-activity.js';

// models
export { fitGlm, predictGlm, type GlmParams } from './models/glm.js';
export { fitGlmChoosingL2 } from './models/choose-l2.js';
export { fitTwoPart, predictTwoPart, type TwoPartModel, type TwoPartParams, type TwoPartPrediction } from './models/two-part.js';
export { fitEbm } from './models/ebm/fit-ebm.js';
export { fitCalibration, fitPlatt, fitIsotonic } from './models/fit-calibration.js';
export { fitWinCalibration, calibratedWinProbability, winLogOdds, CALIBRATION_SHARE } from './models/win-calibration.js';
export { checkDataSufficiency, countTargets, DEFAULT_FLOORS, type TargetCounts, type SufficiencyFloors } from './models/data-sufficiency.js';
export { predictEbm, ebmLinearPredictor, ebmContributions, ebmPairContributions } from './models/ebm/predict-ebm.js';
export { EBM_DEFAULTS, resolveEbmSettings, type EbmParams, type EbmLoss } from './models/ebm/ebm-params.js';
export { fitValueModel, predictValueModel, type ValueModel, type ValueModelOptions } from './models/fit-value-model.js';
export { fitModelPart, predictModelPart, parseModelPart, describePart, loadModelKinds, type ModelPartDecl, type ModelPart } from './models/model-part.js';
export { fitZiln, fitZilnSync, predictZiln, zilnRawOutputs, zilnMeanLoss, resolveZilnParams, ZILN_DEFAULTS, loadTf, isTfLoaded } from './models/ziln/index.js';

// evaluate
export * from './evaluate/index.js';
export { splitByTime, type TimeSplit } from './evaluate/split-by-time.js';
export { splitAtRandom, type RandomSplit } from './evaluate/split-at-random.js';
export { evaluateValue, type ValueMetrics } from './evaluate/evaluate-value.js';
export { evaluateTwoPart, type TwoPartMetrics, type ValueRankingMetrics, type CalibrationMetrics } from './evaluate/evaluate-two-part.js';
export { reliabilityTable, type ReliabilityTable, type ReliabilityBin, type ReliabilityOptions } from './evaluate/reliability-table.js';

// explain and review
export { leadingIndicators, type LeadingIndicator } from './explain/leading-indicators.js';
export { ebmLeadingIndicators } from './explain/ebm-indicators.js';
export { zilnLeadingIndicators } from './explain/ziln-indicators.js';
export { metricsTable, indicatorsTable, calibrationTables, importanceTable, stabilityTable, comparisonTable } from './explain/report-tables.js';
export { comparisonNotes } from './explain/comparison-notes.js';
export { valueImportance } from './explain/value-importance.js';
export { valueComparisonTable } from './explain/value-comparison-table.js';
export { indicatorImportance, type IndicatorImportance, type ImportanceInterval, type ImportanceOptions, type FitInput } from './explain/indicator-importance.js';
export { rankingStability, type RankingStability, type StabilitySubset, type SubsetRanking, type RankShift, type PartStability, type StabilityOptions } from './explain/ranking-stability.js';
export { featureShapes, shapeChart, type FeatureShape, type NumberShape, type CategoryShape, type ShapePoint, type ShapeBin } from './explain/feature-shapes.js';
export { twoPartIndicators, importanceRanks } from './explain/two-part-indicators.js';
export { reliabilityChart, decileChart, type DecileChartOf } from './explain/calibration-charts.js';
export { importanceChart } from './explain/importance-chart.js';
export { lineChart, barChart, intervalChart, ticks, type LineSeries, type ChartOptions, type IntervalRow } from './explain/svg-chart.js';
export { funnelReview, quartiles, type FunnelReview, type FunnelOptions, type FunnelPath, type FunnelStep, type DropOut, type DayQuartiles } from './funnel/funnel-review.js';
export { funnelTables, type FunnelTables } from './funnel/funnel-tables.js';
export { segmentLeads, poolSegments, type Segmentation } from './funnel/segments.js';

// audit of today's qualification rules
export { readRuleSet, parseRuleSet, describeCondition, conditionFeatures, type RuleSet, type Rule, type Condition } from './audit/rule-set.js';
export { applyRules, findFeature, type RuleMatches } from './audit/apply-rules.js';
export {
  auditRules, type RuleAudit, type AuditOptions, type GroupOutcome, type RuleOutcome, type RuleAgreement, type RuleFlag, type LiftDirection,
} from './audit/audit-rules.js';
export { auditTables, type AuditTables } from './audit/audit-tables.js';
export { glmContributions, type RuleAuditModel } from './audit/model-contributions.js';
export { fitAuditModel, auditModelFromFile } from './audit/fit-audit-model.js';

// pipeline
export { prepareData, trainModel, buildModelFile, DEFAULT_GOALS, type PreparedData, type TrainedModel } from './pipeline/train-model.js';
export { compareKinds, parseKindPairs, DEFAULT_KIND_PAIRS, type KindPair, type KindRun } from './pipeline/compare-kinds.js';
export { bestKinds, formatBestKinds, type KindPick, type LeftOut, type PickableRun } from './pipeline/best-kinds.js';

// goals: goal profiles, capacity cut-off, what-if (scoring applies profiles itself; see scoring below)
export { readGoalProfile, parseGoalProfile } from './goals/read-goal-profile.js';
export { capacityCutoff, type CutoffLead, type CutoffCapacity, type CutoffOptions, type CutoffReport, type Delivery, type MinimumReport } from './goals/capacity-cutoff.js';
export { goalCutoff, toCutoffLeads, type GoalCutoff, type GoalCutoffOptions, type LeadOutcome } from './goals/goal-cutoff.js';
export { compareProfiles, type ProfileComparison, type ProfileMove, type SegmentShift } from './goals/compare-profiles.js';
export { withGoals } from './goals/with-goals.js';
export { outputReference } from './goals/output-reference.js';
export { matchHistory } from './goals/match-history.js';
export { formatComparison, formatGoalCutoff } from './cli/format-goals.js';

// export
export { exportModel, serializeModel, sealModel, listVersions, writeFileAtomic } from './export/write-model-file.js';
export { fingerprintInputs } from './export/fingerprint.js';
export { compareModelFiles, formatModelComparison, type ModelComparison, type ComparedModel, type ComparableModel } from './export/compare-model-files.js';

// scoring (also available alone as `leadvalue/scoring`)
export { parseModel, readModel, modelChecksum, newerFormatWarning, MODEL_FORMAT, type ReadModelOptions } from './scoring/load-model.js';
export { MODEL_FILE_SCHEMA } from './scoring/model-file-schema.js';
export { validateSchema, schemaProblem, type JsonSchema, type SchemaProblem } from './scoring/validate-schema.js';
export { scoreLead, type LeadScore, type Reason, type ScoreOptions } from './scoring/score-lead.js';
export { scoreBatch, type BatchScores, type BatchOptions } from './scoring/score-batch.js';
export { scoreColumns, type ColumnScores, type ColumnOptions } from './scoring/score-columns.js';
export { compileScorer, type CompiledScorer, type CompileOptions, type ReasonTerm } from './scoring/compile-scorer.js';
export { rowReasons, type ColumnReasons } from './scoring/row-reasons.js';
export type { LeadColumn, LeadColumns, DictionaryColumn, NumericArray } from './scoring/encode-columns.js';
export { calibrateProbability, checkCalibration, type Calibration, type CalibrationMethod, type PlattCalibration, type IsotonicCalibration } from './scoring/calibration.js';
export { zilnForward, zilnContributions, zilnOutput, checkZilnState, type ZilnHeadContributions } from './scoring/ziln-terms.js';
export type {
  ZilnState, ZilnParams, ZilnResolvedParams, ZilnBackend, ZilnInput, ZilnLayer, ZilnTerm, ZilnHeadTerms, ZilnLinearTerms, ZilnValue, ZilnOutput, ZilnPrediction,
} from './scoring/ziln-types.js';
export { validateGoalProfile, compileGoals, applyGoals, modelReference, GOAL_OUTPUTS, type GoalOutput, type CompiledGoals, type GoalApplied } from './scoring/goal-profile.js';
export type { ModelFile, FeatureSpec, GlmState, EbmState, EbmTerm, EbmPairTerm, EbmSettings, ModelState, GoalProfile, GoalSegment, GoalCapacity, GoalMinimum, OutputReference, MetricValue, ModelInput } from './scoring/model-types.js';

// SQL export: the model as one query for a warehouse (not part of the `leadvalue/scoring` entry)
export { exportSql, type ExportSqlOptions } from './sql/export-sql.js';
export { sqlDialect, SQL_DIALECTS, type SqlDialect, type SqlDialectName } from './sql/sql-dialect.js';

// the scoring service, `leadvalue serve` (also available alone as `leadvalue/serve`)
export { createScoringServer, closeGracefully, watchModel, loadVerifiedModel, type ScoringServerOptions, type ModelSource, type ModelWatcher, type WatchOptions, type LoadedModel } from './serve/index.js';

// demo data
export { generateDemo, writeDemo, PLANTED, plantedCoefficients } from './demo/index.js';
