import { validateGoalProfile } from '../scoring/goal-profile.js';
import type { GoalProfile, ModelFile } from '../scoring/model-types.js';

/**
 * The same model with another goal profile in force, without retraining:
 * everything but `goals` is kept. Pass the result to `exportModel`, which
 * writes it as a new minor version (the payload changed) with a new checksum.
 * @param model - a verified model file
 * @param profile - the profile to store; validated against the model's features
 * @returns the model file content without a checksum
 * @throws LeadvalueError naming the field when the profile is not valid for the model
 * @example
 * exportModel(withGoals(readModel('models/demo/1.0.0.json'), readGoalProfile('configs/goals/fill-the-pipeline.json')), 'models');
 */
export function withGoals(model: ModelFile, profile: GoalProfile): Omit<ModelFile, 'checksum'> {
  const goals = validateGoalProfile(profile, 'goals', model);
  const { checksum: _checksum, ...content } = model;
  return { ...content, goals };
}
