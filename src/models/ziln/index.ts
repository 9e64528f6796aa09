/**
 * The zero-inflated lognormal (ZILN) value model. `fitZiln` needs tfjs (loaded
 * lazily on its first call); everything else here is plain TypeScript.
 * The scorer should import `ziln-forward.js` and `ziln-types.js` only.
 */
export { fitZiln, fitZilnSync, meanLoss as zilnMeanLoss, resolveZilnParams, ZILN_DEFAULTS } from './fit-ziln.js';
export { predictZiln, zilnRawOutputs } from './predict-ziln.js';
export { zilnForward, zilnContributions, zilnRowLoss, zilnOutput, type ZilnHeadContributions } from './ziln-forward.js';
export { zilnRawOutputsTf } from './ziln-tf-forward.js';
export { loadTf, loadTfSync } from './load-tf.js';
export type {
  ZilnBackend, ZilnParams, ZilnResolvedParams, ZilnInput, ZilnLayer, ZilnTerm, ZilnHeadTerms, ZilnLinearTerms,
  ZilnState, ZilnValue, ZilnOutput, ZilnPrediction,
} from './ziln-types.js';
