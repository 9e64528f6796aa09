import { LeadvalueError, shown } from '../core/errors.js';
import { encodeFeatures } from '../features/encode.js';
import type { RawFeature } from '../load/load-source.js';
import { zOf } from '../scoring/compile-scorer.js';
import { ebmBin } from '../scoring/ebm-terms.js';
import type { FeatureSpec, FeatureStage, ModelState, NumberFeatureSpec } from '../scoring/model-types.js';
import { lineChart, barChart } from './svg-chart.js';

/** A point of a number feature's shape: raw value → contribution. */
export interface ShapePoint { x: number; contribution: number }

/** A bin of an EBM shape, in the feature's raw units. */
export interface ShapeBin { from: number; to: number; contribution: number; count: number }

/** A number feature's shape function, ready to plot. */
export interface NumberShape {
  kind: 'number';
  feature: string;
  stage: FeatureStage;
  part: 'win' | 'value';
  /** `linear` (GLM: a line in z, so a log curve for log1p features) or `steps` (EBM: one value per bin). */
  form: 'linear' | 'steps';
  /**
   * Points to draw in raw units, over the observed range: for a GLM, at the
   * 0th, 5th, …, 100th percentiles of the observed values; for an EBM, each
   * bin's two ends (so a line through them draws the steps).
   */
  curve: ShapePoint[];
  /** EBM bins with rows, with counts; null for a GLM. */
  bins: ShapeBin[] | null;
  /** The contribution of a missing value and how many rows had one; null when none was missing. */
  missing: { contribution: number; count: number } | null;
}

/** A category feature's shape: each level's contribution and count. */
export interface CategoryShape {
  kind: 'category';
  feature: string;
  stage: FeatureStage;
  part: 'win' | 'value';
  /** Levels with rows, then `(other)` and `(missing)` when they have rows; highest contribution first. */
  levels: { level: string; contribution: number; count: number }[];
}

/** A feature's shape function (value → contribution) in one part. */
export type FeatureShape = NumberShape | CategoryShape;

/**
 * The shape functions of a model part as data, for plots: each main term's
 * contribution to the part's linear predictor (log-odds of winning; log value
 * if won) against the feature's raw value, over the given rows. A GLM's
 * number terms are lines in z (curves in raw units after log1p); an EBM's are
 * step functions over its bins; categories give a contribution per level.
 * Pair terms (2-D) and ZILN parts have no one-feature shape and are left out.
 * @param state - a fitted part
 * @param specs - its feature specs
 * @param features - raw feature columns
 * @param rows - rows for the observed range and the counts (typically the fit rows)
 * @returns one shape per feature, in the order of the specs
 * @example
 * const shapes = lv.featureShapes(trained.final.win, trained.final.features, data.frame.features, trained.fitRows);
 * tslab.display.svg(lv.shapeChart(shapes.find((s) => s.feature === 'employees')!));
 */
export function featureShapes(state: ModelState, specs: FeatureSpec[], features: RawFeature[], rows: Int32Array): FeatureShape[] {
  if (state.kind !== 'glm' && state.kind !== 'ebm') return [];
  const part = state.link === 'logit' ? 'win' : 'value';
  const matrix = encodeFeatures(specs, features, rows);
  const byName = new Map(features.map((f) => [f.name, f]));
  return matrix.columns.map((col, c): FeatureShape => {
    const spec = specs[c];
    const term = state.terms[col.name];
    if (col.kind === 'category' && spec.kind === 'category' && term.kind === 'category') {
      const counts = new Int32Array(col.size);
      for (let i = 0; i < matrix.rows; i++) counts[col.slots[i]]++;
      const levels = [...spec.levels, '(other)', '(missing)'].map((level, s) => ({ level, contribution: term.values[s], count: counts[s] }))
        .filter((e) => e.count > 0).sort((a, b) => b.contribution - a.contribution || (a.level < b.level ? -1 : 1));
      return { kind: 'category', feature: spec.name, stage: spec.stage, part, levels };
    }
    if (col.kind !== 'number' || spec.kind !== 'number' || term.kind !== 'number') throw new Error(`feature ${spec.name}: term and feature disagree in kind`);
    const raw = byName.get(spec.name)!;
    const present: number[] = [];
    let missing = 0;
    for (let r = 0; r < matrix.rows; r++) if (col.missing[r]) missing++; else present.push(raw.kind === 'number' ? raw.values[rows[r]] : NaN);
    present.sort((a, b) => a - b);
    const missingTerm = missing > 0 ? { contribution: term.missing, count: missing } : null;
    if (present.length === 0) return { kind: 'number', feature: spec.name, stage: spec.stage, part, form: 'edges' in term ? 'steps' : 'linear', curve: [], bins: 'edges' in term ? [] : null, missing: missingTerm };
    const lo = present[0], hi = present[present.length - 1];
    if ('weight' in term) {
      const xs = [...new Set(Array.from({ length: 21 }, (_, q) => present[Math.round((q / 20) * (present.length - 1))]))];
      const curve = xs.map((x) => ({ x, contribution: term.weight * zOf(spec, x) + term.offset }));
      return { kind: 'number', feature: spec.name, stage: spec.stage, part, form: 'linear', curve, bins: null, missing: missingTerm };
    }
    const counts = new Int32Array(term.values.length);
    for (let r = 0; r < matrix.rows; r++) if (!col.missing[r]) counts[ebmBin(term.edges, col.z[r])]++;
    const edges = term.edges.map((z) => rawOf(spec, z));
    const bins: ShapeBin[] = [];
    term.values.forEach((v, b) => {
      if (counts[b] === 0) return;
      bins.push({ from: b === 0 ? lo : Math.max(lo, edges[b - 1]), to: b === edges.length ? hi : Math.min(hi, edges[b]), contribution: v, count: counts[b] });
    });
    const curve = bins.flatMap((bin) => [{ x: bin.from, contribution: bin.contribution }, { x: bin.to, contribution: bin.contribution }]);
    return { kind: 'number', feature: spec.name, stage: spec.stage, part, form: 'steps', curve, bins, missing: missingTerm };
  });
}

