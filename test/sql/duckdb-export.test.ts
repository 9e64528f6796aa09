// The exported SQL run in DuckDB (@duckdb/node-api) over generated leads full
// of missing, padded, unseen and malformed values and odd dates: every output
// and every reason must equal the production scorer's (src/scoring/score-lead.ts)
// on the same lead, the independent reference here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EbmState, ModelFile } from '../../src/scoring/model-types.js';
import { exportSql } from '../../src/sql/export-sql.js';
import { removeTempDirs, trainDemo } from '../scoring/demo-model.js';
import { compareWithScorer, duckdbWithLeads, generateLeads, runDuckdb } from './sql-leads.js';
import { dateAndGoalsVariant, EBM_WITH_PAIRS, trainModelFile } from './sql-models.js';

const LEADS = 4000;
const models: Record<string, ModelFile> = {};
beforeAll(async () => {
  models.glm = (await trainDemo()).model;
  models.ebm = await trainModelFile(EBM_WITH_PAIRS);
  models.platt = await trainModelFile({ calibration: 'platt' });
  models.isotonic = await trainModelFile({ win: { kind: 'ebm', maxRounds: 40 }, calibration: 'isotonic' });
  models.variant = dateAndGoalsVariant(models.glm);
}, 300_000);
afterAll(removeTempDirs);

/** Scores generated leads with the exported query and compares with the scorer. */
async function check(model: ModelFile, seed: number, reasons = 3) {
  const leads = generateLeads(model, LEADS, seed);
  const c = await duckdbWithLeads(leads);
  const rows = await runDuckdb(c, exportSql(model, { dialect: 'duckdb', reasons }), model.input.leadId);
  c.closeSync();
  return compareWithScorer(model, leads, rows, reasons);
}

describe('exported SQL in DuckDB equals the scorer, lead for lead', () => {
  it('the demo GLM model (log1p and plain numbers, categories, a month from ISO dates)', async () => {
    const { refused, scored } = await check(models.glm, 1);
    // Some leads carry values the scorer refuses; most score.
    expect(refused).toBeGreaterThan(20);
    expect(scored).toBeGreaterThan(3000);
  }, 60_000);

  it('EBMs with pair terms: values generated on the bin edges fall in the same bins', async () => {
    const win = models.ebm.params.win as EbmState, value = models.ebm.params.value as EbmState;
    expect([win.kind, value.kind, win.pairs.length, value.pairs.length]).toEqual(['ebm', 'ebm', 3, 2]);
    await check(models.ebm, 2, 5);
  }, 60_000);

  it('Platt calibration of P(win)', async () => {
    expect(models.platt.params.calibration?.kind).toBe('platt');
    await check(models.platt, 3);
  }, 60_000);

  it('isotonic calibration of an EBM win part', async () => {
    expect(models.isotonic.params.calibration?.kind).toBe('isotonic');
    await check(models.isotonic, 4);
  }, 60_000);

  it('date parts from dd/mm/yyyy (weekday, with ISO fallback) and ISO (hour, a number); goals on three outputs with segments', async () => {
    await check(models.variant, 5, 4);
  }, 60_000);

  it('no reasons when --reasons 0; all of them when asked for more than there are', async () => {
    await check(models.glm, 6, 0);
    await check(models.glm, 7, 20);
  }, 60_000);
});
