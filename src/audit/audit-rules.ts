import { DAY_MS, formatDay, parseDate } from '../core/dates.js';
import { formatCount } from '../core/format-count.js';
import { formatPercent } from '../core/format-percent.js';
import { formatThousands } from '../core/format-thousands.js';
import { createRng, type Rng } from '../core/rng.js';
import { Warnings } from '../core/warn.js';
import { bootstrapMetrics, type Statistic } from '../evaluate/bootstrap.js';
import { wilsonInterval, type Proportion } from '../evaluate/wilson-interval.js';
import type { LeadFrame } from '../join/build-lead-frame.js';
import type { MetricValue } from '../scoring/model-types.js';
import { applyRules, findFeature, type RuleMatches } from './apply-rules.js';
import { glmContributions, type RuleAuditModel } from './model-contributions.js';
import { conditionFeatures, describeCondition, type RuleSet } from './rule-set.js';

/** Options of {@link auditRules}. */
export interface AuditOptions {
  /** A fitted two-part model to compare each rule's points with (e.g. `trainModel(data).final`). */
  model?: RuleAuditModel;
  /** Randomness for the bootstrap (default `createRng(42).child('audit')`). */
  rng?: Rng;
  /** Bootstrap resamples (default 200). */
  resamples?: number;
  /** Interval coverage, Wilson and bootstrap (default 0.95). */
  level?: number;
  /** Criteria older than this many days at the data's end are overdue for review (default 92: a quarter, as the essay recommends). */
  reviewEveryDays?: number;
  /** A rule firing on more than this share of leads "fires on almost everything" (default 0.95). */
  almostAll?: number;
  /** The recent window, in days before the newest lead, for spotting dormant rules (default 90). */
  recentDays?: number;
  /** Smallest mean contribution difference (log-odds, or log value) counted as an effect of the model (default 0.1, about ±10%). */
  minEffect?: number;
  /** Where unknown category levels in the rules are reported. */
  warnings?: Warnings;
  /** Precomputed {@link applyRules} result (default: computed here). */
  matches?: RuleMatches;
}

/** Outcomes of one group of leads: qualified, not qualified, or all. */
export interface GroupOutcome {
  group: 'qualified' | 'not qualified' | 'all';
  leads: number;
  /** Share of all leads in this group. */
  leadShare: number;
  won: number;
  /** Won / leads, with its Wilson interval. */
  winRate: Proportion;
  /** Leads whose value is known (censored won leads left out). */
  valueKnown: number;
  /** Won leads whose value is known (their horizon is complete). */
  wonValueKnown: number;
  /** Leads with value above 0 in the horizon. */
  valuable: number;
  /** Won with value known, but value 0: qualified-but-worthless when the group is `qualified`. */
  wonWithoutValue: number;
  /** Value in the horizon, summed over leads whose value is known. */
  totalValue: number;
  /** Mean value of the won leads whose value is known. */
  valuePerWon: number;
  /**
   * Expected value per lead = win rate × value per won lead (censored won leads left out), with a bootstrap
   * interval. (A mean over every lead whose value is known would keep recent leads never won but drop recent
   * won ones, and understate it.)
   */
  valuePerLead: MetricValue;
  /** This group's share of the total value of all leads. */
  valueShare: number;
}

/** How a rule's points compare with what a model learned about the leads it fires on. */
export interface RuleAgreement {
  /** Mean contribution of leads the rule fires on minus that of the rest (log-odds of winning, or log value if won). */
  delta: number;
  /** The points the model would give: `delta` × the scale that makes the model's absolute effects sum to the rules' absolute points. Null for boolean rule sets. */
  impliedPoints: number | null;
  verdict: 'agrees' | 'too large' | 'too small' | 'opposite sign' | 'no clear effect' | 'n/a';
}

/** Observed direction of a lift: its interval above 1, below 1, or straddling it. */
export type LiftDirection = 'higher' | 'lower' | 'unclear' | 'n/a';

