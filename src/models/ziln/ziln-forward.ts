import { softplus } from '../../scoring/ziln-terms.js';

/**
 * The plain-TypeScript forward pass lives with the production scorer
 * (src/scoring/ziln-terms.ts: no tfjs); re-exported here so the model's API
 * stays. The training loss stays here.
 */
export {
  softplus, sigmoid, inputOffsets, zilnOutput, zilnForward, dense, zilnContributions, type ZilnHeadContributions,
} from '../../scoring/ziln-terms.js';

/**
 * The ZILN loss of one row (Wang et al. 2019, `zero_inflated_lognormal_loss`):
 * binary cross-entropy of `value > 0` against sigmoid(logit), plus, for a
 * positive value y, the lognormal negative log-likelihood
 * log y + log σ + ½ log 2π + (log y − μ)² / (2σ²).
 * @param value - the realised value (≥ 0)
 * @param logit - logit of P(value > 0)
 * @param mu - location of log value
 * @param sigma - scale of log value (> 0, after the floor)
 */
export function zilnRowLoss(value: number, logit: number, mu: number, sigma: number): number {
  const positive = value > 0;
  // BCE from logits: softplus(logit) − y·logit.
  let loss = softplus(logit) - (positive ? logit : 0);
  if (positive) {
    const d = Math.log(value) - mu;
    loss += Math.log(value) + Math.log(sigma) + 0.5 * Math.log(2 * Math.PI) + (d * d) / (2 * sigma * sigma);
  }
  return loss;
}
