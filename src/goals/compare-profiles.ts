import { modelReference, validateGoalProfile } from '../scoring/goal-profile.js';
import type { GoalProfile, ModelFile } from '../scoring/model-types.js';
import type { LeadScore } from '../scoring/score-lead.js';
import { goalCutoff, type GoalCutoff, type GoalCutoffOptions } from './goal-cutoff.js';

/** How one goal segment's multiplier changed for a lead between the two profiles. */
export interface SegmentShift {
  segment: string;
  /** The multiplier under A, or null when the lead is not in the segment there (counts as 1). */
  a: number | null;
  b: number | null;
  /** (b ?? 1) / (a ?? 1). */
  factor: number;
}

/** A lead that one profile works and the other does not, and why. */
export interface ProfileMove {
  /** Position in the leads given. */
  index: number;
  id: string | undefined;
  /** Rank under each profile (0 = best). */
  rankA: number;
  rankB: number;
  scoreA: number;
  scoreB: number;
  /** The lead's outputs over their training means (1 = average lead). */
  relative: { expectedValue: number; winProbability: number; valueIfWon: number };
  /** Change of the weighted output mix, B over A (before segment multipliers). */
  weightsFactor: number;
  /** Segment multipliers that differ between the profiles for this lead. */
  segments: SegmentShift[];
  /** Plain words, largest factor first, e.g. `weights ×2.10 (P(win) 2.4× the average lead, …); segment "webinar" ×1.43 (×0.7 → none)`. */
  why: string;
}

/** Two profiles compared on the same leads. */
export interface ProfileComparison {
  a: GoalCutoff;
  b: GoalCutoff;
  /** Worked under both, only under A, only under B; Jaccard = both / (both + onlyA + onlyB) (1 when neither works any lead). */
  overlap: { both: number; onlyA: number; onlyB: number; jaccard: number };
  /** Worked under B, not under A: best rank under B first. */
  movedIn: ProfileMove[];
  /** Worked under A, not under B: best rank under A first. */
  movedOut: ProfileMove[];
}

/**
 * What-if: scores the same leads under two goal profiles (no retraining),
 * applies each profile's capacity cut-off, and compares the worked sets: their
 * overlap, the expected (and, with outcomes, realised) wins and value of each,
 * and which leads move in and out and why (the change of the output weights, or
 * of a segment multiplier).
 * @param model - a verified model file
 * @param leads - objects keyed by source column names
 * @param a - the profile in force (e.g. the model file's)
 * @param b - the alternative
 * @param options - a capacity for both (default: each profile's own), outcomes, a rule mask
 * @throws LeadvalueError when a profile is invalid for the model or has no capacity and none is given
 * @example
 * const cmp = compareProfiles(model, leads, enterprise, pipeline);
 * cmp.overlap.jaccard; cmp.movedIn[0].why;
 */
export function compareProfiles(model: ModelFile, leads: readonly Record<string, unknown>[], a: GoalProfile, b: GoalProfile,
  options: Omit<GoalCutoffOptions, 'goals'> = {}): ProfileComparison {
  const ca = goalCutoff(model, leads, { ...options, goals: a });
  const cb = goalCutoff(model, leads, { ...options, goals: b });
  const wa = ca.cutoff.workedMask, wb = cb.cutoff.workedMask;
  let both = 0, onlyA = 0, onlyB = 0;
  for (let i = 0; i < leads.length; i++) {
    if (wa[i] && wb[i]) both++;
    else if (wa[i]) onlyA++;
    else if (wb[i]) onlyB++;
  }
  const union = both + onlyA + onlyB;
  const pa = validateGoalProfile(a, 'profile A', model), pb = validateGoalProfile(b, 'profile B', model);
  const ref = modelReference(model);
  const move = (i: number): ProfileMove => explainMove(i, ca, cb, pa, pb, ref);
  const movedIn = cb.cutoff.worked.filter((i) => !wa[i]).sort((x, y) => cb.cutoff.rank[x] - cb.cutoff.rank[y]).map(move);
  const movedOut = ca.cutoff.worked.filter((i) => !wb[i]).sort((x, y) => ca.cutoff.rank[x] - ca.cutoff.rank[y]).map(move);
  return { a: ca, b: cb, overlap: { both, onlyA, onlyB, jaccard: union ? both / union : 1 }, movedIn, movedOut };
}

