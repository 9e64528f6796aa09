/**
 * The synthetic demo history: a deterministic B2B lead history with planted
 * leading indicators, for the demo, the notebooks and tests.
 * @module
 */
export { generateDemo, DEMO_DEFAULTS, type DemoOptions, type DemoTables } from './generate-demo.js';
export { writeDemo, DEMO_FILES, type WrittenDemo } from './write-demo.js';
export {
  WIN, VALUE, NO_PAY, CHURN, WIN_DELAY, DEAL_FIELDS, LEAD_ATTRIBUTES, OUTLIERS, TARGETS,
  SOURCES, INDUSTRIES, JOB_LEVELS, PLANS, CONTRACTS,
  PLANTED, plantedPredictor, plantedWinLogit, plantedValueIndex, plantedCoefficients,
  type PlantedEffect, type PlantedPredictor, type DemoLeadAttributes,
} from './planted.js';