/** Staleness flags of one rule. */
export type RuleFlag = 'never fires' | 'fires on almost all' | 'dormant';

/** The audit of one rule. */
export interface RuleOutcome {
  name: string;
  /** The condition in words, e.g. `origin = paid_search`. */
  condition: string;
  features: string[];
  /** Points it adds (null in a boolean rule set). */
  points: number | null;
  note?: string;
  fires: number;
  fireRate: number;
  /** Fires among leads of the recent window, and the window's lead count. */
  recentFires: number;
  recentLeads: number;
  winRate: { fires: Proportion; not: Proportion };
  /** Win rate when the rule fires ÷ when it does not, with a bootstrap interval; all three NaN when undefined (no won lead among the rest). */
  winLift: MetricValue;
  /** Expected value per lead (win rate × value per won lead with value known) when it fires and when not. */
  valuePerLead: { fires: number; not: number };
  /**
   * Value per lead when it fires ÷ when not, with a bootstrap interval. All three are NaN (null in plain JSON,
   * `"NaN"` in the CLI's --report) when the ratio is undefined on all leads: the rest bring no value, or none
   * of the rule's won leads has a known value.
   */
  valueLift: MetricValue;
  /** Whether the lift intervals lie above or below 1. */
  observed: { win: LiftDirection; value: LiftDirection };
  /** Agreement with the model's win and value parts (when a model was given). */
  model?: { win: RuleAgreement; value: RuleAgreement };
  flags: RuleFlag[];
}

/** The audit of a rule set against outcomes on the history. Plain data: JSON-able (NaN aside). */
export interface RuleAudit {
  ruleSet: {
    name: string; description?: string; owner?: string; updated?: string; example: boolean; file?: string;
    /** `points ≥ minPoints`, or `all` / `any` rules. */
    qualify: string;
    rules: number;
  };
  data: { leads: number; won: number; valueKnown: number; censored: number; totalValue: number; horizon: string; dataEnd: string; from: string; to: string };
  groups: GroupOutcome[];
  /** Qualified vs not qualified: win rate and value per lead ratios, bootstrap intervals. */
  lift: { winRate: MetricValue; valuePerLead: MetricValue };
  /** Qualified, won, value known, yet no value in the horizon. */
  worthless: { count: number; qualifiedWonKnown: number; shareOfQualifiedWon: number; qualifiedKnown: number; shareOfQualified: number; shareOfRestWon: number };
  /** Not qualified, yet valuable (value above 0 in the horizon). */
  missed: { count: number; valuable: number; shareOfValuable: number; value: number; shareOfValue: number };
  rules: RuleOutcome[];
  staleness: {
    updated: string | null;
    /** Days from the update to the data's end; negative when the update is after the data's end (in the future relative to the data). */
    ageDays: number | null;
    /** Older than `reviewEveryDays` at the data's end (never for an update after it). */
    reviewEveryDays: number;
    overdue: boolean | null;
    /** Leads created on or after the update (the ones today's criteria can have governed). */
    leadsSinceUpdate: number | null;
    recentWindow: { from: string; to: string; leads: number };
    neverFire: string[];
    fireOnAlmostAll: string[];
    dormant: string[];
  };
  model: { minEffect: number; pointsPerLogOdds: number | null; pointsPerLogValue: number | null } | null;
  bootstrap: { resamples: number; level: number; seed: number };
  /** The findings in words, most important first. */
  notes: string[];
}

