// ZILN value model: fit speed on synthetic data (the backend tfjs picks vs the
// cpu backend, in the same run) and a real-data sanity check on CDNOW.
//
//   npm run build && node bench/ziln.js              # both parts
//   node bench/ziln.js --synthetic [--rows 10000,100000] [--epochs 3] [--repeat 2]
//   node bench/ziln.js --cdnow [--seed 42] [--grid 0.003,0.01] [--l2 1] [--sigma-ceiling 3]
//       (--grid: fit both ZILN variants at each learning rate; --l2, --sigma-ceiling: ZILN params)
//
// Imports the built library (../dist/). Timings are wall-clock on this
// machine; other processes on it make them noisy, so each fit runs `--repeat`
// times and the fastest counts.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createRng } from '../dist/core/rng.js';
import { fitZiln, predictZiln, loadTf } from '../dist/models/ziln/index.js';
import { fitGlm, predictGlm } from '../dist/models/glm.js';
import { fitFeatures } from '../dist/features/fit-features.js';
import { encodeFeatures } from '../dist/features/encode.js';
import { cdnowFrame } from './models/prepare-data.js';
import { splitAtRandom } from '../dist/evaluate/split-at-random.js';
import { normalizedGini } from '../dist/evaluate/normalized-gini.js';
import { topShare } from '../dist/evaluate/value-share.js';
import { spearman } from '../dist/evaluate/spearman.js';
import { bootstrapMetrics } from '../dist/evaluate/bootstrap.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const k = args.indexOf(name);
  return k >= 0 && k + 1 < args.length ? args[k + 1] : fallback;
};
const runSynthetic = flag('--synthetic') || !flag('--cdnow');
const runCdnow = flag('--cdnow') || !flag('--synthetic');

