import { LeadvalueError, shown } from '../core/errors.js';
import { didYouMean } from '../core/nearest-name.js';
import type { FeatureSpec, GoalCapacity, GoalMinimum, GoalProfile, GoalSegment, ModelFile, OutputReference } from './model-types.js';

/** The model outputs a goal profile can weight, in the order they are written. */
export const GOAL_OUTPUTS = ['expectedValue', 'winProbability', 'valueIfWon'] as const;
/** One of {@link GOAL_OUTPUTS}. */
export type GoalOutput = (typeof GOAL_OUTPUTS)[number];

const PROFILE_KEYS = ['name', 'description', 'weights', 'segments', 'capacity', 'minimums'];
const SEGMENT_KEYS = ['name', 'feature', 'levels', 'range', 'multiplier'];
const WEIGHT_HINT = 'use a number ≥ 0; weights are relative, e.g. {"expectedValue": 2, "winProbability": 1} counts expected value twice as much';

/**
 * Validates a goal profile (from a file, a model file's `goals`, or a scoring
 * override) and returns a clean copy in a fixed key order. Every problem names
 * its field: `goals.json, field weights.expectedValue: not a number (got "high"); …`.
 * With a model, segments are also checked against its features: the feature
 * exists and is known at the lead stage, `levels` go with category features
 * (and must be in the model's vocabulary, or `(missing)`), `range` with number features.
 * @param raw - the parsed document
 * @param label - where it came from, used in messages (a path, or `goals override`)
 * @param model - the model the profile will score with (optional)
 * @param prefix - path of the profile inside a larger document, e.g. `goals.` in a model file
 * @returns the profile, cleaned: `weights` with expectedValue and winProbability (0 when absent), segment multipliers filled with 1
 * @throws LeadvalueError naming the field on the first problem found
 * @example
 * validateGoalProfile({ name: 'conversion', weights: { winProbability: 1 } }, 'goals.json', model)
 */
export function validateGoalProfile(raw: unknown, label = 'goal profile', model?: Pick<ModelFile, 'features'>, prefix = ''): GoalProfile {
  const at = (path: string) => (path || prefix ? `${label}, field ${prefix}${path}` : label).replace(/\.$/, '');
  const doc = object(raw, at(''), 'a goal profile is an object with name, weights and optional segments, capacity, minimums');
  noUnknownKeys(doc, PROFILE_KEYS, at);

  const name = doc.name;
  if (typeof name !== 'string' || name.trim() === '' || /[\r\n]/.test(name)) {
    throw new LeadvalueError(at('name'), typeof name === 'string' ? 'must be a non-empty single line' : 'missing or not a text', shown(name), 'name the profile, e.g. "grow-enterprise-value"');
  }
  if (doc.description !== undefined && typeof doc.description !== 'string') throw new LeadvalueError(at('description'), 'not a text', shown(doc.description));

  const w = object(doc.weights, at('weights'), 'give weights on the outputs, e.g. {"expectedValue": 1, "winProbability": 0}');
  noUnknownKeys(w, GOAL_OUTPUTS, (k) => at(`weights.${k}`));
  const weight = (k: GoalOutput): number | undefined => {
    const v = w[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'number') throw new LeadvalueError(at(`weights.${k}`), 'not a number', shown(v), WEIGHT_HINT);
    if (!Number.isFinite(v)) throw new LeadvalueError(at(`weights.${k}`), 'not a finite number', shown(v), WEIGHT_HINT);
    if (v < 0) throw new LeadvalueError(at(`weights.${k}`), 'must be 0 or more', shown(v), 'to favour fewer leads of a kind, give its segment a multiplier below 1');
    return v;
  };
  const ev = weight('expectedValue'), p = weight('winProbability'), v = weight('valueIfWon');
  if ((ev ?? 0) + (p ?? 0) + (v ?? 0) <= 0) {
    throw new LeadvalueError(at('weights'), 'every weight is 0 or absent', shown(w), `give at least one of ${GOAL_OUTPUTS.join(', ')} a weight above 0`);
  }
  const profile = { name } as GoalProfile;
  if (doc.description !== undefined) profile.description = doc.description as string;
  profile.weights = { expectedValue: ev ?? 0, winProbability: p ?? 0 };
  if (v !== undefined) profile.weights.valueIfWon = v;

  if (doc.segments !== undefined) {
    if (!Array.isArray(doc.segments)) throw new LeadvalueError(at('segments'), 'not a list', shown(doc.segments), 'give a list of {name, feature, levels or range, multiplier}');
    const names = new Set<string>();
    profile.segments = doc.segments.map((s, i) => {
      const seg = checkSegment(s, (k) => at(`segments[${i}]${k ? `.${k}` : ''}`), model);
      if (names.has(seg.name)) throw new LeadvalueError(at(`segments[${i}].name`), 'used by an earlier segment', shown(seg.name), 'give each segment its own name');
      names.add(seg.name);
      return seg;
    });
  }
  if (doc.capacity !== undefined) profile.capacity = checkCapacity(doc.capacity, (k) => at(`capacity${k ? `.${k}` : ''}`));
  if (doc.minimums !== undefined) {
    if (!Array.isArray(doc.minimums)) throw new LeadvalueError(at('minimums'), 'not a list', shown(doc.minimums), 'give a list of {segment, share}');
    const segmentNames = (profile.segments ?? []).map((s) => s.name);
    const seen = new Set<string>();
    profile.minimums = doc.minimums.map((m, i) => {
      const min = checkMinimum(m, (k) => at(`minimums[${i}]${k ? `.${k}` : ''}`), segmentNames);
      if (seen.has(min.segment)) throw new LeadvalueError(at(`minimums[${i}].segment`), 'has a minimum already', shown(min.segment), 'give one minimum per segment');
      seen.add(min.segment);
      return min;
    });
  }
  return profile;
}

