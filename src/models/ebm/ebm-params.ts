import { LeadvalueError, shown } from '../../core/errors.js';
import type { EbmSettings } from '../../scoring/model-types.js';

/** Losses an EBM can minimise. */
export type EbmLoss = EbmSettings['loss'];

/**
 * Parameters of an EBM fit: the loss and target name, and any setting to
 * override (every other one takes its default, {@link EBM_DEFAULTS}).
 */
export type EbmParams = { loss: EbmLoss; target: string } & Partial<Omit<EbmSettings, 'loss'>>;

/** The Tweedie power when a `tweedie` loss names none: halfway between Poisson (1) and gamma (2), as is common for money. */
export const DEFAULT_TWEEDIE_POWER = 1.5;

/**
 * Default settings, chosen on the demo data and Olist: 32 quantile bins;
 * each step splits a number's bins into at most 3 runs (as InterpretML's
 * max_leaves = 3; bin means, `maxLeaves: 0`, gave rougher shapes and lower
 * AUC); learning rate 0.1; each leaf's step shrunk as if it had `l2` = 10
 * more rows; up to 1000 rounds, stopped 30 rounds after the best loss on the
 * newest 20% of the rows, then refit on all rows for the chosen rounds; when
 * that 20% is fewer than 50 rows, 5-fold cross-validation chooses the rounds.
 */
export const EBM_DEFAULTS: Omit<EbmSettings, 'loss' | 'tweediePower'> = {
  maxBins: 32,
  maxLeaves: 3,
  learningRate: 0.1,
  maxRounds: 1000,
  earlyStoppingRounds: 30,
  validationShare: 0.2,
  folds: 5,
  refit: true,
  l2: 10,
  bags: 1,
  interactions: 0,
  interactionMaxBins: 16,
};

const LOSSES: EbmLoss[] = ['log-loss', 'poisson', 'tweedie', 'log1p-squared'];

/** Each setting's check: a predicate and the words for what it must be. */
const CHECKS: Record<keyof Omit<EbmSettings, 'loss' | 'tweediePower'>, [(v: unknown) => boolean, string]> = {
  maxBins: [(v) => isInt(v, 2, 65535), 'a whole number from 2 to 65535'],
  maxLeaves: [(v) => v === 0 || isInt(v, 2, 65535), '0 (every bin its own leaf) or a whole number from 2'],
  learningRate: [(v) => typeof v === 'number' && v > 0 && v <= 1, 'a number above 0, at most 1'],
  maxRounds: [(v) => isInt(v, 1, 1e6), 'a whole number from 1 to 1000000'],
  earlyStoppingRounds: [(v) => isInt(v, 1, 1e6), 'a whole number from 1 to 1000000'],
  validationShare: [(v) => typeof v === 'number' && v >= 0 && v < 1, 'a fraction from 0 (no early stopping) up to, not including, 1'],
  folds: [(v) => v === 0 || isInt(v, 2, 50), '0 (never cross-validate) or a whole number from 2 to 50'],
  refit: [(v) => typeof v === 'boolean', 'true or false'],
  l2: [(v) => typeof v === 'number' && v >= 0 && v < Infinity, 'a non-negative number'],
  bags: [(v) => isInt(v, 1, 1000), 'a whole number from 1 (no bagging) to 1000'],
  interactions: [(v) => isInt(v, 0, 1000), 'a whole number from 0 (none) to 1000'],
  interactionMaxBins: [(v) => isInt(v, 2, 256), 'a whole number from 2 to 256'],
};

/** Names of the settings, for messages and config validation. */
export const EBM_SETTING_NAMES = Object.keys(CHECKS) as (keyof typeof CHECKS)[];

/**
 * Validates EBM settings and fills in defaults. Never mutates its input.
 * @param raw - `loss` and any settings to override (other keys are refused, except those in `ignore`)
 * @param where - prefix for messages, e.g. `fitEbm params` or `configs/x.json, field model.win`
 * @param ignore - keys handled elsewhere (e.g. `target`, `kind`)
 * @returns every setting resolved
 * @throws LeadvalueError naming the field, e.g. `fitEbm params.maxBins: not a whole number from 2 to 65535 (got 1)`
 * @example
 * resolveEbmSettings({ loss: 'poisson', maxBins: 64 }, 'fitEbm params');
 */
export function resolveEbmSettings(raw: Record<string, unknown>, where: string, ignore: string[] = ['target']): EbmSettings {
  if (!LOSSES.includes(raw.loss as EbmLoss)) {
    throw new LeadvalueError(`${where}.loss`, 'unknown loss', shown(raw.loss), `use ${LOSSES.map((l) => `"${l}"`).join(', ')}`);
  }
  for (const key of Object.keys(raw)) {
    if (key !== 'loss' && key !== 'tweediePower' && !ignore.includes(key) && !(key in CHECKS)) {
      throw new LeadvalueError(`${where}.${key}`, 'unknown EBM setting', shown(key), `settings are loss, tweediePower, ${EBM_SETTING_NAMES.join(', ')}`);
    }
  }
  const out = { loss: raw.loss as EbmLoss, ...EBM_DEFAULTS } as EbmSettings;
  if (raw.loss === 'tweedie') {
    const power = raw.tweediePower ?? DEFAULT_TWEEDIE_POWER;
    if (!(typeof power === 'number' && power > 1 && power < 2)) {
      throw new LeadvalueError(`${where}.tweediePower`, 'not a number between 1 and 2 (exclusive)', shown(power), 'use e.g. 1.5; 1 is the Poisson loss ("loss": "poisson"), 2 the gamma');
    }
    out.tweediePower = power;
  } else if (raw.tweediePower !== undefined) {
    throw new LeadvalueError(`${where}.tweediePower`, `only for the tweedie loss, not ${shown(raw.loss)}`, shown(raw.tweediePower), 'set "loss": "tweedie", or drop tweediePower');
  }
  for (const key of EBM_SETTING_NAMES) {
    const v = raw[key];
    if (v === undefined) continue;
    const [ok, words] = CHECKS[key];
    if (!ok(v)) throw new LeadvalueError(`${where}.${key}`, `not ${words}`, shown(v));
    (out as unknown as Record<string, unknown>)[key] = v;
  }
  return out;
}

function isInt(v: unknown, min: number, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}