/**
 * Audits today's qualification rules against outcomes on the history: for
 * the leads the rules qualify vs the rest, counts, win rate (Wilson
 * intervals), long-term value per lead and share of value (bootstrap
 * intervals); the qualified-but-worthless share and the missed value; per
 * rule, the lift in win rate and in value per lead when it fires (bootstrap
 * intervals on shared resamples, so lifts are comparable), whether its points
 * agree with what a model learned, and staleness (age of the criteria, rules
 * that never fire, fire on almost everything, or stopped firing recently).
 *
 * Value per lead is over leads whose value is known: censored won leads
 * (horizon not complete) are left out, never counted as 0.
 *
 * The audit itself is not segmented: `leadvalue audit --by <feature>`
 * segments the funnel it prints after the audit: in code, `funnelReview(frame, { rules, by })`.
 * @param frame - the history (buildLeadFrame / prepareData)
 * @param rules - the rule set (readRuleSet)
 * @param options - model to compare with, rng, resamples, thresholds
 * @returns plain data; {@link auditTables} turns it into arquero tables
 * @throws LeadvalueError when the rules name unknown or deal-stage features
 * @example
 * const audit = auditRules(data.frame, readRuleSet('configs/rules/demo.json'), { model: trainModel(data).final });
 * audit.worthless.shareOfQualifiedWon; // e.g. 0.36
 */
