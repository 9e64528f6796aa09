import { readFileSync } from 'node:fs';
import { canonicalJson, sha256 } from '../core/canonical-json.js';
import { LeadvalueError, shown } from '../core/errors.js';
import { checkEbmState } from './ebm-terms.js';
import { validateGoalProfile } from './goal-profile.js';
import type { ModelFile, ModelState } from './model-types.js';

/**
 * The format this library writes, and the major version its readers accept.
 * 1.1: `params.reference` (output means for goal weighting) and goal profiles
 * with segments, capacity and minimums; 1.0 files are read with references of 1.
 */
export const MODEL_FORMAT = { name: 'leadvalue-model', version: '1.1.0' } as const;

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
 * model kind, and the shape of every feature and term. Fails closed.
 * @param source - the file's text, or an already-parsed object
 * @param label - name used in messages (e.g. the path)
 * @returns the verified model file
 * @throws LeadvalueError when anything is not understood or does not verify
 * @example
 * const model = parseModel(readFileSync('models/demo/1.0.0.json', 'utf8'), 'models/demo/1.0.0.json');
 */
export function parseModel(source: string | object, label = 'model file'): ModelFile {
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
  checkShape(file, label);
  return file;
}

/**
 * Reads and verifies a model file from disk.
 * @throws LeadvalueError when it cannot be read or does not verify
 */
export function readModel(path: string): ModelFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LeadvalueError(path, 'cannot read the model file', (e as NodeJS.ErrnoException).code, 'check the path (models/<name>/<version>.json)');
  }
  return parseModel(text, path);
}

function checkShape(file: ModelFile, label: string): void {
  if (file.model?.kind !== 'two-part') throw new LeadvalueError(`${label}, field model.kind`, 'unknown model kind', shown(file.model?.kind), 'this reader knows "two-part"');
  if (!Array.isArray(file.features)) throw new LeadvalueError(`${label}, field features`, 'not a list');
  for (const [part, state] of Object.entries(file.params ?? {}).filter(([k]) => k !== 'reference') as [string, ModelState][]) {
    if (state?.kind === 'ebm') { checkEbmState(state, file.features, `${label}, field params.${part}`); continue; }
    if (state?.kind !== 'glm') throw new LeadvalueError(`${label}, field params.${part}.kind`, 'unknown model kind', shown((state as { kind?: unknown } | null)?.kind), 'this reader knows "glm" and "ebm"');
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
  validateGoalProfile(file.goals, label, file, 'goals.');
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
