import { encodeFeatures } from '../features/encode.js';
import type { RawFeature } from '../load/load-source.js';
import type { FeatureSpec, GlmState } from '../scoring/model-types.js';
import { LeadvalueError, shown } from '../core/errors.js';

/**
 * A fitted two-part model as the audit needs it: the feature specs and the
 * two GLM parts. A `TwoPartModel` (fitTwoPart, trainModel().final) fits, and
 * so does a model file's `{ features, params: { win, value } }` reshaped.
 */
export interface RuleAuditModel {
  features: FeatureSpec[];
  win: GlmState;
  value: GlmState;
}

/**
 * Each row's total feature contribution to a GLM part's linear predictor,
 * η − intercept (log-odds of winning for the `win` part, log of the value if
 * won for the `value` part): the sum of every term, exactly as the scorer
 * computes it. Terms are centred on the training rows, so 0 is "an average lead".
 * @param state - a fitted GLM part
 * @param specs - its feature specs
 * @param features - raw feature columns (a lead frame's)
 * @param rows - the rows, in the order wanted
 * @throws LeadvalueError when the state is not a GLM or a spec's feature is missing from the data
 */
export function glmContributions(state: GlmState, specs: FeatureSpec[], features: RawFeature[], rows: Int32Array): Float64Array {
  if (!state || state.kind !== 'glm') {
    throw new LeadvalueError('rule audit model', 'only GLM model parts can be compared with rules', shown((state as { kind?: string } | undefined)?.kind), 'pass a two-part GLM model (trainModel().final or a leadvalue model file of kind two-part)');
  }
  const matrix = encodeFeatures(specs, features, rows);
  const out = new Float64Array(matrix.rows);
  for (const col of matrix.columns) {
    const term = state.terms[col.name];
    if (!term) continue;
    if (col.kind === 'number' && term.kind === 'number') {
      for (let i = 0; i < matrix.rows; i++) out[i] += col.missing[i] ? term.missing : term.weight * col.z[i] + term.offset;
    } else if (col.kind === 'category' && term.kind === 'category') {
      for (let i = 0; i < matrix.rows; i++) out[i] += term.values[col.slots[i]];
    }
  }
  return out;
}