export function auditRules(frame: LeadFrame, rules: RuleSet, options: AuditOptions = {}): RuleAudit {
  const {
    resamples = 200, level = 0.95, reviewEveryDays = 92, almostAll = 0.95, recentDays = 90, minEffect = 0.1,
    warnings = new Warnings(),
  } = options;
  const rng = options.rng ?? createRng(42).child('audit');
  const n = frame.rows;
  const matches = options.matches ?? applyRules(rules, frame, warnings);
  const { qualified, fires } = matches;
  const won = frame.won;
  const known = Uint8Array.from(frame.censored, (c) => 1 - c);
  const value = Float64Array.from(frame.value, (v) => (Number.isNaN(v) ? 0 : v));
  const notQualified = Uint8Array.from(qualified, (q) => 1 - q);
  const everyone = new Uint8Array(n).fill(1);

  // Bootstrap statistics, all on the same resamples of leads.
  const stats: Record<string, Statistic> = {
    'vpl:qualified': valuePerLead(qualified, won, known, value),
    'vpl:not qualified': valuePerLead(notQualified, won, known, value),
    'vpl:all': valuePerLead(everyone, won, known, value),
    'lift:win': winLift(qualified, won),
    'lift:value': valueLift(qualified, won, known, value),
  };
  fires.forEach((mask, k) => {
    stats[`rule${k}:win`] = winLift(mask, won);
    stats[`rule${k}:value`] = valueLift(mask, won, known, value);
  });
  const ci = n > 0 ? bootstrapMetrics(n, stats, { rng, resamples, level }) : {};
  const interval = (name: string): MetricValue => {
    const x = (ci as Record<string, { estimate: number; low: number; high: number }>)[name];
    // No estimate, no interval: resamples that miss the rows making it undefined can still give numbers (a lift of 0 where
    // the rule's won leads were not drawn), and an interval of [0, 0] around a missing estimate reads as a finding.
    return x && !Number.isNaN(x.estimate) ? { estimate: x.estimate, low: x.low, high: x.high } : { estimate: NaN, low: NaN, high: NaN };
  };

  let totalValue = 0, valueKnown = 0, wonCount = 0;
  for (let i = 0; i < n; i++) { totalValue += value[i]; valueKnown += known[i]; wonCount += won[i]; }
  const group = (name: GroupOutcome['group'], mask: Uint8Array): GroupOutcome => {
    let leads = 0, w = 0, k = 0, wk = 0, valuable = 0, wonWithoutValue = 0, total = 0;
    for (let i = 0; i < n; i++) {
      if (!mask[i]) continue;
      leads++; w += won[i];
      if (!known[i]) continue;
      k++; total += value[i]; wk += won[i];
      if (value[i] > 0) valuable++;
      else if (won[i]) wonWithoutValue++;
    }
    return {
      group: name, leads, leadShare: leads / n, won: w, winRate: wilsonInterval(w, leads, level),
      valueKnown: k, wonValueKnown: wk, valuable, wonWithoutValue, totalValue: round2(total),
      valuePerWon: wk ? total / wk : NaN, valuePerLead: interval(`vpl:${name}`),
      valueShare: totalValue > 0 ? total / totalValue : NaN,
    };
  };
  const groups = [group('qualified', qualified), group('not qualified', notQualified), group('all', everyone)];
  const [q, rest, all] = groups;

  const worthless = {
    count: q.wonWithoutValue, qualifiedWonKnown: q.wonValueKnown, shareOfQualifiedWon: q.wonWithoutValue / q.wonValueKnown,
    qualifiedKnown: q.valueKnown, shareOfQualified: q.wonWithoutValue / q.valueKnown,
    shareOfRestWon: rest.wonWithoutValue / rest.wonValueKnown,
  };
  const missed = {
    count: rest.valuable, valuable: all.valuable, shareOfValuable: rest.valuable / all.valuable,
    value: rest.totalValue, shareOfValue: rest.valueShare,
  };

  // Recent window, for dormant rules.
  let newest = -Infinity, oldest = Infinity;
  for (let i = 0; i < n; i++) { newest = Math.max(newest, frame.createdAt[i]); oldest = Math.min(oldest, frame.createdAt[i]); }
  const windowStart = newest - recentDays * DAY_MS;
  const recent = Uint8Array.from(frame.createdAt, (t) => (t > windowStart ? 1 : 0));
  let recentLeads = 0;
  for (let i = 0; i < n; i++) recentLeads += recent[i];

  // Model agreement.
  let agreement: { win: RuleAgreement; value: RuleAgreement }[] | null = null;
  let modelSummary: RuleAudit['model'] = null;
  if (options.model) {
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const parts = (['win', 'value'] as const).map((part) => {
      const contrib = glmContributions(options.model![part], options.model!.features, frame.features, rows);
      const deltas = fires.map((mask) => meanDifference(contrib, mask));
      return judge(deltas, rules, minEffect);
    });
    agreement = fires.map((_, k) => ({ win: parts[0].verdicts[k], value: parts[1].verdicts[k] }));
    modelSummary = { minEffect, pointsPerLogOdds: parts[0].scale, pointsPerLogValue: parts[1].scale };
  }

  const ruleOutcomes = rules.rules.map((rule, k): RuleOutcome => {
    const mask = fires[k];
    let f = 0, fw = 0, rf = 0, fk = 0, fv = 0, nk = 0, nv = 0;
    for (let i = 0; i < n; i++) {
      const wonKnown = won[i] === 1 && known[i] === 1;
      if (mask[i]) { f++; fw += won[i]; rf += recent[i]; if (wonKnown) { fk++; fv += value[i]; } } else if (wonKnown) { nk++; nv += value[i]; }
    }
    const flags: RuleFlag[] = [];
    if (f === 0) flags.push('never fires');
    else if (f / n > almostAll) flags.push('fires on almost all');
    if (f > 0 && recentLeads > 0 && rf === 0) flags.push('dormant');
    const winL = interval(`rule${k}:win`), valueL = interval(`rule${k}:value`);
    const out: RuleOutcome = {
      name: rule.name, condition: describeCondition(rule.when), features: conditionFeatures(rule.when).map((x) => findFeature(frame.features, x)?.name ?? x),
      points: rule.points ?? null, fires: f, fireRate: f / n, recentFires: rf, recentLeads,
      winRate: { fires: wilsonInterval(fw, f, level), not: wilsonInterval(wonCount - fw, n - f, level) },
      winLift: winL,
      valuePerLead: { fires: perLead(f, fw, fk, fv), not: perLead(n - f, wonCount - fw, nk, nv) },
      valueLift: valueL,
      observed: { win: direction(winL), value: direction(valueL) },
      flags,
    };
    if (rule.note !== undefined) out.note = rule.note;
    if (agreement) out.model = agreement[k];
    return out;
  });

  const updatedMs = rules.updated ? parseDate(rules.updated) : NaN;
  const ageDays = Number.isNaN(updatedMs) ? null : Math.floor((frame.dataEnd - updatedMs) / DAY_MS);
  const audit: RuleAudit = {
    ruleSet: {
      name: rules.name, description: rules.description, owner: rules.owner, updated: rules.updated, example: rules.example === true, file: rules.file,
      qualify: 'minPoints' in rules.qualify ? `points ≥ ${rules.qualify.minPoints}` : `${rules.qualify.match} rules`,
      rules: rules.rules.length,
    },
    data: {
      leads: n, won: wonCount, valueKnown, censored: n - valueKnown, totalValue: round2(totalValue),
      horizon: frame.report.horizon, dataEnd: formatDay(frame.dataEnd),
      from: n ? formatDay(oldest) : '', to: n ? formatDay(newest) : '',
    },
    groups,
    lift: { winRate: interval('lift:win'), valuePerLead: interval('lift:value') },
    worthless, missed,
    rules: ruleOutcomes,
    staleness: {
      updated: rules.updated ?? null, ageDays, reviewEveryDays, overdue: ageDays === null ? null : ageDays > reviewEveryDays,
      leadsSinceUpdate: Number.isNaN(updatedMs) ? null : countWhere(n, (i) => frame.createdAt[i] >= updatedMs),
      recentWindow: { from: n ? formatDay(windowStart + DAY_MS) : '', to: n ? formatDay(newest) : '', leads: recentLeads },
      neverFire: ruleOutcomes.filter((r) => r.flags.includes('never fires')).map((r) => r.name),
      fireOnAlmostAll: ruleOutcomes.filter((r) => r.flags.includes('fires on almost all')).map((r) => r.name),
      dormant: ruleOutcomes.filter((r) => r.flags.includes('dormant')).map((r) => r.name),
    },
    model: modelSummary,
    bootstrap: { resamples, level, seed: rng.seed },
    notes: [],
  };
  audit.notes = auditNotes(audit, almostAll);
  return audit;
}

