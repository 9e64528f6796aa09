/**
 * The production scorer: `import { readModel, scoreLead } from 'leadvalue/scoring'`.
 * Depends on nothing heavy (no tfjs, no arquero) and nothing from training,
 * loading or notebook code; test/scoring/entry-point.test.ts enforces that.
 */
export { parseModel, readModel, modelChecksum, newerFormatWarning, MODEL_FORMAT, type ReadModelOptions } from './load-model.js';
export { MODEL_FILE_SCHEMA } from './model-file-schema.js';
export { validateSchema, schemaProblem, type JsonSchema, type SchemaProblem } from './validate-schema.js';
export { scoreLead, MAX_REASONS, type LeadScore, type Reason, type ScoreOptions } from './score-lead.js';
export { scoreBatch, type BatchScores, type BatchOptions } from './score-batch.js';
export { scoreColumns, type ColumnScores, type ColumnOptions } from './score-columns.js';
export { compileScorer, type CompiledScorer, type CompileOptions, type ReasonTerm } from './compile-scorer.js';
export { rowReasons, type ColumnReasons } from './row-reasons.js';
export type { LeadColumn, LeadColumns, DictionaryColumn, NumericArray } from './encode-columns.js';
export { calibrateProbability, checkCalibration, type Calibration, type CalibrationMethod, type PlattCalibration, type IsotonicCalibration } from './calibration.js';
export { ebmBin, ebmTermContribution, ebmPairContribution, checkEbmState, type EbmInput } from './ebm-terms.js';
export { zilnForward, zilnContributions, zilnOutput, checkZilnState, type ZilnHeadContributions } from './ziln-terms.js';
export type { ZilnState, ZilnParams, ZilnBackend, ZilnInput, ZilnLayer, ZilnTerm, ZilnHeadTerms, ZilnLinearTerms, ZilnValue, ZilnOutput } from './ziln-types.js';
export { validateGoalProfile, modelReference, type GoalApplied } from './goal-profile.js';
export type {
  ModelFile, FeatureSpec, NumberFeatureSpec, CategoryFeatureSpec, GlmState, GlmTerm, EbmState, EbmTerm, EbmPairTerm, EbmSettings, ModelState, GoalProfile, GoalSegment, GoalCapacity, GoalMinimum, OutputReference, MetricValue, FeatureStage, ModelInput,
} from './model-types.js';
export { LeadvalueError } from '../core/errors.js';
