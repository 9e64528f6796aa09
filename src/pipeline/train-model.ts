import { createRequire } from 'node:module';
import { DAY_MS, formatDay } from '../core/dates.js';
import { formatCount } from '../core/format-count.js';
import { createRng } from '../core/rng.js';
import { Warnings } from '../core/warn.js';
import { evaluateTwoPart, valueNotEvaluated, type TwoPartMetrics } from '../evaluate/evaluate-two-part.js';
import type { DecileTable } from '../evaluate/decile-table.js';
import { encodeFeatures } from '../features/encode.js';
import { splitByTime, timeOrder, type TimeSplit } from '../evaluate/split-by-time.js';
import { fingerprintInputs } from '../export/fingerprint.js';
import { outputReference } from '../goals/output-reference.js';
import { selectFeatures } from '../features/select-features.js';
import { warnExtremeValues } from '../features/warn-extreme-values.js';
import { buildLeadFrame, type LeadFrame } from '../join/build-lead-frame.js';
import type { SourceSummary } from '../join/duckdb/build-lead-frame-duckdb.js';
import type { AdapterConfig } from '../load/adapter-config.js';
import { loadSource, type LoadProgress, type SourceTables } from '../load/load-source.js';
import { isConstantPart, loadModelKinds, predictModelPart } from '../models/model-part.js';
import { fitTwoPart, predictTwoPart, type TwoPartModel, type TwoPartParams, type TwoPartPrediction } from '../models/two-part.js';
import { checkDataSufficiency, type TargetCounts } from '../models/data-sufficiency.js';
import type { RawFeature } from '../load/load-source.js';
import { validateGoalProfile } from '../scoring/goal-profile.js';
import { MODEL_FORMAT } from '../scoring/load-model.js';
import type { EbmState, GoalProfile, ModelFile, OutputReference } from '../scoring/model-types.js';

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
 *
 * Before fitting, the data-sufficiency gate counts examples per target on the
 * training rows and refuses below `model.minPositives` / `model.minNegatives`.
 * With `model.calibration`, P(win) is calibrated on the newest 25% of each
 * fit's rows (never on test rows), and the metrics describe the calibrated model.
 * @param data - from prepareData
 * @param options - `resamples`: bootstrap resamples of the held-out metrics' intervals
 * @returns the split, the evaluated fit and its test predictions and metrics, the final model to export, and what both fits used
 * @throws LeadvalueError on leakage (a deal-stage feature in a lead-stage model), an empty split, too few examples of a target, or no value to learn
 * @example
 * const data = await lv.prepareData(lv.readAdapterConfig('configs/demo.json'));
 * const trained = lv.trainModel(data);
 * trained.metrics.conversion.auc; // { estimate, low, high }: held-out AUC of winning with its bootstrap interval
 * lv.metricsTable(trained.metrics).print();
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
  const testPrediction = predictTwoPart(evaluated, features, split.test);
  const uncalibratedPWin = evaluated.calibration ? predictTwoPart({ ...evaluated, calibration: undefined }, features, split.test).pWin : undefined;
  const metrics = evaluateTwoPart(
    testPrediction,
    { won: Array.from(split.test, (i) => frame.won[i]), value: Array.from(split.test, (i) => frame.value[i]) },
    rng.child('evaluate'),
    { resamples: options.resamples, calibration: config.model.calibration, uncalibratedPWin },
  );
  warnValueNotEvaluated(frame, split, metrics, data.warnings);
  const fitRows = config.model.refit ? timeOrder(frame.createdAt, frame.leadId) : split.train;
  const final = config.model.refit ? fitTwoPart(frame, features, fitRows, params, rng.child('fit')) : evaluated;
  warnConstantParts(evaluated, data.warnings, final); // the exported refit too: it may keep other pairs, or 0 rounds
  warnExtremeValues(final.features, features, fitRows, data.warnings);
  const reference = outputReference(predictTwoPart(final, features, fitRows));
  warnValueLevel(frame, features, { evaluated, trainRows: split.train, final, fitRows }, metrics.calibration.valueIfWon, data.warnings);
  return { split, evaluated, testPrediction, metrics, final, fitRows, reference, features, params, counts };
}

/**
 * Warns about EBM parts that are not what they seem: boosting rounds nobody
 * validated (too few rows), pair terms asked for and none kept, or 0 rounds
 * kept (no round improved the loss on the validation tail or, cross-validated,
 * ranked better than chance, so the part predicts one constant and ranks
 * nothing: typical of a value part fit on a few hundred won leads whose
 * lead-stage features say little about value). With `exported` (the refit on
 * all leads that train writes, when it is another fit than the evaluated
 * one) both fits are checked, and a warning says which one it is about when
 * only one has the problem: then the held-out metrics describe a part the
 * exported model does not have.
 * @param evaluated - the model fit on the training period, which the held-out metrics describe
 * @param warnings - where the warnings go (keys `ebm-unvalidated-<part>`, `ebm-no-pairs-<part>`, `ebm-constant-<part>`; at most one each)
 * @param exported - the model exported, when it is a refit (omit, or pass `evaluated`, when the evaluated model is the exported one)
 */
