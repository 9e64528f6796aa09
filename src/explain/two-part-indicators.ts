import type { LeadFrame } from '../join/build-lead-frame.js';
import type { RawFeature } from '../load/load-source.js';
import type { TwoPartModel } from '../models/two-part.js';
import { leadingIndicators, type LeadingIndicator } from './leading-indicators.js';

/**
 * Leading indicators of both parts of a two-part model, each measured over
 * the rows its part learns from: P(win) over all the rows, E[value | won]
 * over the won rows whose horizon is complete (as `leadvalue train` prints them).
 * @param model - a fitted two-part model
 * @param features - raw feature columns
 * @param frame - the lead frame (for won and censored)
 * @param rows - the rows, typically the ones the model was fit on
 */
export function twoPartIndicators(model: TwoPartModel, features: RawFeature[], frame: LeadFrame, rows: Int32Array): { win: LeadingIndicator[]; value: LeadingIndicator[] } {
  return {
    win: leadingIndicators(model.win, model.features, features, rows),
    value: leadingIndicators(model.value, model.features, features, valueRows(frame, rows)),
  };
}

/** The won rows whose horizon is complete, in the given order. */
export function valueRows(frame: LeadFrame, rows: Int32Array): Int32Array {
  return rows.filter((i) => frame.won[i] === 1 && !frame.censored[i]);
}

/** A key for an indicator: its feature, and its head for a ZILN part (`employees (mu)`). */
export function indicatorKey(x: LeadingIndicator): string {
  return x.head ? `${x.feature} (${x.head})` : x.feature;
}

/**
 * Ranks by importance, 1 = most important; ties share the mean of the ranks
 * they span. Returned in the order of `importance`.
 */
export function importanceRanks(importance: ArrayLike<number>): number[] {
  const n = importance.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => importance[b] - importance[a]);
  const ranks = new Array<number>(n);
  for (let s = 0; s < n;) {
    let e = s + 1;
    while (e < n && importance[order[e]] === importance[order[s]]) e++;
    for (let t = s; t < e; t++) ranks[order[t]] = (s + 1 + e) / 2;
    s = e;
  }
  return ranks;
}
