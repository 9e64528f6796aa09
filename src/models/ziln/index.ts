/**
 * The zero-inflated lognormal (ZILN) value model. `fitZiln` needs tfjs (loaded
 * lazily on its first call); everything else here is plain TypeScript.
 * The forward pass and the types the production scorer needs live in
 * src/scoring/ (ziln-terms.ts, ziln-types.ts) and are re-exported here.
 */
export { fitZiln, fitZilnSync, meanLoss as zilnMeanLoss, resolveZilnParams, ZILN_DEFAULTS } from './fit-ziln.js';
export { predictZiln, zilnRawOutputs } from './predict-ziln.js';
export { zilnForward, zilnContributions, zilnRowLoss, zilnOutput, type ZilnHeadContributions } from './ziln-forward.js';
export { zilnRawOutputsTf } from './ziln-tf-forward.js';
export { loadTf, loadTfSync, isTfLoaded } from './load-tf.js';
export type {
  ZilnBackend, ZilnParams, ZilnResolvedParams, ZilnInput, ZilnLayer, ZilnTerm, ZilnHeadTerms, ZilnLinearTerms,
  ZilnState, ZilnValue, ZilnOutput, ZilnPrediction,
} from './ziln-types.js';