export function warnConstantParts(evaluated: Pick<TwoPartModel, 'win' | 'value'>, warnings: Warnings, exported?: Pick<TwoPartModel, 'win' | 'value'>): void {
  const TRAINING = 'the model evaluated on the training period', REFIT = 'the refit on all leads that is exported';
  for (const part of ['win', 'value'] as const) {
    const e = evaluated[part];
    if (e.kind !== 'ebm') continue;
    const other = exported?.[part];
    const f = other && other !== e && other.kind === 'ebm' ? other : null;
    const unvalidated = (s: EbmState | null) => s !== null && s.validation === null && s.settings.validationShare > 0;
    if (unvalidated(e) || unvalidated(f)) {
      const fix = 'use kind "glm", or set maxRounds to a number you trust';
      warnings.warn(`ebm-unvalidated-${part}`, !f || (unvalidated(e) && unvalidated(f))
        ? `model.${part}: the EBM's ${e.rounds.mains} boosting rounds were not validated${f ? ` (nor the ${f.rounds.mains} of ${REFIT}, on ${f.rows} rows)` : ''}: its ${e.rows} training rows are too few for a time split or cross-validation; ${fix}`
        : unvalidated(e)
          ? `model.${part}: the EBM's ${e.rounds.mains} boosting rounds were not validated on the training period: its ${e.rows} training rows are too few for a time split or cross-validation, so the held-out metrics describe unvalidated rounds (${REFIT}, on ${f.rows} rows, validated its ${f.rounds.mains}); ${fix}`
          : `model.${part}: ${REFIT} ran ${f.rounds.mains} boosting rounds without validation: its ${f.rows} rows are too few for a time split or cross-validation (${TRAINING} validated its ${e.rounds.mains}); ${fix}`);
      continue;
    }
    const asked = e.settings.interactions;
    const noPairs = (s: EbmState | null) => s !== null && asked > 0 && s.pairs.length === 0;
    if (noPairs(e) || noPairs(f)) {
      const terms = `${asked} pair term${asked > 1 ? 's' : ''} asked (interactions)`;
      warnings.warn(`ebm-no-pairs-${part}`, !f || (noPairs(e) && noPairs(f))
        ? `model.${part}: ${terms}, none kept${f ? ` on the training period or in ${REFIT}` : ''}: ` +
          'no pair improved the validation loss over the main effects (or no two features could pair: categories with more levels than interactionMaxBins + 2 take no part); ' +
          'the part is additive in single features; drop interactions, or give it more rows'
        : noPairs(f)
          ? `model.${part}: ${terms}; ${TRAINING} kept ${e.pairs.length}, ${REFIT} kept none: no pair improved its validation loss over the main effects, ` +
            'so the exported part is additive in single features and the held-out metrics describe pair terms it does not have; set model.refit false to export the evaluated model, or drop interactions'
          : `model.${part}: ${terms}; ${TRAINING} kept none, ${REFIT} kept ${f!.pairs.length}: the held-out metrics describe an additive part, ` +
            'so no held-out metric describes the exported pair terms; set model.refit false to export the evaluated model, or drop interactions');
    }
    const constant = (s: EbmState | null) => s !== null && isConstantPart(s);
    if (!constant(e) && !constant(f)) continue;
    const why = (s: EbmState) => {
      const v = s.validation;
      return v?.folds ? `no round ranked its ${v.rows} training rows better than chance out of fold, in ${v.folds}-fold cross-validation`
        : `no round improved the loss on ${v ? `the newest ${v.rows} of its ${s.rows} training rows` : 'its validation rows'}`;
    };
    const fix = 'with this few rows use kind "glm" (its L2 penalty is chosen on an inner time split), or set validationShare 0 and a fixed maxRounds, knowing the rounds are then not validated';
    warnings.warn(`ebm-constant-${part}`, !f
      ? `model.${part}: the EBM kept 0 boosting rounds (${why(e)}), so this part predicts a constant and ranks nothing; ${fix}`
      : constant(e) && constant(f)
        ? `model.${part}: the EBM kept 0 boosting rounds, on the training period (${why(e)}) and in ${REFIT} (${why(f)}), so this part predicts a constant and ranks nothing; ${fix}`
        : constant(f)
          ? `model.${part}: ${REFIT} kept 0 boosting rounds (${why(f)}), so the exported part predicts a constant and ranks nothing, while ${TRAINING} kept ${e.rounds.mains}: ` +
            `the held-out metrics describe a ranking the exported part does not have; ${fix}`
          : `model.${part}: ${TRAINING} kept 0 boosting rounds (${why(e)}), so the held-out metrics describe a part that predicts a constant; ` +
            `${REFIT} kept ${f.rounds.mains}, which no held-out metric describes; ${fix}`);
  }
}

