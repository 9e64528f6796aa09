import { readFileSync } from 'node:fs';
import { LeadvalueError } from '../core/errors.js';
import { parseModel } from '../scoring/load-model.js';
import type { ModelFile } from '../scoring/model-types.js';
import { scoreLead } from '../scoring/score-lead.js';

/** A model the service scores with, and where it came from. */
export interface LoadedModel {
  model: ModelFile;
  /** The file it was read from. */
  path: string;
  /** When it was loaded (ISO 8601). */
  loadedAt: string;
  /** What reading it warned about (a newer minor format, see newerFormatWarning); absent or empty when nothing. */
  warnings?: string[];
}

/**
 * Reads a model file and verifies it fully before the service may use it:
 * format, checksum, kind and the shape of every term (parseModel), then one
 * lead with every field missing is scored and must give finite outputs, so a
 * model that would fail on its first request is refused here instead. A file
 * of a newer minor format is loaded, with its warning in `warnings`.
 * @param path - the model file
 * @returns the verified model
 * @throws LeadvalueError naming the file when it cannot be read or does not verify
 * @example
 * const { model } = loadVerifiedModel('models/demo/1.3.0.json');
 */
export function loadVerifiedModel(path: string): LoadedModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LeadvalueError(path, 'cannot read the model file', (e as NodeJS.ErrnoException).code, 'check the path (models/<name>/<version>.json)');
  }
  const warnings: string[] = [];
  const model = parseModel(text, path, { warnings: { warn: (_key, message) => { warnings.push(message); } } });
  const probe = scoreLead(model, {}, { where: `${path}: scoring a lead with every field missing` });
  for (const k of ['pWin', 'valueIfWon', 'score'] as const) {
    if (!Number.isFinite(probe[k])) throw new LeadvalueError(path, `scores a lead with every field missing as a ${k} that is not a finite number`, String(probe[k]), 're-export the model');
  }
  return { model, path, loadedAt: new Date().toISOString(), ...(warnings.length ? { warnings } : {}) };
}
