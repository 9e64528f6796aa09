// Tables the CLI prints (audit, funnel, compare): one number of decimals per number column.
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../src/cli/format-table.js';

describe('formatTable', () => {
  const table = aq.table({ step: ['qualified', 'won', 'active'], 'value/lead': [1112.39, 2984.5, 270], leads: [4000, 593, 0], 'days to win': [56.5, 34, NaN] });

  it('gives every value of a number column the decimals of its most precise one (was 1112.39, 2984.5, 270)', () => {
    expect(formatTable(table)).toEqual([
      '  step       value/lead  leads  days to win',
      '  qualified     1112.39   4000         56.5',
      '  won           2984.50    593         34.0',
      '  active         270.00      0            –',
    ]);
  });

  it('markdown: the same cells, numbers right-aligned', () => {
    expect(formatTable(table, { markdown: true })).toEqual([
      '| step | value/lead | leads | days to win |',
      '|---|---:|---:|---:|',
      '| qualified | 1112.39 | 4000 | 56.5 |',
      '| won | 2984.50 | 593 | 34.0 |',
      '| active | 270.00 | 0 | – |',
    ]);
  });
});