/**
 * Expected value per lead of the leads in a mask: win rate × mean value of
 * the won leads whose value is known. Averaging over every lead whose value
 * is known instead would keep recent leads never won but drop recent won ones
 * (censored), and understate value per lead, most for groups that win most.
 */
function perLead(leads: number, won: number, wonKnown: number, wonValue: number): number {
  if (leads === 0) return NaN;
  if (won === 0) return 0;
  return wonKnown ? (won / leads) * (wonValue / wonKnown) : NaN;
}

function valuePerLead(mask: Uint8Array, won: Uint8Array, known: Uint8Array, value: Float64Array): Statistic {
  return (idx) => {
    let a = 0, w = 0, k = 0, v = 0;
    for (let j = 0; j < idx.length; j++) {
      const i = idx[j];
      if (!mask[i]) continue;
      a++;
      if (!won[i]) continue;
      w++;
      if (known[i]) { k++; v += value[i]; }
    }
    return perLead(a, w, k, v);
  };
}

function winLift(mask: Uint8Array, won: Uint8Array): Statistic {
  return (idx) => {
    let a = 0, aw = 0, b = 0, bw = 0;
    for (let j = 0; j < idx.length; j++) { const i = idx[j]; if (mask[i]) { a++; aw += won[i]; } else { b++; bw += won[i]; } }
    return a > 0 && b > 0 && bw > 0 ? (aw / a) / (bw / b) : NaN;
  };
}

function valueLift(mask: Uint8Array, won: Uint8Array, known: Uint8Array, value: Float64Array): Statistic {
  return (idx) => {
    // [leads, won, won with value known, their value] for the mask and the rest
    const c = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < idx.length; j++) {
      const i = idx[j];
      const o = mask[i] ? 0 : 4;
      c[o]++;
      if (!won[i]) continue;
      c[o + 1]++;
      if (known[i]) { c[o + 2]++; c[o + 3] += value[i]; }
    }
    const fires = perLead(c[0], c[1], c[2], c[3]), rest = perLead(c[4], c[5], c[6], c[7]);
    return rest > 0 ? fires / rest : NaN;
  };
}