const softplus = (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/**
 * Synthetic leads: 10 numbers (5% missing), 3 categories (5, 12 and 30 levels),
 * values from a ZILN whose heads are linear plus an interaction and a kink
 * (so an MLP has something to find). Network input width: 10·2 + 7 + 14 + 32 = 73.
 */
function synthetic(n, seed) {
  const rng = createRng(seed);
  const columns = [];
  const nums = [];
  for (let k = 0; k < 10; k++) {
    const z = new Float64Array(n), missing = new Uint8Array(n);
    for (let i = 0; i < n; i++) { if (rng.next() < 0.05) missing[i] = 1; else z[i] = rng.normal(); }
    columns.push({ kind: 'number', name: `x${k}`, z, missing });
    nums.push(z);
  }
  const cats = [5, 12, 30].map((levels, k) => {
    const slots = new Int32Array(n);
    for (let i = 0; i < n; i++) slots[i] = rng.next() < 0.03 ? levels + 1 : rng.int(levels);
    columns.push({ kind: 'category', name: `c${k}`, slots, size: levels + 2 });
    return { slots, effect: Array.from({ length: levels + 2 }, () => 0.5 * rng.normal()) };
  });
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [a, b, c, d] = [nums[0][i], nums[1][i], nums[2][i], nums[3][i]];
    const logit = -1 + 0.8 * a - 0.5 * b + 0.6 * Math.max(0, c) + cats[0].effect[cats[0].slots[i]];
    const mu = 3 + 0.4 * a + 0.3 * a * b + 0.5 * d + cats[1].effect[cats[1].slots[i]] + 0.5 * cats[2].effect[cats[2].slots[i]];
    const sigma = softplus(0.5 + 0.3 * c);
    values[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? Math.exp(mu + sigma * rng.normal()) : 0;
  }
  return { matrix: { rows: n, columns }, values };
}

async function benchSynthetic() {
  const sizes = option('--rows', '10000,100000').split(',').map(Number);
  const epochs = Number(option('--epochs', '3'));
  const repeat = Number(option('--repeat', '2'));
  const auto = await loadTf('auto');
  console.log(`\nZILN fit speed: tfjs ${auto.version}, auto backend = ${auto.backend}` +
    (auto.backend === 'wasm' ? ` (SIMD ${auto.tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}, threads ${auto.tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')})` : '') +
    `; ${epochs} epochs, batch 512, no validation tail; fastest of ${repeat}; rows/s = rows × epochs / fit seconds`);
  console.log('model       rows     backend  fit s   rows/s      cpu fit s  cpu rows/s  speed-up  score rows/s (plain TS)');
  for (const n of sizes) {
    const { matrix, values } = synthetic(n, 1);
    for (const [name, hidden] of [['linear', []], ['mlp 64-32', [64, 32]]]) {
      const params = { hidden, epochs, batchSize: 512, validationFraction: 0 };
      const timed = async (backend) => {
        let best;
        for (let r = 0; r < repeat; r++) {
          const t0 = performance.now();
          const state = await fitZiln(matrix, values, { ...params, backend }, createRng(7));
          const seconds = (performance.now() - t0) / 1000;
          if (!best || seconds < best.seconds) best = { state, seconds };
        }
        return best;
      };
      const a = await timed('auto');
      const c = await timed('cpu');
      const t0 = performance.now();
      predictZiln(a.state, matrix);
      const scoreSeconds = (performance.now() - t0) / 1000;
      const rate = (s) => Math.round((n * epochs) / s).toLocaleString('en-US');
      console.log(`${name.padEnd(11)} ${String(n).padStart(7)}  ${a.state.backend.padEnd(7)}  ${a.seconds.toFixed(2).padStart(6)}  ${rate(a.seconds).padStart(10)}  ${c.seconds.toFixed(2).padStart(9)}  ${rate(c.seconds).padStart(10)}  ${(c.seconds / a.seconds).toFixed(2).padStart(7)}×  ${Math.round(n / scoreSeconds).toLocaleString('en-US').padStart(12)}`);
    }
  }
}

/**
 * CDNOW (../shared/data/cdnow): per customer, features from the first 12
 * weeks after the first purchase (that day included), label = spend over the
 * following 52 weeks, built by the library's earlyActivityFrame (through
 * cdnowFrame, shared with the models bench). Every customer's first purchase
 * is in 1997 Q1 and the data run to 1998-06-30, so every horizon is complete.
 * Split by customer id (a seeded 70/30 split of ids, splitAtRandom); training
 * customers ordered by first purchase date, so ZILN's early-stopping tail is
 * the latest cohort.
 */
async function cdnow() {
  const file = join(HERE, '../../shared/data/cdnow/CDNOW_master.txt.gz');
  if (!existsSync(file)) { console.log(`\nCDNOW: skipped (${file} not found)`); return; }
  const seed = Number(option('--seed', '42'));
  const { frame, feature } = await cdnowFrame(file);
  const customers = frame.rows, label = frame.value, calSpend = feature('spend_12w').values;
  const days = feature('purchase_days_12w').values;
  const features = [
    ...['first_spend', 'first_cds', 'spend_12w', 'cds_12w', 'purchase_days_12w', 'days_to_last_12w', 'cohort_day'].map(feature),
    { name: 'repeat_12w', stage: 'lead', kind: 'category', column: 'repeat_12w', levels: ['no', 'yes'], codes: Int32Array.from(days, (d) => (d > 1 ? 1 : 0)) },
  ];
  // Split by customer id: a seeded shuffle of ids, 70% train, each part by first purchase.
  const { train, test } = splitAtRandom(customers, { rng: createRng(seed).child('cdnow-split'), orderBy: frame.firstAt });
  const specs = fitFeatures(features, train, { minLevelCount: 1 });
  const trainMatrix = encodeFeatures(specs, features, train);
  const testMatrix = encodeFeatures(specs, features, test);
  const yTrain = Float64Array.from(train, (c) => label[c]);
  const yTest = Float64Array.from(test, (c) => label[c]);
  const positive = (y) => y.reduce((s, v) => s + (v > 0 ? 1 : 0), 0);
  console.log(`\nCDNOW: ${customers} customers (features: first 12 weeks; label: spend in the next 52 weeks), split by customer id (seed ${seed}):` +
    ` train ${train.length} (${positive(yTrain)} with value > 0), test ${test.length} (${positive(yTest)} with value > 0); mean test label ${mean(yTest).toFixed(2)}`);

  const rows = [];
  const report = (name, prediction, seconds, note = '') => rows.push({ name, prediction, seconds, note });
  report('12-week spend (rank by past spend)', Float64Array.from(test, (c) => calSpend[c]), 0);
  let t0 = performance.now();
  const poisson = fitGlm(trainMatrix, yTrain, { link: 'log', l2: 1, target: 'E[spend 52w]' });
  report('Poisson GLM (fitGlm, l2 1)', predictGlm(poisson, testMatrix), (performance.now() - t0) / 1000);
  const l2 = option('--l2', null);
  const grid = option('--grid', null);
  const variants = grid
    ? grid.split(',').flatMap((lr) => [[`ZILN linear lr ${lr}`, [], { learningRate: Number(lr) }], [`ZILN MLP 64-32 lr ${lr}`, [64, 32], { learningRate: Number(lr) }]])
    : [['ZILN linear', [], {}], ['ZILN MLP 64-32', [64, 32], {}]];
  for (const [name, hidden, extra] of variants) {
    t0 = performance.now();
    const ceiling = option('--sigma-ceiling', null);
    const params = { hidden, epochs: 200, batchSize: 256, patience: 10, ...(l2 ? { l2: Number(l2) } : {}), ...(ceiling ? { sigmaCeiling: Number(ceiling) } : {}), ...extra };
    const state = await fitZiln(trainMatrix, yTrain, params, createRng(seed).child('ziln'));
    const seconds = (performance.now() - t0) / 1000;
    report(name, predictZiln(state, testMatrix).expectedValue, seconds,
      `${state.backend}, ${state.epochsRun} epochs (best ${state.bestEpoch}), validation loss ${state.validationLoss.toFixed(4)}, σ ≤ ${state.architecture.sigmaCeiling.toFixed(2)}`);
  }
  // Paired bootstrap over test customers (shared resamples): intervals, and the Gini gain over the Poisson GLM.
  const glm = rows[1].prediction;
  const statistics = {};
  rows.forEach((r, k) => {
    statistics[`gini${k}`] = (indices) => normalizedGini(r.prediction, yTest, { indices });
    statistics[`top${k}`] = (indices) => topShare(r.prediction, yTest, 0.2, { indices });
    statistics[`gain${k}`] = (indices) => normalizedGini(r.prediction, yTest, { indices }) - normalizedGini(glm, yTest, { indices });
  });
  const ci = bootstrapMetrics(test.length, statistics, { rng: createRng(seed).child('bootstrap'), resamples: 200 });
  const show = (c) => `${c.estimate.toFixed(3)} [${c.low.toFixed(3)}, ${c.high.toFixed(3)}]`;
  console.log('test customers, 95% bootstrap intervals (200 paired resamples)');
  console.log(`${''.padEnd(36)} ${'normalized Gini'.padEnd(22)} ${'top-20% value share'.padEnd(22)} ${'Gini − GLM Gini'.padEnd(25)} Spearman  Σpred/Σactual  fit s`);
  rows.forEach((r, k) => {
    console.log(`${r.name.padEnd(36)} ${show(ci[`gini${k}`]).padEnd(22)} ${show(ci[`top${k}`]).padEnd(22)} ${(k === 1 ? '' : show(ci[`gain${k}`])).padEnd(25)} ${spearman(r.prediction, yTest).toFixed(3).padStart(8)}  ${(sum(r.prediction) / sum(yTest)).toFixed(3).padStart(12)}  ${r.seconds.toFixed(1).padStart(5)}  ${r.note}`);
  });
  const perfect = Float64Array.from(yTest);
  console.log(`${'(perfect ranking)'.padEnd(36)} ${normalizedGini(perfect, yTest).toFixed(3).padEnd(22)} ${topShare(perfect, yTest, 0.2).toFixed(3)}`);
}

function sum(a) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; }
function mean(a) { return sum(a) / a.length; }

if (runSynthetic) await benchSynthetic();
if (runCdnow) await cdnow();