const OUTPUT_WORDS = { expectedValue: 'expected value', winProbability: 'P(win)', valueIfWon: 'value if won' } as const;

function explainMove(i: number, ca: GoalCutoff, cb: GoalCutoff, pa: GoalProfile, pb: GoalProfile, ref: { expectedValue: number; winProbability: number; valueIfWon: number }): ProfileMove {
  const sa: LeadScore = ca.scores[i], sb: LeadScore = cb.scores[i];
  const relative = { expectedValue: sa.expectedValue / ref.expectedValue, winProbability: sa.pWin / ref.winProbability, valueIfWon: sa.valueIfWon / ref.valueIfWon };
  const mix = (p: GoalProfile) => {
    const w = p.weights, v = w.valueIfWon ?? 0;
    return (w.expectedValue * relative.expectedValue + w.winProbability * relative.winProbability + v * relative.valueIfWon) / (w.expectedValue + w.winProbability + v);
  };
  const weightsFactor = mix(pb) / mix(pa);
  const multiplierOf = (p: GoalProfile, s: LeadScore, name: string) => (s.segments.includes(name) ? p.segments!.find((x) => x.name === name)!.multiplier : null);
  const names = [...new Set([...sa.segments, ...sb.segments])];
  const segments: SegmentShift[] = names
    .map((segment) => {
      const ma = multiplierOf(pa, sa, segment), mb = multiplierOf(pb, sb, segment);
      return { segment, a: ma, b: mb, factor: (mb ?? 1) / (ma ?? 1) };
    })
    .filter((s) => s.factor !== 1);
  const used = (['expectedValue', 'winProbability', 'valueIfWon'] as const).filter((k) => (pa.weights[k] ?? 0) > 0 || (pb.weights[k] ?? 0) > 0);
  const parts: { size: number; text: string }[] = [];
  // A lead a minimum swapped in (under B) or out (under B, of A's set) is there because of the minimum, whatever its score.
  for (const m of cb.cutoff.minimums) {
    if (m.added.includes(i)) parts.push({ size: Infinity, text: `brought in by B's minimum ≥ ${(100 * m.share).toFixed(0)}% "${m.segment}"` });
    if (m.removed.includes(i)) parts.push({ size: Infinity, text: `displaced by B's minimum ≥ ${(100 * m.share).toFixed(0)}% "${m.segment}"` });
  }
  for (const m of ca.cutoff.minimums) {
    if (m.added.includes(i)) parts.push({ size: Infinity, text: `was in only by A's minimum ≥ ${(100 * m.share).toFixed(0)}% "${m.segment}"` });
    if (m.removed.includes(i)) parts.push({ size: Infinity, text: `was displaced under A by A's minimum ≥ ${(100 * m.share).toFixed(0)}% "${m.segment}"` });
  }
  if (weightsFactor !== 1) {
    const outputs = used.map((k) => `${OUTPUT_WORDS[k]} ${fmt(relative[k])}×`).join(', ');
    parts.push({ size: Math.abs(Math.log(weightsFactor)), text: `weights ×${fmt(weightsFactor)} (${outputs} the average lead)` });
  }
  for (const s of segments) {
    const side = (m: number | null) => (m === null ? 'none' : `×${fmt(m)}`);
    parts.push({ size: Number.isFinite(Math.log(s.factor)) ? Math.abs(Math.log(s.factor)) : Infinity, text: `segment ${JSON.stringify(s.segment)} ×${fmt(s.factor)} (${side(s.a)} → ${side(s.b)})` });
  }
  parts.sort((x, y) => (y.size === x.size ? 0 : y.size > x.size ? 1 : -1));
  const why = parts.length ? parts.map((p) => p.text).join('; ') : 'same score under both: other leads moved past it';
  return {
    index: i, id: ca.leads[i].id, rankA: ca.cutoff.rank[i], rankB: cb.cutoff.rank[i], scoreA: sa.score, scoreB: sb.score,
    relative, weightsFactor, segments, why,
  };
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : String(x);
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}
