// Models bench (issue 3, "Evidence"): every leadvalue model kind and, in the
// same run, scikit-learn (LogisticRegression / Ridge, HistGradientBoosting)
// and xgboost, on the same prepared files and the same split; all predictions
// are scored by leadvalue's metric functions. Writes bench/results/models.md.
//
//   npm run bench:models                  # everything, ~6 min on 2 quiet cores
//   npm run bench:models -- --quick       # without the 1M-row synthetic run
//   node bench/models.js --only olist-mql,cdnow [--python /usr/bin/python3]
//
// Datasets: Olist MQL stage, Olist won-deal stage, CDNOW, synthetic 10k /
// 100k / 1M rows × 150 columns. Fit seconds are wall-clock on this machine:
// leadvalue runs on one thread, HistGradientBoosting and xgboost on every core.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '../dist/core/rng.js';
import { readCsv } from '../dist/load/read-csv.js';
import { loadTf } from '../dist/models/ziln/index.js';
import { fitLeadvalueKinds, readPrepared } from './models/fit-leadvalue.js';
import { available, prepareCdnow, prepareOlistMql, prepareOlistWon, prepareSynthetic } from './models/prepare-data.js';
import { ebmCheck, markdownTable, MAX_BOOTSTRAP_ROWS, scoreModels, tableCells, textTable } from './models/score-table.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const quick = args.includes('--quick');
const only = option('--only', null)?.split(',');
const python = option('--python', '/usr/bin/python3');

const DATASETS = [
  { id: 'olist-mql', title: 'Olist, MQL stage', needs: 'olist', prepare: prepareOlistMql },
  { id: 'olist-won', title: 'Olist, won-deal stage', needs: 'olist', prepare: prepareOlistWon },
  { id: 'cdnow', title: 'CDNOW', needs: 'cdnow', prepare: prepareCdnow },
  { id: 'synthetic-10k', title: 'Synthetic, 10k rows × 150 columns', prepare: (dir) => prepareSynthetic(dir, 10_000, { value: true }) },
  { id: 'synthetic-100k', title: 'Synthetic, 100k rows × 150 columns', prepare: (dir) => prepareSynthetic(dir, 100_000, { value: true }) },
  { id: 'synthetic-1m', title: 'Synthetic, 1M rows × 150 columns', prepare: (dir) => prepareSynthetic(dir, 1_000_000, { value: false, glmL2: [30] }), slow: true },
];

