import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LeadvalueError } from '../core/errors.js';
import { prepareOutputPath } from '../core/output-path.js';
import { Warnings } from '../core/warn.js';
import { writeDemo } from '../demo/write-demo.js';
import { reportJson } from '../core/report-json.js';
import { leadingIndicators, type LeadingIndicator } from '../explain/leading-indicators.js';
import { compareModelFiles, formatModelComparison, type ComparableModel, type ModelComparison } from '../export/compare-model-files.js';
import { compareSemver, exportModel, listVersions, writeFileAtomic } from '../export/write-model-file.js';
import { readAdapterConfig } from '../load/adapter-config.js';
import { buildModelFile, prepareData, trainModel } from '../pipeline/train-model.js';
import { readGoalProfile } from '../goals/read-goal-profile.js';
import { validateGoalProfile } from '../scoring/goal-profile.js';
import { readModel } from '../scoring/load-model.js';
import type { ModelFile } from '../scoring/model-types.js';
import { formatCount } from '../core/format-count.js';
import { formatFits, formatLabels, formatMetrics, formatPartIndicators } from './format-report.js';
import { checkResamples } from './resamples-option.js';
import type { Progress } from './progress.js';
import { showPath } from './show-path.js';
import { scoreCsv } from './score-csv.js';
import { checkReasonsOption } from '../scoring/reasons-option.js';

const show = showPath;

/** Checks `leadvalue train` options that need no data: timestamp, version, resamples, models folder. */
export function checkTrainOptions(o: TrainCommand): void {
  if (o.createdAt !== undefined && Number.isNaN(Date.parse(o.createdAt))) {
    throw new LeadvalueError('--created-at', 'not a timestamp', JSON.stringify(o.createdAt), 'use ISO 8601, e.g. 2026-01-01T00:00:00.000Z');
  }
  if (o.version !== undefined && !/^\d+\.\d+\.\d+$/.test(o.version)) {
    throw new LeadvalueError('--version', 'not a semver version', JSON.stringify(o.version), 'use MAJOR.MINOR.PATCH, e.g. 1.2.0');
  }
  checkResamples(o.resamples);
  if (existsSync(o.modelsDir) && !statSync(o.modelsDir).isDirectory()) {
    throw new LeadvalueError('--models-dir', 'is a file, not a folder', JSON.stringify(o.modelsDir), 'give the folder model files go into (default: models)');
  }
}

/** Options of `leadvalue train`. */
export interface TrainCommand {
  config: string;
  modelsDir: string;
  version?: string;
  createdAt?: string;
  dataDir?: string;
  report?: string;
  resamples?: number;
  /** Goal profile file to store in the model file (default: rank by expected value). */
  goals?: string;
}

