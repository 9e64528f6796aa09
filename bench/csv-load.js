// CSV loading speed: leadvalue's readCsv against arquero's loadCSV on the same
// ~100 MB synthetic file. Each run is a fresh process, so timings include JIT
// warm-up and the peak RSS of one loader does not leak into the other.
//
//   npx tsc -p tsconfig.json && node bench/csv-load.js [megabytes] [runs]
//
// Target: readCsv >= 3x arquero.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const COLUMNS = [
  { name: 'lead_id', type: 'string' },
  { name: 'created_at', type: 'date' },
  { name: 'won_date', type: 'date' },
  { name: 'origin', type: 'category' },
  { name: 'segment', type: 'category' },
  { name: 'amount', type: 'number' },
  { name: 'items', type: 'number' },
  { name: 'score', type: 'number' },
  { name: 'note', type: 'string' },
];

const ORIGINS = ['social', 'paid_search', 'organic_search', 'email', 'unknown', 'referral', 'direct_traffic', 'display'];
const SEGMENTS = ['pet', 'car_accessories', 'home_decor', 'health_beauty', 'computers', 'audio_video', ''];
const WORDS = ['call back', 'asked for, a discount', 'said "maybe"', 'no answer', 'sent catalog', 'multi\nline note'];

/** mulberry32: a small seeded generator so the file is the same on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function quote(text) {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function generate(path, megabytes) {
  const random = rng(42);
  const fd = openSync(path, 'w');
  const target = megabytes * 1e6;
  let written = writeSync(fd, COLUMNS.map((c) => c.name).join(',') + '\n');
  const start = Date.UTC(2017, 5, 14);
  let rows = 0;
  while (written < target) {
    let block = '';
    for (let i = 0; i < 2000; i++, rows++) {
      const id = rows.toString(16).padStart(12, '0') + Math.floor(random() * 2 ** 52).toString(16).padStart(13, '0');
      const created = new Date(start + Math.floor(random() * 350 * 86400) * 1000).toISOString().slice(0, 19).replace('T', ' ');
      const won = random() < 0.3 ? new Date(start + Math.floor(random() * 500) * 86400000).toISOString().slice(0, 10) : '';
      const amount = random() < 0.05 ? '' : (random() * 5000).toFixed(2);
      const note = random() < 0.6 ? '' : quote(WORDS[Math.floor(random() * WORDS.length)] + ' ' + Math.floor(random() * 1000));
      block += [
        `"${id}"`,
        created,
        won,
        ORIGINS[Math.floor(random() * ORIGINS.length)],
        SEGMENTS[Math.floor(random() * SEGMENTS.length)],
        amount,
        1 + Math.floor(random() * 20),
        (random() * 2 - 1).toExponential(6),
        note,
      ].join(',') + '\n';
    }
    written += writeSync(fd, block);
  }
  closeSync(fd);
}

async function child(loader, path) {
  // modules are loaded before the clock starts: only reading the file is timed
  const { readCsv } = await import('../dist/load/index.js');
  const { loadCSV } = await import('arquero');
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  let rows;
  if (loader === 'arquero') {
    rows = (await loadCSV(path)).numRows();
  } else {
    const columns = loader === 'readCsv' ? COLUMNS : COLUMNS.filter((c) => c.type !== 'string');
    rows = (await readCsv(path, { columns })).rowCount;
  }
  const ms = performance.now() - t0;
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ ms, rows, rssIncrease: peak - before }));
}

async function main() {
  const megabytes = Number(process.argv[2] ?? 100);
  const runs = Number(process.argv[3] ?? 3);
  const path = join(tmpdir(), `leadvalue-bench-${megabytes}mb.csv`);
  if (!existsSync(path)) {
    console.log(`writing ${path} ...`);
    generate(path, megabytes);
  }
  const size = statSync(path).size;
  console.log(`file: ${path} (${(size / 1e6).toFixed(1)} MB, ${COLUMNS.length} columns: numbers, dates, categories, quoted strings)`);
  const self = fileURLToPath(import.meta.url);
  const loaders = {
    readCsv: 'readCsv, all 9 columns',
    'readCsv-no-strings': 'readCsv, the 7 non-string columns',
    arquero: 'arquero loadCSV, all columns',
  };
  // runs alternate between loaders, so a busy machine slows them alike
  const samples = Object.fromEntries(Object.keys(loaders).map((k) => [k, []]));
  for (let r = 0; r < runs; r++) {
    for (const loader of Object.keys(loaders)) {
      const out = execFileSync(process.execPath, [self, '--child', loader, path], { encoding: 'utf8' });
      samples[loader].push(JSON.parse(out));
    }
  }
  const results = {};
  for (const [loader, title] of Object.entries(loaders)) {
    const best = samples[loader].reduce((a, b) => (b.ms < a.ms ? b : a));
    const peak = Math.max(...samples[loader].map((s) => s.rssIncrease));
    results[loader] = best;
    console.log(
      `${title.padEnd(34)} ${best.rows} rows  best of ${runs}: ${(best.ms / 1000).toFixed(2)} s  ` +
        `${(size / 1e6 / (best.ms / 1000)).toFixed(0).padStart(4)} MB/s  peak RSS increase ${(peak / 1e6).toFixed(0)} MB`,
    );
  }
  if (results.readCsv.rows !== results.arquero.rows) {
    console.log(`row counts differ: readCsv ${results.readCsv.rows}, arquero ${results.arquero.rows}`);
    process.exitCode = 1;
  }
  const ratio = results.arquero.ms / results.readCsv.ms;
  console.log(`readCsv / arquero speed, same columns: ${ratio.toFixed(2)}x (target >= 3x)`);
  console.log(`without string columns: ${(results.arquero.ms / results['readCsv-no-strings'].ms).toFixed(2)}x`);
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else await main();
