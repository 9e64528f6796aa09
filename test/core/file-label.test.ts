import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileLabel } from '../../src/core/file-label.js';
import { Warnings } from '../../src/core/warn.js';
import { buildLeadFrame } from '../../src/join/build-lead-frame.js';
import { d, makeTables } from '../join/tables.js';

describe('fileLabel', () => {
  it('relative to the working directory under it and beside it, so the checkout\'s location does not show', () => {
    expect(fileLabel('/work/main/data/demo/leads.csv', '/work/main')).toBe('data/demo/leads.csv');
    expect(fileLabel('/work/shared/data/olist/x.csv.gz', '/work/main')).toBe('../shared/data/olist/x.csv.gz');
    // From a notebook folder, on two machines: the same text.
    expect(fileLabel('/work/shared/data/olist/x.csv.gz', '/work/main/notebooks')).toBe('../../shared/data/olist/x.csv.gz');
    expect(fileLabel('/tmp/x/shared/data/olist/x.csv.gz', '/tmp/x/main/notebooks')).toBe('../../shared/data/olist/x.csv.gz');
  });

  it('absolute when only the root is shared; a relative path as given', () => {
    expect(fileLabel('/tmp/leads.csv', '/work/main')).toBe('/tmp/leads.csv');
    expect(fileLabel('/work', '/work')).toBe('/work');
    expect(fileLabel('leads.csv', '/work/main')).toBe('leads.csv');
  });

  it('names files so in the join\'s warnings', () => {
    const warnings = new Warnings();
    const t = makeTables([{ id: 'L1', created: '2024-01-05' }], [{ lead: 'L1', won: '2024-01-10' }, { lead: 'LX', won: '2024-01-10' }], []);
    t.outcomes.file = join(process.cwd(), 'data', 'outcomes.csv');
    t.leads.file = join(process.cwd(), '..', 'shared', 'leads.csv');
    buildLeadFrame(t, { horizon: { amount: 30, unit: 'days' }, dataEnd: d('2024-02-10') }, warnings);
    expect(warnings.list().find((w) => w.key === 'outcome-unknown-lead')!.message)
      .toBe(`${join('data', 'outcomes.csv')}: outcome rows for leads not in ${join('..', 'shared', 'leads.csv')} are ignored (first: row 3, lead "LX")`);
  });
});
