/**
 * The JSON Schema (draft 2020-12) of the model file, format leadvalue-model
 * 1.x (1.0 to 1.3; the types are in model-types.ts, ziln-types.ts and
 * calibration.ts). The source of truth: `npm run schema` publishes it as
 * schema/leadvalue-model-1.schema.json, and parseModel validates every file
 * against it before its per-kind checks (which add what a schema cannot say:
 * one term per feature, table sizes that must agree, ascending edges, …).
 *
 * Strict (`additionalProperties: false`) everywhere but `metrics`: a field this
 * reader does not know could change what a newer writer meant (format 1.3's
 * `params.calibration` changes every P(win)), so the reader refuses it rather
 * than score without it. Fields added by a minor version are required from
 * that version on (`allOf` of `if`/`then` on `format.version`).
 * @module
 */
import type { JsonSchema } from './validate-schema.js';

type S = Record<string, unknown>;

const num = (description: string, bounds: S = {}): S => ({ type: 'number', description, ...bounds });
const int = (description: string, minimum = 0): S => ({ type: 'integer', minimum, description });
const str = (description: string, rest: S = {}): S => ({ type: 'string', description, ...rest });
const ref = (name: string, description?: string): S => (description ? { $ref: `#/$defs/${name}`, description } : { $ref: `#/$defs/${name}` });
const list = (description: string, items: S, rest: S = {}): S => ({ type: 'array', description, items, ...rest });
/** A closed object: every property named is required unless listed in `optional`. */
const obj = (description: string, properties: Record<string, S>, optional: string[] = []): S => ({
  type: 'object', description, required: Object.keys(properties).filter((k) => !optional.includes(k)), additionalProperties: false, properties,
});
const numbers = (description: string): S => list(description, { type: 'number' });
/** The property that tells the alternatives of a oneOf apart. */
const kind = (value: string): S => ({ const: value, description: `Which kind this is: "${value}".` });

const SHA256 = '^[0-9a-f]{64}$';
const SEMVER = '^[0-9]+\\.[0-9]+\\.[0-9]+$';
const DERIVE = str('For date parts: the part of the `column` date this feature takes (as a category: "jan"…"dec", "mon"…"sun", "q1"…"q4", "00"…"23"; as a number: month 1–12, weekday 0 = Monday … 6, quarter 1–4, hour 0–23).', { enum: ['month', 'weekday', 'quarter', 'hour'] });
const FEATURE_DATE_FORMAT = ref('dateFormat', 'For date parts: the date format of the `column` (ISO 8601 is always accepted too).');

/** A number term of a GLM or a ZILN head (the same format). */
const LINEAR_NUMBER_TERM = obj('Contribution = weight · z + offset when present, `missing` when missing.', {
  kind: kind('number'), weight: num('Weight on z.'), offset: num('Added when the value is present (centres the term).'), missing: num('The contribution of a missing value.'),
});
const CATEGORY_TERM = obj('Contribution = values[slot]; slots are the feature\'s levels, then `(other)` (rare and unseen levels), then `(missing)`.', {
  kind: kind('category'), values: numbers('One contribution per slot (levels + 2).'),
});

