import { LeadvalueError } from '../core/errors.js';
import type { EbmPairTerm, EbmState, GlmState, GlmTerm, ModelState } from '../scoring/model-types.js';
import type { ZilnState } from '../scoring/ziln-types.js';
import type { FeatureColumns } from './read-sql.js';
import { rawThreshold } from './raw-threshold.js';
import type { SqlDialect } from './sql-dialect.js';
import { caseTable, type SqlColumn, type SqlNames } from './sql-query.js';

/**
 * One model part (GLM, EBM, linear ZILN) as SQL: a column per additive term
 * (the same contributions the scorer's reasons carry), the sums of the terms
 * in the scorer's order (intercept, then the features, then EBM pairs), and
 * the part's output from those sums. A ZILN MLP is refused: it has no
 * additive terms, and a warehouse is no place for a neural network.
 * @module
 */

/** A contribution that can be a reason. */
export interface ReasonCandidate {
  column: string;
  feature: string;
  part: 'win' | 'value';
  /** For a linear ZILN value part: the head the contribution is to. */
  head?: 'logit' | 'mu';
}

/** A part compiled. */
export interface PartSql {
  /** Contribution columns (stage lv_terms). */
  terms: SqlColumn[];
  /** Pair bins (added to stage lv_encoded). */
  bins: SqlColumn[];
  candidates: ReasonCandidate[];
  /** Sums of the terms (stage lv_sums). */
  sums: SqlColumn[];
  /** What a ZILN makes of its heads' sums (stage lv_heads): P(any value), σ. */
  heads: SqlColumn[];
  /** The part's output from the sums: the log-odds column for the win part (made a probability later, calibrated or not), E[value | won] for the value part. */
  output: string;
}

/**
 * Compiles one part of a verified model.
 * @param state - `params.win` or `params.value`
 * @param part - which one
 * @param features - where each feature's encoded value is
 * @param label - the model file, for messages
 * @throws LeadvalueError for a ZILN MLP value part
 */
export function partSql(state: ModelState, part: 'win' | 'value', features: FeatureColumns[], sql: SqlDialect, names: SqlNames, label: string): PartSql {
  const out: PartSql = { terms: [], bins: [], candidates: [], sums: [], heads: [], output: '' };
  if (state.kind === 'ziln') return zilnSql(state, features, sql, names, label, out);
  const add = (feature: string, expr: string, comment?: string) => {
    const column = names.name(`${part}_${feature}`, 'c');
    out.terms.push({ expr, alias: column, comment });
    out.candidates.push({ column, feature, part });
    return column;
  };
  const columns = features.map((f) => add(f.spec.name, state.kind === 'glm' ? glmTerm(state.terms[f.spec.name], f, sql) : ebmTerm(state, f, sql)));
  if (state.kind === 'ebm') {
    state.pairs.forEach((pair, p) => columns.push(add(`${pair.features[0]} × ${pair.features[1]}`, ebmPair(pair, p, part, features, sql, names, out.bins))));
  }
  const eta = names.name(part, 'eta');
  out.sums.push({ expr: [sql.num(state.intercept), ...columns].join(' + '), alias: eta, comment: `${part === 'win' ? 'log-odds of winning' : 'log E[value | won]'}: intercept + contributions` });
  if (part === 'win' && state.link !== 'logit') throw new LeadvalueError(`${label}, field params.win.link`, 'the win part must have link logit', state.link);
  if (part === 'value' && state.link !== 'log') throw new LeadvalueError(`${label}, field params.value.link`, 'the value part must have link log', state.link);
  out.output = part === 'win' ? eta : sql.exp(eta);
  return out;
}

/** A GLM term: weight · z + offset, or its missing term; a category slot's value. */
function glmTerm(term: GlmTerm, f: FeatureColumns, sql: SqlDialect): string {
  if (term.kind === 'number') return `CASE WHEN ${f.x} IS NULL THEN ${sql.num(term.missing)} ELSE ${sql.num(term.weight)} * ${f.z} + ${sql.num(term.offset)} END`;
  return slotTable(f, term.values, sql);
}

/** An EBM shape: ordered `x <= threshold` bins on the raw value (see raw-threshold.ts), or a slot's value. */
function ebmTerm(state: EbmState, f: FeatureColumns, sql: SqlDialect): string {
  const term = state.terms[f.spec.name];
  if (term.kind === 'category') return slotTable(f, term.values, sql);
  const rows: [string, string, string?][] = [[`${f.x} IS NULL`, sql.num(term.missing), 'missing']];
  const spec = f.spec as Extract<typeof f.spec, { kind: 'number' }>;
  term.edges.forEach((edge, b) => {
    const t = rawThreshold(spec, edge);
    if (t !== null) rows.push([`${f.x} <= ${sql.num(t)}`, sql.num(term.values[b]), `z <= ${edge}`]);
  });
  return caseTable('CASE', rows, sql.num(term.values[term.edges.length]));
}

/** A category's values by slot, with the level in a comment. */
function slotTable(f: FeatureColumns, values: number[], sql: SqlDialect): string {
  const spec = f.spec as Extract<typeof f.spec, { kind: 'category' }>;
  const label = (s: number) => (s < spec.levels.length ? spec.levels[s] : s === spec.levels.length ? '(other)' : '(missing)');
  return caseTable(`CASE ${f.slot}`, values.map((v, s) => [String(s), sql.num(v), label(s)]));
}

