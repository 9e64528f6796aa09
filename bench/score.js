// npm run bench:score [-- --rows 1000000]
//
// Speed of the production scorer on synthetic demo-like leads, for (a) the demo
// GLM model (models/demo/1.3.0.json) and (b) an EBM with pairs trained on the
// demo history (once, into data/bench/). For each: scoreColumns without and with
// 3 reasons, scoreBatch on lead objects, and two references measured in the same
// run: the memory-bandwidth limit (summing Float64Arrays of as many bytes as the
// scorer's input columns) and scikit-learn's LogisticRegression.predict_proba on
// the same GLM (coef_ and intercept_ set from the model file) over the same rows
// in its one-hot / standardised design. Prints a table and the scorer's size.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '../dist/core/rng.js';
import { compileScorer, readModel, scoreBatch, scoreColumns } from '../dist/scoring/index.js';
import { scorerSize } from '../scripts/scorer-size.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : fallback; };
const ROWS = arg('rows', 1_000_000);
const EBM_PATH = join(ROOT, 'data/bench/demo-ebm-pairs/1.0.0.json');
const PYTHON = '/usr/bin/python3';

/** Trains the demo history with EBM parts and 3 pairs each, once (deterministic: same data and seed). */
async function ebmModel() {
  if (!existsSync(EBM_PATH)) {
    const { parseAdapterConfig } = await import('../dist/load/adapter-config.js');
    const { prepareData, trainModel, buildModelFile } = await import('../dist/pipeline/train-model.js');
    const { exportModel } = await import('../dist/export/write-model-file.js');
    const configPath = join(ROOT, 'configs/demo.json');
    const raw = JSON.parse(readFileSync(configPath, 'utf8'));
    const config = parseAdapterConfig({
      ...raw, model: { ...raw.model, name: 'demo-ebm-pairs', win: { kind: 'ebm', interactions: 3, validationShare: 0, maxRounds: 60 }, value: { kind: 'ebm', loss: 'poisson', interactions: 3, validationShare: 0, maxRounds: 60 } },
    }, { path: configPath, baseDir: dirname(configPath) });
    const t0 = performance.now();
    const data = await prepareData(config);
    const trained = trainModel(data, { resamples: 20 });
    exportModel(await buildModelFile(data, trained, { createdAt: '2026-01-01T00:00:00.000Z' }), join(ROOT, 'data/bench'), '1.0.0');
    console.log(`trained ${EBM_PATH.slice(ROOT.length)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return readModel(EBM_PATH);
}

/** Demo-like leads as columns: dictionary codes for categories (1% unseen levels, some missing), Float64Arrays for numbers and for created_at (epoch ms). */
function syntheticColumns(model, rows) {
  const rng = createRng(20261203);
  const levels = (name, extra) => [...model.features.find((f) => f.name === name).levels, ...extra];
  const dictionary = (lv, missing, unseen) => {
    const known = lv.length - 1;
    return { codes: Int32Array.from({ length: rows }, () => { const r = rng.next(); return r < missing ? -1 : r < missing + unseen ? known : rng.int(known); }), levels: lv };
  };
  return {
    source: dictionary(levels('source', ['tradeshow']), 0, 0.01),
    industry: dictionary(levels('industry', ['mining']), 0.03, 0.01),
    job_level: dictionary(levels('job_level', ['intern']), 0.05, 0.01),
    employees: Float64Array.from({ length: rows }, () => (rng.next() < 0.05 ? NaN : Math.round(Math.exp(2 + 2.5 * rng.next() + rng.normal())))),
    pages_viewed: Float64Array.from({ length: rows }, () => rng.int(30)),
    demo_requested: Float64Array.from({ length: rows }, () => (rng.next() < 0.2 ? 1 : 0)),
    free_email: Float64Array.from({ length: rows }, () => (rng.next() < 0.2 ? 1 : 0)),
    created_at: Float64Array.from({ length: rows }, () => Date.UTC(2024, 0, 1) + Math.floor(rng.next() * 730 * 86_400_000)),
  };
}

/** The same leads as objects, as a service would hold them (created_at as the same epoch ms). */
function leadObjects(columns, from, to) {
  const text = (c, i) => (c.codes[i] < 0 ? null : c.levels[c.codes[i]]);
  const out = [];
  for (let i = from; i < to; i++) {
    out.push({
      source: text(columns.source, i), industry: text(columns.industry, i), job_level: text(columns.job_level, i),
      employees: columns.employees[i], pages_viewed: columns.pages_viewed[i], demo_requested: columns.demo_requested[i],
      free_email: columns.free_email[i], created_at: columns.created_at[i],
    });
  }
  return out;
}

const inputBytes = (columns) => Object.values(columns).reduce((s, c) => s + (ArrayBuffer.isView(c) ? c.byteLength : c.codes.byteLength), 0);

/** Best of `repeat` runs, in seconds. */
function best(repeat, fn) {
  let min = Infinity;
  for (let r = 0; r < repeat; r++) { const t0 = performance.now(); fn(); min = Math.min(min, (performance.now() - t0) / 1000); }
  return min;
}

/** Seconds to sum `bytes` of Float64Arrays (4 independent accumulators, so the loop waits on memory, not on adds). */
function bandwidthSeconds(bytes) {
  const arrays = [];
  for (let left = Math.floor(bytes / 8); left > 0; left -= 1 << 20) arrays.push(new Float64Array(Math.min(left, 1 << 20)).fill(1.5));
  let sink = 0;
  const seconds = best(7, () => {
    let a = 0, b = 0, c = 0, d = 0;
    for (const x of arrays) {
      const n = x.length - (x.length % 4);
      for (let i = 0; i < n; i += 4) { a += x[i]; b += x[i + 1]; c += x[i + 2]; d += x[i + 3]; }
      for (let i = n; i < x.length; i++) a += x[i];
    }
    sink += a + b + c + d;
  });
  if (!(sink > 0)) throw new Error('bandwidth sum lost');
  return seconds;
}

/** scoreBatch over lead objects, in chunks (results dropped) so 1M LeadScore objects never pile up; objects built outside the timing. */
function batchSeconds(model, columns, rows) {
  const chunk = 100_000;
  let total = 0;
  for (let from = 0; from < rows; from += chunk) {
    const leads = leadObjects(columns, from, Math.min(rows, from + chunk));
    const t0 = performance.now();
    scoreBatch(model, leads, { topReasons: 3 });
    total += (performance.now() - t0) / 1000;
  }
  return total;
}

/** scikit-learn predict_proba on the same rows; null (with the reason) when Python or scikit-learn is absent. */
function sklearnRun(model, columns, pWin) {
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn, numpy; print(sklearn.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: `skipped: ${PYTHON} with scikit-learn and numpy not found (${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()})` };
  const dir = mkdtempSync(join(tmpdir(), 'leadvalue-bench-score-'));
  try {
    const meta = { rows: ROWS, columns: {} };
    for (const [name, c] of Object.entries(columns)) {
      const typed = ArrayBuffer.isView(c) ? c : c.codes;
      writeFileSync(join(dir, `${name}.bin`), Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength));
      meta.columns[name] = ArrayBuffer.isView(c) ? { dtype: 'float64' } : { dtype: 'int32', levels: c.levels };
    }
    const sample = pWin.subarray(0, Math.min(ROWS, 20_000));
    writeFileSync(join(dir, 'pwin-sample.bin'), Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
    const out = execFileSync(PYTHON, [join(ROOT, 'bench/score-sklearn.py'), join(ROOT, 'models/demo/1.3.0.json'), dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
    return { ...JSON.parse(out.trim().split('\n').pop()), version: probe.stdout.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Checks scoreColumns against scoreBatch on the first rows, exactly; throws on any difference. */
function checkExact(model, columns, label) {
  const n = Math.min(ROWS, 10_000);
  const cols = Object.fromEntries(Object.entries(columns).map(([k, c]) => [k, ArrayBuffer.isView(c) ? c.subarray(0, n) : { codes: c.codes.subarray(0, n), levels: c.levels }]));
  const got = scoreColumns(model, cols), want = scoreBatch(model, leadObjects(columns, 0, n)).scores;
  want.forEach((s, i) => { if (s.score !== got.score[i] || s.pWin !== got.pWin[i]) throw new Error(`${label} row ${i}: scoreColumns ${got.score[i]} ≠ scoreLead ${s.score}`); });
  return n;
}

const fmt = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(0)} k`);

async function main() {
  console.log(`bench:score — ${ROWS.toLocaleString('en')} synthetic leads; node ${process.version}; ${cpus()[0]?.model ?? '?'} × ${cpus().length}; load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const glm = readModel(join(ROOT, 'models/demo/1.3.0.json'));
  const ebm = await ebmModel();
  const columns = syntheticColumns(glm, ROWS);
  const bytes = inputBytes(columns);
  console.log(`input: ${Object.keys(columns).length} columns, ${(bytes / ROWS).toFixed(0)} bytes/row (3 dictionary codes × 4 B + 5 Float64 × 8 B), ${(bytes / 1e6).toFixed(0)} MB in all`);
  const bw = bandwidthSeconds(bytes);
  console.log(`memory-bandwidth reference: summing ${(bytes / 1e6).toFixed(0)} MB of Float64Arrays takes ${(bw * 1000).toFixed(1)} ms (${(bytes / bw / 1e9).toFixed(1)} GB/s) = a limit of ${fmt(ROWS / bw)} rows/s`);

  // The arithmetic no scorer of a two-part model avoids: e^η for P(win) and for the value, per row.
  const etaA = Float64Array.from({ length: ROWS }, (_, i) => ((i % 97) - 48) / 16), etaB = Float64Array.from({ length: ROWS }, (_, i) => 6 + ((i % 89) - 44) / 32);
  const outA = new Float64Array(ROWS), outB = new Float64Array(ROWS);
  const floor = best(5, () => { for (let i = 0; i < ROWS; i++) { outA[i] = 1 / (1 + Math.exp(-etaA[i])); outB[i] = Math.exp(etaB[i]); } });
  console.log(`compute reference: two Math.exp per row (P(win) and the value) take ${(floor * 1000).toFixed(1)} ms = ${fmt(ROWS / floor)} rows/s (${(bw / floor).toFixed(2)} × the bandwidth limit)`);
  const rows = [];
  for (const [label, model] of [['demo GLM (1.3.0)', glm], [`EBM + ${ebm.params.win.pairs.length}+${ebm.params.value.pairs.length} pairs`, ebm]]) {
    const checked = checkExact(model, columns, label);
    const scorer = compileScorer(model);
    scoreColumns(scorer, columns); // warm-up
    let result;
    const plain = best(5, () => { result = scoreColumns(scorer, columns); });
    const reasons = best(5, () => scoreColumns(scorer, columns, { reasons: 3 }));
    const batch = batchSeconds(model, columns, ROWS);
    rows.push([label, 'scoreColumns', plain], [label, 'scoreColumns, 3 reasons', reasons], [label, 'scoreBatch (objects, 3 reasons)', batch]);
    if (model === glm) {
      const sk = sklearnRun(model, columns, result.pWin);
      if (sk.skipped) console.log(`scikit-learn: ${sk.skipped}`);
      else {
        console.log(`scikit-learn ${sk.version}: design ${sk.design[0]} × ${sk.design[1]} (one-hot + z + missing indicators); predict_proba agrees with scoreColumns to ${sk.maxAbsDiff.toExponential(1)} on the first ${sk.sample} rows`);
        if (!(sk.maxAbsDiff <= 1e-9)) throw new Error(`scikit-learn disagrees: ${sk.maxAbsDiff}`);
        rows.push([label, 'sklearn LogisticRegression.predict_proba (P(win) only)', sk.seconds]);
      }
    }
    console.log(`${label}: scoreColumns = scoreLead exactly on the first ${checked} rows`);
  }
  console.log(`\n| model | scorer | seconds | rows/s | ns/row | × bandwidth limit |\n|---|---|---:|---:|---:|---:|`);
  for (const [label, what, s] of rows) console.log(`| ${label} | ${what} | ${s.toFixed(3)} | ${fmt(ROWS / s)} | ${((s / ROWS) * 1e9).toFixed(0)} | ${(bw / s).toFixed(2)} |`);
  const size = scorerSize('dist/scoring/index.js', ROOT);
  console.log(`\nscorer (leadvalue/scoring): ${size.files.length} files, ${(size.bytes / 1024).toFixed(1)} KiB, ${(size.gzipBundle / 1024).toFixed(1)} KiB gzipped as one bundle`);
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

await main();