const defs: Record<string, S> = {
  sha256: str('A sha256 digest, lowercase hex.', { pattern: SHA256 }),
  stage: str('When a feature is known: at lead creation (`lead`), or only once a deal closed (`deal`).', { enum: ['lead', 'deal'] }),
  dateFormat: str('A date format: `iso` (YYYY-MM-DD, optional time), `yyyymmdd`, `dd/mm/yyyy`, `mm/dd/yyyy` (with `/`, `-` or `.`).', { enum: ['iso', 'yyyymmdd', 'dd/mm/yyyy', 'mm/dd/yyyy'] }),
  measure: {
    description: 'A diagnostic number; a non-finite one is written as the string "NaN", "Infinity" or "-Infinity" (JSON has no spelling for them).',
    anyOf: [{ type: 'number' }, { enum: ['NaN', 'Infinity', '-Infinity'] }],
  },

  numberFeature: obj('A number feature\'s fitted transform: z = (t(x) − center) / scale, t = identity or log1p.', {
    name: str('Feature name (the key of its terms).', { minLength: 1 }),
    stage: ref('stage'),
    kind: kind('number'),
    column: str('Input field (column) the value is read from.', { minLength: 1 }),
    transform: str('t: `none` (identity) or `log1p` (log(1 + x)).', { enum: ['none', 'log1p'] }),
    derive: DERIVE,
    dateFormat: FEATURE_DATE_FORMAT,
    center: num('Mean of t(x) over the training rows where present.'),
    scale: num('Standard deviation of t(x) over those rows (1 when constant).', { exclusiveMinimum: 0 }),
    missing: { const: 'own-term', description: 'Missing values (empty, null, absent) get the feature\'s own learned `missing` term.' },
    missingShare: num('Share of training rows where it was missing.', { minimum: 0, maximum: 1 }),
  }, ['derive', 'dateFormat']),
  categoryFeature: obj('A category feature\'s fitted vocabulary.', {
    name: str('Feature name (the key of its terms).', { minLength: 1 }),
    stage: ref('stage'),
    kind: kind('category'),
    column: str('Input field (column) the value is read from.', { minLength: 1 }),
    derive: DERIVE,
    dateFormat: FEATURE_DATE_FORMAT,
    levels: list('Levels kept (seen at least `minLevelCount` times in training), in a fixed sorted order.', { type: 'string' }),
    minLevelCount: int('Levels seen fewer times were pooled into the `(other)` slot; so are levels never seen (counted as unseen).', 1),
    missing: { const: 'own-slot', description: 'Missing values get the `(missing)` slot.' },
    unseen: { const: 'other-slot', description: 'Unseen levels at scoring time go to the `(other)` slot and are counted.' },
  }, ['derive', 'dateFormat']),

  glmTerm: { description: 'An additive term of a GLM, centred: over the training rows each term averages 0, so a contribution reads as "compared with an average lead".', oneOf: [LINEAR_NUMBER_TERM, CATEGORY_TERM] },
  glm: obj('A regularised generalised linear model: η = intercept + Σ terms; μ = link⁻¹(η).', {
    kind: kind('glm'),
    link: str('`logit`: μ = 1/(1+e^−η) (probability); `log`: μ = e^η (a mean amount).', { enum: ['logit', 'log'] }),
    target: str('What μ means, e.g. "P(win)" or "E[value | won]".'),
    intercept: num('η of an average lead.'),
    terms: { type: 'object', description: 'One term per feature, keyed by feature name, in the order of the file\'s features.', additionalProperties: ref('glmTerm') },
    l2: num('The L2 penalty used.', { minimum: 0 }),
    l2Choice: {
      type: ['object', 'null'], description: 'How the L2 penalty was chosen (on the newest training rows), or null when it was given.', additionalProperties: false,
      required: ['candidates', 'validationLoss', 'validationRows'],
      properties: { candidates: numbers('L2 penalties tried.'), validationLoss: list('Validation loss of each candidate.', ref('measure')), validationRows: int('Rows that validated.') },
    },
    rows: int('Rows the model was fit on.'),
    iterations: int('Optimiser iterations.'),
    converged: { type: 'boolean', description: 'Whether the optimiser converged.' },
  }),

  ebmTerm: {
    description: 'One shape function of an explainable boosting machine: a lookup table. Contributions are centred (they average 0 over the training rows); a bin or slot no training row fell in holds 0.',
    oneOf: [
      obj('Bins on the feature\'s z scale: a present value z falls in bin b = the number of edges below z (edges[b−1] < z ≤ edges[b]); contribution values[b]; a missing value contributes `missing`.', {
        kind: kind('number'), edges: numbers('Bin edges, strictly ascending.'), values: numbers('One contribution per bin (edges + 1).'), missing: num('The contribution of a missing value.'),
      }),
      CATEGORY_TERM,
    ],
  },
  ebmPair: obj('A pairwise interaction: a 2-D lookup table over two features\' bins. A number axis has its own edges: bins 0…edges.length, then a bin for missing; a category axis uses the feature\'s slots.', {
    features: { type: 'array', description: 'The two features, by name.', prefixItems: [{ type: 'string' }, { type: 'string' }], items: false, minItems: 2 },
    edges: {
      type: 'array', description: 'Per axis: edges on the z scale for a number feature, null for a category.',
      prefixItems: [{ type: ['array', 'null'], items: { type: 'number' } }, { type: ['array', 'null'], items: { type: 'number' } }], items: false, minItems: 2,
    },
    values: list('values[binA][binB], centred over the training rows.', { type: 'array', items: { type: 'number' } }),
  }),
  ebmSettings: obj('How the EBM was fit (every setting resolved, defaults filled in).', {
    loss: str('`log-loss` (0/1 labels, link logit), `poisson` (amounts ≥ 0, link log), `tweedie` (amounts ≥ 0, link log, variance ∝ μ^tweediePower), `log1p-squared` (least squares on log1p(amount), link log).', { enum: ['log-loss', 'poisson', 'tweedie', 'log1p-squared'] }),
    tweediePower: num('For loss tweedie only: the power of the variance function, between 1 (Poisson) and 2 (gamma), exclusive.', { exclusiveMinimum: 1, exclusiveMaximum: 2 }),
    maxBins: int('Most quantile bins for a number\'s present values (missing gets one more).', 2),
    maxLeaves: int('Leaves of each step\'s split of a number\'s ordered bins (0: every bin its own leaf).'),
    learningRate: num('Shrinkage of every step.', { exclusiveMinimum: 0 }),
    maxRounds: int('Most boosting rounds (one round = one step per term).', 1),
    earlyStoppingRounds: int('Stop this many rounds after the best validation loss.', 1),
    validationShare: num('Share of the newest rows that validate (0: no early stopping).', { minimum: 0, maximum: 1 }),
    folds: int('Folds of the cross-validation that chooses the rounds when the newest validationShare holds fewer than 50 rows (0: never; absent in files written before it existed).'),
    refit: { type: 'boolean', description: 'After early stopping, refit on all rows for the chosen rounds.' },
    l2: num('Shrinkage of each leaf\'s Newton step, in rows.', { minimum: 0 }),
    bags: int('Refits averaged, each on Poisson(1) bootstrap weights (1: no bagging).', 1),
    interactions: int('Pairwise terms to add, chosen by FAST (0: none).'),
    interactionMaxBins: int('Most bins per number axis of a pair table.', 2),
  }, ['folds', 'tweediePower']),
  ebm: obj('An explainable boosting machine: η = intercept + Σ term lookups + Σ pair lookups; μ = link⁻¹(η).', {
    kind: kind('ebm'),
    link: str('`logit` (loss log-loss): μ is a probability; `log` (poisson, tweedie, log1p-squared): μ = e^η is a mean amount.', { enum: ['logit', 'log'] }),
    target: str('What μ means, e.g. "P(win)".'),
    intercept: num('η of an average lead.'),
    terms: { type: 'object', description: 'One shape function per feature, keyed by feature name, in the order of the file\'s features.', additionalProperties: ref('ebmTerm') },
    pairs: list('Pairwise interaction terms.', ref('ebmPair')),
    settings: ref('ebmSettings'),
    rounds: obj('Boosting rounds the stored tables were fit with: mains, then pairs.', { mains: int('Rounds of the main terms.'), pairs: int('Rounds of the pair terms.') }),
    validation: {
      type: ['object', 'null'], description: 'What chose the rounds: the inner time split (newest rows validate) or, with `folds`, cross-validation (every row out of fold); null when nothing did.', additionalProperties: false,
      required: ['rows', 'loss', 'roundsTried'],
      properties: {
        rows: int('Rows that validated.'), loss: ref('measure', 'Mean validation loss at the chosen round.'), roundsTried: int('Rounds tried (per fold, with folds).'),
        folds: int('Folds of the cross-validation, when it chose the rounds.', 2),
        metric: str('The ranking that chose the rounds by cross-validation.', { enum: ['AUC', 'normalized Gini'] }),
        score: ref('measure', 'That ranking of the pooled out-of-fold predictions at the chosen rounds.'),
      },
    },
    rows: int('Rows the model was fit on.'),
  }),

  zilnHead: obj('One head of a linear ZILN as intercept + Σ per-feature terms.', {
    intercept: num('The head\'s value for an average lead.'),
    terms: { type: 'object', description: 'Keyed by feature name, in input order.', additionalProperties: { oneOf: [LINEAR_NUMBER_TERM, CATEGORY_TERM] } },
  }),
  ziln: obj('A zero-inflated lognormal value model (a linear model or an MLP): P(value > 0) · exp(μ + σ²/2).', {
    kind: kind('ziln'),
    architecture: obj('Inputs, hidden widths, outputs and σ bounds.', {
      inputs: list('One input per feature, in the order of the file\'s features.', {
        oneOf: [
          obj('Two network inputs: z (0 when missing) and a missing indicator.', { name: str('Feature name.'), kind: kind('number') }),
          obj('`size` network inputs, one-hot over the slots: levels, then `(other)`, then `(missing)`.', { name: str('Feature name.'), kind: kind('category'), size: int('Slots (levels + 2).', 1) }),
        ],
      }),
      hidden: list('Hidden widths; `[]` = linear.', { type: 'integer', minimum: 1 }),
      outputs: {
        type: 'array', description: 'Output units, in order.', prefixItems: [{ const: 'logit' }, { const: 'mu' }, { const: 'sigmaRaw' }], items: false, minItems: 3,
      },
      sigmaFloor: num('σ never falls below this.', { exclusiveMinimum: 0 }),
      sigmaCeiling: num('σ never exceeds this (the resolved `params.sigmaCeiling`).', { exclusiveMinimum: 0 }),
    }),
    layers: list('Dense layers, first to last; the last has 3 units (see `architecture.outputs`).', obj('A dense layer: out[j] = bias[j] + Σᵢ in[i] · weights[i][j].', {
      weights: list('weights[i][j]: input i → unit j (float32 values, stored as JSON numbers).', { type: 'array', items: { type: 'number' } }),
      bias: numbers('One bias per unit.'),
      activation: str('ReLU for hidden layers; `linear` for the output layer (logit, μ, raw σ).', { enum: ['relu', 'linear'] }),
    })),
    linearTerms: {
      type: ['object', 'null'], description: 'For the linear variant: the heads as centred additive terms (equal to `layers`); null for an MLP.', additionalProperties: false,
      required: ['logit', 'mu', 'sigmaRaw'],
      properties: {
        logit: ref('zilnHead', 'Log-odds of P(value > 0).'), mu: ref('zilnHead', 'Location of log value when positive.'), sigmaRaw: ref('zilnHead', 'σ = max(softplus(sigmaRaw), floor).'),
      },
    },
    backend: str('tfjs backend that trained the weights.', { enum: ['tensorflow', 'wasm', 'cpu'] }),
    tfjsVersion: str('tfjs version (`@tensorflow/tfjs-core`).'),
    epochsRun: int('Epochs run (including the `patience` epochs after the best one).'),
    bestEpoch: int('Epoch whose weights were kept (1-based).'),
    validationLoss: { anyOf: [ref('measure'), { type: 'null' }], description: 'Mean ZILN loss per row on the validation tail at `bestEpoch`; null without validation.' },
    trainLoss: ref('measure', 'Mean ZILN loss per row on the fitting rows with the kept weights (without the L2 term).'),
    rows: obj('Rows the model saw.', { fit: int('Rows fit on.'), validation: int('Rows held out for early stopping.'), positive: int('Fitting rows with a value above 0.') }),
    params: obj('The hyper-parameters the model was fit with, every default filled in.', {
      hidden: list('Hidden layer widths (ReLU); `[]` is the linear ZILN.', { type: 'integer', minimum: 1 }),
      epochs: int('Maximum number of passes over the fitting rows.', 1),
      batchSize: int('Rows per Adam step.', 1),
      learningRate: num('Adam learning rate.', { exclusiveMinimum: 0 }),
      l2: num('L2 penalty on every weight but the biases, in the units of the GLMs.', { minimum: 0 }),
      validationFraction: num('Share of rows, from the end, held out for early stopping (0: off).', { minimum: 0, maximum: 1 }),
      patience: int('Epochs without a better validation loss before stopping.', 1),
      sigmaFloor: num('Lower bound of σ.', { exclusiveMinimum: 0 }),
      sigmaCeiling: { type: ['number', 'null'], exclusiveMinimum: 0, description: 'Upper bound of σ; null = 3 × the standard deviation of log value over the positive fitting rows.' },
      backend: str('Backend asked for (`auto`: tfjs-node, else wasm, else cpu).', { enum: ['auto', 'tensorflow', 'wasm', 'cpu'] }),
    }),
    seed: { type: 'integer', description: 'Seed of the fit.' },
  }),

  reference: obj('Means of the model outputs over the leads the exported parameters were fit on: the scale on which goal weights combine them (format ≥ 1.1).', {
    winProbability: num('Mean P(win).', { exclusiveMinimum: 0 }),
    valueIfWon: num('Mean E[value | won] (predicted for every lead, won or not).', { exclusiveMinimum: 0 }),
    expectedValue: num('Mean P(win) × E[value | won].', { exclusiveMinimum: 0 }),
    rows: int('Leads the means are over.', 1),
  }),
  calibration: {
    description: 'A monotone map applied to P(win) after the win part\'s log-odds (format ≥ 1.3; absent: none).',
    oneOf: [
      obj('Platt scaling: P(win) = 1 / (1 + e^−(a·η + b)); a > 0, so it never reorders leads.', {
        kind: kind('platt'), a: num('Slope on the log-odds η.', { exclusiveMinimum: 0 }), b: num('Offset.'),
        rows: int('Validation rows it was fit on (the newest rows of the training period).'), positives: int('Won leads among them.'),
      }),
      obj('Isotonic calibration: breakpoints x (uncalibrated P(win), strictly increasing) → y (calibrated P(win), non-decreasing), linear in between, flat outside.', {
        kind: kind('isotonic'),
        x: list('Breakpoints: uncalibrated P(win), strictly increasing.', { type: 'number', minimum: 0, maximum: 1 }, { minItems: 1 }),
        y: list('Calibrated P(win) at each breakpoint, non-decreasing.', { type: 'number', minimum: 0, maximum: 1 }),
        rows: int('Validation rows it was fit on.'), positives: int('Won leads among them.'),
      }),
    ],
  },

  goalProfile: obj('Goal profile: score = (Σₒ wₒ · outputₒ / referenceₒ) / Σₒ wₒ × Π multipliers of the segments the lead is in (editable without retraining).', {
    name: str('Short name, recorded with every score (`goal_profile` column).', { minLength: 1 }),
    description: str('What the profile is for.'),
    weights: obj('Relative weights (≥ 0, at least one above 0) on the model outputs.', {
      expectedValue: num('Weight on P(win) × E[value | won].', { minimum: 0 }),
      winProbability: num('Weight on P(win).', { minimum: 0 }),
      valueIfWon: num('Weight on E[value | won].', { minimum: 0 }),
    }, ['expectedValue', 'winProbability', 'valueIfWon']),
    segments: list('Segments the company wants more (multiplier > 1) or less (< 1) of; a lead in several gets the product.', obj(
      'A segment on one lead-stage feature: category `levels` (`(missing)` matches a missing value) or a number `range` (min ≤ x < max, raw units).', {
        name: str('Segment name.', { minLength: 1 }),
        feature: str('A lead-stage feature of the model.', { minLength: 1 }),
        levels: list('Category values (as read from the lead).', { type: 'string', minLength: 1 }, { minItems: 1 }),
        range: obj('min ≤ x < max; either may be left out.', { min: num('Inclusive lower bound.'), max: num('Exclusive upper bound.') }, ['min', 'max']),
        multiplier: num('Factor on the score of leads in the segment (≥ 0; default 1).', { minimum: 0 }),
      }, ['levels', 'range', 'multiplier'])),
    capacity: obj('Sales capacity: `leads` per calendar `per` (ISO weeks from Monday, or calendar months; UTC). Used by the capacity cut-off.', {
      leads: int('Leads sales can work per period.', 1), per: str('The period.', { enum: ['week', 'month'] }),
    }),
    minimums: list('Shares of the worked leads that must come from a segment: used by the capacity cut-off.', obj('At least `share` of the worked leads from the named segment.', {
      segment: str('A segment of this profile.'), share: num('A fraction: 0 < share ≤ 1.', { exclusiveMinimum: 0, maximum: 1 }),
    })),
  }, ['description', 'segments', 'capacity', 'minimums']),
};

