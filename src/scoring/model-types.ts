/**
 * Types of the model file (DESIGN.md, "Model file contract"). They live with
 * the scorer because the scorer is the one reader every user has; training
 * code imports them from here, never the other way round.
 */

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

/** A model part: only GLMs so far; later kinds join this union. */
export type ModelState = GlmState;

/** Goal profile: how model outputs combine into the score a lead is ranked by. */
export interface GoalProfile {
  name: string;
  description: string;
  /** Weights on the model outputs; the score is their weighted sum. */
  weights: { expectedValue: number; winProbability: number };
}

/** A bootstrap interval for a metric. */
export interface MetricValue {
  estimate: number;
  low: number;
  high: number;
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
    /** sha256 over the training input files' bytes, in a fixed order. */
    fingerprint: string;
    files: { role: string; name: string; sha256: string; rows: number }[];
    rows: { leads: number; won: number; censored: number; train: number; test: number; fit: number };
    dateRange: { from: string; to: string };
    dataEnd: string;
    horizon: string;
    splitCutoff: string;
  };
  /** Input fields: the lead id and creation date columns, as named in the source leads table. */
  input: { leadId: string; createdAt: string };
  features: FeatureSpec[];
  params: { win: ModelState; value: ModelState };
  goals: GoalProfile;
  metrics: Record<string, unknown>;
  checksum: string;
}