/** `leadvalue train`: load, join, train on the time split, evaluate, export the model file. */
export async function trainCommand(o: TrainCommand, progress: Progress, log: (line: string) => void): Promise<{ modelPath: string }> {
  checkTrainOptions(o); // bad options fail before minutes of training, not after
  if (o.report) prepareOutputPath(o.report, '--report', { input: [o.config, o.goals] });
  const config = readAdapterConfig(o.config, { dataDir: o.dataDir });
  const profile = o.goals ? readGoalProfile(o.goals) : undefined; // a bad profile fails before training
  log(`leadvalue train: ${config.name}${config.description ? ` — ${config.description}` : ''}`);
  const warnings = new Warnings();
  const t0 = Date.now();
  const data = await prepareData(config, { warnings, onProgress: (table, read, total) => progress.update(`loading ${table}`, total ? read / total : 1) });
  progress.done(`loaded ${formatCount(data.tables.leads.rows, 'lead')}, ${formatCount(data.tables.outcomes.rows, 'outcome')}, ${formatCount(data.tables.revenue.rows, 'revenue row')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const line of formatLabels(data.frame.report)) log(`  ${line}`);
  const t1 = Date.now();
  progress.update('training', 0);
  const trained = trainModel(data, { resamples: o.resamples });
  // The evaluated fits first (the held-out metrics are theirs), then, where it chose differently, the refit that is exported.
  progress.done(`trained and evaluated in ${((Date.now() - t1) / 1000).toFixed(1)} s (${formatFits(trained.evaluated, trained.final)})`);
  log('');
  log(`held-out metrics (train < ${new Date(trained.split.cutoff).toISOString().slice(0, 10)} ≤ test):`);
  for (const line of formatMetrics(trained.metrics)) log(`  ${line}`);
  log('');
  log('leading indicators of winning (log-odds):');
  const winIndicators = leadingIndicators(trained.final.win, trained.final.features, data.frame.features, trained.fitRows);
  for (const line of formatPartIndicators(trained.final.win, winIndicators)) log(line);
  const valueState = trained.final.value;
  const valueIndicators = leadingIndicators(valueState, trained.final.features, data.frame.features, trained.fitRows.filter((i) => data.frame.won[i] && !data.frame.censored[i]));
  if (valueState.kind !== 'ziln') {
    log('leading indicators of value if won (log value):');
    for (const line of formatPartIndicators(valueState, valueIndicators)) log(line);
  } else if (!valueState.linearTerms) {
    log(`value if won from a neural model (ZILN MLP ${valueState.architecture.hidden.join('-')}): no additive leading indicators`);
  } else {
    log('leading indicators of any value if won (ZILN, log-odds):');
    for (const line of formatPartIndicators(valueState, valueIndicators.filter((x) => x.head === 'logit'))) log(line);
    log('leading indicators of the typical amount if won (ZILN μ, log amount):');
    for (const line of formatPartIndicators(valueState, valueIndicators.filter((x) => x.head === 'mu'))) log(line);
  }
  const goals = profile ? validateGoalProfile(profile, o.goals, { features: trained.final.features }) : undefined; // segments vs the fitted features
  const file = await buildModelFile(data, trained, { createdAt: o.createdAt, goals });
  const exported = exportModel(file, o.modelsDir, o.version);
  log('');
  log(exported.written ? `model written: ${show(exported.path)} (version ${exported.version})`
    : `model unchanged: ${show(exported.path)} already holds this model (version ${exported.version}${o.version && o.version !== exported.version ? `; ${o.version} not written` : ''})`);
  if (exported.belowLatest) {
    warnings.warn('version-below-latest', `version ${exported.version} is below ${exported.belowLatest}, the latest in ${show(dirname(exported.path))}: ` +
      `leadvalue serve --model on that folder keeps serving ${exported.belowLatest} (it serves the highest version); pick a version above it to deploy this one`);
  }
  // Both win parts ranked over the new training leads: a model file holds no ranking of its own.
  const comparison = exported.written ? compareWithPrevious(o.modelsDir, { ...file, model: { ...file.model, version: exported.version } }, winIndicators,
    (prev) => leadingIndicators(prev.params.win, prev.features, data.frame.features, trained.fitRows), log) : null;
  if (o.report) {
    // The blocks printed above: the top 5 of each part (of each head for a linear ZILN).
    const shownValue = valueState.kind !== 'ziln' ? valueIndicators.slice(0, 5)
      : [...valueIndicators.filter((x) => x.head === 'logit').slice(0, 5), ...valueIndicators.filter((x) => x.head === 'mu').slice(0, 5)];
    writeFileAtomic(o.report, reportJson({
      version: exported.version, fingerprint: file.data.fingerprint, labels: data.frame.report, metrics: trained.metrics,
      indicators: { win: winIndicators.slice(0, 5), value: shownValue }, comparison, warnings: warnings.list(), model: show(exported.path),
    }));
    log(`report written: ${show(o.report)}`);
  }
  for (const w of warnings.format()) log(`warning: ${w}`);
  return { modelPath: exported.path };
}

/**
 * The lines comparing a model just written with the latest lower version of it in the folder, if any, logged;
 * returns the comparison (null when there is no such version, or it cannot be read: said in a line).
 */
function compareWithPrevious(modelsDir: string, current: ComparableModel, currentIndicators: LeadingIndicator[],
  rank: (previous: ModelFile) => LeadingIndicator[], log: (line: string) => void): ModelComparison | null {
  const version = listVersions(modelsDir, current.model.name).filter((v) => compareSemver(v, current.model.version) < 0).pop();
  if (!version) return null;
  const path = join(modelsDir, current.model.name, `${version}.json`);
  let previous: ModelFile, previousIndicators: LeadingIndicator[] | null;
  try {
    previous = readModel(path);
  } catch (e) {
    if (!(e instanceof LeadvalueError)) throw e;
    log(`vs ${version}: not compared: ${e.message}`);
    return null;
  }
  try {
    previousIndicators = rank(previous);
  } catch (e) {
    if (!(e instanceof LeadvalueError)) throw e;
    previousIndicators = null; // its features are not all in the new data: no ranking of it
  }
  const comparison = compareModelFiles(previous, current, { previous: previousIndicators, current: currentIndicators });
  for (const line of formatModelComparison(comparison)) log(line);
  return comparison;
}

/** Options of `leadvalue score`. */
export interface ScoreCommand {
  model: string; input: string;
  /** Where the scores go; gzip when the name ends in `.gz`; `-`: standard output. */
  output: string;
  reasons?: number;
  /** Goal profile file overriding the model file's. */
  goals?: string;
  /** The input's delimiter (default: the model's `input.delimiter`); `\t` or `tab` for a tab. */
  delimiter?: string;
}

/**
 * `leadvalue score`: score a CSV of new leads with a model file. With `--out -` the CSV goes to standard output, and
 * `log` should then write to standard error (main.ts does), so that standard output holds the CSV alone.
 */
export async function scoreCommand(o: ScoreCommand, progress: Progress, log: (line: string) => void): Promise<void> {
  checkReasonsOption(o.reasons);
  const delimiter = o.delimiter === undefined ? undefined : delimiterOption(o.delimiter);
  const warnings = new Warnings();
  const model = readModel(o.model, { warnings });
  prepareOutputPath(o.output, '--out', { input: [o.input, o.model, o.goals], stdout: true });
  const t0 = Date.now();
  const goals = o.goals ? readGoalProfile(o.goals, model) : undefined;
  const result = await scoreCsv(model, o.input, o.output, { goals, topReasons: o.reasons, delimiter, onProgress: (f) => progress.update('scoring', f) });
  progress.done(`scored ${formatCount(result.rows, 'lead')} in ${((Date.now() - t0) / 1000).toFixed(1)} s with ${model.model.name} ${model.model.version} ` +
    `(goals: ${goals ? `${goals.name}, override from ${show(o.goals!)}; the model file's is ${model.goals.name}` : model.goals.name})`);
  log(o.output === '-' ? 'scores written to standard output' : `scores written: ${show(result.out)}`);
  for (const [f, n] of Object.entries(result.unseen)) log(`  note: ${formatCount(n, 'lead')} had a value of ${f} never seen in training (scored as the pooled (other) level)`);
  for (const [f, n] of Object.entries(result.missing)) log(`  note: ${formatCount(n, 'lead')} had ${f} missing (scored with the learned missing term)`);
  for (const [f, n] of Object.entries(result.extreme)) log(`  note: ${formatCount(n, 'lead')} had ${f} more than 10 standard deviations of the training leads from their mean (scored as given: a typo or a unit?)`);
  for (const w of warnings.format()) log(`warning: ${w}`);
}

/** `--delimiter`: one ASCII character other than a quote or line break, `\t` or `tab` for a tab, or `whitespace`. */
function delimiterOption(text: string): string {
  const d = text === '\\t' || text === 'tab' ? '\t' : text;
  if (d === 'whitespace' || (/^[\x01-\x7f]$/.test(d) && !/["\r\n]/.test(d))) return d;
  throw new LeadvalueError('--delimiter', 'not a single-byte separator', JSON.stringify(text), 'give one character such as ";" or "|", "\\t" (or tab) for a tab, or whitespace');
}

/**
 * `leadvalue demo`: the main job on the embedded demo data. Reads the package's
 * own config and data (`root`); writes into the working directory
 * (`models/demo/`, `out/demo/`): the repository's own folders under `npm start`,
 * never the installed package's folder under `npx leadvalue demo`.
 */
export async function demoCommand(root: string, o: { createdAt?: string; resamples?: number }, progress: Progress, log: (line: string) => void): Promise<void> {
  const { modelPath } = await trainCommand({
    config: join(root, 'configs/demo.json'), modelsDir: resolve('models'), createdAt: o.createdAt,
    report: resolve('out/demo/report.json'), resamples: o.resamples,
  }, progress, log);
  log('');
  await scoreCommand({ model: modelPath, input: join(root, 'data/demo/new-leads.csv'), output: resolve('out/demo/scored-leads.csv') }, progress, log);
}

/** `leadvalue generate-demo`: regenerate the demo data, byte for byte. */
export function generateDemoCommand(out: string, log: (line: string) => void): void {
  const written = writeDemo(out);
  for (const f of written.files) log(`wrote ${show(f.path)}: ${f.rows} rows, ${f.bytes} bytes`);
}