/** Levels a category shape chart shows by default (see shapeChart's `maxLevels`). */
export const DEFAULT_MAX_LEVELS = 30;

/**
 * A shape as an SVG chart: a line (numbers) or bars (categories) of the
 * contribution against the feature's value. A category with more than
 * `maxLevels` levels (Olist's landing_page_id has ~495) shows only the levels
 * with the largest |contribution|, highest contribution first; a note under
 * the chart says how many were left out and that theirs were smaller.
 * @param shape - one of {@link featureShapes}
 * @param options - size; `target`: what the value part predicts, for the title and axis (default `value if won`; e.g. `52-week spend` for a value-only model);
 *   `xMax`: draw a number shape only up to this value (a long right tail, e.g. spend, would squeeze the rest of the curve), said in the title;
 *   `maxLevels`: the most category levels drawn (default 30; `Infinity` draws all)
 * @throws LeadvalueError when `maxLevels` is not a positive integer or Infinity
 * @example
 * tslab.display.svg(lv.shapeChart(shape));
 * tslab.display.svg(lv.shapeChart(spendShape, { target: '52-week spend', xMax: 400 }));
 * tslab.display.svg(lv.shapeChart(landingPageShape, { maxLevels: 20 }));
 */
export function shapeChart(shape: FeatureShape, options: { width?: number; height?: number; target?: string; xMax?: number; maxLevels?: number } = {}): string {
  const { target = 'value if won', xMax, maxLevels = DEFAULT_MAX_LEVELS, ...size } = options;
  if (!(maxLevels === Infinity || (Number.isInteger(maxLevels) && maxLevels >= 1))) {
    throw new LeadvalueError('shapeChart options.maxLevels', 'not a positive whole number', shown(maxLevels), 'e.g. 30, or Infinity for every level');
  }
  const yLabel = shape.part === 'win' ? 'contribution to log-odds of winning' : `contribution to log ${target}`;
  let title = `${shape.feature}: shape (${shape.part === 'win' ? 'P(win)' : target})`;
  if (shape.kind === 'category') {
    const { levels, note } = largestLevels(shape.levels, maxLevels);
    if (note) title += `, ${levels.length} of ${shape.levels.length} levels`;
    return barChart(levels.map((l) => l.level), [{ name: 'contribution', values: levels.map((l) => l.contribution) }], { title, yLabel, note, ...size });
  }
  let curve = shape.curve;
  if (xMax !== undefined && curve.some((p) => p.x > xMax)) {
    // Points past xMax are cut: the segment crossing it ends at xMax (steps are flat, so at the same height).
    curve = curve.flatMap((p, i) => (p.x <= xMax ? [p] : i > 0 && curve[i - 1].x < xMax ? [{ x: xMax, contribution: curve[i - 1].contribution + (p.contribution - curve[i - 1].contribution) * (xMax - curve[i - 1].x) / (p.x - curve[i - 1].x) }] : []));
    title += `, up to ${shape.feature} = ${xMax}`;
  }
  return lineChart([{ name: shape.form === 'steps' ? 'EBM shape' : 'GLM term', x: curve.map((p) => p.x), y: curve.map((p) => p.contribution) }],
    { title, xLabel: shape.feature, yLabel, ...size });
}

/**
 * The `max` levels with the largest |contribution| (ties: by level name), in
 * their given order, and a note on the rest; all levels and no note when they fit.
 */
function largestLevels(levels: CategoryShape['levels'], max: number): { levels: CategoryShape['levels']; note?: string } {
  if (levels.length <= max) return { levels };
  const ranked = levels.map((l, i) => ({ i, size: Math.abs(l.contribution), level: l.level }))
    .sort((a, b) => b.size - a.size || (a.level < b.level ? -1 : a.level > b.level ? 1 : 0));
  const keep = new Set(ranked.slice(0, max).map((r) => r.i));
  const bound = ranked[max].size;
  const left = levels.length - max;
  return {
    levels: levels.filter((_, i) => keep.has(i)),
    note: `${left} more level${left === 1 ? '' : 's'} not shown (|contribution| ≤ ${Number(bound.toPrecision(2))}); maxLevels sets how many are drawn`,
  };
}

function rawOf(spec: NumberFeatureSpec, z: number): number {
  const t = z * spec.scale + spec.center;
  return spec.transform === 'log1p' ? Math.expm1(t) : t;
}
