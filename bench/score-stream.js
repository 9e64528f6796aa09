// npm run bench:score-stream [-- --rows 10000000 --small 100000 --cases small,csv,gz]
//
// Memory of the streaming `leadvalue score` CLI: generates leads CSVs for the
// demo model (models/demo/1.3.0.json) in a temporary folder, streamed to disk
// (never held in memory): a small file (100k rows), a large one (10M rows) and
// the large one gzip-compressed. Scores each with `node dist/cli/main.js score`
// as a child process, polling its /proc/<pid>/status every 20 ms for the peak
// resident set (VmHWM), and times it. Constant memory = about the same peak for
// 100k and 10M rows. Deletes the folder afterwards.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { createRng } from '../dist/core/rng.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : fallback; };
const LARGE = arg('rows', 10_000_000), SMALL = arg('small', 100_000);
const MODEL = join(ROOT, 'models/demo/1.3.0.json');
const model = JSON.parse(readFileSync(MODEL, 'utf8'));

/** Writes `rows` demo-like leads (the columns of data/demo/new-leads.csv) to `path`, gzip-compressed when it ends in .gz, in 1 MB pieces. */
async function writeLeads(path, rows) {
  const rng = createRng(rows);
  const levels = (name) => model.features.find((f) => f.name === name).levels;
  const source = [...levels('source'), 'tradeshow'], industry = [...levels('industry'), 'mining', ''], job = [...levels('job_level'), ''];
  const day0 = Date.UTC(2024, 0, 1);
  const file = createWriteStream(path);
  const gzip = path.endsWith('.gz') ? createGzip({ level: 1 }) : null;
  const out = gzip ?? file;
  const done = gzip ? pipeline(gzip, file) : once(file, 'finish');
  let piece = 'lead_id,created_at,account_id,source,industry,employees,job_level,pages_viewed,demo_requested,free_email\n';
  for (let i = 0; i < rows; i++) {
    const created = new Date(day0 + rng.int(730) * 86_400_000).toISOString().slice(0, 10);
    const employees = rng.next() < 0.05 ? '' : String(Math.round(Math.exp(2 + 2.5 * rng.next() + rng.normal())));
    piece += `N${i},${created},A${rng.int(100_000)},${source[rng.int(source.length)]},${industry[rng.int(industry.length)]},${employees},${job[rng.int(job.length)]},${rng.int(30)},${rng.next() < 0.2 ? 1 : 0},${rng.next() < 0.2 ? 1 : 0}\n`;
    if (piece.length > 1 << 20) {
      if (!out.write(piece)) await once(out, 'drain');
      piece = '';
    }
  }
  out.end(piece);
  await done;
  return statSync(path).size;
}

/** Runs `leadvalue score` on a file; polls the child's peak RSS. */
async function score(input, output) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'score', '--model', MODEL, '--in', input, '--out', output], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '', stdout = '', peakKb = 0;
  const rss = []; // [ms since start, VmRSS kB]: a leak shows as a later half above the earlier one
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status), now = /VmRSS:\s+(\d+) kB/.exec(status);
      if (hwm && now) { peakKb = Math.max(peakKb, Number(hwm[1])); rss.push([performance.now() - t0, Number(now[1])]); }
    } catch { /* exited between polls */ }
  }, 20);
  const [code] = await once(child, 'exit');
  clearInterval(poll);
  if (code !== 0) throw new Error(`leadvalue score exited with ${code}: ${stderr}`);
  const seconds = (performance.now() - t0) / 1000;
  const half = (from, to) => {
    const kb = rss.filter(([t]) => t >= from * seconds * 1000 && t < to * seconds * 1000).map(([, v]) => v);
    return kb.length ? Math.max(...kb) / 1024 : NaN; // NaN: no sample landed in the window
  };
  return { seconds, peakMb: peakKb / 1024, samples: rss.length, firstHalfMb: half(0.1, 0.5), secondHalfMb: half(0.5, 1), stderr: stderr.trim(), stdout: stdout.trim(), outBytes: statSync(output).size };
}

const dir = mkdtempSync(join(tmpdir(), 'leadvalue-bench-stream-'));
try {
  console.log(`bench:score-stream — node ${process.version}; load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  // --cases small,csv,gz (default all three): which of the runs to make.
  const wanted = (process.argv[process.argv.indexOf('--cases') + 1] ?? '').split(',');
  const cases = [[SMALL, 'csv', 'small'], [LARGE, 'csv', 'csv'], [LARGE, 'csv.gz', 'gz']].filter(([, , name]) => !process.argv.includes('--cases') || wanted.includes(name));
  const results = [];
  for (const [rows, ext] of cases) {
    const input = join(dir, `leads-${rows}.${ext}`);
    const t0 = performance.now();
    const bytes = await writeLeads(input, rows);
    console.log(`wrote ${rows.toLocaleString('en')} leads: ${(bytes / 1e6).toFixed(0)} MB ${ext} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const r = await score(input, join(dir, `scored-${rows}.csv`));
    console.log(`  scored in ${r.seconds.toFixed(1)} s, peak RSS ${r.peakMb.toFixed(0)} MB (${r.samples} samples; highest RSS from 10% to 50% of the run ${r.firstHalfMb.toFixed(0)} MB, from 50% to the end ${r.secondHalfMb.toFixed(0)} MB); output ${(r.outBytes / 1e6).toFixed(0)} MB`);
    console.log(`  its progress output (stderr is a pipe, not a terminal): ${JSON.stringify(r.stderr)}`);
    results.push({ rows, ext, bytes, ...r });
    rmSync(input);
    rmSync(join(dir, `scored-${rows}.csv`));
  }
  console.log(`\n| input | size | seconds | rows/s | peak RSS | max RSS 10–50% / 50–100% of the run |\n|---|---:|---:|---:|---:|---:|`);
  for (const r of results) console.log(`| ${r.rows.toLocaleString('en')} rows, ${r.ext} | ${(r.bytes / 1e6).toFixed(0)} MB | ${r.seconds.toFixed(1)} | ${Math.round(r.rows / r.seconds).toLocaleString('en')} | ${r.peakMb.toFixed(0)} MB | ${r.firstHalfMb.toFixed(0)} / ${r.secondHalfMb.toFixed(0)} MB |`);
  if (results.length === 3) console.log(`\npeak RSS, ${LARGE.toLocaleString('en')} rows / ${SMALL.toLocaleString('en')} rows: ${(results[1].peakMb / results[0].peakMb).toFixed(2)} (csv), ${(results[2].peakMb / results[0].peakMb).toFixed(2)} (csv.gz)`);
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
