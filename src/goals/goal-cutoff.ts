import { LeadvalueError, shown } from '../core/errors.js';
import { readDate } from '../scoring/read-date.js';
import { scoreBatch } from '../scoring/score-batch.js';
import type { LeadScore } from '../scoring/score-lead.js';
import type { GoalProfile, ModelFile } from '../scoring/model-types.js';
import { capacityCutoff, type CutoffCapacity, type CutoffLead, type CutoffReport } from './capacity-cutoff.js';

/** A lead's realised outcome, when known (history). */
export interface LeadOutcome {
  won?: boolean | number | null;
  /** Value in the horizon; NaN or null when censored. */
  value?: number | null;
}

/** Options of {@link goalCutoff}. */
export interface GoalCutoffOptions {
  /** The profile to score by (default: the model file's). */
  goals?: GoalProfile;
  /** Overrides the profile's capacity (required when the profile has none). */
  capacity?: CutoffCapacity;
  /** Realised outcomes aligned with the leads (undefined where unknown). */
  outcomes?: readonly (LeadOutcome | undefined)[];
  /** Today's rule selection aligned with the leads (true or 1 = qualified). */
  rule?: ArrayLike<boolean | number>;
  ruleName?: string;
  /** Days the leads cover (see CutoffOptions.span). */
  span?: { from: number; to: number };
  /** How messages name a lead: `${where} ${number}` (default `lead`, numbered from 1). */
  where?: string;
  /** Each lead's number in messages, aligned with the leads (default 1, 2, …): e.g. its file row (header = row 1). */
  rows?: ArrayLike<number>;
}

/** Scores under one profile and the capacity cut-off on them. */
export interface GoalCutoff {
  profile: GoalProfile;
  scores: LeadScore[];
  leads: CutoffLead[];
  cutoff: CutoffReport;
}

/**
 * Scores leads with a model under a goal profile (no retraining) and chooses
 * the leads to work under the profile's capacity and minimums.
 * @param model - a verified model file
 * @param leads - objects keyed by source column names; the model's `input` columns give the id and creation date
 * @param options - profile, capacity override, outcomes, rule mask
 * @throws LeadvalueError when no capacity is given, a creation date cannot be read, or scoring fails
 * @example
 * const { cutoff } = goalCutoff(model, leads, { goals: readGoalProfile('configs/goals/fill-the-pipeline.json', model) });
 */
export function goalCutoff(model: ModelFile, leads: readonly Record<string, unknown>[], options: GoalCutoffOptions = {}): GoalCutoff {
  const profile = options.goals ?? model.goals;
  const capacity = options.capacity ?? profile.capacity;
  if (!capacity) {
    throw new LeadvalueError(`goal profile ${shown(profile.name)}`, 'has no capacity', undefined, 'add "capacity": {"leads": 40, "per": "week"} to the profile, or give one (--capacity 40/week)');
  }
  if (options.outcomes && options.outcomes.length !== leads.length) {
    throw new LeadvalueError('outcomes', `${options.outcomes.length} outcomes for ${leads.length} leads`, undefined, 'align them with the leads (undefined where unknown)');
  }
  const { scores } = scoreBatch(model, leads as Record<string, unknown>[], { goals: options.goals, topReasons: 0, where: options.where, rows: options.rows });
  const cutoffLeads = toCutoffLeads(model, leads, scores, options.outcomes, { where: options.where, rows: options.rows });
  const cutoff = capacityCutoff(cutoffLeads, { capacity, minimums: profile.minimums, rule: options.rule, ruleName: options.ruleName, span: options.span });
  return { profile, scores, leads: cutoffLeads, cutoff };
}

/**
 * Pairs scores with the lead id and creation date (read from the model's
 * `input` columns; dates in the model's `input.dateFormat`, ISO 8601 accepted
 * too) and, when given, realised outcomes.
 * @param naming - how messages name a lead (see GoalCutoffOptions `where` and `rows`)
 * @throws LeadvalueError naming the lead and field when a creation date is present but not a date
 */
export function toCutoffLeads(
  model: ModelFile, leads: readonly Record<string, unknown>[], scores: readonly LeadScore[], outcomes?: readonly (LeadOutcome | undefined)[],
  naming: { where?: string; rows?: ArrayLike<number> } = {},
): CutoffLead[] {
  const { leadId, createdAt, dateFormat } = model.input;
  return scores.map((s, i) => {
    const lead = leads[i];
    const raw = lead[createdAt];
    const blank = typeof raw === 'string' && raw.trim() === '';
    const t = blank ? null : readDate(raw, dateFormat, `${naming.where ?? 'lead'} ${naming.rows ? naming.rows[i] : i + 1}, field ${createdAt}`);
    const id = lead[leadId];
    return {
      score: s.score, pWin: s.pWin, expectedValue: s.expectedValue, segments: s.segments,
      id: id === undefined || id === null ? undefined : String(id), createdAt: t ?? undefined,
      won: outcomes?.[i]?.won, value: outcomes?.[i]?.value,
    };
  });
}
