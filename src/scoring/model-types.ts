/**
 * Types of the model file (DESIGN.md, "Model file contract"). They live with
 * the scorer because the scorer is the one reader every user has; training
 * code imports them from here, never the other way round.
 */
import type { ZilnState } from './ziln-types.js';
import type { Calibration } from './calibration.js';

/** When a feature is known: at lead creation, or only once a deal closed. */
export type FeatureStage = 'lead' | 'deal';

/** A number feature's fitted transform: z = (t(x) − center) / scale, t = identity or log1p. */
export interface NumberFeatureSpec {
  name: string;
  stage: FeatureStage;
  kind: 'number';
  /** Input field (column) the value is read from. */
  column: string;
  transform: 'none' | 'log1p';
  /** For date parts: the part of the `column` date this feature takes, as a number (month 1–12, weekday 0 = Monday … 6). */
  derive?: 'month' | 'weekday' | 'quarter' | 'hour';
  /** For date parts: the date format of the `column` (ISO 8601 is always accepted too). */
  dateFormat?: 'iso' | 'yyyymmdd' | 'dd/mm/yyyy' | 'mm/dd/yyyy';
  /** Mean of t(x) over the training rows where present. */
  center: number;
  /** Standard deviation of t(x) over those rows (1 when constant). */
  scale: number;
  /** Missing values (empty, null, absent) get the feature's own learned `missing` term. */
  missing: 'own-term';
  /** Share of training rows where it was missing. */
  missingShare: number;
}

/** A category feature's fitted vocabulary. */
export interface CategoryFeatureSpec {
  name: string;
  stage: FeatureStage;
  kind: 'category';
  /** Input field (column) the value is read from. */
  column: string;
  /** For date parts: the part of the `column` date this feature takes. */
  derive?: 'month' | 'weekday' | 'quarter' | 'hour';
  /** For date parts: the date format of the `column` (ISO 8601 is always accepted too). */
  dateFormat?: 'iso' | 'yyyymmdd' | 'dd/mm/yyyy' | 'mm/dd/yyyy';
  /** Levels kept (seen at least `minLevelCount` times in training), in a fixed sorted order. */
  levels: string[];
  /** Levels seen fewer times were pooled into the `(other)` slot; so are levels never seen (counted as unseen). */
  minLevelCount: number;
  /** Missing values get the `(missing)` slot. */
  missing: 'own-slot';
  /** Unseen levels at scoring time go to the `(other)` slot and are counted. */
  unseen: 'other-slot';
}

/** A feature with its fitted transform. */
export type FeatureSpec = NumberFeatureSpec | CategoryFeatureSpec;

/**
 * An additive term of a generalised linear model. Contributions are centred:
 * over the training rows each term averages 0, so a contribution reads as
 * "compared with an average lead".
 */
export type GlmTerm =
  /** Contribution = weight · z + offset when present, `missing` when missing. */
  | { kind: 'number'; weight: number; offset: number; missing: number }
  /** Contribution = values[slot]; slots are the spec's levels, then `(other)`, then `(missing)`. */
  | { kind: 'category'; values: number[] };

/** A regularised generalised linear model: η = intercept + Σ terms; μ = link⁻¹(η). */
export interface GlmState {
  kind: 'glm';
  /** `logit`: μ = 1/(1+e^−η) (probability); `log`: μ = e^η (a mean amount). */
  link: 'logit' | 'log';
  /** What μ means, e.g. "P(win)" or "E[value | won]". */
  target: string;
  intercept: number;
  /** One term per feature, keyed by feature name, in the order of the file's features. */
  terms: Record<string, GlmTerm>;
  /** The L2 penalty used, and how it was chosen. */
  l2: number;
  l2Choice: { candidates: number[]; validationLoss: number[]; validationRows: number } | null;
  /** Rows the model was fit on. */
  rows: number;
  iterations: number;
  converged: boolean;
}

/**
 * One shape function of an explainable boosting machine: a lookup table.
 * Contributions are centred (they average 0 over the training rows); a bin
 * or slot no training row fell in holds 0 (an average lead).
 */
export type EbmTerm =
  /**
   * Bins on the feature's z scale (after its transform): a present value z falls in
   * bin b = the number of edges below z (edges[b−1] < z ≤ edges[b]); contribution values[b]
   * (values.length = edges.length + 1); a missing value contributes `missing`.
   */
  | { kind: 'number'; edges: number[]; values: number[]; missing: number }
  /** Contribution = values[slot]; slots are the spec's levels, then `(other)` (rare and unseen levels), then `(missing)`. */
  | { kind: 'category'; values: number[] };