function checkSegment(raw: unknown, at: (k: string) => string, model?: Pick<ModelFile, 'features'>): GoalSegment {
  const s = object(raw, at(''), 'a segment is {name, feature, levels or range, multiplier}');
  noUnknownKeys(s, SEGMENT_KEYS, at);
  if (typeof s.name !== 'string' || s.name.trim() === '') throw new LeadvalueError(at('name'), 'missing or empty', shown(s.name), 'name the segment, e.g. "finance"');
  if (typeof s.feature !== 'string' || s.feature === '') throw new LeadvalueError(at('feature'), 'missing or not a text', shown(s.feature), 'name a lead-stage feature of the model, e.g. "industry"');
  if ((s.levels === undefined) === (s.range === undefined)) {
    throw new LeadvalueError(at(''), s.levels === undefined ? 'has neither levels nor range' : 'has both levels and range', undefined,
      'give levels (a list of category values) for a category feature, or range {min, max} for a number feature');
  }
  const seg = { name: s.name, feature: s.feature } as GoalSegment;
  if (s.levels !== undefined) {
    if (!Array.isArray(s.levels) || s.levels.length === 0) throw new LeadvalueError(at('levels'), 'not a non-empty list', shown(s.levels), 'list the category values, e.g. ["finance"]');
    s.levels.forEach((l, j) => {
      if (typeof l !== 'string' || l.trim() === '') throw new LeadvalueError(at(`levels[${j}]`), 'not a non-empty text', shown(l), 'category values are texts, e.g. "finance" (quote numbers: "1")');
      if (s.levels.indexOf(l) !== j) throw new LeadvalueError(at(`levels[${j}]`), 'listed twice', shown(l));
    });
    seg.levels = [...(s.levels as string[])];
  } else {
    const r = object(s.range, at('range'), 'give {"min": a, "max": b} (min ≤ x < max; either may be left out)');
    noUnknownKeys(r, ['min', 'max'], (k) => at(`range.${k}`));
    for (const k of ['min', 'max'] as const) {
      if (r[k] !== undefined && (typeof r[k] !== 'number' || !Number.isFinite(r[k]))) throw new LeadvalueError(at(`range.${k}`), 'not a finite number', shown(r[k]));
    }
    if (r.min === undefined && r.max === undefined) throw new LeadvalueError(at('range'), 'has neither min nor max', undefined, 'give min (inclusive), max (exclusive) or both');
    if (r.min !== undefined && r.max !== undefined && !((r.min as number) < (r.max as number))) {
      throw new LeadvalueError(at('range'), 'min must be below max', `${r.min} and ${r.max}`, 'the range is min ≤ x < max');
    }
    seg.range = {};
    if (r.min !== undefined) seg.range.min = r.min as number;
    if (r.max !== undefined) seg.range.max = r.max as number;
  }
  if (s.multiplier !== undefined) {
    if (typeof s.multiplier !== 'number' || !Number.isFinite(s.multiplier)) throw new LeadvalueError(at('multiplier'), 'not a finite number', shown(s.multiplier), 'e.g. 1.5 for 50% more weight, 0.5 for half');
    if (s.multiplier < 0) throw new LeadvalueError(at('multiplier'), 'must be 0 or more', shown(s.multiplier), 'below 1 means fewer of these leads; 0 never works them');
  }
  seg.multiplier = s.multiplier ?? 1;
  if (model) checkSegmentAgainstModel(seg, model.features, at);
  return seg;
}

