// EBM fit speed on synthetic data: an encoded matrix of `rows` × `cols` (4 in 5
// columns numbers with 5% missing, 1 in 5 categories of 10 levels), a 0/1 label
// from a planted additive model, default settings (early stopping on the newest
// 20%, refit on all rows). Prints fit seconds and the cost per row and term step.
//
//   npx tsc -p tsconfig.json && node bench/ebm-synthetic.js [rows=100000] [cols=50] [settings JSON]
//
// Target (issue 3, to be measured against scikit-learn in the models bench):
// 1M rows × ~150 columns within HistGradientBoosting's time on the same machine.
import { createRng } from '../dist/core/rng.js';
import { fitEbm } from '../dist/models/ebm/fit-ebm.js';
import { predictEbm } from '../dist/models/ebm/predict-ebm.js';
import { auc } from '../dist/evaluate/auc.js';
import { loadavg } from 'node:os';

const rows = Number(process.argv[2] ?? 100_000), cols = Number(process.argv[3] ?? 50);
const settings = JSON.parse(process.argv[4] ?? '{}');
const rng = createRng(7);
const columns = [];
const eta = new Float64Array(rows).fill(-1.5);
for (let c = 0; c < cols; c++) {
  if (c % 5 === 4) {
    const size = 12, slots = new Int32Array(rows), effect = Array.from({ length: size }, () => rng.normal() * 0.3);
    for (let i = 0; i < rows; i++) { slots[i] = rng.int(size - 2); if (c < 20) eta[i] += effect[slots[i]]; }
    columns.push({ kind: 'category', name: `c${c}`, slots, size });
  } else {
    const z = new Float64Array(rows), missing = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) {
      if (rng.next() < 0.05) { missing[i] = 1; continue; }
      z[i] = rng.normal();
      if (c < 10) eta[i] += 0.3 * Math.sin(z[i] * (1 + (c % 3))) + 0.2 * z[i];
    }
    columns.push({ kind: 'number', name: `x${c}`, z, missing });
  }
}
const y = new Float64Array(rows);
for (let i = 0; i < rows; i++) y[i] = rng.next() < 1 / (1 + Math.exp(-eta[i])) ? 1 : 0;
const matrix = { rows, columns };

const t0 = performance.now();
const state = fitEbm(matrix, y, { loss: 'log-loss', target: 'y', ...settings }, createRng(1));
const seconds = (performance.now() - t0) / 1000;
const tried = state.validation ? state.validation.roundsTried : state.rounds.mains;
const refit = state.validation && state.settings.refit ? state.rounds.mains : 0;
const nFit = state.validation ? rows - state.validation.rows : rows;
const rowSteps = (tried * nFit + refit * rows) * cols;
console.log(`EBM fit ${rows} rows × ${cols} columns: ${seconds.toFixed(2)} s; rounds ${tried} on the older ${nFit} rows + ${refit} refit on all;`
  + ` ${((seconds * 1e9) / rowSteps).toFixed(2)} ns per row and term step (binning included); in-sample AUC ${auc(predictEbm(state, matrix), y).toFixed(3)};`
  + ` load average ${loadavg()[0].toFixed(1)} on this machine`);
