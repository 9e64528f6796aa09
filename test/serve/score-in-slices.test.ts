// Large batches are scored in slices; the answer must be scoreBatch's, number for number.
import { describe, expect, it } from 'vitest';
import { scoreBatch } from '../../src/scoring/score-batch.js';
import { scoreInSlices } from '../../src/serve/score-in-slices.js';
import { DEMO_NEW_LEADS, readPlainCsv } from '../scoring/demo-model.js';
import { LEAD, MODEL_A } from './serve-helpers.js';

const leads: Record<string, unknown>[] = [...readPlainCsv(DEMO_NEW_LEADS).rows, { ...LEAD, industry: 'space', employees: '' }, { ...LEAD, job_level: null }];

describe('scoreInSlices', () => {
  it('gives scoreBatch\'s scores and counts for the whole batch, for slice sizes that do and do not divide it', async () => {
    const whole = scoreBatch(MODEL_A, leads, { topReasons: 4 });
    for (const slice of [1, 7, 100, 301, 302, 1000]) expect(await scoreInSlices(MODEL_A, leads, { topReasons: 4 }, slice), `slice ${slice}`).toEqual(whole);
    expect(whole.unseen).toEqual({ industry: 1 });
  });

  it('numbers the lead in an error by its place in the whole batch', async () => {
    const bad = [...leads.slice(0, 10), { ...LEAD, created_at: 'soon' }];
    await expect(scoreInSlices(MODEL_A, bad, { where: 'leads', firstRow: 0 }, 4)).rejects.toThrow(/^leads 10, field created_at: not a date \(got "soon"\)/);
  });

  it('lets other work run between slices, and stops when cancelled', async () => {
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 0);
    let sliceCount = 0;
    await scoreInSlices(MODEL_A, leads, {}, 10, () => { sliceCount++; return false; });
    clearInterval(timer);
    expect(sliceCount).toBe(Math.ceil(leads.length / 10) - 1);
    expect(ticks).toBeGreaterThan(0);
    expect(await scoreInSlices(MODEL_A, leads, {}, 10, () => true)).toBeNull();
  });
});
