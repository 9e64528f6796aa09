// Load test of `leadvalue serve`: starts the service as its own process on
// loopback with the demo model, then drives it for a bounded time with N
// concurrent keep-alive clients (node:http Agent), first with one lead per
// request, then with batches of 100. Reports requests/s, leads/s, latency
// percentiles, errors, and the server's peak RSS (VmHWM, Linux).
//
//   npm run bench:serve                      # 10 s per phase, 8 clients
//   node bench/serve.js --duration 3 --clients 4
//
// Client and server share the machine: on 2 cores the load generator takes a
// good part of the CPU, so these are lower bounds for a dedicated server.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, clients: { type: 'string', default: '8' }, model: { type: 'string', default: 'models/demo/1.3.0.json' } } });
const DURATION_MS = Number(values.duration) * 1000, CLIENTS = Number(values.clients);

// The 300 new demo leads, varied: every request cycles through them (a plain split: the file has no quoted fields).
const [header, ...lines] = readFileSync(join(ROOT, 'data/demo/new-leads.csv'), 'utf8').trim().split('\n');
const columns = header.split(',');
const LEADS = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i], v])));

/** Starts the service on a free port; resolves with its URL and process. */
function startServer() {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'serve', '--model', values.model, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = / on (http:\/\/[^;\s]+);/.exec(out);
      if (m) resolve({ child, url: m[1], startup: out.trim() });
    });
    child.on('exit', (code) => reject(new Error(`leadvalue serve exited with ${code}:\n${out}`)));
  });
}

/** Peak and current resident memory of a process, in MB (Linux /proc). */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
}

function post(url, agent, body) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = request(`${url}/score`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ ok: res.statusCode === 200, ms: Number(process.hrtime.bigint() - t0) / 1e6, bytes: Buffer.concat(chunks).length }));
      res.on('error', () => resolve({ ok: false, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.on('error', () => resolve({ ok: false, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    req.end(body);
  });
}

/** Runs `CLIENTS` loops for the duration; each sends the next body in turn. */
async function phase(url, bodies, leadsPerRequest) {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  // Warm-up: a second of the same load, not counted (JIT, sockets).
  let next = 0;
  const loop = async (until, record) => {
    while (Date.now() < until) {
      const r = await post(url, agent, bodies[next++ % bodies.length]);
      if (record) record(r);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, () => loop(Date.now() + 1000)));
  const latencies = [];
  let errors = 0, responseBytes = 0;
  const t0 = Date.now();
  await Promise.all(Array.from({ length: CLIENTS }, () => loop(t0 + DURATION_MS, (r) => { if (r.ok) { latencies.push(r.ms); responseBytes += r.bytes; } else errors++; })));
  const seconds = (Date.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return {
    requests: latencies.length + errors, errors, seconds,
    rps: latencies.length / seconds, lps: (latencies.length * leadsPerRequest) / seconds,
    p50: pct(50), p95: pct(95), p99: pct(99), max: latencies.at(-1), bytesPerResponse: responseBytes / latencies.length,
  };
}

const { child, url, startup } = await startServer();
console.log(startup);
console.log(`load: ${CLIENTS} keep-alive clients, ${DURATION_MS / 1000} s per phase after 1 s of warm-up; node ${process.version}; load average before ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const rss0 = memory(child.pid);
const single = await phase(url, LEADS.map((lead) => JSON.stringify({ lead })), 1);
const rss1 = memory(child.pid);
const batches = Array.from({ length: 30 }, (_, k) => JSON.stringify({ leads: Array.from({ length: 100 }, (_, i) => LEADS[(k * 100 + i) % LEADS.length]) }));
const batch = await phase(url, batches, 100);
const rss2 = memory(child.pid);
const load = loadavg();
child.kill('SIGTERM');
await new Promise((r) => child.on('exit', r));

const f = (x, d = 0) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
console.log(`
| request | requests | requests/s | leads/s | p50 ms | p95 ms | p99 ms | max ms | errors | server peak RSS |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| 1 lead | ${f(single.requests)} | ${f(single.rps)} | ${f(single.lps)} | ${f(single.p50, 2)} | ${f(single.p95, 2)} | ${f(single.p99, 2)} | ${f(single.max, 1)} | ${single.errors} | ${f(rss1.peak)} MB |
| 100 leads | ${f(batch.requests)} | ${f(batch.rps)} | ${f(batch.lps)} | ${f(batch.p50, 2)} | ${f(batch.p95, 2)} | ${f(batch.p99, 2)} | ${f(batch.max, 1)} | ${batch.errors} | ${f(rss2.peak)} MB |

server RSS at start ${f(rss0.now)} MB; response size ${f(single.bytesPerResponse)} bytes (1 lead), ${f(batch.bytesPerResponse)} bytes (100 leads)
load average at the end: ${load.map((x) => x.toFixed(2)).join(' ')} (${(await import('node:os')).cpus().length} cores; the load generator runs on the same machine)`);
if (single.errors + batch.errors > 0) process.exitCode = 1;
