import type { Warnings } from '../core/warn.js';
import type { RawFeature } from '../load/load-source.js';
import type { FeatureSpec } from '../scoring/model-types.js';
import { zOf } from '../scoring/compile-scorer.js';
import { EXTREME_Z } from '../scoring/score-lead.js';
import { featureRowName } from './feature-row-name.js';

/**
 * Warns about number features whose training values lie more than EXTREME_Z
 * (10) training standard deviations from the training mean, after the
 * feature's transform: the rule the scorer uses to report a lead's value as
 * extreme. One such value is usually a typo or a unit (1e300 employees, an
 * amount in cents): a linear or log-link model extrapolates it, so its
 * prediction can be astronomic and, through the mean of the training
 * predictions (`params.reference`), shrink every goal score.
 * @param specs - the fitted feature specs
 * @param features - the raw features (matched to specs by name)
 * @param rows - the training rows the specs were fit on
 * @param warnings - where the warnings go: key `extreme-training-value:<feature>`, at most one per feature
 * @example
 * warnExtremeValues(final.features, features, fitRows, warnings);
 * // employees: 1 training value more than 10 sd from the mean after log1p (first: leads.csv row 6, column employees, 1e+300): a typo or a unit? …
 */
export function warnExtremeValues(specs: FeatureSpec[], features: RawFeature[], rows: Int32Array, warnings: Warnings): void {
  const byName = new Map(features.map((f) => [f.name, f]));
  for (const spec of specs) {
    const f = byName.get(spec.name);
    if (spec.kind !== 'number' || !f || f.kind !== 'number') continue;
    let count = 0, first = -1;
    for (const i of rows) {
      const x = f.values[i];
      if (Number.isNaN(x)) continue;
      const z = zOf(spec, x);
      if (!(Math.abs(z) <= EXTREME_Z)) { count++; if (first < 0 || i < first) first = i; }
    }
    if (!count) continue;
    warnings.warn(`extreme-training-value:${spec.name}`, `${spec.name}: ${count} training value${count > 1 ? 's' : ''} more than ${EXTREME_Z} sd from the mean` +
      `${spec.transform === 'log1p' ? ' after log1p' : ''} (first: ${featureRowName(f, first)}, ${f.values[first]}): a typo or a unit? ` +
      'The model extrapolates such values, and a lead predicted far off the others moves the goal scores\' reference (the mean prediction): correct the value or leave the lead out');
  }
}
