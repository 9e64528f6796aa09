import { LeadvalueError } from '../core/errors.js';
import type { EncodedMatrix } from '../features/encode.js';
import type { EbmTerm, GlmTerm } from '../scoring/model-types.js';

const FIX = 'encode with the specs the model was trained on';

/**
 * Checks that a matrix has exactly a GLM's or EBM's terms: no column without a
 * term, no term without a column, the same kinds, and for a category the same
 * slot count (the state keeps one value per slot: the spec's levels, then
 * `(other)`, then `(missing)`). Without this a missing term would be skipped
 * and a category encoded with other levels would read level slots as others.
 * @param model - `GLM` or `EBM`, for the message
 * @param terms - the state's terms, keyed by feature name
 * @param matrix - the matrix to predict on
 * @throws LeadvalueError naming the feature, e.g. `feature tier: has 5 slots (3 levels, (other), (missing)) in the GLM model but 6 in the matrix; …`
 */
export function checkTermColumns(model: 'GLM' | 'EBM', terms: Record<string, GlmTerm | EbmTerm>, matrix: EncodedMatrix): void {
  for (const col of matrix.columns) {
    if (!Object.hasOwn(terms, col.name)) throw new LeadvalueError(`feature ${col.name}`, 'the model has no such term', undefined, FIX);
  }
  const byName = new Map(matrix.columns.map((c) => [c.name, c]));
  for (const [name, term] of Object.entries(terms)) {
    const col = byName.get(name);
    if (!col) throw new LeadvalueError(`feature ${name}`, `the ${model} model has this term but the matrix has no such column`, undefined, FIX);
    if (col.kind !== term.kind) throw new LeadvalueError(`feature ${name}`, `is a ${term.kind} in the ${model} model but a ${col.kind} in the matrix`, undefined, FIX);
    if (col.kind === 'category' && term.kind === 'category' && term.values.length !== col.size) {
      throw new LeadvalueError(`feature ${name}`,
        `has ${term.values.length} slots (${term.values.length - 2} levels, (other), (missing)) in the ${model} model but ${col.size} in the matrix`, undefined, FIX);
    }
  }
}
