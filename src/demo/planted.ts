/**
 * The planted truth of the synthetic demo history: which lead-stage signals
 * drive winning, which drive value once won, and by how much.
 *
 * {@link generateDemo} reads every number from here, so this module is the one
 * source of truth: tests compare a trained model against it, and
 * `data/demo/README.md` documents the same numbers for people.
 *
 * The story it tells: `source=webinar` is a *vanity* signal. Webinar leads win
 * often (+0.9 log-odds) but are small, often never pay and churn fast, so a
 * ranking by P(win) puts them on top while a ranking by expected value does
 * not. `employees`, `industry=finance` and senior `job_level` do nothing for
 * winning but a lot for value.
 *
 * @module
 */

/** One planted effect on a linear predictor (log-odds or log scale). */
export interface PlantedEffect {
  /** Lead column the effect reads. */
  readonly feature: string;
  /** For category columns, the levels that carry the effect; absent for numbers. */
  readonly levels?: readonly string[];
  /**
   * How a number column enters the predictor: `log1p(x)`, or `ln(x / center)`
   * (a missing value then counts as the center, i.e. 0); absent for 0/1 columns and categories.
   */
  readonly transform?: 'log1p' | 'log';
  /** For `transform: 'log'`, the value that contributes 0. */
  readonly center?: number;
  /** The coefficient added to the predictor (per unit of the transformed value, or when the level matches). */
  readonly coef: number;
  /** Why it is there, in words. */
  readonly note: string;
}

/** A linear predictor: intercept plus effects. */
export interface PlantedPredictor {
  /** What the predictor is on (`log-odds`, `log`). */
  readonly scale: 'log-odds' | 'log';
  readonly intercept: number;
  readonly effects: readonly PlantedEffect[];
}

/** Source categories, with their share of leads. */
export const SOURCES = {
  organic_search: 0.22,
  paid_search: 0.17,
  webinar: 0.14,
  referral: 0.08,
  partner: 0.08,
  cold_outbound: 0.16,
  content_download: 0.15,
} as const;

/** Industry categories, with their share of leads. */
export const INDUSTRIES = {
  saas: 0.24,
  retail: 0.13,
  manufacturing: 0.14,
  finance: 0.12,
  healthcare: 0.11,
  logistics: 0.1,
  other: 0.16,
} as const;

/** Job levels, with their share of leads; `''` is an empty (unknown) cell. */
export const JOB_LEVELS = {
  c_level: 0.08,
  vp: 0.1,
  director: 0.17,
  manager: 0.3,
  individual_contributor: 0.27,
  '': 0.08,
} as const;

/** Plans sales records at closing, with the list price per seat and month. */
export const PLANS = { starter: 25, growth: 45, enterprise: 70 } as const;

/** Contract lengths in months, with the price factor each one gets. */
export const CONTRACTS = { 1: 1, 12: 0.9, 24: 0.8 } as const;

/** How lead attributes are drawn (independently of each other, except pages on demo). */
export const LEAD_ATTRIBUTES = {
  /** `employees = round(exp(ln(median) + sigma * z))`, at least 1. */
  employees: { median: 80, sigma: 1.3, missingRate: 0.05 },
  demoRequestedRate: 0.2,
  freeEmailRate: 0.2,
  /** `pages_viewed ~ Poisson(exp(logMean + sigma * z + demoBoost * demo_requested))`. */
  pagesViewed: { logMean: 1.2, sigma: 0.8, demoBoost: 0.5 },
  /** Lead volume: relative weight `(1 + trend * t) * weekday[dow]`, t from 0 at start to 1 at end; weekday 0 = Sunday. */
  volume: { trend: 0.6, weekday: [0.3, 1, 1.1, 1.05, 1, 0.85, 0.35] },
} as const;

/**
 * Win: `P(won) = sigmoid(intercept + sum of effects)`. Only lead-stage
 * columns, so a lead-stage model can learn it.
 */
export const WIN: PlantedPredictor = {
  scale: 'log-odds',
  intercept: -3.2,
  effects: [
    { feature: 'demo_requested', coef: 1.5, note: 'asking for a demo is the strongest buying signal' },
    { feature: 'source', levels: ['referral'], coef: 1.2, note: 'referred leads trust the product already' },
    { feature: 'source', levels: ['webinar'], coef: 0.9, note: 'vanity signal: webinar leads win often, but see VALUE, NO_PAY and CHURN' },
    { feature: 'free_email', coef: -1.0, note: 'gmail-style sign-ups are rarely serious buyers' },
    { feature: 'pages_viewed', transform: 'log1p', coef: 0.55, note: 'engagement in the first week' },
  ],
};

/** Delay from `created_at` to `won_at`: lognormal days, clamped; wins after `dataEnd` are not yet won. */
export const WIN_DELAY = { medianDays: 35, sigma: 0.6, minDays: 10, maxDays: 120 } as const;

/**
 * Value index `u` of a won account: the sum of these effects (no intercept,
 * 0 for a median-size non-finance non-senior non-webinar account). It moves
 * the monthly amount (`ln(MRR) = ln(baseMonthly) + u + noise`), the chance the
 * account never pays ({@link NO_PAY}) and its churn ({@link CHURN}). None of
 * these columns move winning.
 */
