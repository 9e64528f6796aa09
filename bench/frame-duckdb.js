// Large-data training path: the lead frame built in DuckDB over a revenue file several times larger than
// DuckDB's memory limit, and both engines on a size the TypeScript engine can hold.
//
//   npm run bench:frame                 # 3 GB of revenue CSV vs memory_limit 500MB, TypeScript comparison at 150 MB
//   npm run bench:frame -- --gb 0.3     # a quick run
//
// The files are generated (streamed) into a folder under os.tmpdir() and deleted afterwards. Each engine runs
// in a child process, so its peak RSS is its own. Results are appended to bench/results/frame.md.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, appendFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback; };
const DAY = 86_400_000;

if (args[0] === '--child') {
  // One engine over one folder; prints JSON on stdout.
  const [, engine, dir, memoryLimit] = args;
  const { parseAdapterConfig } = await import('../dist/load/adapter-config.js');
  const config = parseAdapterConfig(configJson(), { path: join(dir, 'config.json'), baseDir: dir });
  const t0 = performance.now();
  let frame;
  if (engine === 'duckdb') {
    const { buildLeadFrameDuckdb } = await import('../dist/join/duckdb/build-lead-frame-duckdb.js');
    frame = (await buildLeadFrameDuckdb(config, { memoryLimit, tempDirectory: join(dir, 'spill') })).frame;
  } else {
    const { loadSource } = await import('../dist/load/load-source.js');
    const { buildLeadFrame } = await import('../dist/join/build-lead-frame.js');
    frame = buildLeadFrame(await loadSource(config), config.label);
  }
  const seconds = (performance.now() - t0) / 1000;
  const { revenueRows, censored, won, totalValue } = frame.report;
  console.log(JSON.stringify({ seconds, maxRssMB: process.resourceUsage().maxRSS / 1024, revenueRows, leads: frame.rows, won, censored, totalValue }));
  process.exit(0);
}

function configJson() {
  return {
    name: 'bench-frame',
    tables: {
      leads: { file: 'leads.csv', columns: { lead_id: 'lead_id', created_at: 'created_at', account_id: 'account_id' }, features: { source: { kind: 'category', stage: 'lead' } } },
      outcomes: { file: 'outcomes.csv', columns: { lead_id: 'lead_id', won_at: 'won_at' } },
      revenue: { file: 'revenue.csv', columns: { account_id: 'account_id', at: 'at', amount: 'amount' } },
    },
    label: { horizon: '180d', dataEnd: 'auto' },
  };
}

/** Writes leads, outcomes and `bytes` of revenue CSV into `dir`, streamed; a fixed-seed LCG makes it repeatable. */
async function generate(dir, bytes, leads = 200_000) {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const start = Date.UTC(2021, 0, 1);
  const write = async (name, header, rows) => {
    const out = createWriteStream(join(dir, name));
    out.write(header);
    let chunk = '';
    for (const line of rows()) {
      chunk += line;
      if (chunk.length > 1 << 20) { if (!out.write(chunk)) await once(out, 'drain'); chunk = ''; }
    }
    out.end(chunk);
    await once(out, 'finish');
  };
  const day = (t) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');
  await write('leads.csv', 'lead_id,created_at,account_id,source\n', function* () {
    for (let i = 0; i < leads; i++) yield `L${i},${day(start + Math.floor(rand() * 730) * DAY)},A${i},${['web', 'referral', 'event', 'partner'][i % 4]}\n`;
  });
  await write('outcomes.csv', 'lead_id,won_at\n', function* () {
    for (let i = 0; i < leads; i += 3) yield `L${i},${day(start + (730 + Math.floor(rand() * 640)) * DAY)}\n`;
  });
  let written = 0;
  await write('revenue.csv', 'account_id,at,amount\n', function* () {
    while (written < bytes) {
      const line = `A${Math.floor(rand() * leads * 1.5)},${day(start + Math.floor(rand() * 1400 * DAY / 1000) * 1000)},${(rand() * 500).toFixed(2)}\n`;
      written += line.length;
      yield line;
    }
  });
  return statSync(join(dir, 'revenue.csv')).size;
}

function child(engine, dir, memoryLimit = '') {
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', fileURLToPath(import.meta.url), '--child', engine, dir, memoryLimit], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${engine} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const gb = Number(option('gb', '3'));
const smallMB = Number(option('small-mb', '150'));
const memoryLimit = option('memory-limit', '500MB');
const results = [];
const dirs = [];
try {
  const big = mkdtempSync(join(tmpdir(), 'leadvalue-bench-frame-')); dirs.push(big);
  const t0 = performance.now();
  const bytes = await generate(big, gb * 1e9);
  console.log(`generated ${(bytes / 1e9).toFixed(2)} GB of revenue CSV in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const large = child('duckdb', big, memoryLimit);
  console.log('duckdb, large:', large);
  results.push({ what: `DuckDB, memory_limit ${memoryLimit}`, size: bytes, ...large });
  rmSync(big, { recursive: true, force: true });

  const small = mkdtempSync(join(tmpdir(), 'leadvalue-bench-frame-')); dirs.push(small);
  const smallBytes = await generate(small, smallMB * 1e6);
  const ts = child('typescript', small);
  const duck = child('duckdb', small, memoryLimit);
  console.log('typescript, small:', ts, '\nduckdb, small:', duck);
  if (ts.totalValue !== duck.totalValue || ts.censored !== duck.censored) throw new Error('the engines disagree on the small files');
  results.push({ what: 'TypeScript (in memory)', size: smallBytes, ...ts }, { what: `DuckDB, memory_limit ${memoryLimit}`, size: smallBytes, ...duck });
} finally {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

const load = loadavg().map((x) => x.toFixed(2)).join(' ');
const table = [
  `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${cpus().length} cores, load average after the run ${load}`,
  '',
  '| engine | revenue CSV | revenue rows | time | rows/s | peak RSS |',
  '|---|---:|---:|---:|---:|---:|',
  ...results.map((r) => `| ${r.what} | ${(r.size / 1e9).toFixed(2)} GB | ${r.revenueRows.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} s | ${Math.round(r.revenueRows / r.seconds).toLocaleString('en-US')} | ${Math.round(r.maxRssMB)} MB |`),
  '',
  `On the ${(results[1].size / 1e6).toFixed(0)} MB files DuckDB took ${(results[2].seconds / results[1].seconds).toFixed(2)}× the TypeScript engine's time and ${(results[2].maxRssMB / results[1].maxRssMB).toFixed(2)}× its peak RSS; both frames agree (total value ${results[1].totalValue}).`,
  '',
].join('\n');
const file = fileURLToPath(new URL('./results/frame.md', import.meta.url));
try { statSync(file); } catch { writeFileSync(file, '# bench:frame — the lead frame in DuckDB vs TypeScript\n\n`npm run bench:frame` (bench/frame-duckdb.js): 200,000 leads, 66,667 wins, synthetic revenue (1.5 × as many accounts as leads, so a third of the rows are unmatched), horizon 180 d, data end auto.\n\n'); }
appendFileSync(file, table + '\n');
console.log(table);