/** The model file schema (see the module comment). Plain JSON: `JSON.stringify` it to publish. */
export const MODEL_FILE_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'leadvalue model file (format leadvalue-model 1.x)',
  description: 'One self-contained model: a two-part model P(win) × E[value | won], the fitted feature transforms, the goal profile its scores are weighted by, held-out metrics and a sha256 checksum. Written by leadvalue; read by its production scorer (leadvalue/scoring). Formats 1.0 to 1.3 validate; fields added by a minor version are required from it on.',
  type: 'object',
  additionalProperties: false,
  required: ['format', 'model', 'data', 'input', 'features', 'params', 'goals', 'metrics', 'checksum'],
  properties: {
    format: obj('Name and semver of the file format; a reader refuses a major version it does not know.', {
      name: { const: 'leadvalue-model', description: 'The format\'s name.' },
      version: str('MAJOR.MINOR.PATCH; major 1. 1.1 added params.reference; 1.2 input.dateFormat and input.delimiter; 1.3 params.calibration (optional).', { pattern: '^1\\.[0-9]+\\.[0-9]+$' }),
    }),
    model: obj('Which model this is.', {
      name: str('Model name (the folder under models/).', { minLength: 1 }),
      version: str('Model version, MAJOR.MINOR.PATCH (the file name).', { pattern: SEMVER }),
      createdAt: str('When it was exported (ISO 8601, UTC).'),
      seed: { type: 'integer', description: 'Seed of the training run (same data and seed give the same payload).' },
      producer: obj('The library that wrote it.', { name: { const: 'leadvalue', description: 'The library\'s name.' }, version: str('Its version.') }),
      stage: ref('stage', 'The stage the model scores at: only features known by then are used.'),
      kind: { const: 'two-part', description: 'What the model predicts and how the parts combine: P(win) × E[value | won].' },
    }),
    data: obj('What it was trained on.', {
      fingerprint: ref('sha256', 'sha256 over the training input files\' sha256s (of their content, decompressed for .gz), by role in a fixed order.'),
      files: list('The training input files.', obj('One input file.', {
        role: str('`leads`, `outcomes` or `revenue`.'), name: str('File name.'), sha256: ref('sha256', 'sha256 of the file\'s content, decompressed for .gz (a re-compressed export of the same rows hashes alike).'), rows: int('Data rows.'),
      })),
      rows: obj('Lead counts.', {
        leads: int('Leads.'), won: int('Leads won.'), censored: int('Won leads whose value horizon is not complete by the end of the data.'),
        train: int('Leads before the time split.'), test: int('Leads from the split on (held out for the metrics).'), fit: int('Leads the exported parameters were fit on.'),
      }),
      dateRange: obj('Creation dates of the leads (YYYY-MM-DD).', { from: str('First.'), to: str('Last.') }),
      dataEnd: str('End of the data (YYYY-MM-DD): values after it are unknown.'),
      horizon: str('Value horizon after winning, e.g. `180d`, `12w`, `6m`, `1y`.', { pattern: '^[0-9]+[dwmy]$' }),
      splitCutoff: str('The time split: leads created from this day on are held out (YYYY-MM-DD).'),
    }),
    input: obj('How the source leads table was written, so new leads can be read the same way.', {
      leadId: str('The lead id column, as named in the source leads table.', { minLength: 1 }),
      createdAt: str('The creation date column, as named in the source leads table.', { minLength: 1 }),
      dateFormat: ref('dateFormat', 'The date format of the leads table (format ≥ 1.2; older files are read with `iso`).'),
      delimiter: {
        description: 'The leads table\'s delimiter: one ASCII character other than a quote or line break, such as `,`, `;`, `\\t` or `|`, or `whitespace` (format ≥ 1.2; older files are read with `,`).',
        anyOf: [{ const: 'whitespace' }, { type: 'string', minLength: 1, maxLength: 1, pattern: '^[\\u0001-\\u0009\\u000b\\u000c\\u000e-\\u0021\\u0023-\\u007f]$' }],
      },
    }, ['dateFormat', 'delimiter']),
    features: list('Each feature with its fitted transform, in a fixed order.', { oneOf: [ref('numberFeature'), ref('categoryFeature')] }),
    params: obj('The learned parameters: the win part (P(win)) and the value part (E[value | won]).', {
      win: { description: 'The P(win) part: a GLM or an EBM with link logit.', oneOf: [ref('glm'), ref('ebm')] },
      value: { description: 'The E[value | won] part: a GLM or an EBM with link log, or a ZILN.', oneOf: [ref('glm'), ref('ebm'), ref('ziln')] },
      reference: ref('reference'),
      calibration: ref('calibration'),
    }, ['reference', 'calibration']),
    goals: ref('goalProfile'),
    metrics: { type: 'object', description: 'Held-out metrics on the time split (conversion AUC, value Gini, calibration, … with bootstrap intervals); informative, not read by the scorer.' },
    checksum: str('sha256 over the canonical JSON of the whole document without this field (keys sorted, no whitespace, shortest round-trip numbers).', { pattern: SHA256 }),
  },
  allOf: [
    {
      description: 'From format 1.1 on: params.reference is required.',
      if: { properties: { format: { properties: { version: { pattern: '^1\\.([1-9]|[0-9][0-9])' } } } } },
      then: { properties: { params: { required: ['reference'] } } },
    },
    {
      description: 'From format 1.2 on: input.dateFormat and input.delimiter are required.',
      if: { properties: { format: { properties: { version: { pattern: '^1\\.([2-9]|[0-9][0-9])' } } } } },
      then: { properties: { input: { required: ['dateFormat', 'delimiter'] } } },
    },
  ],
  $defs: defs,
};