function meanDifference(x: Float64Array, mask: Uint8Array): number {
  let a = 0, sa = 0, b = 0, sb = 0;
  for (let i = 0; i < x.length; i++) if (mask[i]) { a++; sa += x[i]; } else { b++; sb += x[i]; }
  return a > 0 && b > 0 ? sa / a - sb / b : NaN;
}

/**
 * Verdicts of one model part for every rule. Points are on an arbitrary
 * scale, so the model's effects are put on the rules' scale first: the scale
 * makes the sum of |implied points| equal the sum of |points| (over rules
 * with a defined effect). A rule agrees when its sign matches and its size is
 * within a factor 2 of the implied points.
 */
function judge(deltas: number[], rules: RuleSet, minEffect: number): { scale: number | null; verdicts: RuleAgreement[] } {
  const byPoints = 'minPoints' in rules.qualify;
  let sumPoints = 0, sumDelta = 0;
  deltas.forEach((d, k) => { if (!Number.isNaN(d)) { sumPoints += Math.abs(rules.rules[k].points ?? 0); sumDelta += Math.abs(d); } });
  const scale = byPoints && sumDelta > 0 && sumPoints > 0 ? sumPoints / sumDelta : null;
  const verdicts = deltas.map((delta, k): RuleAgreement => {
    const points = rules.rules[k].points ?? 1;
    const impliedPoints = byPoints ? (scale === null || Number.isNaN(delta) ? NaN : scale * delta) : null;
    let verdict: RuleAgreement['verdict'];
    if (Number.isNaN(delta)) verdict = 'n/a';
    else if (Math.abs(delta) < minEffect) verdict = points === 0 ? 'agrees' : 'no clear effect';
    else if (points === 0) verdict = 'too small';
    else if (Math.sign(points) !== Math.sign(delta)) verdict = 'opposite sign';
    else if (impliedPoints === null || Number.isNaN(impliedPoints)) verdict = 'agrees';
    else {
      const ratio = Math.abs(points) / Math.abs(impliedPoints);
      verdict = ratio > 2 ? 'too large' : ratio < 0.5 ? 'too small' : 'agrees';
    }
    return { delta, impliedPoints, verdict };
  });
  return { scale, verdicts };
}

function direction(m: MetricValue): LiftDirection {
  if (!Number.isFinite(m.estimate) || Number.isNaN(m.low) || Number.isNaN(m.high)) return 'n/a';
  return m.low > 1 ? 'higher' : m.high < 1 ? 'lower' : 'unclear';
}

