import { valueNotEvaluated, type TwoPartMetrics } from '../evaluate/evaluate-two-part.js';
import { isConstantPart } from '../models/model-part.js';
import type { ModelState } from '../scoring/model-types.js';

/** A candidate left out of a pick, and why (`its value part is constant`). */
export interface LeftOut {
  name: string;
  reason: string;
}

/** The best candidate by one held-out metric, or null when none could be picked; and the candidates left out. */
export interface KindPick {
  best: { name: string; estimate: number } | null;
  leftOut: LeftOut[];
  /** Why no candidate was evaluated at all (e.g. no won test lead has a known value); null when some were. */
  notEvaluated: string | null;
}

/** A candidate as compareKinds returns it: its name, held-out metrics and both fits. */
export interface PickableRun {
  name: string;
  metrics: TwoPartMetrics;
  trained: { evaluated: { win: ModelState; value: ModelState }; final: { win: ModelState; value: ModelState } };
}

/**
 * Picks the best candidates of compareKinds: by normalized Gini of the
 * expected-value ranking (value) and by AUC of winning (conversion). A
 * candidate whose value part (for the value pick) or win part (for the
 * conversion pick) predicts a constant (isConstantPart: an EBM that kept 0
 * rounds), in the fit the metrics describe or in the refit train exports, is
 * left out: its expected-value ranking is its P(win) ranking, so its Gini says
 * nothing of the value part. A metric that was not evaluated (no won test lead
 * with a known value: every one censored) picks nothing.
 * @param runs - from compareKinds
 * @returns the value and conversion picks, each with the candidates left out and why
 * @example
 * const { value } = bestKinds(runs);
 * value.best?.name; // 'glm/glm'
 */
export function bestKinds(runs: PickableRun[]): { value: KindPick; conversion: KindPick } {
  return {
    value: pick(runs, 'value', (r) => r.metrics.valueByExpectedValue.gini.estimate, runs[0] ? valueNotEvaluated(runs[0].metrics) : null),
    conversion: pick(runs, 'win', (r) => r.metrics.conversion.auc.estimate, null),
  };
}

function pick(runs: PickableRun[], part: 'win' | 'value', metric: (r: PickableRun) => number, notEvaluated: string | null): KindPick {
  const leftOut: LeftOut[] = [];
  let best: { name: string; estimate: number } | null = null;
  for (const run of runs) {
    const { evaluated, final } = run.trained;
    const reason = isConstantPart(evaluated[part]) ? `its ${part} part is constant`
      : isConstantPart(final[part]) ? `its ${part} part is constant in the refit on all leads that train exports`
        : null;
    const estimate = metric(run);
    if (reason) leftOut.push({ name: run.name, reason });
    else if (notEvaluated === null && Number.isFinite(estimate) && (best === null || estimate > best.estimate)) best = { name: run.name, estimate };
  }
  return { best, leftOut, notEvaluated };
}

/**
 * The pick line `leadvalue compare` prints: `best value ranking: glm/glm (Gini 0.284; glm/ebm left out: its value
 * part is constant); best conversion ranking: glm/glm (AUC 0.653).`; `none` where no candidate could be picked.
 * @param picks - from bestKinds
 */
export function formatBestKinds(picks: { value: KindPick; conversion: KindPick }): string {
  const one = (label: string, metric: string, p: KindPick): string => {
    if (p.notEvaluated) return `${label}: none (${p.notEvaluated})`;
    // Grouped by reason: `ebm/ebm and glm/ebm left out: their value parts are constant`.
    const reasons = [...new Set(p.leftOut.map((x) => x.reason))];
    const out = reasons.map((reason) => {
      const names = p.leftOut.filter((x) => x.reason === reason).map((x) => x.name);
      const text = names.length > 1 ? reason.replace(/^its (\w+) part is/, 'their $1 parts are') : reason;
      return `${names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0]} left out: ${text}`;
    });
    const head = p.best ? `${p.best.name} (${[`${metric} ${p.best.estimate.toFixed(3)}`, ...out].join('; ')})` : `none${out.length ? ` (${out.join('; ')})` : ''}`;
    return `${label}: ${head}`;
  };
  return `${one('best value ranking', 'Gini', picks.value)}; ${one('best conversion ranking', 'AUC', picks.conversion)}.`;
}
