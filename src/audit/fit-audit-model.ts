import { timeOrder } from '../evaluate/split-by-time.js';
import { selectFeatures } from '../features/select-features.js';
import { fitTwoPart } from '../models/two-part.js';
import type { PreparedData } from '../pipeline/train-model.js';
import type { ModelFile } from '../scoring/model-types.js';
import { LeadvalueError } from '../core/errors.js';
import type { RuleAuditModel } from './model-contributions.js';

/**
 * The model a rule audit compares the rules with: the config's two-part GLM
 * (its features, stage, pooling and L2 candidates) fit on all leads of the
 * history, without the held-out evaluation `trainModel` also runs. The audit
 * describes the history, so fitting on all of it is the right comparison.
 * @param data - from prepareData
 * @throws LeadvalueError as fitTwoPart does (no won lead with known value, leakage)
 * @example
 * const audit = auditRules(data.frame, rules, { model: fitAuditModel(data) });
 */
export function fitAuditModel(data: PreparedData): RuleAuditModel {
  const { config, frame } = data;
  const features = selectFeatures(frame.features, config.model.stage, config.model.features);
  const rows = timeOrder(frame.createdAt, frame.leadId);
  const model = fitTwoPart(frame, features, rows, { minLevelCount: config.model.minLevelCount, l2: config.model.l2 });
  return { features: model.features, win: model.win, value: model.value };
}

/**
 * The audit model from an exported model file (`models/<name>/<version>.json`).
 * @throws LeadvalueError when the file's parts are not GLMs
 */
export function auditModelFromFile(file: ModelFile, label = 'model file'): RuleAuditModel {
  const { win, value } = file.params as { win: { kind?: string }; value: { kind?: string } };
  if (win?.kind !== 'glm' || value?.kind !== 'glm') {
    throw new LeadvalueError(label, 'the audit compares rules with GLM model parts only', JSON.stringify(`${win?.kind} / ${value?.kind}`), 'pass a two-part GLM model file, or leave out --model to fit one from the config');
  }
  return { features: file.features, win: win as RuleAuditModel['win'], value: value as RuleAuditModel['value'] };
}