function checkSegmentAgainstModel(seg: GoalSegment, features: FeatureSpec[], at: (k: string) => string): void {
  const spec = features.find((f) => f.name === seg.feature);
  if (!spec) {
    const names = features.map((f) => f.name), near = didYouMean(seg.feature, names);
    throw new LeadvalueError(at('feature'), 'not a feature of the model', shown(seg.feature), `${near ? `${near} ` : ''}the model's features: ${names.join(', ')}`);
  }
  if (spec.stage !== 'lead') {
    throw new LeadvalueError(at('feature'), 'is known only at the deal stage, so it cannot steer which new leads to work', shown(spec.stage), 'use a lead-stage feature');
  }
  if (seg.levels && spec.kind !== 'category') {
    throw new LeadvalueError(at('levels'), `${spec.name} is a number feature, so levels cannot match it`, undefined, 'use range {min, max} instead');
  }
  if (seg.range && spec.kind !== 'number') {
    throw new LeadvalueError(at('range'), `${spec.name} is a category feature, so a range cannot match it`, undefined, 'use levels [...] instead');
  }
  if (seg.levels && spec.kind === 'category') {
    seg.levels.forEach((l, j) => {
      if (l !== '(missing)' && !spec.levels.includes(l)) {
        const known = spec.levels.length > 12 ? `${spec.levels.slice(0, 12).join(', ')}, … (${spec.levels.length} in all)` : spec.levels.join(', ');
        throw new LeadvalueError(at(`levels[${j}]`), `not a level the model knows for ${spec.name}`, shown(l), `known levels: ${known}; "(missing)" matches a missing value`);
      }
    });
  }
}

function checkCapacity(raw: unknown, at: (k: string) => string): GoalCapacity {
  const c = object(raw, at(''), 'give {"leads": 40, "per": "week"}');
  noUnknownKeys(c, ['leads', 'per'], at);
  if (typeof c.leads !== 'number' || !Number.isInteger(c.leads) || c.leads < 1) {
    throw new LeadvalueError(at('leads'), 'not a whole number of leads above 0', shown(c.leads), 'how many leads sales can work per period, e.g. 40');
  }
  if (c.per !== 'week' && c.per !== 'month') throw new LeadvalueError(at('per'), 'unknown period', shown(c.per), 'use "week" or "month"');
  return { leads: c.leads, per: c.per };
}

function checkMinimum(raw: unknown, at: (k: string) => string, segments: string[]): GoalMinimum {
  const m = object(raw, at(''), 'give {"segment": "finance", "share": 0.2}');
  noUnknownKeys(m, ['segment', 'share'], at);
  if (typeof m.segment !== 'string' || !segments.includes(m.segment)) {
    throw new LeadvalueError(at('segment'), 'not the name of a segment of this profile', shown(m.segment),
      segments.length ? `segments: ${segments.join(', ')}` : 'define the segment under segments (multiplier 1 if it should not change scores)');
  }
  if (typeof m.share !== 'number' || !Number.isFinite(m.share)) throw new LeadvalueError(at('share'), 'not a number', shown(m.share), 'a fraction of the worked leads, e.g. 0.2 for 20%');
  if (!(m.share > 0 && m.share <= 1)) {
    throw new LeadvalueError(at('share'), 'must be above 0 and at most 1', shown(m.share), m.share > 1 && m.share <= 100 ? `a share is a fraction: write ${m.share / 100} for ${m.share}%` : 'a fraction of the worked leads, e.g. 0.2 for 20%');
  }
  return { segment: m.segment, share: m.share };
}

