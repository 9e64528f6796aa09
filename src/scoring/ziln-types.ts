/**
 * Types of the zero-inflated lognormal (ZILN) value model (src/models/ziln/).
 * Type-only; they live with the production scorer, which reads ZILN parts of
 * model files (its forward pass is src/scoring/ziln-terms.ts, no tfjs).
 */

/** tfjs backend that trained a model: tfjs-node (`tensorflow`), WebAssembly, or plain JavaScript. */
export type ZilnBackend = 'tensorflow' | 'wasm' | 'cpu';

/** Hyper-parameters of {@link fitZiln}; every field is optional. */
export interface ZilnParams {
  /** Hidden layer widths (ReLU); `[]` (default) is the linear ZILN. */
  hidden?: number[];
  /** Maximum number of passes over the fitting rows (default 50). */
  epochs?: number;
  /** Rows per Adam step (default 512). */
  batchSize?: number;
  /**
   * Adam learning rate; default 0.01 for the linear ZILN, 0.003 with hidden
   * layers (the best validation loss of each on CDNOW among 0.001–0.1).
   */
  learningRate?: number;
  /**
   * L2 penalty on every weight but the biases, in the units of the GLMs:
   * objective = Σ rows' ZILN loss + l2/2 · ‖W‖² (each step uses the batch
   * mean and l2/(2·fitting rows)). Default 1.
   */
  l2?: number;
  /**
   * Share of rows, taken from the **end** of the matrix (pass rows oldest
   * first), held out for early stopping; 0 turns early stopping off and runs
   * every epoch. Default 0.2.
   */
  validationFraction?: number;
  /** Epochs without a better validation loss before stopping (default 5). The best epoch's weights are kept. */
  patience?: number;
  /** σ = min(max(softplus(raw), sigmaFloor), sigmaCeiling); default √1e-7 ≈ 3.16e-4, as Keras' √epsilon in the paper's loss. */
  sigmaFloor?: number;
  /**
   * Upper bound of σ, in training and scoring; null (default) = 3 × the
   * standard deviation of log value over the positive fitting rows. Not in the
   * paper: the expected value grows as exp(σ²/2), and without a bound an MLP
   * can give a sparse segment a huge σ (on CDNOW, σ ≈ 24 for customers whose
   * first purchase was $0: expected values of 1e124).
   */
  sigmaCeiling?: number | null;
  /** `auto` (default): tfjs-node if importable, else wasm, else cpu. A named backend that cannot load is an error. */
  backend?: 'auto' | ZilnBackend;
}

/** The parameters a model was fit with, every default filled in. */
export type ZilnResolvedParams = Required<ZilnParams>;

/** One input feature, in the order of the encoded matrix. */
export type ZilnInput =
  /** Two network inputs: z (0 when missing) and a missing indicator. */
  | { name: string; kind: 'number' }
  /** `size` network inputs, one-hot over the slots: levels, then `(other)`, then `(missing)`. */
  | { name: string; kind: 'category'; size: number };

/** A dense layer: out[j] = bias[j] + Σᵢ in[i] · weights[i][j]. */
export interface ZilnLayer {
  /** weights[i][j]: input i → unit j (float32 values, stored as JSON numbers). */
  weights: number[][];
  bias: number[];
  /** ReLU for hidden layers; `linear` for the output layer (logit, μ, raw σ). */
  activation: 'relu' | 'linear';
}

/** An additive term of a linear head, in the GLM term format (contributions centred on the training rows). */
export type ZilnTerm =
  /** Contribution = weight · z + offset when present, `missing` when missing. */
  | { kind: 'number'; weight: number; offset: number; missing: number }
  /** Contribution = values[slot]. */
  | { kind: 'category'; values: number[] };

/** One head of a linear ZILN as intercept + Σ per-feature terms. */
export interface ZilnHeadTerms {
  intercept: number;
  /** Keyed by feature name, in input order. */
  terms: Record<string, ZilnTerm>;
}

/**
 * The three heads of a linear ZILN as exact additive models: `logit` of
 * P(value > 0), `mu` (location of log value when positive) and `sigmaRaw`
 * (σ = max(softplus(sigmaRaw), floor)). The expected value is not additive.
 */
export interface ZilnLinearTerms {
  logit: ZilnHeadTerms;
  mu: ZilnHeadTerms;
  sigmaRaw: ZilnHeadTerms;
}

/** A fitted ZILN model: plain JSON. */
export interface ZilnState {
  kind: 'ziln';
  architecture: {
    inputs: ZilnInput[];
    /** Hidden widths; `[]` = linear. */
    hidden: number[];
    /** Output units, in order. */
    outputs: ['logit', 'mu', 'sigmaRaw'];
    sigmaFloor: number;
    /** σ never exceeds this (the resolved `params.sigmaCeiling`). */
    sigmaCeiling: number;
  };
  /** Dense layers, first to last; the last has 3 units (see `architecture.outputs`). */
  layers: ZilnLayer[];
  /** For the linear variant: the heads as centred additive terms (equal to `layers`); null for an MLP. */
  linearTerms: ZilnLinearTerms | null;
  /** tfjs backend that trained the weights (results differ across backends in the last float32 bits and then by training chaos). */
  backend: ZilnBackend;
  /** tfjs version (`@tensorflow/tfjs-core`). */
  tfjsVersion: string;
  /** Epochs run (including the `patience` epochs after the best one). */
  epochsRun: number;
  /** Epoch whose weights were kept (1-based). */
  bestEpoch: number;
  /** Mean ZILN loss per row on the validation tail at `bestEpoch`; null without validation. */
  validationLoss: number | null;
  /** Mean ZILN loss per row on the fitting rows with the kept weights (without the L2 term). */
  trainLoss: number;
  rows: { fit: number; validation: number; positive: number };
  params: ZilnResolvedParams;
  seed: number;
}

/** One encoded feature value of a lead, as the scorer reads it, in `architecture.inputs` order. */
export type ZilnValue =
  | { kind: 'number'; z: number; missing: boolean }
  | { kind: 'category'; slot: number };

/** The output of the network for one lead. */
export interface ZilnOutput {
  logit: number;
  pPositive: number;
  mu: number;
  sigma: number;
  /** p · exp(μ + σ²/2). */
  expectedValue: number;
}

/** Batch predictions of {@link predictZiln}. */
export interface ZilnPrediction {
  /** P(value > 0). */
  pPositive: Float64Array;
  /** Location of log value when positive. */
  mu: Float64Array;
  /** Scale of log value when positive. */
  sigma: Float64Array;
  /** pPositive · exp(μ + σ²/2). */
  expectedValue: Float64Array;
}
