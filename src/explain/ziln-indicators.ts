import type { RawFeature } from '../load/load-source.js';
import type { FeatureSpec, GlmState } from '../scoring/model-types.js';
import type { ZilnHeadTerms, ZilnState } from '../scoring/ziln-types.js';
import { leadingIndicators, type LeadingIndicator } from './leading-indicators.js';

/**
 * Leading indicators of a ZILN value part. A linear ZILN's heads are exact
 * additive models in the GLM's term format, so each gets the GLM's
 * indicators, tagged with its head: `logit` (log-odds that a won lead brings
 * any value), then `mu` (log of the typical amount when it does). The raw-σ
 * head is left out, as in the scorer's reasons. An MLP has no additive
 * contributions: the list is empty (say so rather than invent some).
 * @param state - a fitted ZILN
 * @param specs - its feature specs
 * @param features - raw feature columns
 * @param rows - rows to measure spread over (typically the won training rows with known value)
 * @param top - effects kept per feature
 */
export function zilnLeadingIndicators(state: ZilnState, specs: FeatureSpec[], features: RawFeature[], rows: Int32Array, top = 3): LeadingIndicator[] {
  const terms = state.linearTerms;
  if (!terms) return [];
  return (['logit', 'mu'] as const).flatMap((head) => leadingIndicators(asGlm(terms[head], head), specs, features, rows, top).map((x) => ({ ...x, head })));
}

/** A head as a GLM value part (the terms are the same format; only they and `link` are read). */
function asGlm(head: ZilnHeadTerms, name: 'logit' | 'mu'): GlmState {
  return {
    kind: 'glm', link: 'log', target: name === 'logit' ? 'log-odds of any value | won' : 'μ: log typical amount | won, value > 0',
    intercept: head.intercept, terms: head.terms, l2: 0, l2Choice: null, rows: 0, iterations: 0, converged: true,
  };
}
