import { describe, expect, it } from 'vitest';
import { comparisonNotes } from '../../src/explain/comparison-notes.js';

describe('comparisonNotes', () => {
  it('a note per run, then each run\'s warnings named by the run, as leadvalue compare prints them', () => {
    const runs = [
      { name: 'glm/glm', note: 'win: L2 1; value: L2 3', warnings: [] },
      { name: 'ebm/ebm', note: 'win: EBM, 12 rounds; value: EBM, 0 rounds', warnings: ['value part: the EBM kept 0 boosting rounds and predicts a constant'] },
    ];
    expect(comparisonNotes(runs)).toEqual([
      'glm/glm: win: L2 1; value: L2 3',
      'ebm/ebm: win: EBM, 12 rounds; value: EBM, 0 rounds',
      'warning (ebm/ebm): value part: the EBM kept 0 boosting rounds and predicts a constant',
    ]);
    expect(comparisonNotes([{ name: 'glm/glm' }])).toEqual([]);
  });
});
