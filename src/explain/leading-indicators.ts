import { encodeFeatures } from '../features/encode.js';
import type { RawFeature } from '../load/load-source.js';
import type { FeatureSpec, ModelState } from '../scoring/model-types.js';
import { ebmLeadingIndicators } from './ebm-indicators.js';
import { zilnLeadingIndicators } from './ziln-indicators.js';

/** One feature's effect in one model part. */
export interface LeadingIndicator {
  feature: string;
  stage: FeatureSpec['stage'];
  /** `win`: contributions to log-odds of winning; `value`: to log E[value | won]. */
  part: 'win' | 'value';
  /** For a linear ZILN value part: the head (`logit`: log-odds of any value; `mu`: log typical amount). */
  head?: 'logit' | 'mu';
  /** Standard deviation of the feature's contribution over the rows: how much it moves scores. */
  importance: number;
  /** The strongest effects: levels (categories, with their training counts) or per standard deviation (numbers). */
  effects: { level: string; contribution: number; count: number }[];
}

/**
 * Global leading indicators of a model part: each feature's importance (the
 * spread of its exact contribution over the given rows) and its strongest
 * level effects, most important feature first. For an EBM part the effects of
 * a number are its shape, bin by bin (see ebmLeadingIndicators); a linear
 * ZILN gives them per head, an MLP none (see zilnLeadingIndicators).
 * @param state - a fitted model part
 * @param specs - its feature specs
 * @param features - raw feature columns
 * @param rows - rows to measure spread over (typically the training rows)
 * @param top - effects kept per feature (most positive and most negative)
 * @returns one entry per feature, most important first
 * @example
 * const { final, fitRows } = lv.trainModel(data);
 * const win = lv.leadingIndicators(final.win, final.features, data.frame.features, fitRows);
 * tslab.display.html(lv.indicatorsTable(win).toHTML());
 */
export function leadingIndicators(state: ModelState, specs: FeatureSpec[], features: RawFeature[], rows: Int32Array, top = 3): LeadingIndicator[] {
  if (state.kind === 'ebm') return ebmLeadingIndicators(state, specs, features, rows, top);
  if (state.kind === 'ziln') return zilnLeadingIndicators(state, specs, features, rows, top);
  const matrix = encodeFeatures(specs, features, rows);
  const part = state.link === 'logit' ? 'win' : 'value';
  const out = matrix.columns.map((col, c): LeadingIndicator => {
    const spec = specs[c];
    const term = state.terms[col.name];
    const n = matrix.rows;
    const contrib = new Float64Array(n);
    let effects: LeadingIndicator['effects'];
    if (col.kind === 'number' && term.kind === 'number') {
      let missing = 0;
      for (let i = 0; i < n; i++) { contrib[i] = col.missing[i] ? term.missing : term.weight * col.z[i] + term.offset; missing += col.missing[i]; }
      const scale = spec.kind === 'number' ? fmt(spec.scale) : '1';
      effects = [{ level: spec.kind === 'number' && spec.transform === 'log1p' ? `+1 sd of log1p (${scale})` : `+1 sd (${scale})`, contribution: term.weight, count: n - missing }];
      if (missing > 0) effects.push({ level: '(missing)', contribution: term.missing, count: missing });
    } else if (col.kind === 'category' && term.kind === 'category') {
      const counts = new Int32Array(col.size);
      for (let i = 0; i < n; i++) { contrib[i] = term.values[col.slots[i]]; counts[col.slots[i]]++; }
      const names = spec.kind === 'category' ? [...spec.levels, '(other)', '(missing)'] : [];
      const levels = names.map((level, s) => ({ level, contribution: term.values[s], count: counts[s] })).filter((e) => e.count > 0)
        .sort((a, b) => b.contribution - a.contribution || (a.level < b.level ? -1 : 1));
      effects = levels.length <= 2 * top ? levels : [...levels.slice(0, top), ...levels.slice(-top)];
    } else effects = [];
    let mean = 0, m2 = 0;
    for (let i = 0; i < n; i++) mean += contrib[i];
    mean /= n || 1;
    for (let i = 0; i < n; i++) m2 += (contrib[i] - mean) ** 2;
    return { feature: col.name, stage: spec.stage, part, importance: Math.sqrt(m2 / (n || 1)), effects };
  });
  return out.sort((a, b) => b.importance - a.importance || (a.feature < b.feature ? -1 : 1));
}

function fmt(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3);
}
