import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { LeadvalueError } from '../core/errors.js';
import { validateGoalProfile } from '../scoring/goal-profile.js';
import type { GoalProfile, ModelFile } from '../scoring/model-types.js';

/**
 * Parses and validates a goal profile from JSON or YAML text, or validates one
 * already parsed (a plain object, as parseRuleSet takes). Every problem
 * names its field: `goals.json, field weights.expectedValue: not a number (got "high"); …`.
 * @param text - the document, or the parsed object
 * @param label - name used in messages (the file name)
 * @param options - `format` of text (default: YAML when the label ends in .yaml or .yml, else JSON); `model` to check segments against its features
 * @returns the validated, cleaned profile
 * @throws LeadvalueError on unparseable text (with line and column for YAML) or an invalid field
 * @example
 * parseGoalProfile('{"name": "conversion", "weights": {"winProbability": 1}}', 'conversion.json')
 * parseGoalProfile({ name: 'conversion', weights: { winProbability: 1 } }, 'my profile', { model })
 */
export function parseGoalProfile(text: string | object, label = 'goal profile', options: { format?: 'json' | 'yaml'; model?: Pick<ModelFile, 'features'> } = {}): GoalProfile {
  if (typeof text !== 'string') return validateGoalProfile(text, label, options.model);
  const format = options.format ?? (/\.ya?ml$/i.test(label) ? 'yaml' : 'json');
  let doc: unknown;
  if (format === 'yaml') {
    const parsed = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
    if (parsed.errors.length) {
      const e = parsed.errors[0];
      const pos = e.linePos?.[0];
      throw new LeadvalueError(pos ? `${label} line ${pos.line}, column ${pos.col}` : label, 'not valid YAML', JSON.stringify(e.message.split('\n')[0]), 'check the indentation and quoting');
    }
    doc = parsed.toJS();
  } else {
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new LeadvalueError(label, 'not valid JSON', JSON.stringify((e as Error).message), 'check commas and quotes (name a YAML profile .yaml or .yml)');
    }
  }
  return validateGoalProfile(doc, label, options.model);
}

/**
 * Reads a goal profile file (`.json`, `.yaml` or `.yml`) and validates it;
 * with a model, also against the model's features.
 * @param path - the file
 * @param model - the model it will score with (optional)
 * @throws LeadvalueError when the file cannot be read, parsed or validated
 * @example
 * const goals = readGoalProfile('configs/goals/fill-the-pipeline.json', model);
 * scoreBatch(model, leads, { goals });
 */
export function readGoalProfile(path: string, model?: Pick<ModelFile, 'features'>): GoalProfile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LeadvalueError(path, 'cannot read the goal profile', (e as NodeJS.ErrnoException).code, 'check the path (see configs/goals/)');
  }
  return parseGoalProfile(text, path, { model });
}
