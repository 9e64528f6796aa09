// The exported SQL (postgres dialect) run in a throwaway PostgreSQL 15 cluster
// over generated leads: every output and reason equals the scorer's. Skips,
// saying why, when the PostgreSQL binaries are not installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelFile } from '../../src/scoring/model-types.js';
import { exportSql } from '../../src/sql/export-sql.js';
import { removeTempDirs, trainDemo } from '../scoring/demo-model.js';
import { parseQuotedCsv, postgresMissing, startPostgres, type PostgresCluster } from './postgres-cluster.js';
import { compareWithScorer, generateLeads, leadColumns, type Lead, type SqlRow } from './sql-leads.js';
import { dateAndGoalsVariant, EBM_WITH_PAIRS, trainModelFile } from './sql-models.js';

const missing = postgresMissing();
if (missing) console.warn(`test/sql/postgres-export.test.ts skipped: ${missing}`);

const csvField = (v: string | boolean | null) => (v === null ? '' : `"${String(v).replace(/"/g, '""')}"`);
const NUMERIC = /^(p_win|value_if_won|expected_value|score|reason_\d+_contribution)$/;

/** Loads the leads into a new table (text, BOOLEAN where the leads hold booleans; NULL stays NULL, '' stays '') and returns the query's rows. */
function scoreInPostgres(pg: PostgresCluster, model: ModelFile, leads: Lead[], reasons: number): SqlRow[] {
  const columns = leadColumns(leads);
  pg.psql(['-c', `DROP TABLE IF EXISTS leads; CREATE TABLE leads (${columns.map((c) => `"${c.name}" ${c.boolean ? 'BOOLEAN' : 'TEXT'}`).join(', ')})`]);
  const csv = leads.map((l) => columns.map((c) => csvField(l[c.name])).join(',')).join('\n') + '\n';
  pg.psql(['-c', `COPY leads FROM STDIN WITH (FORMAT csv)`], csv);
  const query = exportSql(model, { dialect: 'postgres', reasons }).replace(/;\s*$/, '');
  const out = pg.psql(['-f', '-'], `COPY (SELECT * FROM (${query}) AS scored ORDER BY "${model.input.leadId}") TO STDOUT WITH (FORMAT csv, HEADER, FORCE_QUOTE *)`);
  const [header, ...rows] = parseQuotedCsv(out);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] !== null && NUMERIC.test(h!) ? Number(r[i]) : r[i]])) as SqlRow);
}

describe.skipIf(missing !== null)('exported SQL in PostgreSQL equals the scorer, lead for lead', () => {
  let pg: PostgresCluster;
  const models: Record<string, ModelFile> = {};
  beforeAll(async () => {
    pg = startPostgres();
    models.glm = (await trainDemo()).model;
    models.variant = dateAndGoalsVariant(models.glm);
    models.ebm = await trainModelFile(EBM_WITH_PAIRS);
    models.isotonic = await trainModelFile({ calibration: 'isotonic' });
  }, 300_000);
  afterAll(() => {
    pg?.stop();
    removeTempDirs();
  });

  it.each(['glm', 'variant', 'ebm', 'isotonic'])('%s model', (name) => {
    const model = models[name];
    const leads = generateLeads(model, 3000, 100 + name.length);
    compareWithScorer(model, leads, scoreInPostgres(pg, model, leads, 3), 3);
  }, 60_000);

  it('BOOLEAN columns of number features read true/false as 1/0, as scoreLead does', () => {
    // Before: every lead came back with invalid_field = 'demo_requested' (CAST(true AS TEXT) is 'true', not a number).
    const leads = generateLeads(models.glm, 3000, 120, ['demo_requested', 'free_email']);
    const { scored } = compareWithScorer(models.glm, leads, scoreInPostgres(pg, models.glm, leads, 3), 3);
    expect(scored).toBeGreaterThan(2500);
  }, 60_000);
});
