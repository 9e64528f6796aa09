import type { LeadingIndicator } from '../explain/leading-indicators.js';
import type { ModelFile } from '../scoring/model-types.js';

/** What {@link compareModelFiles} reads of one model file. */
export interface ComparedModel {
  name: string;
  version: string;
  /** Held-out AUC of P(win) (`metrics.conversion.auc.estimate`); NaN when the file has none or it is not finite. */
  auc: number;
  /** Held-out normalized Gini of value, ranking by expected value (`metrics.valueByExpectedValue.gini.estimate`); NaN likewise. */
  valueGini: number;
  /** `data.dataEnd`: the last day the training data covers. */
  dataEnd: string;
  /** `data.rows.leads`: leads the model was trained on. */
  leads: number;
  /** `data.fingerprint`: sha256 over the training input files. */
  fingerprint: string;
  /** The most important leading indicators of winning, most important first; null when none were given (a model file does not hold them). */
  topIndicators: string[] | null;
}

/** What a comparison reads of a model file: no checksum needed (a file just built compares before it is sealed). */
export type ComparableModel = Pick<ModelFile, 'model' | 'data' | 'metrics'>;

/** Result of {@link compareModelFiles}: two model files side by side. */
export interface ModelComparison {
  previous: ComparedModel;
  current: ComparedModel;
  /** Both were trained on the same input files (same data fingerprint). */
  sameData: boolean;
}

/**
 * Compares two versions of a model: their held-out AUC and value Gini, data
 * end, leads and data fingerprint, from what the model files hold, and
 * optionally their leading indicators of winning. A model file holds no
 * indicator ranking: measuring one needs leads (see leadingIndicators), so the
 * caller passes it; `leadvalue train` measures both models over the new
 * training leads.
 * @param previous - the earlier model file (as parseModel or readModel return it)
 * @param current - the later one
 * @param indicators - leading indicators of each model's win part, most important first (optional)
 * @param top - indicators kept per model (default 2)
 * @returns a plain object: `previous`, `current` (see ComparedModel) and `sameData`
 * @example
 * const c = compareModelFiles(readModel('models/demo/1.3.0.json'), readModel('models/demo/1.4.0.json'));
 * formatModelComparison(c); // ['vs 1.3.0: AUC 0.733 → 0.733; value Gini 0.547 → 0.547; …']
 */
export function compareModelFiles(previous: ComparableModel, current: ComparableModel,
  indicators: { previous?: LeadingIndicator[] | null; current?: LeadingIndicator[] | null } = {}, top = 2): ModelComparison {
  const p = compared(previous, indicators.previous, top), c = compared(current, indicators.current, top);
  return { previous: p, current: c, sameData: p.fingerprint === c.fingerprint };
}

/**
 * The comparison as `leadvalue train` prints it: one line of metrics and data,
 * and one of the top indicators when the current model's are known. A metric
 * that is not finite reads `n/a`.
 * @param c - a result of {@link compareModelFiles}
 * @returns the lines, the second indented
 * @example
 * // vs 1.2.0: AUC 0.653 → 0.661; value Gini 0.284 → 0.301; data end 2018-08-31 → 2018-11-30; leads 8000 → 9100
 * //   top indicators of winning: origin, landing_page_id (was origin, business_segment)
 */
export function formatModelComparison(c: ModelComparison): string[] {
  const { previous: p, current: n } = c;
  const metric = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
  const lines = [`vs ${p.version}: AUC ${metric(p.auc)} → ${metric(n.auc)}; value Gini ${metric(p.valueGini)} → ${metric(n.valueGini)}; ` +
    `data end ${p.dataEnd} → ${n.dataEnd}; leads ${p.leads} → ${n.leads}${c.sameData ? ' (same data files)' : ''}`];
  if (n.topIndicators) {
    const was = !p.topIndicators ? 'was n/a' : p.topIndicators.join() === n.topIndicators.join() ? 'same' : `was ${p.topIndicators.join(', ')}`;
    lines.push(`  top indicators of winning: ${n.topIndicators.join(', ')} (${was})`);
  }
  return lines;
}

function compared(file: ComparableModel, indicators: LeadingIndicator[] | null | undefined, top: number): ComparedModel {
  return {
    name: file.model.name, version: file.model.version,
    auc: estimate(file.metrics, 'conversion', 'auc'), valueGini: estimate(file.metrics, 'valueByExpectedValue', 'gini'),
    dataEnd: file.data.dataEnd, leads: file.data.rows.leads, fingerprint: file.data.fingerprint,
    topIndicators: indicators ? indicators.slice(0, top).map((x) => x.feature) : null,
  };
}

/** `metrics[group][name].estimate` when a finite number; NaN otherwise (absent, or spelled "NaN" in the file). */
function estimate(metrics: Record<string, unknown>, group: string, name: string): number {
  const v = ((metrics[group] as Record<string, { estimate?: unknown } | undefined> | undefined)?.[name])?.estimate;
  return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
}
