import { LeadvalueError, shown } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import { Warnings } from '../core/warn.js';
import { auc } from '../evaluate/auc.js';
import { bootstrapMetrics, type BootstrapInterval } from '../evaluate/bootstrap.js';
import type { TwoPartMetrics } from '../evaluate/evaluate-two-part.js';
import { normalizedGini } from '../evaluate/normalized-gini.js';
import { describePart, loadModelKinds, parseModelPart, type ModelPartDecl } from '../models/model-part.js';
import type { ModelState } from '../scoring/model-types.js';
import { trainModel, type PreparedData, type TrainedModel } from './train-model.js';

/** One candidate: a kind for each part, e.g. `ebm/glm` (EBM win part, GLM value part). */
export interface KindPair {
  /** `win/value` as given, e.g. `glm/ziln`. */
  name: string;
  win: ModelPartDecl;
  value: ModelPartDecl;
}

/** A candidate trained and evaluated on the shared time split. */
export interface KindRun extends KindPair {
  metrics: TwoPartMetrics;
  /** Seconds to fit, evaluate and refit (trainModel), on this machine. */
  seconds: number;
  /** What each part became on the training period (and, where it differs, in the refit on all leads train exports), e.g. `win: L2 1 (refit on all leads: L2 3); value: EBM, 120 rounds`. */
  note: string;
  trained: TrainedModel;
  /** Warnings of this candidate's training (e.g. an EBM part that kept 0 rounds). */
  warnings: string[];
  /**
   * This candidate minus the first, on the same test leads with paired bootstrap resamples (95%):
   * AUC of winning, and normalized Gini of the expected-value ranking (leads with known value). Null for the first.
   */
  vsFirst: { auc: BootstrapInterval; gini: BootstrapInterval } | null;
}

/** The candidates compared when none are named: GLM, EBM, and a GLM win part with a ZILN value part. */
export const DEFAULT_KIND_PAIRS = ['glm/glm', 'ebm/ebm', 'glm/ziln'];

/**
 * Reads candidates written as `win/value` kinds (`glm`, `ebm`, `ziln` for the
 * value part only). A kind the config declares for that part keeps the
 * config's settings (its L2 candidates, EBM loss and bins, ZILN layers);
 * another kind takes its defaults.
 * @param specs - e.g. ['glm/glm', 'ebm/ebm', 'glm/ziln']
 * @param config - the config's model section
 * @param where - prefix of messages, e.g. `--kinds`
 * @throws LeadvalueError naming the bad entry
 * @example
 * parseKindPairs(['ebm/ziln'], data.config.model, '--kinds');
 */
export function parseKindPairs(specs: string[], config: { win: ModelPartDecl; value: ModelPartDecl }, where: string): KindPair[] {
  if (specs.length === 0) throw new LeadvalueError(where, 'names no model kinds', undefined, `e.g. ${DEFAULT_KIND_PAIRS.join(',')}`);
  const seen = new Set<string>();
  return specs.map((spec, k) => {
    const at = `${where} entry ${k + 1}`;
    const parts = spec.trim().split('/').map((p) => p.trim());
    if (parts.length !== 2) throw new LeadvalueError(at, 'not win/value kinds', shown(spec), 'write e.g. ebm/glm: the win part\'s kind, then the value part\'s');
    const name = parts.join('/');
    if (seen.has(name)) throw new LeadvalueError(at, 'named twice', shown(spec), 'name each candidate once');
    seen.add(name);
    const decl = (part: 'win' | 'value', kind: string): ModelPartDecl => {
      const own = config[part];
      return own.kind === kind ? own : parseModelPart({ kind }, `${at} (${part} part)`, part);
    };
    return { name, win: decl('win', parts[0]), value: decl('value', parts[1]) };
  });
}

/**
 * Trains each candidate on the same prepared data, the same time split and
 * the same seed as `leadvalue train` would, and returns their held-out
 * metrics side by side (see comparisonTable), with each candidate's paired
 * difference to the first (AUC, value Gini; bootstrap over the same test
 * leads). Loads tfjs first when a candidate has a ZILN part.
 * @param data - from prepareData (loaded and joined once for all candidates)
 * @param pairs - from parseKindPairs
 * @param options - bootstrap resamples for the intervals (default 200); a callback before each candidate
 * @returns one run per candidate, in the order given
 * @throws LeadvalueError as trainModel does (e.g. too few positives), naming the candidate
 * @example
 * const data = await prepareData(readAdapterConfig('configs/olist.json'));
 * const runs = await compareKinds(data, parseKindPairs(['glm/glm', 'ebm/ebm'], data.config.model, 'kinds'));
 * comparisonTable(runs);
 */
export async function compareKinds(data: PreparedData, pairs: KindPair[], options: { resamples?: number; onStart?: (pair: KindPair, index: number) => void } = {}): Promise<KindRun[]> {
  const runs: KindRun[] = [];
  for (const [index, pair] of pairs.entries()) {
    options.onStart?.(pair, index);
    await loadModelKinds(pair);
    const config = { ...data.config, model: { ...data.config.model, win: pair.win, value: pair.value } };
    const warnings = new Warnings();
    const t0 = performance.now();
    let trained: TrainedModel;
    try {
      trained = trainModel({ ...data, config, warnings }, { resamples: options.resamples });
    } catch (error) {
      if (error instanceof LeadvalueError) throw new LeadvalueError(`model kinds ${pair.name}`, error.message);
      throw error;
    }
    const seconds = (performance.now() - t0) / 1000;
    // The training-period fits are what the metrics describe; train exports the refit on all leads, which may choose differently.
    const part = (evaluated: ModelState, final: ModelState) => {
      const e = describePart(evaluated), f = describePart(final);
      return e === f ? e : `${e} (refit on all leads: ${f})`;
    };
    const note = `win: ${part(trained.evaluated.win, trained.final.win)}; value: ${part(trained.evaluated.value, trained.final.value)}`;
    runs.push({ ...pair, metrics: trained.metrics, seconds, note, trained, warnings: warnings.format(), vsFirst: null });
  }
  const first = runs[0];
  const test = first.trained.split.test, frame = data.frame;
  const won = Float64Array.from(test, (i) => frame.won[i]);
  const known = Int32Array.from(test.keys()).filter((k) => !Number.isNaN(frame.value[test[k]]));
  const value = Float64Array.from(known, (k) => frame.value[test[k]]);
  const evOf = (run: KindRun) => Float64Array.from(known, (k) => run.trained.testPrediction.expectedValue[k]);
  const base = evOf(first);
  for (const run of runs.slice(1)) {
    const rng = createRng(data.config.model.seed).child(`compare ${run.name}`);
    const ev = evOf(run), a = run.trained.testPrediction.pWin, b = first.trained.testPrediction.pWin;
    const conv = bootstrapMetrics(won.length, {
      auc: (indices) => auc(a, won, { indices, onUndefined: 'nan' }) - auc(b, won, { indices, onUndefined: 'nan' }),
    }, { resamples: options.resamples, rng: rng.child('conversion') });
    const val = bootstrapMetrics(value.length, {
      gini: (indices) => normalizedGini(ev, value, { indices }) - normalizedGini(base, value, { indices }),
    }, { resamples: options.resamples, rng: rng.child('value') });
    run.vsFirst = { auc: conv.auc, gini: val.gini };
  }
  return runs;
}