/**
 * A pairwise interaction of an EBM: a 2-D lookup table over two features'
 * bins. A number axis has its own (coarser) edges: bins 0…edges.length, then a
 * bin for missing (edges.length + 1); a category axis uses the spec's slots.
 */
export interface EbmPairTerm {
  features: [string, string];
  /** Per axis: edges on the z scale for a number feature, null for a category. */
  edges: [number[] | null, number[] | null];
  /** values[binA][binB], centred over the training rows. */
  values: number[][];
}

/** How an EBM was fit (every setting resolved, defaults filled in; see EBM_DEFAULTS in src/models/ebm/ebm-params.ts). */
export interface EbmSettings {
  /**
   * `log-loss` (0/1 labels, link logit), `poisson` (amounts ≥ 0, link log), `tweedie` (amounts ≥ 0, link log, variance ∝ μ^tweediePower:
   * many zeros and a long tail of money), `log1p-squared` (least squares on log1p(amount), link log).
   */
  loss: 'log-loss' | 'poisson' | 'tweedie' | 'log1p-squared';
  /** For loss `tweedie` only: the power ρ of the variance function, 1 < ρ < 2 (1 is Poisson, 2 gamma); absent for other losses. */
  tweediePower?: number;
  /** Most quantile bins for a number's present values (missing gets one more). */
  maxBins: number;
  /** Leaves of each step's split of a number's ordered bins (0: every bin its own leaf, i.e. bin means). */
  maxLeaves: number;
  /** Shrinkage of every step. */
  learningRate: number;
  /** Most boosting rounds (one round = one step per term). */
  maxRounds: number;
  /** Stop this many rounds after the best validation loss. */
  earlyStoppingRounds: number;
  /** Share of the newest rows that validate (0: no early stopping; maxRounds rounds are run). */
  validationShare: number;
  /** Folds of the cross-validation that chooses the rounds when the newest `validationShare` holds fewer than 50 rows (0: never; absent in files written before it existed). */
  folds: number;
  /** After early stopping, refit on all rows for the chosen rounds (else keep the model fit on the older rows). */
  refit: boolean;
  /** Shrinkage of each leaf's Newton step, in rows: a leaf of n rows moves n / (n + l2) of its full step (exact for squared error; otherwise in units of a row's mean hessian at the start). */
  l2: number;
  /** Refits averaged, each on Poisson(1) bootstrap weights (1: no bagging). */
  bags: number;
  /** Pairwise terms to add, chosen by FAST (0: none). */
  interactions: number;
  /** Most bins per number axis of a pair table; categories with more slots than this + 2 take no part in pairs. */
  interactionMaxBins: number;
}

/**
 * An explainable boosting machine: η = intercept + Σ term lookups + Σ pair lookups;
 * μ = link⁻¹(η). Each contribution is an exact table lookup, so reasons are exact.
 */
export interface EbmState {
  kind: 'ebm';
  /** `logit` (loss log-loss): μ is a probability; `log` (poisson, tweedie, log1p-squared): μ = e^η is a mean amount. */
  link: 'logit' | 'log';
  target: string;
  intercept: number;
  /** One shape function per feature, keyed by feature name, in the order of the file's features. */
  terms: Record<string, EbmTerm>;
  pairs: EbmPairTerm[];
  settings: EbmSettings;
  /** Boosting rounds (one round = one step per term) the stored tables were fit with: mains, then pairs. */
  rounds: { mains: number; pairs: number };
  /**
   * What chose the rounds, or null when nothing did: the inner time split (`rows` newest rows validate), or,
   * with `folds`, cross-validation (every row validated out of fold; `metric` and `score`: the pooled
   * out-of-fold ranking at the chosen rounds). `loss`: mean validation loss there.
   */
  validation: { rows: number; loss: number; roundsTried: number; folds?: number; metric?: 'AUC' | 'normalized Gini'; score?: number } | null;
  /** Rows the model was fit on. */
  rows: number;
}

/** A model part: a GLM or an EBM; the value part may also be a ZILN (see ziln-types.ts). */
export type ModelState = GlmState | EbmState | ZilnState;

/**
 * Goal profile: what the company optimises, as data (README, "Goal profiles").
 *
 * score = (Σₒ wₒ · outputₒ / referenceₒ) / Σₒ wₒ × Π multipliers of the segments the lead is in,
 * over the outputs o = expectedValue, winProbability, valueIfWon; referenceₒ is the
 * output's mean over the training leads (`params.reference`), so 1 = an average lead.
 * Validated by `validateGoalProfile` (src/scoring/goal-profile.ts).
 */
