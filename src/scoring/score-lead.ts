import { datePart, datePartNumber } from '../core/dates.js';
import { LeadvalueError, shown } from '../core/errors.js';
import { calibrateProbability } from './calibration.js';
import { applyGoals, compileGoals } from './goal-profile.js';
import { ebmPairParts, ebmTermContribution } from './ebm-terms.js';
import { readDate } from './read-date.js';
import { zilnPartScore } from './ziln-terms.js';
import type { FeatureSpec, GoalProfile, ModelFile, ModelState } from './model-types.js';
import type { ZilnState } from './ziln-types.js';

/** One reason: a feature's exact additive contribution to one model part. */
export interface Reason {
  feature: string;
  /** The lead's value as read (after pooling: `(other)`, `(missing)`). */
  value: string | number | null;
  /** `win`: contribution to the log-odds of winning; `value`: to log E[value | won] (GLM, EBM) or to a ZILN head (see `head`). */
  part: 'win' | 'value';
  /**
   * For a linear ZILN value part, the head the contribution is to: `logit`, the
   * log-odds that a won lead brings any value; `mu`, the log of the typical amount
   * when it does (e^c multiplies it). The expected value is not additive in them.
   */
  head?: 'logit' | 'mu';
  contribution: number;
  /** Plain words, e.g. `origin = paid_search: +0.80 to the log-odds of winning`. */
  text: string;
}

/** The score of one lead. */
export interface LeadScore {
  /** P(win | lead features). */
  pWin: number;
  /** E[value in the horizon | won, lead features]. */
  valueIfWon: number;
  /** pWin × valueIfWon: the expected long-term value of the lead. */
  expectedValue: number;
  /**
   * The goal-weighted score leads are ranked by: the outputs over their means on
   * the training leads, weighted by the profile, times segment multipliers (1 = an average lead).
   */
  score: number;
  /** Name of the goal profile the score used (the model file's, or the override). */
  goalProfile: string;
  /** Names of the profile's segments the lead is in. */
  segments: string[];
  /** Product of those segments' multipliers (1 when none). */
  multiplier: number;
  /** Top reasons by absolute contribution (both parts, most important first). */
  reasons: Reason[];
  /** Features whose category was never seen in training (scored as the pooled `(other)` level). */
  unseen: string[];
  /** Features that were missing (scored with their learned missing term). */
  missing: string[];
  /**
   * Number features more than EXTREME_Z (10) standard deviations of the training leads from their
   * mean, on the model's scale (after log1p where the feature has it): scored as given (a GLM
   * extrapolates them linearly), but most likely a typo or a unit error worth a look.
   */
  extreme: string[];
}

/** Most reasons a lead can ask for (scoreLead, scoreColumns, the service, the CLI and the exported SQL). */
export const MAX_REASONS = 100;

/**
 * Checks a requested number of reasons: a whole number from 0 to MAX_REASONS.
 * @param n - the requested count
 * @param where - the option's name in messages, e.g. `options.reasons`
 */
export function checkReasonCount(n: unknown, where: string): number {
  if (!(typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_REASONS)) {
    throw new LeadvalueError(where, `not a whole number from 0 to ${MAX_REASONS}`, shown(n), 'ask for 0 (none) to a handful of reasons per lead');
  }
  return n;
}

/** |z| above which a number is reported as extreme (10 training standard deviations from the training mean). */
export const EXTREME_Z = 10;

/** Options for scoring. */
export interface ScoreOptions {
  /** Goal profile overriding the one in the model file; validated against the model (throws LeadvalueError naming the field). */
  goals?: GoalProfile;
  /** How many reasons to return: a whole number from 0 to {@link MAX_REASONS} (default 3). `reasons` is the same option by the name scoreColumns and the service use. */
  topReasons?: number;
  /** Same as `topReasons` (give one of them). */
  reasons?: number;
  /** Used in error messages to say which lead, e.g. `leads.csv row 7`. */
  where?: string;
}

/** A feature value read from a lead, ready for the terms. */
export type Encoded = { kind: 'number'; z: number; shown: number | null } | { kind: 'category'; slot: number; shown: string; unseen: boolean };

/**
 * Scores one lead with a verified model file.
 * @param model - from parseModel / readModel
 * @param lead - an object keyed by the source column names (see `model.input` and each feature's `column`)
 * @param options - goal override, number of reasons
 * @returns probabilities, values, goal-weighted score (with the profile's name and the segments that applied), reasons, and what was unseen or missing
 * @throws LeadvalueError when the lead is not an object, a value cannot be read (a number field holding text, an unparseable date), a goals override is not valid for the model,
 *   or an output is not a finite number (a value so far out that e^η overflows; the message names the field that contributed most)
 * @example
 * scoreLead(model, { origin: 'paid_search', landing_page_id: 'abc', first_contact_date: '2018-05-01' })
 */
