import { LeadvalueError, shown } from '../core/errors.js';
import type { RawFeature } from '../load/load-source.js';
import type { FeatureStage } from '../scoring/model-types.js';

/**
 * Picks the features a model may use, refusing leakage: a model that scores
 * at the `lead` stage (new leads, before any deal) may use only features known
 * at lead creation. Asking for a `deal`-stage feature is an error that names
 * it and says why.
 * @param features - every declared feature
 * @param stage - the stage the model scores at
 * @param names - the features asked for (default: all features of that stage)
 * @throws LeadvalueError on leakage or an unknown name
 */
export function selectFeatures(features: RawFeature[], stage: FeatureStage, names?: string[]): RawFeature[] {
  const byName = new Map(features.map((f) => [f.name, f]));
  const wanted = names ?? features.filter((f) => f.stage === 'lead' || stage === 'deal').map((f) => f.name);
  return wanted.map((name) => {
    const f = byName.get(name);
    if (!f) throw new LeadvalueError('model.features', 'unknown feature', shown(name), `declared features are ${[...byName.keys()].join(', ')}`);
    if (stage === 'lead' && f.stage === 'deal') {
      throw new LeadvalueError(`feature ${name}`,
        'is known only at the deal stage (recorded when a deal closed), so using it to score new leads is leakage: it would not exist when a new lead is scored, and it reveals the outcome',
        `stage "${f.stage}"`, `remove ${JSON.stringify(name)} from model.features`);
    }
    return f;
  });
}
