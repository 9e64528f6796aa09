// exportSql and `leadvalue export-sql`: golden SQL per dialect for the demo
// model, the pieces that must be exact (raw bin thresholds, quoting), the view
// form run in DuckDB, and every bad input with its message.
//
// Regenerate the golden files after an intended change with:
//   UPDATE_GOLDEN=1 TZ=UTC npx vitest run test/sql/export-sql.test.ts
// and review the diff of test/golden/sql/.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelFile } from '../../src/scoring/model-types.js';
import { exportSql } from '../../src/sql/export-sql.js';
import { rawThreshold, zOf } from '../../src/sql/raw-threshold.js';
import { SQL_DIALECTS, sqlDialect, tableName } from '../../src/sql/sql-dialect.js';
import { removeTempDirs, ROOT, tempDir, trainDemo, type DemoModel } from '../scoring/demo-model.js';
import { duckdbWithLeads, generateLeads } from './sql-leads.js';

const MAIN = join(ROOT, 'dist/cli/main.js');
const GOLDEN = join(ROOT, 'test/golden/sql');
const cli = (args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });

let demo: DemoModel;
beforeAll(async () => {
  if (!existsSync(MAIN)) execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  demo = await trainDemo();
}, 120_000);
afterAll(removeTempDirs);

describe('golden SQL of the demo model (test/golden/sql/demo.<dialect>.sql)', () => {
  it.each(SQL_DIALECTS)('%s', (dialect) => {
    const actual = exportSql(demo.model, { dialect, label: 'models/demo/1.0.0.json' });
    const path = join(GOLDEN, `demo.${dialect}.sql`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
    if (!existsSync(path)) throw new Error(`${path} is missing; create it with UPDATE_GOLDEN=1 TZ=UTC npx vitest run test/sql/export-sql.test.ts`);
    expect(actual.split('\n')).toEqual(readFileSync(path, 'utf8').split('\n'));
  });

  it('the dialects differ where they must: quoting, float literals, regex, casts, CTE materialisation', () => {
    const sql = (d: string) => readFileSync(join(GOLDEN, `demo.${d}.sql`), 'utf8');
    expect(sql('duckdb')).toMatch(/FROM "leads" CROSS JOIN lv_ws/);
    expect(sql('bigquery')).toMatch(/FROM `leads` CROSS JOIN lv_ws/);
    expect(sql('spark')).toMatch(/TRIM\(BOTH lv_ws\.chars FROM CAST\(`source` AS STRING\)\)/);
    expect(sql('postgres')).toMatch(/^lv_terms AS MATERIALIZED \(/m);
    expect(sql('postgres')).toMatch(/-1\.990806523027301::float8|::float8/);
    expect(sql('snowflake')).toMatch(/REGEXP_LIKE\(created_at_trimmed, '\[0-9\]\{4\}-/);
    expect(sql('bigquery')).toMatch(/SAFE_CAST\(employees_text AS FLOAT64\)/);
    expect(sql('spark')).toMatch(/LOG1P\(employees_x\)/);
    // A BOOLEAN column of a number feature is 1/0: each dialect tests the column's type (a text 'true' stays text).
    expect(sql('duckdb')).toMatch(/WHEN typeof\("demo_requested"\) = 'BOOLEAN' THEN CASE CAST\("demo_requested" AS VARCHAR\) WHEN 'true' THEN '1' WHEN 'false' THEN '0' END/);
    expect(sql('postgres')).toMatch(/WHEN pg_typeof\("demo_requested"\) = 'boolean'::regtype THEN/);
    expect(sql('bigquery')).toMatch(/WHEN TO_JSON_STRING\(`demo_requested`\) IN \('true', 'false'\) THEN/);
    expect(sql('snowflake')).toMatch(/WHEN IS_BOOLEAN\(TO_VARIANT\("demo_requested"\)\) THEN/);
    expect(sql('spark')).toMatch(/WHEN typeof\(`demo_requested`\) = 'boolean' THEN/);
    for (const d of SQL_DIALECTS) expect(sql(d)).not.toMatch(/typeof\(.source.\)|TO_VARIANT\(.source.\)/); // category columns: read as text
    for (const d of SQL_DIALECTS) expect(sql(d)).not.toMatch(/- -|\\d/); // no accidental comment, no backslash class
  });
});

describe('raw thresholds of EBM bin edges', () => {
  it('x <= threshold exactly when z <= edge (hand values: z = (x − 10) / 2)', () => {
    const spec = { transform: 'none' as const, center: 10, scale: 2 };
    expect(rawThreshold(spec, 0.5)).toBe(11); // (11 − 10) / 2 = 0.5, and the next double above 11 gives more
    expect(rawThreshold(spec, 0.3)).toBe(10.6 - 0); // (10.6 − 10) / 2 rounds to 0.29999999999999982 ≤ 0.3
    expect(zOf(spec, 10.600000000000001)).toBeGreaterThan(0.3);
  });

  it('log1p: the largest x with (log1p(x) − c) / s ≤ edge; null below the domain, the largest double above it', () => {
    const spec = { transform: 'log1p' as const, center: 1.5, scale: 0.75 };
    const edge = zOf(spec, 9);
    const t = rawThreshold(spec, edge)!;
    expect(t).toBeGreaterThanOrEqual(9);
    expect(zOf(spec, t)).toBeLessThanOrEqual(edge);
    const next = t + t * Number.EPSILON;
    expect(zOf(spec, next)).toBeGreaterThan(edge);
    expect(rawThreshold(spec, -1e9)).toBeNull();
    expect(rawThreshold(spec, 1e9)).toBe(Number.MAX_VALUE);
  });
});

describe('dialect details', () => {
  it('quotes identifiers and table names per dialect, and escapes string literals', () => {
    expect(tableName(sqlDialect('postgres'), 'crm.we"ird')).toBe('"crm"."we""ird"');
    expect(tableName(sqlDialect('bigquery'), 'proj.crm.leads')).toBe('`proj`.`crm`.`leads`');
    expect(sqlDialect('duckdb').str("o'brien\\")).toBe("'o''brien\\'");
    expect(sqlDialect('bigquery').str("o'brien\\")).toBe("'o\\'brien\\\\'");
    expect(sqlDialect('snowflake').str("o'brien\\")).toBe("'o''brien\\\\'");
    expect(sqlDialect('spark').num(0.1)).toBe('0.1e0');
    expect(sqlDialect('postgres').num(-2.5e-16)).toBe('-2.5e-16::float8');
  });

  it('--view writes CREATE OR REPLACE VIEW, which DuckDB runs; leads read from a dotted table name', async () => {
    const leads = generateLeads(demo.model, 50, 9);
    const c = await duckdbWithLeads(leads, 'leads_raw');
    await c.run('CREATE SCHEMA crm; CREATE TABLE crm.leads AS SELECT * FROM leads_raw');
    await c.run(exportSql(demo.model, { dialect: 'duckdb', table: 'crm.leads', view: 'crm.lead_scores', reasons: 1 }));
    const rows = (await c.runAndReadAll('SELECT count(*) AS n, count(reason_1_feature) AS r FROM crm.lead_scores')).getRowObjectsJS();
    c.closeSync();
    expect(Number(rows[0].n)).toBe(50);
    expect(Number(rows[0].r)).toBeGreaterThan(40);
  });
});

describe('bad input', () => {
  it('an unknown dialect names the ones known (API and CLI)', () => {
    expect(() => exportSql(demo.model as ModelFile, { dialect: 'oracle' })).toThrow(/^dialect: unknown SQL dialect \(got "oracle"\); use one of duckdb, postgres, bigquery, snowflake, spark$/);
    const run = cli(['export-sql', '--model', demo.path, '--dialect', 'mysql']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^leadvalue: --dialect: unknown SQL dialect \(got "mysql"\); use one of duckdb/);
  });

  it('missing --model or --dialect', () => {
    expect(cli(['export-sql', '--dialect', 'duckdb']).stderr).toMatch(/^leadvalue: --model is required; see leadvalue export-sql --help/);
    expect(cli(['export-sql', '--model', demo.path]).stderr).toMatch(/^leadvalue: --dialect is required/);
  });

  it('a model file that fails verification is refused, naming the file and field; nothing is written', () => {
    const dir = tempDir('sql-bad');
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, demo.text.replace('"long-term-value"', '"edited-by-hand"'));
    const out = join(dir, 'out.sql');
    const run = cli(['export-sql', '--model', edited, '--dialect', 'postgres', '--out', out]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/edited\.json, field checksum: does not match the content/);
    expect(existsSync(out)).toBe(false);
  });

  it('a bad --reasons or table name', () => {
    expect(cli(['export-sql', '--model', demo.path, '--dialect', 'duckdb', '--reasons', 'three']).stderr).toMatch(/--reasons: not a whole number \(got "three"\)/);
    expect(cli(['export-sql', '--model', demo.path, '--dialect', 'duckdb', '--reasons', '101']).stderr)
      .toBe('leadvalue: --reasons: must be at most 100 (got 101); ask for 0 (none) to 100 reasons per lead\n');
    expect(() => exportSql(demo.model, { dialect: 'duckdb', table: 'crm..leads' })).toThrow(/^table: not a table name \(got "crm\.\.leads"\)/);
  });

  it('more than 3 dotted parts, where a name has at most 3 (before: DuckDB got "a"."b"."c"."d"); Spark nests namespaces, so any number', () => {
    const spelled = { duckdb: 'DuckDB name has (catalog.schema.table)', postgres: 'PostgreSQL name has (database.schema.table)',
      bigquery: 'BigQuery name has (project.dataset.table)', snowflake: 'Snowflake name has (database.schema.table)' } as const;
    for (const [dialect, has] of Object.entries(spelled)) {
      expect(() => exportSql(demo.model, { dialect, view: 'a.b.c.d' }), dialect).toThrow(`view: more dotted parts than a ${has} (got "a.b.c.d"); give at most 3 parts, e.g. `);
      expect(() => exportSql(demo.model, { dialect, table: 'a.b.c.d' }), dialect).toThrow(/^table: more dotted parts than a /);
      expect(exportSql(demo.model, { dialect, table: 'a.b.c' }), dialect).toMatch(/FROM [`"]a[`"]\.[`"]b[`"]\.[`"]c[`"]/);
    }
    expect(exportSql(demo.model, { dialect: 'spark', view: 'cat.ns1.ns2.scores' })).toMatch(/^CREATE OR REPLACE VIEW `cat`\.`ns1`\.`ns2`\.`scores` AS$/m);
    const run = cli(['export-sql', '--model', demo.path, '--dialect', 'duckdb', '--view', 'a.b.c.d']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('leadvalue: view: more dotted parts than a DuckDB name has (catalog.schema.table) (got "a.b.c.d"); give at most 3 parts, e.g. schema.table\n');
  });

  it('BigQuery: a backtick or backslash in a name is refused (before: doubled, which BigQuery does not read as an escape); Spark doubles a backtick, as it reads it', () => {
    expect(() => exportSql(demo.model, { dialect: 'bigquery', table: 'p.d.t`x' })).toThrow(
      'table: holds a backtick (`), which BigQuery escapes with a backslash in a quoted name; the export refuses it rather than risk naming another object (got "p.d.t`x"); rename it');
    expect(() => exportSql(demo.model, { dialect: 'bigquery', view: 'p.d.v\\1' })).toThrow(/^view: holds a backslash \(\\\)/);
    expect(() => sqlDialect('bigquery').ident('a`b')).toThrow(/holds a backtick/);
    const column = { ...demo.model, features: demo.model.features.map((f, i) => (i === 2 ? { ...f, column: 'staff`count' } : f)) } as ModelFile;
    expect(() => exportSql(column, { dialect: 'bigquery', label: 'm.json' })).toThrow(/^m\.json, field features\[2\]\.column: holds a backtick/);
    expect(exportSql(column, { dialect: 'spark' })).toContain('`staff``count`');
    expect(exportSql(demo.model, { dialect: 'spark', table: 'd.t`x' })).toMatch(/FROM `d`\.`t``x`/);
    expect(exportSql(demo.model, { dialect: 'postgres', table: 'd.t"x' })).toMatch(/FROM "d"\."t""x"/);
  });

  it('writes the file with --out and says so', () => {
    const out = join(tempDir('sql-out'), 'scores.sql');
    const run = cli(['export-sql', '--model', demo.path, '--dialect', 'snowflake', '--reasons', '2', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^leadvalue export-sql: wrote .*scores\.sql \(snowflake, \d+ characters\) for model demo 1\.0\.0/);
    expect(readFileSync(out, 'utf8')).toMatch(/reason_2_contribution/);
  });
});
