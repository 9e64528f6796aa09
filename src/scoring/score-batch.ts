import { compileGoals } from './goal-profile.js';
import type { ModelFile } from './model-types.js';
import { scoreLead, type LeadScore, type ScoreOptions } from './score-lead.js';

/** Scores of a batch, with counts of what the model had to fill in. */
export interface BatchScores {
  scores: LeadScore[];
  /** Name of the goal profile the scores used (the model file's, or the override). */
  goalProfile: string;
  /** Per feature: how many leads had a category never seen in training. */
  unseen: Record<string, number>;
  /** Per feature: how many leads had it missing. */
  missing: Record<string, number>;
}

/**
 * Scores many leads; counts unseen categories and missing values per feature.
 * @param model - a verified model file
 * @param leads - objects keyed by source column names
 * @param options - goal override, reasons, and a label for messages (row numbers are added)
 * @throws LeadvalueError naming the lead's position and field when a value cannot be read; naming the field when a goals override is not valid (even for no leads)
 * @example
 * const { scores, unseen } = scoreBatch(model, leads);
 */
export function scoreBatch(model: ModelFile, leads: Record<string, unknown>[], options: ScoreOptions & { firstRow?: number } = {}): BatchScores {
  const unseen: Record<string, number> = {}, missing: Record<string, number> = {};
  const first = options.firstRow ?? 0;
  const goals = compileGoals(model, options.goals ?? model.goals, options.goals ? 'goals override' : 'model goals');
  const scores = leads.map((lead, i) => {
    const s = scoreLead(model, lead, { ...options, where: `${options.where ?? 'lead'} ${first + i}` });
    for (const f of s.unseen) unseen[f] = (unseen[f] ?? 0) + 1;
    for (const f of s.missing) missing[f] = (missing[f] ?? 0) + 1;
    return s;
  });
  return { scores, goalProfile: goals.profile.name, unseen, missing };
}
