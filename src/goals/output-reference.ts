import { LeadvalueError } from '../core/errors.js';
import type { OutputReference } from '../scoring/model-types.js';

/**
 * The means of the model outputs over the leads the exported parameters were
 * fit on, stored as `params.reference` in the model file: goal weights combine
 * each output divided by its mean, so outputs on different scales (a
 * probability, an amount of money) weigh as the profile says, and a score of 1
 * is an average lead.
 * @param prediction - the final model's outputs on its fit leads
 * @throws LeadvalueError when there are no leads or a mean is not above 0
 * @example
 * outputReference(predictTwoPart(final, features, fitRows))
 */
export function outputReference(prediction: { pWin: ArrayLike<number>; valueIfWon: ArrayLike<number>; expectedValue: ArrayLike<number> }): OutputReference {
  const rows = prediction.pWin.length;
  const mean = (xs: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i];
    return s / xs.length;
  };
  const ref: OutputReference = { winProbability: mean(prediction.pWin), valueIfWon: mean(prediction.valueIfWon), expectedValue: mean(prediction.expectedValue), rows };
  for (const k of ['winProbability', 'valueIfWon', 'expectedValue'] as const) {
    if (!(rows > 0 && Number.isFinite(ref[k]) && ref[k] > 0)) {
      throw new LeadvalueError('goal reference', `the mean ${k} over the fit leads is not a number above 0`, String(ref[k]), 'check that the model was fit on leads with some wins and some value');
    }
  }
  return ref;
}
