import { readFileSync } from 'node:fs';
import { canonicalJson, sha256 } from '../core/canonical-json.js';
import { DATE_FORMATS, type DateFormat } from '../core/dates.js';
import { LeadvalueError, shown } from '../core/errors.js';
import { checkCalibration } from './calibration.js';
import { checkEbmState } from './ebm-terms.js';
import { validateGoalProfile } from './goal-profile.js';
import { checkZilnState } from './ziln-terms.js';
import { MODEL_FILE_SCHEMA } from './model-file-schema.js';
import { schemaProblem } from './validate-schema.js';
import type { ModelFile, ModelState } from './model-types.js';

/** Options of {@link parseModel} and {@link readModel}. */
export interface ReadModelOptions {
  /**
   * Receives what is read but deserves a word: a file of a newer minor format than this reader's
   * (see {@link newerFormatWarning}). The CLI prints them; `leadvalue serve` shows them on /health and /model.
   */
  warnings?: { warn(key: string, message: string): void };
}

/**
 * The format this library writes, and the major version its readers accept.
 * 1.3: `params.calibration` (optional): a Platt or isotonic map of P(win)
 * applied after the win part's log-odds; files without it score as before.
 * 1.2: `input.dateFormat` and `input.delimiter`, how the leads table was
 * written; 1.0 and 1.1 files are migrated on read to `iso` (or the date format
 * of a date-part feature of the creation date column, the one thing such a
 * file says about it) and `,`.
 * 1.1: `params.reference` (output means for goal weighting) and goal profiles
 * with segments, capacity and minimums; 1.0 files are read with references of 1.
 */
export const MODEL_FORMAT = { name: 'leadvalue-model', version: '1.3.0' } as const;

/**
 * The sha256 a model file must carry: over the canonical JSON of the whole
 * document without its `checksum` field.
 */
export function modelChecksum(file: Omit<ModelFile, 'checksum'> | ModelFile): string {
  const { checksum: _ignored, ...content } = file as ModelFile;
  return sha256(canonicalJson(content));
}

/**
 * Parses and verifies a model file: format name and major version, checksum,
 * the model file schema (every field's type, no unknown fields), model kind,
 * the source format of the leads, and the shape of every feature and term.
 * Fails closed. Files of an older 1.x format are migrated: fields
 * they lack get the values the older format implied, and the returned
 * document's checksum covers what it then holds (it verifies again); its
 * `format.version` stays the file's.
 * A file of a newer minor format (1.9.0 while this reader is 1.3.0) is read
 * when it verifies (every field known, see the schema), with a warning to
 * `options.warnings`: a newer minor version may give a known field a meaning
 * this reader does not know.
 * @param source - the file's text, or an already-parsed object
 * @param label - name used in messages (e.g. the path)
 * @param options - `warnings`: where the newer-format warning goes
 * @returns the verified (and migrated) model file
 * @throws LeadvalueError when anything is not understood or does not verify
 * @example
 * const model = parseModel(readFileSync('models/demo/1.0.0.json', 'utf8'), 'models/demo/1.0.0.json');
 */
export function parseModel(source: string | object, label = 'model file', options: ReadModelOptions = {}): ModelFile {
  let doc: unknown = source;
  if (typeof source === 'string') {
    try {
      doc = JSON.parse(source);
    } catch (e) {
      throw new LeadvalueError(label, 'not valid JSON', (e as Error).message, 'was the file cut short or edited by hand?');
    }
  }
  const file = doc as ModelFile;
  if (!file || typeof file !== 'object' || !file.format || typeof file.format !== 'object') {
    throw new LeadvalueError(label, 'not a leadvalue model file (no format field)', undefined, 'export one with `leadvalue train`');
  }
  if (file.format.name !== MODEL_FORMAT.name) {
    throw new LeadvalueError(`${label}, field format.name`, 'not a leadvalue model file', shown(file.format.name), `expected "${MODEL_FORMAT.name}"`);
  }
  const major = /^(\d+)\.\d+\.\d+$/.exec(String(file.format.version))?.[1];
  const wanted = MODEL_FORMAT.version.split('.')[0];
  if (major !== wanted) {
    throw new LeadvalueError(`${label}, field format.version`, `format version ${shown(file.format.version)} is not supported`, undefined,
      `this reader (leadvalue format ${MODEL_FORMAT.version}) reads major version ${wanted}.x; upgrade leadvalue or re-export the model`);
  }
  if (typeof file.checksum !== 'string') throw new LeadvalueError(`${label}, field checksum`, 'missing', undefined, 'the file was not written by leadvalue');
  const actual = modelChecksum(file);
  if (actual !== file.checksum) {
    throw new LeadvalueError(`${label}, field checksum`, 'does not match the content: the file was changed after export', `${file.checksum.slice(0, 12)}… vs computed ${actual.slice(0, 12)}…`,
      're-export the model; to change goals use a goal override at scoring time');
  }
  const current = migrate(file);
  checkSchema(file, current, label);
  checkShape(current, label);
  const newer = newerFormatWarning(current, label);
  if (newer) options.warnings?.warn('newer-model-format', newer);
  return current;
}