export function scoreLead(model: ModelFile, lead: Record<string, unknown>, options: ScoreOptions = {}): LeadScore {
  const where = options.where ?? 'lead';
  if (lead === null || typeof lead !== 'object' || Array.isArray(lead)) {
    throw new LeadvalueError(where, 'not a lead', shown(lead), 'pass an object keyed by the source column names');
  }
  const encoded = model.features.map((spec) => encodeValue(spec, lead[spec.column], where));
  const win = partScore(model.params.win, model.features, encoded);
  const value = partScore(model.params.value, model.features, encoded);
  // A calibration (params.calibration) maps the win part's log-odds to P(win) after the sum; reasons stay the model's.
  const pWin = win.eta === undefined ? win.mean : calibrateProbability(model.params.calibration, win.eta);
  const valueIfWon = value.mean;
  const expectedValue = pWin * valueIfWon;
  const goals = compileGoals(model, options.goals ?? model.goals, options.goals ? 'goals override' : 'model goals');
  const top = reasonCount(options);
  const ranked = [...win.reasons, ...value.reasons]
    .filter((r) => r.contribution !== 0)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.feature < b.feature ? -1 : 1));
  // A part without additive reasons (a ZILN MLP) says so in the last place rather than being left out silently.
  const kept = (value.note && top > 0 ? [...ranked.slice(0, top - 1), value.note] : ranked.slice(0, top));
  // GLM and EBM reasons get their text only once kept (partScore leaves it empty): most are dropped.
  const reasons = kept.map((r) => (r.text === '' ? { ...r, text: reasonText(r.feature, r.value, r.part, r.contribution) } : r));
  const unseen: string[] = [], missing: string[] = [], extreme: string[] = [];
  encoded.forEach((e, k) => {
    if (e.kind === 'category' ? e.unseen : false) unseen.push(model.features[k].name);
    if (e.shown === null || e.shown === '(missing)') missing.push(model.features[k].name);
    if (e.kind === 'number' && e.shown !== null && Math.abs(e.z) > EXTREME_Z) extreme.push(model.features[k].name);
  });
  const applied = applyGoals(goals, { pWin, valueIfWon, expectedValue }, encoded.map((e) => e.shown));
  if (!(Number.isFinite(pWin) && Number.isFinite(valueIfWon) && Number.isFinite(applied.score))) {
    throw nonFinite(where, { pWin, valueIfWon, score: applied.score }, Number.isFinite(valueIfWon) ? win.reasons : value.reasons);
  }
  return {
    pWin, valueIfWon, expectedValue,
    score: applied.score, goalProfile: goals.profile.name, segments: applied.segments, multiplier: applied.multiplier,
    reasons, unseen, missing, extreme,
  };
}

/** The refusal of an output that is not a finite number, naming the term that contributed most (in absolute value). */
export function nonFinite(where: string, outputs: Record<string, number>, reasons: Reason[]): LeadvalueError {
  const [name, v] = Object.entries(outputs).find(([, x]) => !Number.isFinite(x))!;
  const top = reasons.reduce<(typeof reasons)[number] | null>((a, r) => (!a || !(Math.abs(r.contribution) <= Math.abs(a.contribution)) ? r : a), null);
  const scale = top?.part === 'win' ? 'the log-odds of winning' : 'log value if won';
  const blame = top ? `; field ${top.feature} = ${top.value === null ? '(missing)' : top.value} contributes ${top.contribution.toPrecision(3)} to ${scale}` : '';
  return new LeadvalueError(where, `${name} is not a finite number${blame}`, String(v), 'check the value: it is far outside what the model was trained on (a typo or a unit?)');
}

/** A part's output for one lead (a probability or an amount), its reasons, and a note when it has none. */
function partScore(state: ModelState, specs: FeatureSpec[], encoded: Encoded[]): { mean: number; eta?: number; reasons: Reason[]; note?: Reason } {
  if (state.kind === 'ziln') {
    const { output, reasons } = zilnPartScore(state, specs, encoded);
    if (reasons) return { mean: output.expectedValue, reasons: reasons.map((r) => ({ ...r, part: 'value' })) };
    return { mean: output.expectedValue, reasons: [], note: valueModelNote(state) };
  }
  let eta = state.intercept;
  const part = state.link === 'logit' ? 'win' : 'value';
  const reasons: Reason[] = [];
  specs.forEach((spec, k) => {
    const e = encoded[k];
    let c: number;
    const term = state.kind === 'glm' ? state.terms[spec.name] : null;
    if (state.kind === 'ebm') c = ebmTermContribution(state.terms[spec.name], e);
    else if (term?.kind === 'number' && e.kind === 'number') c = e.shown === null ? term.missing : term.weight * e.z + term.offset;
    else if (term?.kind === 'category' && e.kind === 'category') c = term.values[e.slot];
    else throw new LeadvalueError(`feature ${spec.name}`, 'model term and feature disagree in kind', undefined, 're-export the model');
    eta += c;
    reasons.push({ feature: spec.name, value: e.shown, part, contribution: c, text: '' });
  });
  // EBM pair terms: a reason each, named `a × b`.
  if (state.kind === 'ebm') for (const r of ebmPairParts(state, specs, encoded)) {
    eta += r.contribution;
    reasons.push({ ...r, part, text: '' });
  }
  return { mean: part === 'win' ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta), eta, reasons };
}