function countWhere(n: number, test: (i: number) => boolean): number {
  let c = 0;
  for (let i = 0; i < n; i++) if (test(i)) c++;
  return c;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

const pct = (x: number) => (Number.isFinite(x) ? formatPercent(x) : 'n/a');
const num = (x: number, digits = 2) => (Number.isFinite(x) ? (Math.abs(x) >= 10000 ? formatThousands(x) : x.toFixed(digits)) : 'n/a');
/** formatCount with thousands separated: `8,000 leads`, `1 lead`. */
const count = (n: number, singular: string, plural?: string) => formatCount(n, singular, plural).replace(/^\d+/, (d) => formatThousands(Number(d)));
const ciText = (m: MetricValue) => `${num(m.estimate)} [${num(m.low)}, ${num(m.high)}]`;

/** The audit's findings in plain words. */
function auditNotes(a: RuleAudit, almostAll: number): string[] {
  const notes: string[] = [];
  if (a.ruleSet.example) notes.push(`EXAMPLE: "${a.ruleSet.name}" is an illustrative rule set, not the company's real qualification criteria.`);
  const s = a.staleness;
  if (s.updated === null) notes.push('The rule set does not say when the criteria were last updated: nobody can tell whether they reflect current priorities (add "updated": "YYYY-MM-DD").');
  else {
    // An update after the data's end is not "−60 days before" it, and not overdue: the history predates these criteria.
    const age = s.ageDays !== null && s.ageDays < 0
      ? `${count(-s.ageDays, 'day')} after the data's end (${a.data.dataEnd}): in the future relative to the data.`
      : `${count(s.ageDays!, 'day')} before the data's end (${a.data.dataEnd})` + (s.overdue ? `: overdue for review (reviews every ${count(s.reviewEveryDays, 'day')}).` : '.');
    notes.push(`Criteria last updated ${s.updated}, ${age}` +
      (s.leadsSinceUpdate !== null && s.leadsSinceUpdate < a.data.leads ? ` Today's criteria are applied to all ${count(a.data.leads, 'lead')}; ${formatThousands(a.data.leads - s.leadsSinceUpdate)} ${a.data.leads - s.leadsSinceUpdate === 1 ? 'was' : 'were'} created before the update, under earlier criteria.` : ''));
  }
  const [q, rest] = a.groups;
  notes.push(`The rules qualify ${formatThousands(q.leads)} of ${count(a.data.leads, 'lead')} (${pct(q.leadShare)}). Qualified leads win ${pct(q.winRate.estimate)} vs ${pct(rest.winRate.estimate)} for the rest (ratio ${ciText(a.lift.winRate)}) and bring ${num(q.valuePerLead.estimate)} vs ${num(rest.valuePerLead.estimate)} per lead in ${a.data.horizon} (ratio ${ciText(a.lift.valuePerLead)}); they hold ${pct(q.valueShare)} of all value.`);
  notes.push(`Qualified but worthless: ${formatThousands(a.worthless.count)} of ${count(a.worthless.qualifiedWonKnown, 'qualified won lead')} with a complete horizon (${pct(a.worthless.shareOfQualifiedWon)}) brought no value in ${a.data.horizon} (the rest's won leads: ${pct(a.worthless.shareOfRestWon)}).`);
  notes.push(`Missed value: ${count(a.missed.count, 'lead')} the rules did not qualify brought value (${pct(a.missed.shareOfValuable)} of valuable leads), ${num(a.missed.value)} in all: ${pct(a.missed.shareOfValue)} of the total.`);
  if (s.neverFire.length) notes.push(`Never fire on this history: ${s.neverFire.join(', ')}.`);
  if (s.fireOnAlmostAll.length) notes.push(`Fire on more than ${pct(almostAll)} of leads (they separate nothing): ${s.fireOnAlmostAll.join(', ')}.`);
  if (s.dormant.length) notes.push(`Dormant: fired in the past but on none of the ${count(s.recentWindow.leads, 'lead')} since ${s.recentWindow.from}: ${s.dormant.join(', ')}.`);
  for (const r of a.rules) {
    const positive = (r.points ?? 1) > 0;
    if (r.points !== 0 && r.observed.value === (positive ? 'lower' : 'higher')) {
      notes.push(`Rule "${r.name}" (${r.points === null ? 'required' : (r.points > 0 ? '+' : '') + r.points + ' points'}) picks leads that bring ${positive ? 'less' : 'more'} value per lead: ratio ${ciText(r.valueLift)}.`);
    } else if (r.points !== 0 && r.observed.win === (positive ? 'lower' : 'higher')) {
      notes.push(`Rule "${r.name}" (${r.points === null ? 'required' : (r.points > 0 ? '+' : '') + r.points + ' points'}) picks leads that win ${positive ? 'less' : 'more'} often: ratio ${ciText(r.winLift)}.`);
    }
    if (r.model && (r.model.win.verdict === 'opposite sign' || r.model.value.verdict === 'opposite sign')) {
      const parts = (['win', 'value'] as const).filter((p) => r.model![p].verdict === 'opposite sign').map((p) => (p === 'win' ? 'winning' : 'value if won'));
      notes.push(`The model disagrees in sign with rule "${r.name}" on ${parts.join(' and ')}.`);
    }
  }
  return notes;
}