/** Won test leads with a known value {@link warnValueNotEvaluated}'s suggested cut-off gives: enough for the value deciles. */
const KNOWN_WON_TEST_LEADS = 10;

/**
 * Warns once when the value part was not evaluated (valueNotEvaluated: every
 * won test lead censored, as with a late split), which train would otherwise
 * only print as `n/a`. Suggests the latest split.cutoff day from which 10 won
 * leads with a complete horizon would be test leads (fewer when the data
 * holds fewer, none when it holds none), or a shorter horizon.
 * @param frame - the lead frame
 * @param split - the time split evaluated
 * @param metrics - its held-out metrics
 * @param warnings - where the (at most one) warning goes: key `value-not-evaluated`
 */
export function warnValueNotEvaluated(frame: LeadFrame, split: TimeSplit, metrics: TwoPartMetrics, warnings: Warnings): void {
  const why = valueNotEvaluated(metrics);
  if (!why) return;
  // Won leads with a complete horizon, newest first: a cut-off on or before the day of the 10th puts 10 of them in the test period.
  const known = Array.from(frame.createdAt.keys()).filter((i) => frame.won[i] === 1 && !frame.censored[i]).map((i) => frame.createdAt[i]).sort((a, b) => b - a);
  const first = split.train.length ? frame.createdAt[split.train[0]] : Infinity;
  const count = Math.min(KNOWN_WON_TEST_LEADS, known.length);
  const day = count ? Math.floor(known[count - 1] / DAY_MS) * DAY_MS : NaN; // the UTC day of the count-th newest
  const cutoff = day > first
    ? `move split.cutoff to ${formatDay(day)} or earlier (then ${formatCount(count, 'won test lead')} ${count > 1 ? 'have' : 'has'} a known value)`
    : 'move split.cutoff earlier';
  warnings.warn('value-not-evaluated', `held-out metrics: ${why}, so its Gini, value shares, Spearman and deciles are n/a; ${cutoff}, or shorten label.horizon (${frame.report.horizon})`);
}

/**
 * How far off the value part's mean may be before {@link warnValueLevel}
 * warns: a factor of 3 either way on its own training leads. Poisson GLM and
 * EBM parts match that mean by construction (1.00), log1p-squared by its
 * intercept; an honest lognormal fit misses it by the tail's shape (Olist's
 * ZILNs, linear or MLP: 0.50–0.60, their amounts' tail heavier than a
 * lognormal's), and a heavy-tailed sample mean is itself uncertain (log sd
 * 1.5, ~60 amounts: ±40%), so a factor of 2 would fire on sound fits. The
 * miscalibrated ZILN MLPs this catches were 3.6× to 17× off.
 */
const VALUE_LEVEL_FACTOR = 3;
/**
 * Held-out decile MAPE above which {@link warnValueLevel} warns: deciles off by
 * 300% of their realised value on average. Olist's GLM, whose level drifted
 * between 2017 and 2018, reaches 1.74 and the demo's ZILNs 0.3–1.6; the
 * miscalibrated ZILN MLPs gave 4.6 (Olist) and 10.3 (demo).
 */
const VALUE_MAPE_LIMIT = 3;

/**
 * Warns when the value part's level is far off, which the goal scores
 * (scaled by `params.reference.valueIfWon`) and every expected value inherit:
 * when its mean prediction over its own training leads (won, horizon
 * complete) is more than 3× or less than ⅓ of their realised mean — for the
 * evaluated model or the one refit on all leads —, or, failing that, when
 * the held-out decile MAPE of value if won is above 3 (the level moved
 * between periods, or the held-out leads are too few to judge). Catches what
 * a ZILN's exp(μ + σ²/2) does with a few large σ; a Poisson part matches its
 * training mean by construction, so for it only the held-out check can fire.
 * @param frame - the lead frame
 * @param features - the features the parts were fit on
 * @param fits - the evaluated model with its training rows, the final model with its fit rows (the same model when not refit)
 * @param heldOut - the held-out decile table of value if won (`metrics.calibration.valueIfWon`)
 * @param warnings - where the (at most one) warning goes: key `value-level`, or `value-level-held-out`
 */