/** The reason a ZILN MLP value part gives in place of additive ones (scoreLead puts it last). */
export function valueModelNote(state: ZilnState): Reason {
  const text = `value if won from a neural model (ZILN MLP ${state.architecture.hidden.join('-')}): no additive reasons`;
  return { feature: '(value model)', value: null, part: 'value', contribution: 0, text };
}

/** A GLM or EBM reason in plain words, e.g. `origin = paid_search: +0.80 to the log-odds of winning`. */
export function reasonText(feature: string, value: string | number | null, part: 'win' | 'value', c: number): string {
  const sign = c >= 0 ? '+' : '−';
  const v = value === null ? '(missing)' : value;
  return part === 'win'
    ? `${feature} = ${v}: ${sign}${Math.abs(c).toFixed(2)} to the log-odds of winning`
    : `${feature} = ${v}: value if won ×${Math.exp(c).toFixed(2)}`;
}

/** The reasons a ScoreOptions asks for: `topReasons` or `reasons` (one of them, or both equal), default 3. */
function reasonCount(options: ScoreOptions): number {
  const { topReasons: a, reasons: b } = options;
  if (a !== undefined && b !== undefined && a !== b) throw new LeadvalueError('options', 'topReasons and reasons differ', `${shown(a)} and ${shown(b)}`, 'give one of them');
  const n = a ?? b;
  return n === undefined ? 3 : checkReasonCount(n, a !== undefined ? 'options.topReasons' : 'options.reasons');
}

/** Reads one feature value from a lead as the model file says; `where` names the lead in messages. */
export function encodeValue(spec: FeatureSpec, raw: unknown, where: string): Encoded {
  if (spec.kind === 'number') {
    let x: number | null;
    if (spec.derive) {
      const t = readDate(raw, spec.dateFormat ?? 'iso', `${where}, field ${spec.column}`);
      x = t === null ? null : datePartNumber(t, spec.derive);
    } else x = readNumber(raw, `${where}, field ${spec.column}`);
    if (x === null) return { kind: 'number', z: 0, shown: null };
    if (spec.transform === 'log1p' && x <= -1) throw new LeadvalueError(`${where}, field ${spec.column}`, 'must be above -1 (the model takes log1p of it)', String(x), 'send a value above -1, or leave it empty when unknown');
    return { kind: 'number', z: ((spec.transform === 'log1p' ? Math.log1p(x) : x) - spec.center) / spec.scale, shown: x };
  }
  const other = spec.levels.length, missingSlot = other + 1;
  let level: string | null;
  if (spec.derive) {
    const t = readDate(raw, spec.dateFormat ?? 'iso', `${where}, field ${spec.column}`);
    level = t === null ? null : datePart(t, spec.derive);
  } else {
    level = raw === null || raw === undefined ? null : String(raw).trim();
    if (level === '') level = null;
  }
  if (level === null) return { kind: 'category', slot: missingSlot, shown: '(missing)', unseen: false };
  const slot = binarySearch(spec.levels, level);
  if (slot >= 0) return { kind: 'category', slot, shown: level, unseen: false };
  return { kind: 'category', slot: other, shown: level, unseen: true };
}

/** What the training loader accepts as a number: no hex, octal, binary or thousands separators. */
const PLAIN_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function readNumber(raw: unknown, where: string): number | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') {
    if (Number.isNaN(raw)) return null;
    if (!Number.isFinite(raw)) throw new LeadvalueError(where, 'not a finite number', String(raw), 'send a finite number, or leave it empty when unknown');
    return raw;
  }
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  if (typeof raw === 'string') {
    const x = readNumberText(raw);
    if (x === undefined) throw new LeadvalueError(where, 'not a number', shown(raw), 'send a plain decimal number, or leave it empty when unknown');
    return x;
  }
  throw new LeadvalueError(where, 'not a number', shown(raw), 'send a plain decimal number, or leave it empty when unknown');
}

/**
 * A number field's text as scoreLead reads it: trimmed; empty is missing; else
 * a plain decimal (no hex, octal, binary or thousands separators) that is finite.
 * @param text - the field as written
 * @returns the number, null when missing, undefined when scoreLead refuses it ("not a number")
 * @example
 * readNumberText(' 250 ') // 250; readNumberText('') // null; readNumberText('0x10') // undefined
 */
export function readNumberText(text: string): number | null | undefined {
  const s = text.trim();
  if (s === '') return null;
  const x = PLAIN_DECIMAL.test(s) ? Number(s) : NaN;
  return Number.isFinite(x) ? x : undefined;
}

/** Index of `key` in the sorted array `levels`, or -1. Levels are sorted with the default string order. */
export function binarySearch(levels: readonly string[], key: string): number {
  let lo = 0, hi = levels.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = levels[mid];
    if (v === key) return mid;
    if (v < key) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}
