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
  /** Per feature: how many leads had a number more than 10 training standard deviations from the mean (LeadScore.extreme). */
  extreme: Record<string, number>;
}

/** How {@link scoreBatch} names a lead in messages: `${where} ${number}`. */
export interface BatchOptions extends ScoreOptions {
  /** The number of the first lead (default 1: `lead 1` is the first); the others count on from it. */
  firstRow?: number;
  /** Or each lead's own number, aligned with the leads: e.g. the file rows of leads read from a CSV (header = row 1) and then filtered. */
  rows?: ArrayLike<number>;
}

/**
 * Scores many leads; counts unseen categories, missing values and extreme numbers per feature.
 * @param model - a verified model file
 * @param leads - objects keyed by source column names
 * @param options - goal override, reasons, and a label for messages (`where`, default `lead`) with the lead's number added: 1-based, from `firstRow`, or from `rows`
 * @throws LeadvalueError naming the lead's number and field when a value cannot be read (`lead 2, field employees: …`); naming the field when a goals override is not valid (even for no leads)
 * @example
 * const { scores, unseen } = scoreBatch(model, leads);
 * scoreBatch(model, leads, { where: 'leads.csv row', firstRow: 2 }); // errors name the file row: the header is row 1
 */
export function scoreBatch(model: ModelFile, leads: Record<string, unknown>[], options: BatchOptions = {}): BatchScores {
  const unseen: Record<string, number> = {}, missing: Record<string, number> = {}, extreme: Record<string, number> = {};
  const { firstRow = 1, rows, ...scoreOptions } = options;
  const goals = compileGoals(model, options.goals ?? model.goals, options.goals ? 'goals override' : 'model goals');
  const scores = leads.map((lead, i) => {
    const s = scoreLead(model, lead, { ...scoreOptions, where: `${options.where ?? 'lead'} ${rows ? rows[i] : firstRow + i}` });
    for (const f of s.unseen) unseen[f] = (unseen[f] ?? 0) + 1;
    for (const f of s.missing) missing[f] = (missing[f] ?? 0) + 1;
    for (const f of s.extreme) extreme[f] = (extreme[f] ?? 0) + 1;
    return s;
  });
  return { scores, goalProfile: goals.profile.name, unseen, missing, extreme };
}
