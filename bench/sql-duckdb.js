// Throughput of the exported SQL in DuckDB (npm run bench:sql [-- rows]):
// generates N leads inside DuckDB (text columns, as a CSV is read: ~5% missing
// values, some padded and unseen), exports the model file as DuckDB SQL and
// times CREATE TABLE … AS <query> (every output and 3 reasons computed and
// stored). Reports rows per second and the load average, since the machine
// may be shared.
import { loadavg } from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';
import { readModel } from '../dist/scoring/load-model.js';
import { exportSql } from '../dist/sql/export-sql.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const modelPath = process.argv[3] ?? 'models/demo/1.3.0.json';
const model = readModel(modelPath);
const db = await DuckDBInstance.create(':memory:', { threads: process.env.THREADS ?? '2' });
const c = await db.connect();
const maybe = (e) => `CASE WHEN random() < 0.05 THEN NULL ELSE ${e} END`;
const pick = (levels) => `(['${levels.join("', '")}', 'never-seen', ' ${levels[0]} '])[1 + floor(random() * ${levels.length + 2})::INT]`;
const columns = new Map([[model.input.leadId, `'L' || lpad(i::VARCHAR, 7, '0')`]]);
for (const f of model.features) {
  if (f.derive) columns.set(f.column, maybe(`strftime(TIMESTAMP '2024-01-01' + to_seconds((random() * 63072000)::BIGINT), '%Y-%m-%d %H:%M:%S')`));
  else if (f.kind === 'number') columns.set(f.column, maybe(`round(exp(${f.center} + ${f.scale} * (random() * 3 - 1.5)))::BIGINT::VARCHAR`));
  else columns.set(f.column, maybe(pick(f.levels)));
}
let t = performance.now();
await c.run(`CREATE TABLE leads AS SELECT ${[...columns].map(([k, e]) => `${e} AS "${k}"`).join(', ')} FROM range(${rows}) AS r(i)`);
const generated = (performance.now() - t) / 1000;
const sql = exportSql(model, { dialect: 'duckdb' }).replace(/;\s*$/, '');
const before = loadavg();
t = performance.now();
await c.run(`CREATE TABLE scored AS ${sql}`);
const seconds = (performance.now() - t) / 1000;
const check = (await c.runAndReadAll('SELECT count(*) AS n, count(p_win) AS scored, avg(score) AS mean_score FROM scored')).getRowObjectsJS()[0];
console.log(JSON.stringify({
  model: `${model.model.name} ${model.model.version}`, rows, threads: process.env.THREADS ?? '2', generateSeconds: +generated.toFixed(2),
  scoreSeconds: +seconds.toFixed(2), rowsPerSecond: Math.round(rows / seconds), scored: Number(check.scored), meanScore: +Number(check.mean_score).toFixed(4),
  sqlCharacters: sql.length, loadavgBefore: before.map((x) => +x.toFixed(2)), loadavgAfter: loadavg().map((x) => +x.toFixed(2)),
}));
