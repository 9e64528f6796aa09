// leadvalue side of the models bench: reads a prepared folder with the
// library's own CSV reader, encodes with fitFeatures/encodeFeatures (fit on the
// training rows), and fits each model kind a task lists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeFeatures } from '../../dist/features/encode.js';
import { fitFeatures } from '../../dist/features/fit-features.js';
import { readCsv } from '../../dist/load/read-csv.js';
import { describePart, fitModelPart, predictModelPart } from '../../dist/models/model-part.js';
import { fitZiln, predictZiln } from '../../dist/models/ziln/index.js';

/** GLM L2 candidates, chosen by an inner time split: the adapter config's default. */
const L2 = [0.3, 1, 3, 10, 30, 100];

/** Reads data.csv and meta.json of a prepared folder into leadvalue raw features, labels and the split. */
export async function readPrepared(dir) {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
  const labels = [...new Set(meta.tasks.flatMap((t) => [t.label, t.winLabel, t.truth].filter(Boolean)))];
  const table = await readCsv(join(dir, 'data.csv'), {
    columns: [
      ...meta.numeric.map((name) => ({ name, type: 'number' })),
      ...meta.categorical.map((name) => ({ name, type: 'category' })),
      ...labels.map((name) => ({ name, type: 'number' })),
      { name: 'split', type: 'category', required: true },
    ],
  });
  const c = table.columns;
  const features = [
    ...meta.numeric.map((name) => ({ name, stage: 'lead', kind: 'number', transform: meta.log1p.includes(name) ? 'log1p' : 'none', column: name, values: c[name].values })),
    ...meta.categorical.map((name) => ({ name, stage: 'lead', kind: 'category', column: name, codes: c[name].codes, levels: c[name].levels })),
  ];
  const isTrain = c.split.levels.map((level) => level === 'train');
  const rows = Int32Array.from({ length: table.rowCount }, (_, i) => i);
  return {
    meta, features,
    label: (name) => c[name].values,
    train: rows.filter((i) => isTrain[c.split.codes[i]]),
    test: rows.filter((i) => !isTrain[c.split.codes[i]]),
  };
}

const NAMES = {
  conversion: { glm: 'leadvalue GLM (logistic)', ebm: 'leadvalue EBM (log-loss)' },
  twoPart: { glm: 'leadvalue GLM two-part (logistic × Poisson)', ebm: 'leadvalue EBM two-part (log-loss × Poisson)', 'ebm-tweedie': 'leadvalue EBM two-part (log-loss × Tweedie 1.5)', 'ziln-linear': 'leadvalue ZILN linear (directly on all leads)' },
  value: { glm: 'leadvalue GLM (Poisson)', ebm: 'leadvalue EBM (Poisson)', 'ebm-tweedie': 'leadvalue EBM (Tweedie 1.5)', 'ziln-linear': 'leadvalue ZILN linear', 'ziln-mlp': 'leadvalue ZILN MLP 64-32' },
};

/**
 * Fits every leadvalue kind the task lists on its training rows and predicts
 * its test rows (rows whose label is known). Fit seconds include fitting the
 * feature transforms and encoding the training rows, as the Python side's
 * include its preprocessing.
 * @returns the test rows' truth, one entry per kind (id, name, seconds, prediction, note),
 *   and for synthetic data the planted signal as a `ceiling` entry
 */
export async function fitLeadvalueKinds(data, task, rng) {
  const y = data.label(task.label);
  const known = (i) => !Number.isNaN(y[i]);
  const test = data.test.filter(known);
  const encode = (specs, rows) => encodeFeatures(specs, data.features, rows);
  const pick = (values, rows) => Float64Array.from(rows, (i) => values[i]);
  const models = [];
  for (const kind of task.leadvalue) {
    const child = rng.child(kind);
    const t0 = performance.now();
    let predict, note;
    if (kind.startsWith('ziln')) {
      // ZILN models value directly, zeros included (for a two-part task: on every lead, lost ones at 0).
      const rows = data.train.filter(known);
      const specs = fitFeatures(data.features, rows, { minLevelCount: 1 });
      const state = await fitZiln(encode(specs, rows), pick(y, rows), { hidden: kind === 'ziln-mlp' ? [64, 32] : [] }, child);
      predict = () => predictZiln(state, encode(specs, test)).expectedValue;
      note = `${state.backend}, ${state.epochsRun} epochs (best ${state.bestEpoch})`;
    } else {
      const decl = kind === 'glm' ? { kind: 'glm', l2: task.glmL2 ?? L2 } : { kind: 'ebm' };
      // The value part's loss (the win part is log-loss whatever the value's).
      const valueDecl = kind === 'ebm-tweedie' ? { kind: 'ebm', loss: 'tweedie' } : decl;
      if (task.kind === 'conversion' || task.winLabel) {
        const won = data.label(task.kind === 'conversion' ? task.label : task.winLabel);
        const specs = fitFeatures(data.features, data.train, { minLevelCount: 1 });
        const win = fitModelPart(encode(specs, data.train), pick(won, data.train), decl, 'win', L2, child.child('win'));
        if (task.kind === 'conversion') {
          predict = () => predictModelPart(win, encode(specs, test));
          note = describePart(win);
        } else {
          // Two-part, as fitTwoPart: E[value | won] on the won training rows whose value is known.
          const valueRows = data.train.filter((i) => won[i] === 1 && known(i));
          const value = fitModelPart(encode(specs, valueRows), pick(y, valueRows), valueDecl, 'value', L2, child.child('value'));
          predict = () => { const m = encode(specs, test); const p = predictModelPart(win, m), v = predictModelPart(value, m); return p.map((pi, i) => pi * v[i]); };
          note = `${describePart(win)}; ${describePart(value)}`;
        }
      } else {
        const rows = data.train.filter(known);
        const specs = fitFeatures(data.features, rows, { minLevelCount: 1 });
        const value = fitModelPart(encode(specs, rows), pick(y, rows), valueDecl, 'value', L2, child);
        predict = () => predictModelPart(value, encode(specs, test));
        note = describePart(value);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    if (kind === 'glm' && task.glmL2) note += ' (fixed: no inner search)';
    models.push({ id: kind, name: NAMES[task.kind === 'conversion' ? 'conversion' : task.winLabel ? 'twoPart' : 'value'][kind], seconds, prediction: predict(), note });
  }
  // Synthetic data: the planted probability or expected value, scored like a model (the ceiling).
  const ceiling = task.truth ? { id: 'truth', name: '(planted signal: true P(win) or E[value])', seconds: NaN, prediction: pick(data.label(task.truth), test), note: 'not a model: the best ranking possible' } : null;
  return { truth: pick(y, test), models, ceiling };
}
