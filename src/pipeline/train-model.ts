import { createRequire } from 'node:module';
import { formatDay } from '../core/dates.js';
import { createRng } from '../core/rng.js';
import { Warnings } from '../core/warn.js';
import { evaluateTwoPart, type TwoPartMetrics } from '../evaluate/evaluate-two-part.js';
import { splitByTime, timeOrder, type TimeSplit } from '../evaluate/split-by-time.js';
import { fingerprintInputs } from '../export/fingerprint.js';
import { outputReference } from '../goals/output-reference.js';
import { selectFeatures } from '../features/select-features.js';
import { buildLeadFrame, type LeadFrame } from '../join/build-lead-frame.js';
import type { SourceSummary } from '../join/duckdb/build-lead-frame-duckdb.js';
import type { AdapterConfig } from '../load/adapter-config.js';
import { loadSource, type LoadProgress, type SourceTables } from '../load/load-source.js';
import { loadModelKinds } from '../models/model-part.js';
import { fitTwoPart, predictTwoPart, type TwoPartModel, type TwoPartParams, type TwoPartPrediction } from '../models/two-part.js';
import { checkDataSufficiency, type TargetCounts } from '../models/data-sufficiency.js';
import type { RawFeature } from '../load/load-source.js';
import { validateGoalProfile } from '../scoring/goal-profile.js';
import { MODEL_FORMAT } from '../scoring/load-model.js';
import type { GoalProfile, ModelFile, OutputReference } from '../scoring/model-types.js';

/** The goal profile a model carries until the company sets its own: rank by expected long-term value. */
export const DEFAULT_GOALS: GoalProfile = {
  name: 'long-term-value',
  description: 'Rank leads by expected long-term value: P(win) × E[value in the horizon | won].',
  weights: { expectedValue: 1, winProbability: 0 },
};

/** Loaded source tables and the lead frame built from them. */
export interface PreparedData {
  config: AdapterConfig;
  /** The loaded tables; with `engine: "duckdb"` only their files and row counts (the rows stay in DuckDB). */
  tables: SourceTables | SourceSummary;
  frame: LeadFrame;
  warnings: Warnings;
}

/**
 * Loads the tables an adapter config declares and joins them into the lead
 * frame with labels. When the config declares a ZILN part it also loads tfjs
 * (see loadModelKinds), so the synchronous trainModel can fit it. With
 * `engine: "duckdb"` in the config the frame is built in DuckDB instead
 * (buildLeadFrameDuckdb: the same frame, revenue never held in memory).
 * @example
 * const { frame } = await prepareData(readAdapterConfig('configs/olist.json'));
 */
export async function prepareData(config: AdapterConfig, options: { onProgress?: LoadProgress; warnings?: Warnings } = {}): Promise<PreparedData> {
  const warnings = options.warnings ?? new Warnings();
  if (config.engine === 'duckdb') {
    // Imported only here, so nothing else loads DuckDB.
    const { buildLeadFrameDuckdb } = await import('../join/duckdb/build-lead-frame-duckdb.js');
    const { frame, tables } = await buildLeadFrameDuckdb(config, { warnings });
    await loadModelKinds(config.model);
    return { config, tables, frame, warnings };
  }
  const tables = await loadSource(config, { onProgress: options.onProgress, warnings });
  const frame = buildLeadFrame(tables, config.label, warnings);
  await loadModelKinds(config.model);
  return { config, tables, frame, warnings };
}

/** Everything training produced. */
export interface TrainedModel {
  split: TimeSplit;
  /** The model fit on the training period only: the one the metrics describe. */
  evaluated: TwoPartModel;
  /** Its predictions on the test period (test rows, oldest first). */
  testPrediction: TwoPartPrediction;
  metrics: TwoPartMetrics;
  /** The model to export: refit on all leads when `config.model.refit`, else the evaluated one. */
  final: TwoPartModel;
  /** Rows the final model was fit on, oldest first. */
  fitRows: Int32Array;
  /** Means of the final model's outputs over its fit rows: the scale goal weights combine them on. */
  reference: OutputReference;
  /** The features and parameters both fits used (for refits: importance intervals, stability checks). */
  features: RawFeature[];
  params: TwoPartParams;
  /** Examples per target on the training rows, as the data-sufficiency gate counted them. */
  counts: TargetCounts;
}

/**
 * Trains and evaluates the two-part model on a time split: fit on leads
 * created before the cut-off, evaluate on the rest, then (by default) refit on
 * all leads with the same settings for export.
 * @param data - from prepareData
 * Before fitting, the data-sufficiency gate counts examples per target on the
 * training rows and refuses below `model.minPositives` / `model.minNegatives`.
 * With `model.calibration`, P(win) is calibrated on the newest 25% of each
 * fit's rows (never on test rows), and the metrics describe the calibrated model.
 * @throws LeadvalueError on leakage (a deal-stage feature in a lead-stage model), an empty split, too few examples of a target, or no value to learn
 */