export interface GoalProfile {
  /** Short name, recorded with every score (`goal_profile` column). */
  name: string;
  description?: string;
  /** Relative weights (≥ 0, at least one above 0) on the model outputs. */
  weights: { expectedValue: number; winProbability: number; valueIfWon?: number };
  /** Segments the company wants more (multiplier > 1) or less (< 1) of; a lead in several gets the product. */
  segments?: GoalSegment[];
  /** How many leads sales can work per period: used by the capacity cut-off, not by the per-lead score. */
  capacity?: GoalCapacity;
  /** Shares of the worked leads that must come from a segment: used by the capacity cut-off. */
  minimums?: GoalMinimum[];
}

/**
 * A segment, on one lead-stage feature of the model: category `levels`
 * (as read from the lead; `(missing)` matches a missing value) or a number
 * `range` (min ≤ x < max, in the feature's raw units; missing never matches).
 */
export interface GoalSegment {
  name: string;
  feature: string;
  levels?: string[];
  range?: { min?: number; max?: number };
  /** Factor on the score of leads in the segment (≥ 0; default 1). */
  multiplier: number;
}

/** Sales capacity: `leads` per calendar `per` (ISO weeks from Monday, or calendar months; UTC). */
export interface GoalCapacity {
  leads: number;
  per: 'week' | 'month';
}

/** At least `share` (0 < share ≤ 1) of the worked leads from the named segment. */
export interface GoalMinimum {
  segment: string;
  share: number;
}

/**
 * Means of the model outputs over the leads the exported parameters were fit
 * on: the scale on which goal weights combine them. Absent only in format 1.0
 * files, which are read with every reference 1 (unnormalised, as 1.0 scored).
 */
export interface OutputReference {
  /** Mean P(win). */
  winProbability: number;
  /** Mean E[value | won] (predicted for every lead, won or not). */
  valueIfWon: number;
  /** Mean P(win) × E[value | won]. */
  expectedValue: number;
  /** Leads the means are over. */
  rows: number;
}

/** A bootstrap interval for a metric. */
export interface MetricValue {
  estimate: number;
  low: number;
  high: number;
}

/**
 * How the leads the model was trained on were written, so new leads can be
 * read the same way (format ≥ 1.2; older 1.x files are read with `iso` and `,`).
 */
export interface ModelInput {
  /** The lead id column, as named in the source leads table. */
  leadId: string;
  /** The creation date column, as named in the source leads table. */
  createdAt: string;
  /** The date format of the leads table (its `dateFormat` in the adapter config); ISO 8601 is always accepted too. */
  dateFormat: 'iso' | 'yyyymmdd' | 'dd/mm/yyyy' | 'mm/dd/yyyy';
  /** The leads table's delimiter: one ASCII character such as `,`, `;`, `\t` or `|`, or `whitespace`. */
  delimiter: string;
}

/** The model file (format leadvalue-model 1.x). */
export interface ModelFile {
  format: { name: 'leadvalue-model'; version: string };
  model: {
    name: string;
    version: string;
    createdAt: string;
    seed: number;
    producer: { name: 'leadvalue'; version: string };
    /** The stage the model scores at: only features known by then are used. */
    stage: FeatureStage;
    /** What the model predicts and how the parts combine. */
    kind: 'two-part';
  };
  data: {
    /** sha256 over the training input files' sha256s (of their content, decompressed for .gz), by role in a fixed order. */
    fingerprint: string;
    /** Each input file: `sha256` of the file's content, decompressed for .gz (a re-compressed export of the same rows hashes alike). */
    files: { role: string; name: string; sha256: string; rows: number }[];
    rows: { leads: number; won: number; censored: number; train: number; test: number; fit: number };
    dateRange: { from: string; to: string };
    dataEnd: string;
    horizon: string;
    splitCutoff: string;
  };
  /** How the source leads table was written: its lead id and creation date columns, date format and delimiter (see ModelInput). */
  input: ModelInput;
  features: FeatureSpec[];
  /**
   * `reference`: output means for goal weighting (format ≥ 1.1; see OutputReference).
   * `calibration`: a monotone map of P(win) applied after the win part's log-odds (format ≥ 1.3; absent: none).
   */
  params: { win: ModelState; value: ModelState; reference?: OutputReference; calibration?: Calibration };
  goals: GoalProfile;
  metrics: Record<string, unknown>;
  checksum: string;
}