/**
 * The warning a model file of a newer minor format than this reader's deserves, or undefined.
 * @param file - a verified model file
 * @param label - names the file in the message
 * @returns e.g. `models/x.json: model file format 1.9.0 is newer than this reader's 1.3.0: …; upgrade leadvalue …`
 * @example
 * newerFormatWarning(readModel(path), path) // undefined for formats 1.0.0 … 1.3.x
 */
export function newerFormatWarning(file: ModelFile, label: string): string | undefined {
  const [, minor] = String(file.format.version).split('.').map(Number);
  const [, readerMinor] = MODEL_FORMAT.version.split('.').map(Number);
  if (!(minor > readerMinor)) return undefined;
  const producer = file.model?.producer?.version;
  return `${label}: model file format ${file.format.version} is newer than this reader's ${MODEL_FORMAT.version}: a newer minor version can change what a field means, ` +
    `so the scores may not be what its writer computes; read it with a leadvalue that knows format ${file.format.version.split('.').slice(0, 2).join('.')}` +
    `${producer ? ` (leadvalue ${producer} wrote it)` : ''}, or re-export the model with this one`;
}

/**
 * Validates the file as written against the model file schema
 * (MODEL_FILE_SCHEMA, published as schema/leadvalue-model-1.schema.json), so
 * the per-kind checks after it only see well-typed documents. When the file
 * fails it, the per-kind checks are asked first: if they catch the document
 * too, their message says what is wrong in the model's own terms ("unknown
 * link", "a ZILN … can only be the value part") and is the one thrown; else
 * the schema's, which names the JSON path (`params.win.terms.x.values[3]: expected a number`).
 */
function checkSchema(file: ModelFile, current: ModelFile, label: string): void {
  const problem = schemaProblem(MODEL_FILE_SCHEMA, file);
  if (!problem) return;
  try {
    checkShape(current, label);
  } catch (e) {
    if (e instanceof LeadvalueError) throw e;
    // A TypeError from a check reading a malformed document: the schema's message says what is malformed.
  }
  throw new LeadvalueError(problem.path ? `${label}, field ${problem.path}` : label, problem.what, problem.got,
    'the file does not follow the model file schema (schema/leadvalue-model-1.schema.json); re-export the model with leadvalue train');
}

/** An older 1.x file (before 1.2) with the source format its format implied filled in, resealed; a current one as it is. */
function migrate(file: ModelFile): ModelFile {
  const input = file.input as Partial<ModelFile['input']> | undefined;
  if (!/^1\.[01]\./.test(file.format.version) || !input || typeof input !== 'object') return file;
  if (input.dateFormat !== undefined && input.delimiter !== undefined) return file;
  // Such a file records a date format only on date-part features; one derived from the creation column says how it was written.
  const derived = Array.isArray(file.features) ? file.features.find((f) => f?.column === input.createdAt && f.derive && f.dateFormat) : undefined;
  const migrated = { ...file, input: { dateFormat: derived?.dateFormat ?? 'iso', delimiter: ',', ...input } as ModelFile['input'] };
  return { ...migrated, checksum: modelChecksum(migrated) };
}

/**
 * Reads and verifies a model file from disk (see {@link parseModel}).
 * @param path - the model file
 * @param options - `warnings`: where a newer-format warning goes
 * @returns the verified model file, migrated to the current format
 * @throws LeadvalueError when it cannot be read or does not verify
 * @example
 * import { readModel, scoreLead } from 'leadvalue/scoring';
 * const model = readModel('models/demo/1.4.0.json');
 * scoreLead(model, { source: 'referral', demo_requested: 1, created_at: '2026-04-02' }).expectedValue;
 */
export function readModel(path: string, options: ReadModelOptions = {}): ModelFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LeadvalueError(path, 'cannot read the model file', (e as NodeJS.ErrnoException).code, 'check the path (models/<name>/<version>.json)');
  }
  return parseModel(text, path, options);
}