export function trainModel(data: PreparedData, options: { resamples?: number } = {}): TrainedModel {
  const { config, frame } = data;
  const rng = createRng(config.model.seed);
  const features = selectFeatures(frame.features, config.model.stage, config.model.features);
  const split = splitByTime(frame.createdAt, frame.leadId, config.split);
  const params: TwoPartParams = {
    minLevelCount: config.model.minLevelCount, l2: config.model.l2, win: config.model.win, value: config.model.value, calibration: config.model.calibration,
  };
  const counts = checkDataSufficiency(frame, split.train, { minPositives: config.model.minPositives, minNegatives: config.model.minNegatives });
  const evaluated = fitTwoPart(frame, features, split.train, params, rng.child('fit'));
  warnConstantParts(evaluated, data.warnings);
  const testPrediction = predictTwoPart(evaluated, features, split.test);
  const uncalibratedPWin = evaluated.calibration ? predictTwoPart({ ...evaluated, calibration: undefined }, features, split.test).pWin : undefined;
  const metrics = evaluateTwoPart(
    testPrediction,
    { won: Array.from(split.test, (i) => frame.won[i]), value: Array.from(split.test, (i) => frame.value[i]) },
    rng.child('evaluate'),
    { resamples: options.resamples, calibration: config.model.calibration, uncalibratedPWin },
  );
  const fitRows = config.model.refit ? timeOrder(frame.createdAt, frame.leadId) : split.train;
  const final = config.model.refit ? fitTwoPart(frame, features, fitRows, params, rng.child('fit')) : evaluated;
  const reference = outputReference(predictTwoPart(final, features, fitRows));
  return { split, evaluated, testPrediction, metrics, final, fitRows, reference, features, params, counts };
}

/**
 * Warns when an EBM part kept 0 boosting rounds: no round improved the loss on
 * its validation tail (or, cross-validated, ranked better than chance), so the
 * part predicts one constant (it ranks nothing). Typical of a value part fit
 * on a few hundred won leads whose lead-stage features say little about value.
 */
export function warnConstantParts(model: Pick<TwoPartModel, 'win' | 'value'>, warnings: Warnings): void {
  for (const [part, state] of [['win', model.win], ['value', model.value]] as const) {
    if (state.kind !== 'ebm') continue;
    if (state.validation === null && state.settings.validationShare > 0) {
      warnings.warn(`ebm-unvalidated-${part}`, `model.${part}: the EBM's ${state.rounds.mains} boosting rounds were not validated: its ${state.rows} training rows are too few for a time split or cross-validation; ` +
        'use kind "glm", or set maxRounds to a number you trust');
      continue;
    }
    if (state.settings.interactions > 0 && state.pairs.length === 0) {
      warnings.warn(`ebm-no-pairs-${part}`, `model.${part}: ${state.settings.interactions} pair term${state.settings.interactions > 1 ? 's' : ''} asked (interactions), none kept: ` +
        'no pair improved the validation loss over the main effects (or no two features could pair: categories with more levels than interactionMaxBins + 2 take no part); ' +
        'the part is additive in single features; drop interactions, or give it more rows');
    }
    if (state.rounds.mains > 0 || state.rounds.pairs > 0) continue;
    const v = state.validation;
    const why = v?.folds ? `no round ranked its ${v.rows} training rows better than chance out of fold, in ${v.folds}-fold cross-validation`
      : `no round improved the loss on ${v ? `the newest ${v.rows} of its ${state.rows} training rows` : 'its validation rows'}`;
    warnings.warn(`ebm-constant-${part}`, `model.${part}: the EBM kept 0 boosting rounds (${why}), so this part predicts a constant and ranks nothing; ` +
      'with this few rows use kind "glm" (its L2 penalty is chosen on an inner time split), or set validationShare 0 and a fixed maxRounds, knowing the rounds are then not validated');
  }
}

/**
 * Assembles the model file (without checksum; exportModel seals and writes it).
 * @param createdAt - ISO timestamp to record (default now); fix it to regenerate a file byte for byte
 * @param goals - the goal profile to store (default DEFAULT_GOALS), validated against the fitted features and stored cleaned
 * @throws LeadvalueError naming the field when the goal profile is not valid for the model
 */
export async function buildModelFile(data: PreparedData, trained: TrainedModel, options: { createdAt?: string; goals?: GoalProfile } = {}): Promise<Omit<ModelFile, 'checksum'>> {
  const { config, tables, frame } = data;
  const { fingerprint, files } = await fingerprintInputs([
    { role: 'leads', path: tables.leads.file, rows: tables.leads.rows },
    { role: 'outcomes', path: tables.outcomes.file, rows: tables.outcomes.rows },
    { role: 'revenue', path: tables.revenue.file, rows: tables.revenue.rows },
  ]);
  const r = frame.report;
  return {
    format: { name: MODEL_FORMAT.name, version: MODEL_FORMAT.version },
    model: {
      name: config.model.name, version: '0.0.0', createdAt: options.createdAt ?? new Date().toISOString(), seed: config.model.seed,
      producer: { name: 'leadvalue', version: libraryVersion() }, stage: config.model.stage, kind: 'two-part',
    },
    data: {
      fingerprint, files,
      rows: { leads: r.leads, won: r.won, censored: r.censored, train: trained.split.train.length, test: trained.split.test.length, fit: trained.fitRows.length },
      dateRange: r.dateRange, dataEnd: r.dataEnd, horizon: r.horizon, splitCutoff: formatDay(trained.split.cutoff),
    },
    input: {
      leadId: config.tables.leads.columns.lead_id, createdAt: config.tables.leads.columns.created_at,
      dateFormat: config.tables.leads.dateFormat, delimiter: config.tables.leads.delimiter,
    },
    features: trained.final.features,
    params: { win: trained.final.win, value: trained.final.value, reference: trained.reference, ...(trained.final.calibration ? { calibration: trained.final.calibration } : {}) },
    goals: options.goals ? validateGoalProfile(options.goals, 'goals', { features: trained.final.features }) : DEFAULT_GOALS,
    metrics: {
      note: `held out: trained on leads created before ${formatDay(trained.split.cutoff)}, evaluated on the ${trained.split.test.length} leads created from then on` +
        (config.model.refit ? `; the parameters in this file were then refit on all ${trained.fitRows.length} leads` : ''),
      ...trained.metrics,
    },
  };
}

/** The version of this library, from its package.json. */
export function libraryVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}
