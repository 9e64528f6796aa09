// ZILN value parts: a linear ZILN is exported (its heads summed from the stored
// layer, reasons from its additive terms) and scores in DuckDB as the scorer
// does; an MLP is refused with a message saying what SQL export supports.
import { afterAll, describe, expect, it } from 'vitest';
import type { ZilnState } from '../../src/scoring/ziln-types.js';
import { exportSql } from '../../src/sql/export-sql.js';
import { removeTempDirs } from '../scoring/demo-model.js';
import { compareWithScorer, duckdbWithLeads, generateLeads, runDuckdb } from './sql-leads.js';
import { trainModelFile } from './sql-models.js';

afterAll(removeTempDirs);

describe('ZILN value parts', async () => {
  const linear = await trainModelFile({ value: { kind: 'ziln', epochs: 8, batchSize: 64 } });
  const mlp = await trainModelFile({ value: { kind: 'ziln', hidden: [4], epochs: 2, batchSize: 256 } });

  it('a linear ZILN scores in DuckDB as the scorer scores it; reasons name the head', async () => {
    expect((linear.params.value as ZilnState).architecture.hidden).toEqual([]);
    const leads = generateLeads(linear, 3000, 11);
    const c = await duckdbWithLeads(leads);
    const sql = exportSql(linear, { dialect: 'duckdb', reasons: 4 });
    expect(sql).toMatch(/reason_1_head/);
    const rows = await runDuckdb(c, sql, 'lead_id');
    c.closeSync();
    compareWithScorer(linear, leads, rows, 4);
    // Some lead's top reasons include a ZILN head (the comparison checked which).
    expect(rows.some((r) => r.reason_1_head === 'mu' || r.reason_2_head === 'mu' || r.reason_3_head === 'mu')).toBe(true);
  }, 60_000);

  it('an MLP is refused, naming the field and what SQL export supports', () => {
    expect(() => exportSql(mlp, { dialect: 'postgres', label: 'models/demo/2.0.0.json' }))
      .toThrow(/^models\/demo\/2\.0\.0\.json, field params\.value: is a ZILN MLP \(hidden layers\), which SQL export does not support \(got hidden \[4\]\); SQL export supports linear and additive parts/);
  });
});