function checkShape(file: ModelFile, label: string): void {
  if (file.model?.kind !== 'two-part') throw new LeadvalueError(`${label}, field model.kind`, 'unknown model kind', shown(file.model?.kind), 'this reader knows "two-part"');
  checkInput(file, label);
  if (!Array.isArray(file.features)) throw new LeadvalueError(`${label}, field features`, 'not a list');
  checkFeatureNames(file.features, label);
  // The model parts; reference and calibration are checked below, and any other field of params is the schema's "unknown field".
  for (const [part, state] of Object.entries(file.params ?? {}).filter(([k]) => k === 'win' || k === 'value') as [string, ModelState][]) {
    if (state?.kind === 'ebm') { checkEbmState(state, file.features, `${label}, field params.${part}`); continue; }
    if (state?.kind === 'ziln') {
      if (part !== 'value') throw new LeadvalueError(`${label}, field params.${part}.kind`, 'a ZILN models an amount, so it can only be the value part', shown(state.kind), 're-export the model');
      checkZilnState(state, file.features, `${label}, field params.${part}`);
      continue;
    }
    if (state?.kind !== 'glm') throw new LeadvalueError(`${label}, field params.${part}.kind`, 'unknown model kind', shown((state as { kind?: unknown } | null)?.kind), 'this reader knows "glm", "ebm" and "ziln"');
    if (state.link !== 'logit' && state.link !== 'log') throw new LeadvalueError(`${label}, field params.${part}.link`, 'unknown link', shown(state.link));
    for (const spec of file.features) {
      const term = state.terms[spec.name];
      if (!term || term.kind !== spec.kind) throw new LeadvalueError(`${label}, field params.${part}.terms.${spec.name}`, 'missing or of the wrong kind for its feature', shown(term?.kind));
      if (term.kind === 'category' && spec.kind === 'category' && term.values.length !== spec.levels.length + 2) {
        throw new LeadvalueError(`${label}, field params.${part}.terms.${spec.name}`, 'has the wrong number of slots', `${term.values.length}, expected ${spec.levels.length + 2}`);
      }
    }
  }
  if (!file.params?.win || !file.params?.value) throw new LeadvalueError(`${label}, field params`, 'needs both the win and the value part');
  checkReference(file, label);
  if (file.params.calibration !== undefined) checkCalibration(file.params.calibration, `${label}, field params.calibration`);
  validateGoalProfile(file.goals, label, file, 'goals.');
}

/** Each feature named once: terms are keyed by name, so a feature listed twice would add its term twice. */
function checkFeatureNames(features: ModelFile['features'], label: string): void {
  const first = new Map<string, number>();
  features.forEach((f, i) => {
    const name = (f as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return; // the schema says what is wrong with it
    const j = first.get(name);
    if (j !== undefined) {
      throw new LeadvalueError(`${label}, field features[${i}].name`, `a feature name already given at features[${j}]: its term would count twice`, shown(name),
        'each feature is listed once; re-export the model with leadvalue train');
    }
    first.set(name, i);
  });
}

/** `params.reference`: required from format 1.1 on; every mean finite and above 0. */
function checkReference(file: ModelFile, label: string): void {
  const ref = file.params.reference;
  if (ref === undefined) {
    if (/^1\.0\./.test(file.format.version)) return;
    throw new LeadvalueError(`${label}, field params.reference`, 'missing', undefined, 'a format 1.1 file carries the output means goal weights need; re-export the model with leadvalue train');
  }
  for (const k of ['winProbability', 'valueIfWon', 'expectedValue'] as const) {
    const v = ref?.[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new LeadvalueError(`${label}, field params.reference.${k}`, 'not a finite number above 0', shown(v), 're-export the model');
  }
  if (!Number.isInteger(ref.rows) || ref.rows < 1) throw new LeadvalueError(`${label}, field params.reference.rows`, 'not a whole number above 0', shown(ref.rows), 're-export the model');
}

/** `input`: the source column names, and (from format 1.2 on; older files are migrated) a date format and a delimiter this reader knows. */
function checkInput(file: ModelFile, label: string): void {
  const input = file.input;
  const reexport = 're-export the model with leadvalue train';
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new LeadvalueError(`${label}, field input`, 'not an object', shown(input), reexport);
  for (const k of ['leadId', 'createdAt'] as const) {
    if (typeof input[k] !== 'string' || input[k] === '') throw new LeadvalueError(`${label}, field input.${k}`, 'not a column name', shown(input[k]), reexport);
  }
  const missing = (k: string) => new LeadvalueError(`${label}, field input.${k}`, 'missing', undefined, `from format 1.2 on a model file records how its leads were written; ${reexport}`);
  if (input.dateFormat === undefined) throw missing('dateFormat');
  if (!DATE_FORMATS.includes(input.dateFormat as DateFormat)) {
    throw new LeadvalueError(`${label}, field input.dateFormat`, 'unknown date format', shown(input.dateFormat), `this reader knows ${DATE_FORMATS.join(', ')}; upgrade leadvalue or re-export the model`);
  }
  if (input.delimiter === undefined) throw missing('delimiter');
  if (!isDelimiter(input.delimiter)) {
    throw new LeadvalueError(`${label}, field input.delimiter`, 'not a single-byte separator', shown(input.delimiter), `expected one ASCII character other than a quote or line break, or "whitespace"; ${reexport}`);
  }
}

/** What the CSV reader accepts as a delimiter (src/load/parse-csv.ts): one ASCII character other than a quote or line break, or `whitespace`. */
function isDelimiter(d: unknown): boolean {
  return d === 'whitespace' || (typeof d === 'string' && /^[\x01-\x7f]$/.test(d) && !/["\r\n]/.test(d));
}
