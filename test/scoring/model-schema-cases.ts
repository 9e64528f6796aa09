// Model files for the schema tests (test/scoring/model-schema*.test.ts): the
// committed demo files (formats 1.0 to 1.3), files trained fresh with every
// part kind (GLM, EBM with and without pair terms, linear and MLP ZILN, Platt
// and isotonic calibration), and mutated files, each resealed so that only
// the mutation is wrong.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRng } from '../../src/core/rng.js';
import { sealModel, serializeModel } from '../../src/export/write-model-file.js';
import { parseAdapterConfig } from '../../src/load/adapter-config.js';
import { fitEbm } from '../../src/models/ebm/fit-ebm.js';
import { buildModelFile, prepareData, trainModel } from '../../src/pipeline/train-model.js';
import type { ModelFile } from '../../src/scoring/model-types.js';
import { contractData } from '../models/contract-data.js';
import { CREATED_AT, DEMO_CONFIG, ROOT } from './demo-model.js';

/** The committed model files, by name (`demo/1.0.0.json` …). */
export function committedFiles(): Record<string, string> {
  const dir = join(ROOT, 'models/demo');
  return Object.fromEntries(COMMITTED_MODELS.map((f) => [`demo/${f}`, readFileSync(join(dir, f), 'utf8')]));
}

/** The demo model files the repository commits (formats 1.0 to 1.3): a model `npm start` writes beside them is checked apart (otherModelFiles). */
export const COMMITTED_MODELS = ['1.0.0.json', '1.1.0.json', '1.2.0.json', '1.3.0.json', '1.4.0.json'];

/** Any other model file in models/demo (e.g. one `npm start` wrote after a change to training). */
export function otherModelFiles(): Record<string, string> {
  const dir = join(ROOT, 'models/demo');
  return Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.json') && !COMMITTED_MODELS.includes(f)).map((f) => [`demo/${f}`, readFileSync(join(dir, f), 'utf8')]));
}

/** A model file's text, sealed as exportModel writes it (version 1.0.0). */
function text(built: Omit<ModelFile, 'checksum'>): string {
  return serializeModel(sealModel({ ...built, model: { ...built.model, version: '1.0.0' } }));
}

/** Trains the demo history with each kind of part; returns the files' text by name. */
export async function trainedFiles(): Promise<Record<string, string>> {
  const raw = JSON.parse(readFileSync(DEMO_CONFIG, 'utf8'));
  const where = { path: DEMO_CONFIG, baseDir: dirname(DEMO_CONFIG) };
  const files: Record<string, string> = {};
  const variants: Record<string, object> = {
    glm: {},
    platt: { calibration: 'platt' },
    isotonic: { calibration: 'isotonic' },
    ebm: { win: { kind: 'ebm' }, value: { kind: 'ebm', loss: 'poisson' } },
    'ziln-linear': { value: { kind: 'ziln', epochs: 5, batchSize: 64 } },
    'ziln-mlp': { value: { kind: 'ziln', hidden: [8], epochs: 3, batchSize: 64 } },
  };
  let glmBuilt: Omit<ModelFile, 'checksum'> | undefined;
  for (const [name, model] of Object.entries(variants)) {
    const data = await prepareData(parseAdapterConfig({ ...raw, model: { ...raw.model, ...model } }, where));
    const built = await buildModelFile(data, trainModel(data, { resamples: 5 }), { createdAt: CREATED_AT });
    glmBuilt ??= built;
    files[name] = text(built);
  }
  // EBM parts with pair terms (the demo history plants none strong enough), on the model contract's data.
  const data = contractData(1500, 21, 2);
  const win = fitEbm(data.matrix, data.won, { loss: 'log-loss', target: 'P(win)', interactions: 2 }, createRng(1));
  const value = fitEbm(data.matrix, data.amount, { loss: 'log1p-squared', target: 'E[value | won]' }, createRng(1));
  files['ebm-pairs'] = text({ ...glmBuilt!, features: data.specs, params: { ...glmBuilt!.params, win, value } });
  return files;
}