export function warnValueLevel(frame: LeadFrame, features: RawFeature[],
  fits: { evaluated: TwoPartModel; trainRows: Int32Array; final: TwoPartModel; fitRows: Int32Array },
  heldOut: DecileTable | null, warnings: Warnings): void {
  const level = (model: TwoPartModel, rows: Int32Array): { rows: number; predicted: number; realised: number; ratio: number } => {
    const valueRows = rows.filter((i) => frame.won[i] === 1 && !frame.censored[i]);
    const predicted = predictModelPart(model.value, encodeFeatures(model.features, features, valueRows));
    let p = 0, y = 0;
    valueRows.forEach((i, k) => { p += predicted[k]; y += frame.value[i]; });
    return { rows: valueRows.length, predicted: p / valueRows.length, realised: y / valueRows.length, ratio: p / y };
  };
  const off = (ratio: number): boolean => ratio > VALUE_LEVEL_FACTOR || ratio < 1 / VALUE_LEVEL_FACTOR;
  const times = (ratio: number): string => `${ratio < 0.095 ? ratio.toPrecision(1) : ratio.toFixed(1)}×`;
  const evaluated = level(fits.evaluated, fits.trainRows);
  const final = fits.final === fits.evaluated ? null : level(fits.final, fits.fitRows);
  const state = fits.final.value;
  const name = state.kind === 'ziln' ? `ZILN ${state.architecture.hidden.length ? `MLP ${state.architecture.hidden.join('-')}` : 'linear'}`
    : state.kind === 'ebm' ? `EBM (${state.settings.loss})` : 'GLM (Poisson)';
  const held = heldOut && heldOut.mape > VALUE_MAPE_LIMIT
    ? `decile MAPE ${heldOut.mape.toFixed(1)} on the ${heldOut.groups.reduce((n, g) => n + g.count, 0)} won test leads with known value (top decile predicted ${amount(heldOut.groups[0].meanPredicted)} vs realised ${amount(heldOut.groups[0].meanRealised)})`
    : null;
  if (off(evaluated.ratio) || (final && off(final.ratio))) {
    const refit = final !== null && off(final.ratio) && !off(evaluated.ratio);
    const worst = refit ? final : evaluated;
    const other = refit ? `; fit on the training period: ${times(evaluated.ratio)}` : final ? `; refit on all leads: ${times(final.ratio)}` : '';
    const worstState = (refit ? fits.final : fits.evaluated).value;
    const advice = worstState.kind === 'ziln'
      ? `a ZILN's mean p·exp(μ + σ²/2) grows as e^(σ²/2), so a few leads given a large σ (its ceiling: ${worstState.architecture.sigmaCeiling.toFixed(2)}) inflate it: ` +
        'use the linear ZILN (hidden: []), a lower sigmaCeiling, a larger l2, or kind "glm" (Poisson: its mean matches the training leads by construction)'
      : 'check the value column for outliers, or use kind "glm" (Poisson: its mean matches the training leads by construction)';
    warnings.warn('value-level', `model.value: the ${name}'s value if won is off in level on its own training leads: ` +
      `${refit ? 'refit on all leads' : 'fit on the training period'}, it averages ${amount(worst.predicted)} against ${amount(worst.realised)} realised ` +
      `over its ${worst.rows} won leads with a complete horizon (${times(worst.ratio)}${other})` +
      `${held ? `; held out, ${held}` : ''}; expected values and goal scores (params.reference.valueIfWon) inherit it; ${advice}`);
    return;
  }
  if (held) {
    warnings.warn('value-level-held-out', `model.value: the ${name}'s value if won is off in level on the test period: ${held}, though on its ${evaluated.rows} training leads it averages ` +
      `${amount(evaluated.predicted)} against ${amount(evaluated.realised)} realised: the value level moved between the periods, or the test leads are too few to judge; ` +
      'check the test period for drift before trusting expected values, or train on more recent leads (a later split.cutoff)');
  }
}

/** A money amount for a message: rounded, thousands separated (`247,452`). */
function amount(x: number): string {
  return Math.round(x).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Assembles the model file (without checksum; exportModel seals and writes it).
 * @param data - from prepareData: the config, the data files to fingerprint, the frame
 * @param trained - from trainModel on the same data
 * @param options - `createdAt`: ISO timestamp to record (default now), fix it to regenerate a file byte for byte;
 *   `goals`: the goal profile to store (default DEFAULT_GOALS), validated against the fitted features and stored cleaned
 * @returns the model file without its checksum
 * @throws LeadvalueError naming the field when the goal profile is not valid for the model
 * @example
 * const file = await lv.buildModelFile(data, trained, { createdAt: '2026-01-01T00:00:00.000Z' });
 * lv.exportModel(file, 'models'); // writes models/<model.name>/<next minor version>.json (see exportModel)
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