function object(v: unknown, where: string, fix: string): Record<string, any> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new LeadvalueError(where, v === undefined ? 'missing' : 'not an object', v === undefined ? undefined : shown(v), fix);
  return v as Record<string, any>;
}

function noUnknownKeys(obj: Record<string, unknown>, known: readonly string[], at: (k: string) => string): void {
  for (const k of Object.keys(obj)) {
    if (!known.includes(k)) throw new LeadvalueError(at(k), 'unknown field', undefined, `known fields here: ${known.join(', ')}`);
  }
}

/** The reference means a model combines outputs on: `params.reference`, or all 1 for a format 1.0 file. */
export function modelReference(model: Pick<ModelFile, 'params'>): OutputReference {
  return model.params.reference ?? { winProbability: 1, valueIfWon: 1, expectedValue: 1, rows: 0 };
}

/** A profile resolved against a model: weights over references, and segment matchers by feature position. */
export interface CompiledGoals {
  profile: GoalProfile;
  reference: OutputReference;
  /** Σ of the weights. */
  weightSum: number;
  segments: { name: string; feature: number; multiplier: number; matches: (value: string | number | null) => boolean }[];
}

const compiledCache = new WeakMap<object, WeakMap<object, CompiledGoals>>();

/**
 * Validates a profile against a model (once per profile object and model:
 * treat both as immutable) and prepares it for scoring. Fails closed.
 * @throws LeadvalueError naming the field when the profile is not valid for this model
 */
export function compileGoals(model: ModelFile, profile: GoalProfile, label = 'goals override'): CompiledGoals {
  let byModel = compiledCache.get(profile);
  const hit = byModel?.get(model);
  if (hit) return hit;
  const clean = validateGoalProfile(profile, label, model);
  const w = clean.weights;
  const compiled: CompiledGoals = {
    profile: clean,
    reference: modelReference(model),
    weightSum: w.expectedValue + w.winProbability + (w.valueIfWon ?? 0),
    segments: (clean.segments ?? []).map((s) => {
      const feature = model.features.findIndex((f) => f.name === s.feature);
      const levels = s.levels ? new Set(s.levels) : null;
      const min = s.range?.min ?? -Infinity, max = s.range?.max ?? Infinity;
      const matches = levels
        ? (v: string | number | null) => levels.has(v === null ? '(missing)' : String(v))
        : (v: string | number | null) => typeof v === 'number' && v >= min && v < max;
      return { name: s.name, feature, multiplier: s.multiplier, matches };
    }),
  };
  if (!byModel) compiledCache.set(profile, (byModel = new WeakMap()));
  byModel.set(model, compiled);
  return compiled;
}

/** What a goal profile made of one lead's outputs. */
export interface GoalApplied {
  score: number;
  /** Product of the multipliers of the segments the lead is in (1 when none). */
  multiplier: number;
  /** Names of the segments the lead is in, in the profile's order. */
  segments: string[];
}

/**
 * Combines one lead's model outputs by a compiled profile:
 * `(Σₒ wₒ · outputₒ / referenceₒ) / Σₒ wₒ × Π multipliers`.
 * @param values - the lead's feature values as read, by the model's feature order (category level or `(missing)`; number or null)
 */
export function applyGoals(goals: CompiledGoals, outputs: { pWin: number; valueIfWon: number; expectedValue: number }, values: (string | number | null)[]): GoalApplied {
  const w = goals.profile.weights, r = goals.reference;
  const combined = (w.expectedValue * (outputs.expectedValue / r.expectedValue) + w.winProbability * (outputs.pWin / r.winProbability)
    + (w.valueIfWon ?? 0) * (outputs.valueIfWon / r.valueIfWon)) / goals.weightSum;
  let multiplier = 1;
  const segments: string[] = [];
  for (const s of goals.segments) {
    if (s.matches(values[s.feature])) {
      multiplier *= s.multiplier;
      segments.push(s.name);
    }
  }
  return { score: combined * multiplier, multiplier, segments };
}