/** A mutation of a model file: what it changes, and whether the schema accepts the result. */
export interface Mutation {
  name: string;
  /** The file mutated (a key of the committed or trained files). */
  base: string;
  change: (doc: Record<string, any>) => void;
  /** null: the schema accepts it; else the JSON path of the first problem our validator reports. */
  path: string | null;
  /** The problem's words, when rejected. */
  what?: RegExp;
  /** When a per-kind check of parseModel catches the file too: its message, which parseModel throws instead of the schema's. */
  byChecks?: RegExp;
}

export const MUTATIONS: Mutation[] = [
  { name: 'a GLM value that is text', base: 'demo/1.3.0.json', change: (d) => { d.params.win.terms.source.values[3] = 'x'; }, path: 'params.win.terms.source.values[3]', what: /^expected a number$/ },
  { name: 'an unknown field in a part', base: 'demo/1.3.0.json', change: (d) => { d.params.win.prior = 0.5; }, path: 'params.win.prior', what: /^unknown field; known fields here: kind, link, target, intercept, terms, l2, l2Choice, rows, iterations, converged$/ },
  { name: 'an unknown top-level field', base: 'demo/1.3.0.json', change: (d) => { d.notes = 'hi'; }, path: 'notes', what: /^unknown field/ },
  { name: 'a required field missing', base: 'demo/1.3.0.json', change: (d) => { delete d.model.seed; }, path: 'model.seed', what: /^missing$/ },
  { name: 'a feature of an unknown kind', base: 'demo/1.3.0.json', change: (d) => { d.features[2].kind = 'integer'; }, path: 'features[2].kind', what: /^unknown kind; expected one of "number", "category"$/, byChecks: /^m\.json, field params\.win\.terms\.employees: missing or of the wrong kind for its feature/ },
  { name: 'a level that is not text', base: 'demo/1.3.0.json', change: (d) => { d.features[0].levels[1] = 5; }, path: 'features[0].levels[1]', what: /^expected a text$/ },
  { name: 'a scale of 0', base: 'demo/1.3.0.json', change: (d) => { d.features[2].scale = 0; }, path: 'features[2].scale', what: /^expected a number above 0$/ },
  { name: 'a flag that is text', base: 'demo/1.3.0.json', change: (d) => { d.params.value.converged = 'yes'; }, path: 'params.value.converged', what: /^expected true or false$/ },
  { name: 'a fingerprint that is not sha256', base: 'demo/1.3.0.json', change: (d) => { d.data.fingerprint = 'abc'; }, path: 'data.fingerprint', what: /^expected a text matching/ },
  { name: 'a horizon without a unit', base: 'demo/1.3.0.json', change: (d) => { d.data.horizon = '180'; }, path: 'data.horizon', what: /^expected a text matching/ },
  { name: 'a two-character delimiter', base: 'demo/1.3.0.json', change: (d) => { d.input.delimiter = ';;'; }, path: 'input.delimiter', what: /^expected "whitespace" or a text$/, byChecks: /^m\.json, field input\.delimiter: not a single-byte separator/ },
  { name: 'a negative goal weight', base: 'demo/1.3.0.json', change: (d) => { d.goals.weights.winProbability = -1; }, path: 'goals.weights.winProbability', what: /^expected a number ≥ 0$/, byChecks: /^m\.json, field goals\.weights\.winProbability: must be 0 or more/ },
  { name: 'a 1.2 file without input.delimiter', base: 'demo/1.2.0.json', change: (d) => { delete d.input.delimiter; }, path: 'input.delimiter', what: /^missing$/, byChecks: /^m\.json, field input\.delimiter: missing/ },
  { name: 'a 1.1 file without params.reference', base: 'demo/1.1.0.json', change: (d) => { delete d.params.reference; }, path: 'params.reference', what: /^missing$/, byChecks: /^m\.json, field params\.reference: missing/ },
  { name: 'an unknown calibration', base: 'platt', change: (d) => { d.params.calibration.kind = 'beta'; }, path: 'params.calibration.kind', what: /^unknown kind; expected one of "platt", "isotonic"$/, byChecks: /^m\.json, field params\.calibration\.kind: unknown calibration/ },
  { name: 'an EBM pair over three features', base: 'ebm-pairs', change: (d) => { d.params.win.pairs[0].features.push('w'); }, path: 'params.win.pairs[0].features', what: /^expected at most 2 items$/, byChecks: /^m\.json, field params\.win\.pairs\.0: not a pair term/ },
  { name: 'a Tweedie power of 2 (must be below)', base: 'ebm', change: (d) => { d.params.value.settings.loss = 'tweedie'; d.params.value.settings.tweediePower = 2; }, path: 'params.value.settings.tweediePower', what: /^expected a number below 2$/ },
  { name: 'an unknown EBM loss', base: 'ebm', change: (d) => { d.params.value.settings.loss = 'gamma'; }, path: 'params.value.settings.loss', what: /^expected one of "log-loss", "poisson", "tweedie", "log1p-squared"$/ },
  { name: 'an EBM value spelled "NaN"', base: 'ebm', change: (d) => { d.params.win.terms.employees.values[0] = 'NaN'; }, path: 'params.win.terms.employees.values[0]', what: /^expected a number$/, byChecks: /^m\.json, field params\.win\.terms\.employees\.values\.0: not a finite number \(got "NaN"\)/ },
  { name: 'a ZILN as the win part', base: 'ziln-linear', change: (d) => { d.params.win = d.params.value; }, path: 'params.win.kind', what: /^unknown kind; expected one of "glm", "ebm"$/, byChecks: /^m\.json, field params\.win\.kind: a ZILN models an amount/ },
  { name: 'a ZILN with 0 epochs', base: 'ziln-mlp', change: (d) => { d.params.value.params.epochs = 0; }, path: 'params.value.params.epochs', what: /^expected a number ≥ 1$/ },
  { name: 'a ZILN output renamed', base: 'ziln-linear', change: (d) => { d.params.value.architecture.outputs[2] = 'sigma'; }, path: 'params.value.architecture.outputs[2]', what: /^expected "sigmaRaw"$/, byChecks: /^m\.json, field params\.value\.architecture\.outputs: not \["logit","mu","sigmaRaw"\]/ },
  // Accepted: what the format allows.
  { name: 'a 1.0 file without params.reference', base: 'demo/1.0.0.json', change: (d) => { delete d.params.reference; }, path: null },
  { name: 'a 1.1 file without input.dateFormat', base: 'demo/1.1.0.json', change: (d) => { delete d.input.dateFormat; }, path: null },
  { name: 'anything under metrics', base: 'demo/1.3.0.json', change: (d) => { d.metrics.custom = { any: ['thing', 1, null] }; }, path: null },
  { name: 'a tab as the delimiter', base: 'demo/1.3.0.json', change: (d) => { d.input.delimiter = '\t'; }, path: null },
  { name: 'a non-finite diagnostic spelled out', base: 'ziln-linear', change: (d) => { d.params.value.trainLoss = 'NaN'; }, path: null },
  { name: 'a newer minor format', base: 'demo/1.3.0.json', change: (d) => { d.format.version = '1.7.0'; }, path: null },
];

/** The mutated file's text, resealed so the checksum verifies. */
export function mutated(files: Record<string, string>, m: Mutation): string {
  const { checksum: _c, ...doc } = JSON.parse(files[m.base]) as Record<string, any>;
  m.change(doc);
  return serializeModel(sealModel(doc as Omit<ModelFile, 'checksum'>));
}
