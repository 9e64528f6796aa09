import { describe, expect, it } from 'vitest';
import * as evaluate from '../../src/evaluate/index.js';

describe('evaluate/index', () => {
  it('re-exports the public API', () => {
    for (const name of [
      'auc', 'averagePrecision', 'normalizedGini', 'topShare', 'captureCurve', 'liftCurve',
      'spearman', 'averageRanks', 'decileTable', 'bootstrapInterval', 'bootstrapMetrics',
    ]) {
      expect(typeof (evaluate as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