export const VALUE: PlantedPredictor & { readonly baseMonthly: number; readonly noiseSigma: number } = {
  scale: 'log',
  intercept: 0,
  baseMonthly: 600,
  noiseSigma: 0.35,
  effects: [
    { feature: 'employees', transform: 'log', center: 80, coef: 0.6, note: 'bigger companies buy more seats (missing employees count as the median)' },
    { feature: 'industry', levels: ['finance'], coef: 0.7, note: 'finance pays more per seat and stays' },
    { feature: 'job_level', levels: ['c_level', 'vp'], coef: 0.5, note: 'senior champions land bigger deals' },
    { feature: 'source', levels: ['webinar'], coef: -0.7, note: 'vanity signal: webinar wins are small' },
  ],
};

/**
 * Never pays: a won deal that never activates, so no invoice at all.
 * `P = sigmoid(intercept + uCoef * u + sum of effects)`; about 35% of won accounts.
 */
export const NO_PAY = {
  scale: 'log-odds',
  intercept: -0.75,
  uCoef: -0.8,
  effects: [{ feature: 'source', levels: ['webinar'], coef: 0.6, note: 'webinar wins often never start' }],
} as const;

/**
 * Churn: before each monthly invoice after the committed contract months,
 * the account leaves with `P = sigmoid(intercept + uCoef * u + sum of effects)`.
 */
export const CHURN = {
  scale: 'log-odds',
  intercept: -2.9,
  uCoef: -0.6,
  effects: [{ feature: 'source', levels: ['webinar'], coef: 1.2, note: 'webinar customers churn fast' }],
} as const;

/**
 * Deal-stage fields sales records at closing, derived from the monthly amount
 * (so they are strongly correlated with value, and leaky for predicting a win):
 * contract by `u + contractNoise * z` against thresholds, plan by
 * `ln(MRR) + planNoise * z` against `ln(planThresholds)`, seats so that
 * `seats * price * contract factor` is the invoiced monthly amount.
 */
export const DEAL_FIELDS = {
  contractNoise: 0.6,
  /** `u + noise > 0.8` → 24 months, `> -0.2` → 12 months, else monthly. */
  contractThresholds: { 24: 0.8, 12: -0.2 },
  planNoise: 0.3,
  /** Monthly amounts below 300 → starter, below 1500 → growth, else enterprise. */
  planThresholds: { growth: 300, enterprise: 1500 },
} as const;

/**
 * Two far-future rows appended to revenue.csv, as real CRM exports have
 * (a mis-keyed year): copies of a real invoice of two paying accounts with the
 * year set to 2030. They lie years after any horizon, so they change no label,
 * but a data end taken as the maximum date would be 2030 instead of `dataEnd`.
 */
export const OUTLIERS = { count: 2, year: 2030 } as const;

/** Targets the planted numbers were tuned for (checked by test/demo). */
export const TARGETS = {
  winRate: 0.15,
  zeroRevenue90dShareOfWon: 0.35,
  heldOutWinAuc: 0.75,
} as const;

/** The whole planted truth in one object, e.g. to print it or compare a trained model against it. */
export const PLANTED = {
  win: WIN,
  winDelay: WIN_DELAY,
  value: VALUE,
  noPay: NO_PAY,
  churn: CHURN,
  dealFields: DEAL_FIELDS,
  leadAttributes: LEAD_ATTRIBUTES,
  outliers: OUTLIERS,
  targets: TARGETS,
} as const;

/**
 * The effects of a predictor as a flat map, keyed `feature` for numbers and
 * `feature=level` for category levels (one key per level), e.g.
 * `{ demo_requested: 1.5, 'source=referral': 1.2, ... }`. Features not listed
 * have a planted effect of 0.
 * @param predictor - {@link WIN}, {@link VALUE}, or the effects of {@link NO_PAY} / {@link CHURN}
 * @example
 * plantedCoefficients(WIN)['source=webinar'] // 0.9
 */
export function plantedCoefficients(predictor: { readonly effects: readonly PlantedEffect[] }): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of predictor.effects) {
    for (const key of e.levels ? e.levels.map((level) => `${e.feature}=${level}`) : [e.feature]) out[key] = (out[key] ?? 0) + e.coef;
  }
  return out;
}

/** Lead attributes as the generator sees them (before CSV formatting). */
export interface DemoLeadAttributes {
  source: string;
  industry: string;
  /** NaN when missing. */
  employees: number;
  /** `''` when missing. */
  job_level: string;
  pages_viewed: number;
  demo_requested: 0 | 1;
  free_email: 0 | 1;
}

/** Evaluates a planted predictor on one lead (without any noise). */
export function plantedPredictor(predictor: Pick<PlantedPredictor, 'intercept' | 'effects'>, lead: DemoLeadAttributes): number {
  let sum = predictor.intercept;
  for (const effect of predictor.effects) sum += effect.coef * effectValue(effect, lead);
  return sum;
}

/** The planted win log-odds of a lead. */
export function plantedWinLogit(lead: DemoLeadAttributes): number {
  return plantedPredictor(WIN, lead);
}

/** The planted value index `u` of a lead, should it be won. */
export function plantedValueIndex(lead: DemoLeadAttributes): number {
  return plantedPredictor(VALUE, lead);
}

function effectValue(effect: PlantedEffect, lead: DemoLeadAttributes): number {
  const raw = (lead as unknown as Record<string, string | number>)[effect.feature];
  if (effect.levels) return effect.levels.includes(String(raw)) ? 1 : 0;
  const x = Number(raw);
  if (effect.transform === 'log1p') return Math.log1p(x);
  if (effect.transform === 'log') return Number.isFinite(x) && x > 0 ? Math.log(x / (effect.center ?? 1)) : 0;
  return x;
}