/** Can the Python side run? null when it can, else the one message to print. */
function pythonProblem() {
  if (!existsSync(python)) return `${python} not found`;
  const probe = spawnSync(python, ['-c', 'import sklearn, pandas, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) return `${python} cannot import scikit-learn/pandas (${(probe.stderr.trim().split('\n').pop() ?? '').slice(0, 120)})`;
  return null;
}

/** Runs the Python side on a prepared folder; returns a reader of its predictions per task, or null when it failed (its error is shown). */
function runPython(dir) {
  const out = join(dir, 'python');
  const run = spawnSync(python, [join(HERE, 'models/python-models.py'), dir, out], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) {
    console.log(`bench/models/python-models.py failed (exit ${run.status ?? run.signal}): the rows of scikit-learn and xgboost are left out of this dataset`);
    return null;
  }
  return async (task) => {
    const report = JSON.parse(readFileSync(join(out, `${task.id}.json`), 'utf8'));
    const table = await readCsv(join(out, `${task.id}.csv`), { columns: report.models.map((m) => ({ name: m.id, type: 'number', required: true })) });
    return { report, versions: JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')), models: report.models.map((m) => ({ ...m, prediction: table.columns[m.id].values })) };
  };
}

function describeTask(kind, truth, trainCount) {
  const positive = truth.reduce((s, v) => s + (v > 0 ? 1 : 0), 0);
  const mean = truth.reduce((s, v) => s + v, 0) / truth.length;
  return kind === 'conversion'
    ? `${trainCount} training rows; test ${truth.length} rows, ${positive} positive (${((100 * positive) / truth.length).toFixed(1)}%)`
    : `${trainCount} training rows; test ${truth.length} rows with known value, ${positive} above 0, mean ${mean.toFixed(2)}`;
}

const started = performance.now();
const startLoad = loadavg()[0];
const tmp = mkdtempSync(join(tmpdir(), 'leadvalue-bench-models-'));
const problem = pythonProblem();
const tf = await loadTf('auto');
const machine = `${cpus().length} cores (nproc; ${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, tfjs ${tf.version} backend ${tf.backend}`;
console.log(`models bench: ${machine}`);
if (problem) console.log(`scikit-learn and xgboost rows skipped: ${problem}. On Debian: apt-get install python3-sklearn python3-xgboost python3-pandas`);
const markdown = [];
let versions = null, xgboostError = null;
try {
  for (const ds of DATASETS) {
    if (only ? !only.includes(ds.id) : ds.slow && quick) continue;
    if (ds.needs && !available[ds.needs]()) { console.log(`\n${ds.title}: skipped (data not found under ../shared/data/${ds.needs})`); continue; }
    const dir = join(tmp, ds.id);
    mkdirSync(dir, { recursive: true });
    let t0 = performance.now();
    await ds.prepare(dir);
    const data = await readPrepared(dir);
    const prepareSeconds = (performance.now() - t0) / 1000;
    const rng = createRng(42).child(ds.id);
    const ours = [];
    for (const task of data.meta.tasks) ours.push(await fitLeadvalueKinds(data, task, rng.child(task.id)));
    t0 = performance.now();
    const theirs = problem ? null : runPython(dir);
    const pythonSeconds = (performance.now() - t0) / 1000;
    const load = `load average ${loadavg()[0].toFixed(1)} after its fits`;
    console.log(`\n## ${ds.title}\n${data.meta.description}; ${load}`);
    markdown.push(`## ${ds.title}\n\n${data.meta.description}; ${load}.\n`);
    for (const [k, task] of data.meta.tasks.entries()) {
      const { truth, models, ceiling } = ours[k];
      const py = theirs ? await theirs(task) : null;
      if (py) { versions = py.versions; xgboostError ??= py.report.xgboostError; }
      const all = [...models, ...(py?.models ?? []), ...(ceiling ? [ceiling] : [])];
      const baseline = all.find((m) => m.id === 'hgb') ?? all[0];
      baseline.short = baseline.id === 'hgb' ? 'HistGB' : baseline.name.replace('leadvalue ', '');
      const score = scoreModels(task.kind, truth, all, baseline, rng.child(`${task.id} bootstrap`), [['ebm', 'hgb'], ['ebm', 'xgb'], ['ebm-tweedie', 'hgb']]);
      const cells = tableCells(task.kind, score.scored, baseline);
      const notes = [task.reference, ebmCheck(score)].filter(Boolean);
      const about = describeTask(task.kind, truth, data.train.length);
      const intervals = truth.length <= MAX_BOOTSTRAP_ROWS ? '95% paired bootstrap intervals (200 resamples of the test rows)'
        : `more than ${MAX_BOOTSTRAP_ROWS.toLocaleString('en-US')} test rows: intervals only for the EBM's differences below (100 paired resamples)`;
      console.log(`\n### ${task.title}\n${about}; ${intervals}\n${textTable(cells)}${notes.map((n) => `\n${n}`).join('')}`);
      markdown.push(`### ${task.title}\n\n${about}; ${intervals}.\n\n${markdownTable(cells)}\n${notes.map((n) => `\n${n[0].toUpperCase()}${n.slice(1)}.\n`).join('')}`);
    }
    console.log(`(writing and reading the prepared files: ${prepareSeconds.toFixed(1)} s; Python side in all: ${pythonSeconds.toFixed(1)} s, of which reading ${versions?.readSeconds.toFixed(1) ?? '—'} s)`);
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
if (xgboostError) console.log(`\nxgboost rows skipped: ${xgboostError}`);
const minutes = (performance.now() - started) / 60000;
const load = `load average ${startLoad.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end (other processes on the machine slow the fits unevenly)`;
console.log(`\ntotal: ${minutes.toFixed(1)} min; ${load}`);

const command = `npm run bench:models${args.length ? ` -- ${args.join(' ')}` : ''}`;
const header = [
  '# Models bench: leadvalue kinds against scikit-learn and xgboost',
  '',
  `Written by \`${command}\` (bench/models.js) on ${new Date().toISOString().slice(0, 10)}; the whole run took ${minutes.toFixed(1)} min; ${load}.`,
  '',
  `- Machine: ${machine}.`,
  `- Python side: ${problem ? `skipped (${problem})` : versions ? `Python ${versions.python}, scikit-learn ${versions.sklearn}, xgboost ${versions.xgboost ?? `skipped (${xgboostError})`}, numpy ${versions.numpy}, pandas ${versions.pandas}; HistGradientBoosting and xgboost on ${versions.threads} threads` : 'not run'}. leadvalue fits on one thread.`,
  '- Both sides read the same prepared CSV files (features, labels, a train/test split column); the Python side writes its test predictions to CSV and leadvalue\'s metric functions score every model.',
  '- Fit seconds: wall-clock, feature preprocessing included (leadvalue: fitting the transforms and encoding; scikit-learn: one-hot, scaling and binning), reading the files not; the Python side warms each estimator up on 300 rows first (untimed: the first Poisson HistGradientBoosting fit in a process pays ~2 s of one-off costs). Ratios are against HistGradientBoosting measured in the same run. Other processes on this 2-core machine slow the multi-threaded HistGradientBoosting and xgboost far more than one-threaded code (its OpenMP threads wait for each other: 10k rows took 24 s under a load of 3, 1.4 s on a quiet machine), so the load average is given per dataset.',
  '- Settings: library defaults. leadvalue GLM chooses its L2 penalty on an inner time split; the EBM stops early on the newest 20% of training rows, then refits; ZILN stops early on the newest 20%. scikit-learn LogisticRegression(C=1) and Ridge(alpha=1) on one-hot categories and z-scored numbers with missing indicators (Ridge on log1p(value), mapped back with smearing); HistGradientBoosting defaults (early stopping on a random 10% above 10,000 rows; Poisson loss for value) with native categories; xgboost defaults (100 trees, depth 6, hist, native categories; count:poisson for value).',
  '- Decile MAPE: mean over deciles of |mean predicted − mean realised| / mean realised (deciles with no value skipped): calibration of the level, not ranking.',
  '',
].join('\n');
if (only) console.log('bench/results/models.md not written (--only runs part of the bench)');
else {
  writeFileSync(join(HERE, 'results/models.md'), `${header}\n${markdown.join('\n')}`);
  console.log('written: bench/results/models.md');
}