/** A pair table: each axis's bin (a number's own coarser edges, or a category's slot), then a 2-D lookup. */
function ebmPair(pair: EbmPairTerm, p: number, part: string, features: FeatureColumns[], sql: SqlDialect, names: SqlNames, bins: SqlColumn[]): string {
  const axes = pair.features.map((name, axis) => {
    const f = features.find((x) => x.spec.name === name)!;
    if (f.spec.kind === 'category') return f.slot!;
    const edges = pair.edges[axis] ?? [];
    const column = names.name(`${part}_pair${p + 1}_${name}`, 'bin');
    const rows: [string, string][] = [[`${f.x} IS NULL`, String(edges.length + 1)]];
    edges.forEach((edge, b) => {
      const t = rawThreshold(f.spec as Extract<typeof f.spec, { kind: 'number' }>, edge);
      if (t !== null) rows.push([`${f.x} <= ${sql.num(t)}`, String(b)]);
    });
    bins.push({ expr: caseTable('CASE', rows, String(edges.length)), alias: column, comment: `${name}'s bin in pair ${pair.features.join(' × ')}` });
    return column;
  });
  const outer = pair.values.map((row, a): [string, string] => [String(a), caseTable(`CASE ${axes[1]}`, row.map((v, b) => [String(b), sql.num(v)]))]);
  return caseTable(`CASE ${axes[0]}`, outer.map(([a, inner]) => [a, inner.split('\n').join('\n  ')]));
}

/**
 * A linear ZILN: the three heads summed from the stored layer (as the scorer
 * sums them), reasons from the centred `linearTerms` of the logit and μ heads
 * (as the scorer's reasons), and E[value | won] = sigmoid(logit) · exp(μ + σ²/2),
 * σ = min(max(softplus(raw σ), floor), ceiling).
 */
function zilnSql(state: ZilnState, features: FeatureColumns[], sql: SqlDialect, names: SqlNames, label: string, out: PartSql): PartSql {
  if (!state.linearTerms || state.architecture.hidden.length > 0) {
    throw new LeadvalueError(`${label}, field params.value`, 'is a ZILN MLP (hidden layers), which SQL export does not support', `hidden ${JSON.stringify(state.architecture.hidden)}`,
      'SQL export supports linear and additive parts (GLM, EBM, linear ZILN); retrain the value part with "kind": "ziln", "hidden": [] or use the TypeScript scorer');
  }
  const layer = state.layers[0];
  let offset = 0;
  const heads = ['logit', 'mu', 'sigma_raw'].map(() => [] as string[]);
  features.forEach((f) => {
    const o = offset;
    offset += f.spec.kind === 'number' ? 2 : f.spec.levels.length + 2;
    heads.forEach((cols, j) => {
      const expr = f.spec.kind === 'number'
        ? `CASE WHEN ${f.x} IS NULL THEN ${sql.num(layer.weights[o + 1][j])} ELSE ${f.z} * ${sql.num(layer.weights[o][j])} END`
        : slotTable(f, Array.from({ length: f.spec.levels.length + 2 }, (_, s) => layer.weights[o + s][j]), sql);
      const column = names.name(`${['logit', 'mu', 'sigma_raw'][j]}_in_${f.spec.name}`, 'l');
      out.terms.push({ expr, alias: column });
      cols.push(column);
    });
  });
  for (const head of ['logit', 'mu'] as const) {
    const terms = state.linearTerms[head].terms;
    features.forEach((f) => {
      const column = names.name(`value_${head}_${f.spec.name}`, 'c');
      out.terms.push({ expr: glmTerm(terms[f.spec.name] as GlmTerm, f, sql), alias: column, comment: `reason: ${f.spec.name} on the ${head} head` });
      out.candidates.push({ column, feature: f.spec.name, part: 'value', head });
    });
  }
  const sums = ['logit', 'mu', 'sigma_raw'].map((h, j) => {
    const alias = names.name(`value_${h}`, 'sum');
    out.sums.push({ expr: [sql.num(layer.bias[j]), ...heads[j]].join(' + '), alias, comment: `ZILN ${h} head` });
    return alias;
  });
  const [logit, mu, raw] = sums;
  const p = names.name('value_p_positive', 'z'), sigma = names.name('value_sigma', 'z');
  out.heads.push({ expr: `CASE WHEN ${logit} >= 0 THEN 1 / (1 + ${sql.exp(`-${logit}`)}) ELSE ${sql.exp(logit)} / (1 + ${sql.exp(logit)}) END`, alias: p, comment: 'ZILN: P(a won lead brings any value) = sigmoid(logit)' });
  const softplus = `CASE WHEN ${raw} > 0 THEN ${raw} + ${sql.ln1p(sql.exp(`-${raw}`))} ELSE ${sql.ln1p(sql.exp(raw))} END`;
  out.heads.push({ expr: `LEAST(GREATEST(${softplus}, ${sql.num(state.architecture.sigmaFloor)}), ${sql.num(state.architecture.sigmaCeiling)})`, alias: sigma, comment: 'ZILN: σ = softplus(raw σ) within [floor, ceiling]' });
  out.output = `${p} * ${sql.exp(`${mu} + ${sigma} * ${sigma} / 2`)}`;
  return out;
}
