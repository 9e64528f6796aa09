/**
 * The ZILN types live with the production scorer (src/scoring/ziln-types.ts),
 * which reads ZILN parts of model files; re-exported here so the model's API stays.
 */
export type * from '../../scoring/ziln-types.js';
