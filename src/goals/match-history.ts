import type { LeadFrame } from '../join/build-lead-frame.js';
import type { LeadOutcome } from './goal-cutoff.js';

/**
 * Realised outcomes (won, value in the horizon; NaN value when censored) of
 * leads found in a history, matched by lead id; `undefined` for leads not in
 * it. With a rule selection over the history (`qualified`, one 0/1 per lead of
 * the frame), also the rule mask for the leads (not in the history: false).
 * @param frame - the history's lead frame
 * @param leads - lead records, e.g. from readRecords
 * @param leadIdColumn - the records' lead id field (the model file's `input.leadId`)
 * @example
 * const { outcomes, rule } = matchHistory(data.frame, leads, model.input.leadId, applyRules(rules, data.frame).qualified);
 */
export function matchHistory(
  frame: LeadFrame, leads: readonly Record<string, unknown>[], leadIdColumn: string, qualified?: ArrayLike<number>,
): { outcomes: (LeadOutcome | undefined)[]; rule?: boolean[] } {
  const index = new Map(frame.leadId.map((id, i) => [id, i]));
  const rows = leads.map((l) => index.get(String(l[leadIdColumn])));
  return {
    outcomes: rows.map((i) => (i === undefined ? undefined : { won: frame.won[i], value: frame.value[i] })),
    ...(qualified ? { rule: rows.map((i) => i !== undefined && qualified[i] === 1) } : {}),
  };
}
