import type { FeatureSpec } from '../scoring/model-types.js';
import type { LoadedModel } from './load-verified-model.js';

/** What `GET /model` answers: the model file without its learned parameters, and where the service loaded it from. */
export interface ModelMetadata {
  format: LoadedModel['model']['format'];
  model: LoadedModel['model']['model'];
  data: LoadedModel['model']['data'];
  input: LoadedModel['model']['input'];
  /** Per feature: what a request sends for it (name, stage, kind, the input column, a date part, a number's transform, a category's levels). */
  features: ModelFeature[];
  /** The kind of each part (`glm`, `ebm`, `ziln`) and the calibration of P(win), if any. */
  parts: { win: string; value: string; calibration: string | null };
  goals: LoadedModel['model']['goals'];
  metrics: LoadedModel['model']['metrics'];
  checksum: string;
  /** The file the service loaded, and when. */
  path: string;
  loadedAt: string;
  /** What reading the file warned about (a newer minor format); only when there is something. */
  warnings?: string[];
}

/** A feature as a client needs to know it. */
export interface ModelFeature {
  name: string;
  stage: FeatureSpec['stage'];
  kind: FeatureSpec['kind'];
  column: string;
  derive?: FeatureSpec['derive'];
  dateFormat?: FeatureSpec['dateFormat'];
  transform?: 'none' | 'log1p';
  levels?: string[];
}

/**
 * The model's metadata for `GET /model`: everything in the file but `params`
 * (the learned terms, which are large and of no use to a client) and the
 * features' fitted centres and scales.
 * @param loaded - the model being served
 * @returns the metadata
 * @example
 * modelMetadata(source.current()).features.map((f) => f.column)
 */
export function modelMetadata(loaded: LoadedModel): ModelMetadata {
  const m = loaded.model;
  return {
    format: m.format, model: m.model, data: m.data, input: m.input,
    features: m.features.map((f) => ({
      name: f.name, stage: f.stage, kind: f.kind, column: f.column,
      ...(f.derive ? { derive: f.derive, dateFormat: f.dateFormat ?? 'iso' } : {}),
      ...(f.kind === 'number' ? { transform: f.transform } : { levels: f.levels }),
    })),
    parts: { win: m.params.win.kind, value: m.params.value.kind, calibration: m.params.calibration?.kind ?? null },
    goals: m.goals, metrics: m.metrics, checksum: m.checksum, path: loaded.path, loadedAt: loaded.loadedAt,
    ...(loaded.warnings?.length ? { warnings: loaded.warnings } : {}),
  };
}
