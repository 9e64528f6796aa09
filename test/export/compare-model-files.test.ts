// compareModelFiles / formatModelComparison on the two committed demo model
// files. Expected values are read by hand from models/demo/1.3.0.json and
// 1.4.0.json: they were trained on the same data (same data section and
// fingerprint); only the fitted parameters differ in their last digits (the
// GLM solver's iterations: 31 → 10 for win, 38 → 13 for value), so the
// held-out AUC and value Gini are the same numbers in both files.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareModelFiles, formatModelComparison } from '../../src/export/compare-model-files.js';
import type { LeadingIndicator } from '../../src/explain/leading-indicators.js';
import { readModel } from '../../src/scoring/load-model.js';
import type { ModelFile } from '../../src/scoring/model-types.js';
import { ROOT } from '../scoring/demo-model.js';

const v13 = readModel(join(ROOT, 'models/demo/1.3.0.json'));
const v14 = readModel(join(ROOT, 'models/demo/1.4.0.json'));
/** Win-part indicators named `names`, most important first (only the names are compared). */
const ranked = (...names: string[]): LeadingIndicator[] =>
  names.map((feature, k) => ({ feature, stage: 'lead', part: 'win', importance: 1 - k / 10, effects: [] }));

describe('compareModelFiles', () => {
  it('1.3.0 → 1.4.0: what the files hold, side by side (metrics.conversion.auc and valueByExpectedValue.gini estimates, data section)', () => {
    const c = compareModelFiles(v13, v14);
    const common = {
      name: 'demo', auc: 0.7334856330591938, valueGini: 0.547110609823233, dataEnd: '2026-03-31', leads: 4000,
      fingerprint: 'ab3fb845a96dca02cb35702cf219c4a700d7eda48949b685495883702ad84143', topIndicators: null,
    };
    expect(c).toEqual({ previous: { ...common, version: '1.3.0' }, current: { ...common, version: '1.4.0' }, sameData: true });
    expect(formatModelComparison(c)).toEqual([
      'vs 1.3.0: AUC 0.733 → 0.733; value Gini 0.547 → 0.547; data end 2026-03-31 → 2026-03-31; leads 4000 → 4000 (same data files)',
    ]);
    // A plain object: JSON round-trips it.
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });

  it('the top indicators given: the first two of each; "same" when they match, "was n/a" when the previous is unknown', () => {
    const now = ranked('demo_requested', 'free_email', 'pages_viewed');
    expect(compareModelFiles(v13, v14, { previous: ranked('demo_requested', 'free_email'), current: now }).current.topIndicators).toEqual(['demo_requested', 'free_email']);
    expect(formatModelComparison(compareModelFiles(v13, v14, { previous: ranked('demo_requested', 'free_email'), current: now }))[1])
      .toBe('  top indicators of winning: demo_requested, free_email (same)');
    expect(formatModelComparison(compareModelFiles(v13, v14, { previous: ranked('source', 'demo_requested'), current: now }))[1])
      .toBe('  top indicators of winning: demo_requested, free_email (was source, demo_requested)');
    expect(formatModelComparison(compareModelFiles(v13, v14, { previous: null, current: now }))[1])
      .toBe('  top indicators of winning: demo_requested, free_email (was n/a)');
    expect(compareModelFiles(v13, v14, { previous: ranked('x', 'y') }, 1).previous.topIndicators).toEqual(['x']);
  });

  it('a retrain on newer data: each field as the edited file holds it; a metric the file spells "NaN" (or lacks) reads n/a', () => {
    // 1.3.0 edited into an older model: an earlier data end, fewer leads, other files, an AUC undefined on its test leads.
    const older = JSON.parse(JSON.stringify(v13)) as ModelFile;
    older.data = { ...older.data, dataEnd: '2025-12-31', rows: { ...older.data.rows, leads: 3100 }, fingerprint: '0'.repeat(64) };
    (older.metrics.conversion as { auc: { estimate: unknown } }).auc.estimate = 'NaN';
    delete older.metrics.valueByExpectedValue;
    const c = compareModelFiles(older, v14);
    expect(c.previous).toMatchObject({ auc: NaN, valueGini: NaN, dataEnd: '2025-12-31', leads: 3100 });
    expect(c.sameData).toBe(false);
    expect(formatModelComparison(c)).toEqual([
      'vs 1.3.0: AUC n/a → 0.733; value Gini n/a → 0.547; data end 2025-12-31 → 2026-03-31; leads 3100 → 4000',
    ]);
  });
});
