// goalCutoff / toCutoffLeads (src/goals/goal-cutoff.ts): creation dates are
// read in the model's source date format (input.dateFormat), whether or not a
// feature is derived from them, and errors name the lead as the caller knows it.
import { describe, expect, it } from 'vitest';
import { sealModel } from '../../src/export/write-model-file.js';
import { goalCutoff } from '../../src/goals/goal-cutoff.js';
import type { ModelFile } from '../../src/scoring/model-types.js';
import { TINY_LEADS, tinyModel } from './tiny-model.js';

/** The tiny model trained on a file whose dates were written dd/mm/yyyy (no feature reads the date). */
function dayFirstModel(): ModelFile {
  const { checksum: _c, ...content } = tinyModel();
  return sealModel({ ...content, input: { ...content.input, dateFormat: 'dd/mm/yyyy' } });
}
const dayFirst = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const DAY_FIRST_LEADS = TINY_LEADS.map((l) => ({ ...l, created_at: dayFirst(l.created_at) }));
const WEEK = { capacity: { leads: 7, per: 'week' as const } };

describe('creation dates in the model\'s date format', () => {
  it('dd/mm/yyyy dates are read as the model says, though no feature is derived from them', () => {
    expect(dayFirstModel().features.some((f) => f.derive)).toBe(false);
    const g = goalCutoff(dayFirstModel(), DAY_FIRST_LEADS, WEEK);
    // 01/01/2024 … 04/01/2024: Monday 1 to Thursday 4 January, 4/7 of a week; 7 per week → 4.
    expect(g.leads.map((l) => l.createdAt)).toEqual([1, 2, 3, 4].map((d) => Date.UTC(2024, 0, d)));
    expect(g.cutoff.periods).toBeCloseTo(4 / 7, 12);
    expect(g.cutoff.target).toBe(4);
  });

  it('ISO dates are accepted too', () => {
    expect(goalCutoff(dayFirstModel(), TINY_LEADS, WEEK).leads.map((l) => l.createdAt)).toEqual([1, 2, 3, 4].map((d) => Date.UTC(2024, 0, d)));
  });

  it('a date that is neither names the lead, the field and the format', () => {
    const leads = DAY_FIRST_LEADS.map((l, i) => (i === 1 ? { ...l, created_at: '31/02/2024' } : l));
    expect(() => goalCutoff(dayFirstModel(), leads, WEEK)).toThrow(/^lead 2, field created_at: not a date \(got "31\/02\/2024"\); use dd\/mm\/yyyy or ISO 8601/);
  });

  it('errors name the lead by the row numbers given (a file\'s rows after filtering)', () => {
    const leads = DAY_FIRST_LEADS.map((l, i) => (i === 1 ? { ...l, created_at: 'soon' } : l));
    expect(() => goalCutoff(dayFirstModel(), leads, { ...WEEK, where: 'new.csv row', rows: [3, 7, 8, 9] })).toThrow(/^new\.csv row 7, field created_at: not a date/);
    const badNumber = DAY_FIRST_LEADS.map((l, i) => (i === 2 ? { ...l, employees: 'many' } : l));
    expect(() => goalCutoff(dayFirstModel(), badNumber, { ...WEEK, where: 'new.csv row', rows: [3, 7, 8, 9] })).toThrow(/^new\.csv row 8, field employees: not a number/);
  });
});
