import { scoreBatch, type BatchOptions, type BatchScores } from '../scoring/score-batch.js';
import type { ModelFile } from '../scoring/model-types.js';

/**
 * scoreBatch in slices, yielding to the event loop between them, so that one
 * large batch does not hold up the small requests arriving meanwhile (scoring
 * is synchronous: 10 000 leads take a few hundred milliseconds of one core).
 * The result is scoreBatch's for the whole batch, number for number; every
 * slice uses the same model, the one passed in.
 * @param model - the model every slice is scored with
 * @param leads - the leads
 * @param options - as scoreBatch's; `firstRow` numbers the leads in messages
 * @param slice - leads per slice (default 500)
 * @param cancelled - checked between slices: when it says true, scoring stops and the promise resolves to null (the client went away)
 * @returns the scores and the per-feature unseen, missing and extreme counts, or null when cancelled
 * @throws LeadvalueError as scoreBatch does
 * @example
 * const batch = await scoreInSlices(model, leads, { topReasons: 3 });
 */
export async function scoreInSlices(model: ModelFile, leads: Record<string, unknown>[], options: BatchOptions = {}, slice = 500, cancelled = () => false): Promise<BatchScores | null> {
  if (leads.length <= slice) return scoreBatch(model, leads, options);
  const { firstRow = 1 } = options;
  const all: BatchScores = { scores: [], goalProfile: '', unseen: {}, missing: {}, extreme: {} };
  for (let start = 0; start < leads.length; start += slice) {
    if (start > 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (cancelled()) return null;
    }
    const part = scoreBatch(model, leads.slice(start, start + slice), { ...options, firstRow: firstRow + start });
    for (const s of part.scores) all.scores.push(s);
    all.goalProfile = part.goalProfile;
    for (const [f, n] of Object.entries(part.unseen)) all.unseen[f] = (all.unseen[f] ?? 0) + n;
    for (const [f, n] of Object.entries(part.missing)) all.missing[f] = (all.missing[f] ?? 0) + n;
    for (const [f, n] of Object.entries(part.extreme)) all.extreme[f] = (all.extreme[f] ?? 0) + n;
  }
  return all;
}
