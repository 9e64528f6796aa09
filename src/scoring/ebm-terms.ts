import { LeadvalueError, shown } from '../core/errors.js';
import type { EbmPairTerm, EbmState, EbmTerm, FeatureSpec } from './model-types.js';

/**
 * EBM lookups for the production scorer: the one place that turns a lead's
 * encoded value into a shape function's contribution. Training's predict
 * (src/models/ebm) calls these same functions, so the library and the scorer
 * cannot disagree on a bin.
 * @module
 */

/** A feature value as the scorer encodes it: z (number; `shown` null when missing) or slot (category). */
export type EbmInput = { kind: 'number'; z: number; shown: number | string | null } | { kind: 'category'; slot: number; shown?: number | string | null };

/**
 * The bin of a present value: the number of edges strictly below z
 * (edges ascending), so z equal to an edge falls in the lower bin.
 * @param edges - ascending bin edges on the z scale
 * @param z - the value on the z scale
 */
export function ebmBin(edges: ArrayLike<number>, z: number): number {
  let lo = 0, hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] < z) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** A term's contribution for one encoded value. */
export function ebmTermContribution(term: EbmTerm, input: EbmInput): number {
  if (term.kind === 'number' && input.kind === 'number') return input.shown === null ? term.missing : term.values[ebmBin(term.edges, input.z)];
  if (term.kind === 'category' && input.kind === 'category') return term.values[input.slot];
  throw new LeadvalueError('EBM term', 'term and feature disagree in kind', undefined, 're-export the model');
}

/** The bin of a value on one axis of a pair table. */
export function ebmPairBin(edges: number[] | null, input: EbmInput): number {
  if (input.kind === 'category') return input.slot;
  const e = edges ?? [];
  return input.shown === null ? e.length + 1 : ebmBin(e, input.z);
}

/** A pair term's contribution for the two features' encoded values. */
export function ebmPairContribution(pair: EbmPairTerm, a: EbmInput, b: EbmInput): number {
  return pair.values[ebmPairBin(pair.edges[0], a)][ebmPairBin(pair.edges[1], b)];
}

/**
 * Verifies an EBM part of a model file: link, intercept, one well-formed
 * lookup table per feature (finite values, strictly ascending finite edges,
 * one value per bin or slot), well-formed pair tables. Fails closed.
 * @param state - the part as read
 * @param specs - the file's features
 * @param where - e.g. `models/demo/1.0.0.json, field params.win`
 * @throws LeadvalueError naming the field that is malformed
 */
export function checkEbmState(state: EbmState, specs: FeatureSpec[], where: string): void {
  if (state.link !== 'logit' && state.link !== 'log') throw new LeadvalueError(`${where}.link`, 'unknown link', shown(state.link), 'this reader knows "logit" and "log"');
  if (!isFiniteNumber(state.intercept)) throw new LeadvalueError(`${where}.intercept`, 'not a finite number', shown(state.intercept), 're-export the model');
  if (!state.terms || typeof state.terms !== 'object') throw new LeadvalueError(`${where}.terms`, 'missing', undefined, 're-export the model');
  const bySpec = new Map(specs.map((s) => [s.name, s]));
  for (const spec of specs) {
    const term = state.terms[spec.name];
    const at = `${where}.terms.${spec.name}`;
    if (!term || term.kind !== spec.kind) throw new LeadvalueError(at, 'missing or of the wrong kind for its feature', shown(term?.kind), 're-export the model');
    if (term.kind === 'number') {
      checkEdges(term.edges, `${at}.edges`);
      checkValues(term.values, term.edges.length + 1, `${at}.values`);
      if (!isFiniteNumber(term.missing)) throw new LeadvalueError(`${at}.missing`, 'not a finite number', shown(term.missing), 're-export the model');
    } else {
      checkValues(term.values, (spec as Extract<FeatureSpec, { kind: 'category' }>).levels.length + 2, `${at}.values`);
    }
  }
  if (!Array.isArray(state.pairs)) throw new LeadvalueError(`${where}.pairs`, 'not a list', shown(state.pairs), 're-export the model');
  state.pairs.forEach((pair, p) => {
    const at = `${where}.pairs.${p}`;
    if (!Array.isArray(pair?.features) || pair.features.length !== 2 || !Array.isArray(pair.edges) || pair.edges.length !== 2 || !Array.isArray(pair.values)) {
      throw new LeadvalueError(at, 'not a pair term (features, edges and values)', shown(pair), 're-export the model');
    }
    const sizes = pair.features.map((name, axis) => {
      const spec = bySpec.get(name);
      if (!spec) throw new LeadvalueError(`${at}.features.${axis}`, 'not a feature of the model', shown(name), 're-export the model');
      const edges = pair.edges[axis];
      if (spec.kind === 'category') {
        if (edges !== null) throw new LeadvalueError(`${at}.edges.${axis}`, 'a category axis has no edges', shown(edges), 're-export the model');
        return spec.levels.length + 2;
      }
      checkEdges(edges, `${at}.edges.${axis}`);
      return (edges as number[]).length + 2;
    });
    if (pair.values.length !== sizes[0]) throw new LeadvalueError(`${at}.values`, 'has the wrong number of rows', `${pair.values.length}, expected ${sizes[0]}`, 're-export the model');
    pair.values.forEach((row, r) => checkValues(row, sizes[1], `${at}.values.${r}`));
  });
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function checkEdges(edges: unknown, at: string): void {
  if (!Array.isArray(edges)) throw new LeadvalueError(at, 'not a list of bin edges', shown(edges), 're-export the model');
  for (let i = 0; i < edges.length; i++) {
    if (!isFiniteNumber(edges[i]) || (i > 0 && !(edges[i] > edges[i - 1]))) {
      throw new LeadvalueError(`${at}.${i}`, 'bin edges must be finite and strictly ascending', shown(edges[i]), 're-export the model');
    }
  }
}

function checkValues(values: unknown, size: number, at: string): void {
  if (!Array.isArray(values)) throw new LeadvalueError(at, 'not a list of values', shown(values), 're-export the model');
  if (values.length !== size) throw new LeadvalueError(at, 'has the wrong number of bins', `${values.length}, expected ${size}`, 're-export the model');
  for (let i = 0; i < size; i++) if (!isFiniteNumber(values[i])) throw new LeadvalueError(`${at}.${i}`, 'not a finite number', shown(values[i]), 're-export the model');
}

/**
 * Each pair term's contribution for one lead's encoded values, as a reason:
 * feature `a × b`, value `"x, y"` (the values as read).
 * @param state - an EBM part
 * @param specs - the file's features (encoded is in the same order)
 * @param encoded - the lead's values as the scorer encodes them
 */
export function ebmPairParts(state: EbmState, specs: FeatureSpec[], encoded: EbmInput[]): { feature: string; value: string; contribution: number }[] {
  return state.pairs.map((pair) => {
    const a = specs.findIndex((s) => s.name === pair.features[0]), b = specs.findIndex((s) => s.name === pair.features[1]);
    const shownOf = (e: EbmInput) => (e.shown === null || e.shown === undefined ? '(missing)' : String(e.shown));
    return {
      feature: `${pair.features[0]} × ${pair.features[1]}`,
      value: `${shownOf(encoded[a])}, ${shownOf(encoded[b])}`,
      contribution: ebmPairContribution(pair, encoded[a], encoded[b]),
    };
  });
}
