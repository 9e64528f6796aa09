import { encodeFeatures, type EncodedMatrix } from '../features/encode.js';
import type { RawFeature } from '../load/load-source.js';
import { ebmContributions, ebmPairContributions } from '../models/ebm/predict-ebm.js';
import { ebmBin, ebmPairBin, type EbmInput } from '../scoring/ebm-terms.js';
import type { EbmState, FeatureSpec, NumberFeatureSpec } from '../scoring/model-types.js';
import type { LeadingIndicator } from './leading-indicators.js';

/**
 * Leading indicators of an EBM part: each shape function's importance (the
 * standard deviation of its exact contribution over the rows, as for GLMs)
 * and its effects. For a number the effects are the whole shape, bin by bin
 * in value order (`level` is the bin's range in the feature's raw units,
 * then `(missing)`); for a category, the strongest levels as for GLMs; for a
 * pair term (`a × b`), its strongest cells.
 * @param state - a fitted EBM part
 * @param specs - its feature specs
 * @param features - raw feature columns
 * @param rows - rows to measure over (typically the rows it was fit on)
 * @param top - levels or cells kept at each end (categories and pairs)
 */
export function ebmLeadingIndicators(state: EbmState, specs: FeatureSpec[], features: RawFeature[], rows: Int32Array, top = 3): LeadingIndicator[] {
  const matrix = encodeFeatures(specs, features, rows);
  const part = state.link === 'logit' ? 'win' : 'value';
  const n = matrix.rows;
  const mains = matrix.columns.map((col, c): LeadingIndicator => {
    const spec = specs[c];
    const term = state.terms[col.name];
    const contrib = ebmContributions(state, matrix, col.name);
    let effects: LeadingIndicator['effects'] = [];
    if (col.kind === 'number' && term.kind === 'number') {
      const size = term.values.length;
      const counts = new Int32Array(size + 1);
      for (let i = 0; i < n; i++) counts[col.missing[i] ? size : ebmBin(term.edges, col.z[i])]++;
      const raw = (z: number) => rawValue(spec as NumberFeatureSpec, z);
      effects = term.values.map((v, b) => ({ level: binLabel(b, term.edges.map(raw)), contribution: v, count: counts[b] })).filter((e) => e.count > 0);
      if (counts[size] > 0) effects.push({ level: '(missing)', contribution: term.missing, count: counts[size] });
    } else if (col.kind === 'category' && term.kind === 'category') {
      const counts = new Int32Array(col.size);
      for (let i = 0; i < n; i++) counts[col.slots[i]]++;
      const names = spec.kind === 'category' ? [...spec.levels, '(other)', '(missing)'] : [];
      effects = strongest(names.map((level, s) => ({ level, contribution: term.values[s], count: counts[s] })), top);
    }
    return { feature: col.name, stage: spec.stage, part, importance: spread(contrib), effects };
  });
  const pairs = state.pairs.map((pair): LeadingIndicator => {
    const contrib = ebmPairContributions(pair, matrix);
    const [a, b] = pair.features.map((name) => specs.find((s) => s.name === name)!);
    const cells = new Map<string, { level: string; contribution: number; count: number }>();
    const cols = pair.features.map((name) => matrix.columns.find((col) => col.name === name)!);
    for (let i = 0; i < n; i++) {
      const [ba, bb] = cols.map((col, axis) => ebmPairBin(pair.edges[axis], inputOf(col, i)));
      const key = `${ba},${bb}`;
      const cell = cells.get(key) ?? { level: `${axisLabel(a, pair.edges[0], ba)}, ${axisLabel(b, pair.edges[1], bb)}`, contribution: pair.values[ba][bb], count: 0 };
      cell.count++;
      cells.set(key, cell);
    }
    return {
      feature: `${a.name} × ${b.name}`, stage: a.stage === 'deal' || b.stage === 'deal' ? 'deal' : 'lead', part,
      importance: spread(contrib), effects: strongest([...cells.values()], top),
    };
  });
  return [...mains, ...pairs].sort((x, y) => y.importance - x.importance || (x.feature < y.feature ? -1 : 1));
}

function inputOf(col: EncodedMatrix['columns'][number], i: number): EbmInput {
  return col.kind === 'number' ? { kind: 'number', z: col.z[i], shown: col.missing[i] ? null : col.z[i] } : { kind: 'category', slot: col.slots[i] };
}

/** A z value back in the feature's raw units. */
function rawValue(spec: NumberFeatureSpec, z: number): number {
  const t = z * spec.scale + spec.center;
  return spec.transform === 'log1p' ? Math.expm1(t) : t;
}

/** `≤ a`, `a – b` (above a, up to b), `> b`. */
function binLabel(b: number, edges: number[]): string {
  if (edges.length === 0) return 'all values';
  if (b === 0) return `≤ ${fmt(edges[0])}`;
  if (b === edges.length) return `> ${fmt(edges[b - 1])}`;
  return `${fmt(edges[b - 1])} – ${fmt(edges[b])}`;
}

function axisLabel(spec: FeatureSpec, edges: number[] | null, bin: number): string {
  if (spec.kind === 'category') return `${spec.name} = ${[...spec.levels, '(other)', '(missing)'][bin]}`;
  const e = (edges ?? []).map((z) => rawValue(spec, z));
  return `${spec.name} ${bin === e.length + 1 ? '(missing)' : binLabel(bin, e)}`;
}

/** Effects with rows, most positive first; the `top` at each end when there are many. */
function strongest(effects: LeadingIndicator['effects'], top: number): LeadingIndicator['effects'] {
  const kept = effects.filter((e) => e.count > 0).sort((p, q) => q.contribution - p.contribution || (p.level < q.level ? -1 : 1));
  return kept.length <= 2 * top ? kept : [...kept.slice(0, top), ...kept.slice(-top)];
}

/** Population standard deviation. */
function spread(x: Float64Array): number {
  const n = x.length;
  let mean = 0, m2 = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n || 1;
  for (let i = 0; i < n; i++) m2 += (x[i] - mean) ** 2;
  return Math.sqrt(m2 / (n || 1));
}

function fmt(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(0) : Number(x.toPrecision(3)).toString();
}
