import { basename } from 'node:path';
import { LeadvalueError, shown } from '../core/errors.js';
import type { ModelFile } from '../scoring/model-types.js';

/**
 * The version a model file's name claims.
 * @param path - a model file
 * @returns `1.4.0` for `models/demo/1.4.0.json`; undefined when the name is not `<x.y.z>.json`
 * @example
 * versionInFileName('models/demo/1.4.0.json') // '1.4.0'
 */
export function versionInFileName(path: string): string | undefined {
  return /^(\d+\.\d+\.\d+)\.json$/.exec(basename(path))?.[1];
}

/**
 * Refuses a model file that verifies but is not the service's to serve from
 * where it lies: a model of another name than the one being served (a file
 * dropped into the wrong folder would otherwise replace it, and every request
 * would come back with every feature missing), or a version other than the one
 * its file name says (the service orders a folder by file name, so such a file
 * would step the service down, or up past versions it never saw).
 * @param model - the verified model file
 * @param path - where it was read from
 * @param name - the model name being served, or undefined at startup on a file
 * @throws LeadvalueError naming the file and the field
 * @example
 * checkModelIdentity(loaded.model, 'models/demo/1.9.0.json', 'demo'); // throws when it holds olist-ziln or demo 1.0.0
 */
export function checkModelIdentity(model: ModelFile, path: string, name: string | undefined): void {
  if (name !== undefined && model.model.name !== name) {
    throw new LeadvalueError(`${path}, field model.name`, `another model than the one served, ${name}`, shown(model.model.name),
      'serve each model from its own models/<name>/ folder or file');
  }
  const claimed = versionInFileName(path);
  if (claimed !== undefined && model.model.version !== claimed) {
    throw new LeadvalueError(`${path}, field model.version`, `not the version its file name says, ${claimed}`, shown(model.model.version),
      `name the file ${model.model.version}.json, as leadvalue train does`);
  }
}
