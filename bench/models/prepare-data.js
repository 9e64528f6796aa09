// Prepared files of the models bench: each dataset becomes one folder with
// data.csv (feature columns, label columns, a `split` column of train/test,
// rows oldest first) and meta.json (which columns are numbers, log1p numbers
// and categories; the tasks). The TypeScript and the Python side both read
// these files and nothing else.
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '../../dist/core/rng.js';
import { formatDay } from '../../dist/core/dates.js';
import { splitAtRandom } from '../../dist/evaluate/split-at-random.js';
import { splitByTime } from '../../dist/evaluate/split-by-time.js';
import { earlyActivityFrame } from '../../dist/features/early-activity.js';
import { readAdapterConfig } from '../../dist/load/adapter-config.js';
import { readCsv } from '../../dist/load/read-csv.js';
import { prepareData } from '../../dist/pipeline/train-model.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const OLIST_CONFIG = join(ROOT, 'configs/olist.json');
export const CDNOW_FILE = join(ROOT, '../shared/data/cdnow/CDNOW_master.txt.gz');

/** A CSV file written in blocks; fields are quoted only when they must be. */
function csvWriter(path, header) {
  const fd = openSync(path, 'w');
  let block = [];
  const flush = () => { if (block.length) writeSync(fd, block.join('')); block = []; };
  const line = (fields) => { block.push(fields.join(',') + '\n'); if (block.length >= 5000) flush(); };
  line(header.map(quote));
  return { line, close: () => { flush(); closeSync(fd); } };
}

function quote(text) {
  return /[",\n\r]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Writes a dataset held in memory: `features` are leadvalue raw features
 * (numbers with NaN = missing, categories as codes with -1 = missing) over
 * source rows; `rows` lists the source rows to write, training rows first,
 * each part oldest first.
 */
function writePrepared(dir, { name, features, labels, rows, trainRows, tasks, description }) {
  mkdirSync(dir, { recursive: true });
  const numbers = features.filter((f) => f.kind === 'number'), categories = features.filter((f) => f.kind === 'category');
  const ordered = [...numbers, ...categories];
  const labelNames = Object.keys(labels);
  const out = csvWriter(join(dir, 'data.csv'), [...ordered.map((f) => f.name), ...labelNames, 'split']);
  rows.forEach((i, k) => {
    out.line([
      ...ordered.map((f) => (f.kind === 'number' ? (Number.isNaN(f.values[i]) ? '' : String(f.values[i])) : f.codes[i] < 0 ? '' : quote(f.levels[f.codes[i]]))),
      ...labelNames.map((l) => (Number.isNaN(labels[l][i]) ? '' : String(labels[l][i]))),
      k < trainRows ? 'train' : 'test',
    ]);
  });
  out.close();
  writeMeta(dir, { name, description, numeric: numbers.map((f) => f.name), log1p: numbers.filter((f) => f.transform === 'log1p').map((f) => f.name), categorical: categories.map((f) => f.name), tasks });
}

function writeMeta(dir, meta) {
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
}

let olist;
/** Olist through configs/olist.json, loaded once for both stages. */
function loadOlist() {
  olist ??= (async () => {
    const config = readAdapterConfig(OLIST_CONFIG);
    const data = await prepareData(config);
    return { config, frame: data.frame, split: splitByTime(data.frame.createdAt, data.frame.leadId, config.split) };
  })();
  return olist;
}

/** Olist, MQL stage: lead-stage features of every MQL; conversion, and value ranked by expected value. */
export async function prepareOlistMql(dir) {
  const { frame, split } = await loadOlist();
  writePrepared(dir, {
    name: 'olist-mql',
    description: `Olist MQL stage (configs/olist.json): ${frame.rows} MQLs, lead-stage features; train on MQLs before ${formatDay(split.cutoff)}, test on the rest; ` +
      `value = ${frame.report.horizon} revenue after the win (0 if never won; censored won leads left out of value training and evaluation)`,
    features: frame.features.filter((f) => f.stage === 'lead'),
    labels: { won: Float64Array.from(frame.won), value: frame.value },
    rows: Int32Array.from([...split.train, ...split.test]), trainRows: split.train.length,
    tasks: [
      { id: 'conversion', title: 'conversion (won)', kind: 'conversion', label: 'won', leadvalue: ['glm', 'ebm'],
        reference: 'reference (scikit-learn, issue 3): AUC 0.653 (LogisticRegression), 0.573 (HistGradientBoosting)' },
      { id: 'value', title: 'value, ranked by expected value (two-part: P(win) × E[value | won]; ZILN directly on all leads)', kind: 'value', label: 'value', winLabel: 'won', leadvalue: ['glm', 'ebm', 'ebm-tweedie', 'ziln-linear'] },
    ],
  });
}

/** Olist, won-deal stage: won leads with a complete horizon, deal fields + lead features; value only. */
export async function prepareOlistWon(dir) {
  const { frame, split } = await loadOlist();
  const known = (i) => frame.won[i] === 1 && !frame.censored[i];
  const train = split.train.filter(known), test = split.test.filter(known);
  writePrepared(dir, {
    name: 'olist-won',
    description: `Olist won-deal stage: the ${train.length + test.length} won leads whose ${frame.report.horizon} horizon is complete (censored excluded), ` +
      `deal-stage fields + lead features; split by lead creation at ${formatDay(split.cutoff)}`,
    features: frame.features,
    labels: { value: frame.value },
    rows: Int32Array.from([...train, ...test]), trainRows: train.length,
    tasks: [{ id: 'value', title: `value (${frame.report.horizon} revenue of a won seller)`, kind: 'value', label: 'value', leadvalue: ['glm', 'ebm', 'ebm-tweedie', 'ziln-linear'],
      reference: 'reference (scikit-learn, measured earlier by someone else): normalized Gini 0.361 (Ridge on log value), 0.247 (HistGradientBoosting); top-20% value share 0.378' }],
  });
}

/** The CDNOW transactions (whitespace-separated: customer id, YYYYMMDD date, CDs, dollars), typed. */
export function readCdnow(file = CDNOW_FILE) {
  return readCsv(file, {
    delimiter: 'whitespace',
    columns: [
      { name: 'customer_id', type: 'category', required: true },
      { name: 'date', type: 'date', dateFormat: 'yyyymmdd', required: true },
      { name: 'number_of_cds', type: 'number', required: true },
      { name: 'dollar_value', type: 'number', required: true },
    ],
  });
}

/**
 * CDNOW per customer, built by the library's earlyActivityFrame: features
 * from the first 12 weeks after the first purchase (that day included),
 * label = spend over the following 52 weeks, under the bench's names.
 * Every first purchase is in 1997 Q1 and the data run to 1998-06-30, so every
 * horizon is complete (the frame reports 0 censored).
 */
export async function cdnowFrame(file = CDNOW_FILE) {
  const frame = earlyActivityFrame(await readCdnow(file), { customer: 'customer_id', at: 'date', amount: 'dollar_value', counts: ['number_of_cds'], earlyDays: 84, horizonDays: 364 });
  if (frame.report.censored > 0) throw new Error(`CDNOW: ${frame.report.censored} customers censored; the bench expects every 52-week horizon complete`);
  const features = frame.features.map((f) => ({ ...f, name: CDNOW_NAMES[f.name], column: CDNOW_NAMES[f.name] }));
  return { frame, features, feature: (name) => features.find((f) => f.name === name) };
}

/** The bench's names for earlyActivityFrame's features (as in bench/results/models.md since issue 3). */
const CDNOW_NAMES = {
  first_amount: 'first_spend', first_number_of_cds: 'first_cds', early_amount: 'spend_12w', early_number_of_cds: 'cds_12w',
  early_transactions: 'purchases_12w', early_active_days: 'purchase_days_12w', early_last_day: 'days_to_last_12w', cohort_day: 'cohort_day',
};

/**
 * CDNOW: per customer, features from the first 12 weeks, label = spend over
 * the following 52 weeks (see cdnowFrame). Split by customer, not by cohort
 * time: the cohorts span 12 weeks, so train and test label windows overlap by
 * at least 75% in calendar time and a cohort split would not test the future,
 * only move from the large January cohort to March's (with the cohort day out
 * of its training range). A seeded 70/30 shuffle of customers (splitAtRandom),
 * as bench/ziln.js; rows oldest first within each part, so early-stopping
 * tails are the latest cohort.
 */
export async function prepareCdnow(dir) {
  const { frame, features } = await cdnowFrame();
  const split = splitAtRandom(frame.rows, { rng: createRng(42).child('cdnow-split'), orderBy: frame.firstAt });
  writePrepared(dir, {
    name: 'cdnow',
    description: `CDNOW: ${frame.rows} customers, features from the first 12 weeks after the first purchase, label = spend over the next 52 weeks; ` +
      'split by customer (seeded 70/30), not by cohort: all first purchases are in 1997 Q1, so cohort label windows overlap by ≥ 75% in time',
    features, labels: { spend_52w: frame.value }, rows: Int32Array.from([...split.train, ...split.test]), trainRows: split.train.length,
    tasks: [{ id: 'value', title: 'value (spend over the 52 weeks after the first 12)', kind: 'value', label: 'spend_52w', leadvalue: ['glm', 'ebm', 'ebm-tweedie', 'ziln-linear', 'ziln-mlp'] }],
  });
}

/**
 * Synthetic leads, rows in time order (the first 70% train): 120 numbers
 * (N(0, 1), 2 decimals, 5% missing) and 30 categories (3 to 40 levels, skewed
 * frequencies, 2% missing). Conversion is a known logistic model: linear in
 * x0–x9, sine shapes in x10–x14, steps in x15–x17, level effects of c0–c4,
 * and one pair x0·x1 (which an additive model cannot fit). Value is zero-inflated:
 * 0 unless won; a won lead buys with P = sigmoid(0.3 + 0.6·x20 + c5 effect), then a
 * lognormal amount, μ = 3 + 0.5·x21 − 0.4·|x22| + c6 effect, σ = 0.8.
 * The true P(win) and E[value] are written too (not features): scored as
 * a model, they show the best any model could do on the test rows.
 * Written row by row, so 1M rows never sit in memory here. `glmL2` fixes the
 * GLM's L2 penalty (no inner search: it fits 7 models) where rows are many.
 */
export function prepareSynthetic(dir, rows, { value, glmL2 }) {
  mkdirSync(dir, { recursive: true });
  const NUMBERS = 120, CATEGORIES = 30, LEVELS = [3, 5, 8, 12, 20, 40];
  // The same effects and the same row stream at every size: 10k rows are the first 10k of 100k.
  const effects = createRng(2024).child('synthetic effects'), rng = createRng(2024).child('synthetic rows');
  const sizes = Array.from({ length: CATEGORIES }, (_, c) => LEVELS[c % LEVELS.length]);
  const effect = sizes.map((size) => Float64Array.from({ length: size }, () => 0.5 * effects.normal()));
  const beta = Float64Array.from({ length: 10 }, (_, k) => 0.35 * (k % 2 ? -1 : 1) * (1 - k / 20));
  const names = [...Array.from({ length: NUMBERS }, (_, k) => `x${k}`), ...Array.from({ length: CATEGORIES }, (_, c) => `c${c}`)];
  const out = csvWriter(join(dir, 'data.csv'), [...names, 'won', 'true_p_win', ...(value ? ['value', 'true_value'] : []), 'split']);
  const x = new Float64Array(NUMBERS), level = new Int32Array(CATEGORIES), fields = new Array(names.length + 3 + (value ? 2 : 0));
  const sigmoid = (t) => 1 / (1 + Math.exp(-t));
  const trainRows = Math.round(rows * 0.7);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < NUMBERS; k++) {
      x[k] = rng.next() < 0.05 ? NaN : Math.round(rng.normal() * 100) / 100;
      fields[k] = Number.isNaN(x[k]) ? '' : String(x[k]);
    }
    for (let c = 0; c < CATEGORIES; c++) {
      const u = rng.next();
      level[c] = rng.next() < 0.02 ? -1 : Math.floor(sizes[c] * u * u);
      fields[NUMBERS + c] = level[c] < 0 ? '' : `L${level[c]}`;
    }
    const v = (k) => (Number.isNaN(x[k]) ? 0 : x[k]);
    const e = (c) => (level[c] < 0 ? 0 : effect[c][level[c]]);
    let eta = -2.2 + 0.3 * v(0) * v(1);
    for (let k = 0; k < 10; k++) eta += beta[k] * v(k);
    for (let k = 10; k < 15; k++) eta += 0.4 * Math.sin(1.5 * v(k));
    for (let k = 15; k < 18; k++) eta += v(k) > 0.5 ? 0.3 : 0;
    for (let c = 0; c < 5; c++) eta += e(c);
    const pWin = sigmoid(eta), won = rng.next() < pWin ? 1 : 0;
    let f = names.length;
    fields[f++] = won;
    fields[f++] = pWin.toPrecision(6);
    if (value) {
      const pBuy = sigmoid(0.3 + 0.6 * v(20) + e(5)), mu = 3 + 0.5 * v(21) - 0.4 * Math.abs(v(22)) + e(6);
      const buys = won && rng.next() < pBuy;
      fields[f++] = buys ? Math.exp(mu + 0.8 * rng.normal()).toFixed(2) : '0';
      fields[f++] = (pWin * pBuy * Math.exp(mu + 0.32)).toPrecision(6); // E[value | x]; 0.32 = σ²/2
    }
    fields[f] = i < trainRows ? 'train' : 'test';
    out.line(fields);
  }
  out.close();
  const tasks = [{ id: 'conversion', title: 'conversion (known logistic signal)', kind: 'conversion', label: 'won', truth: 'true_p_win', leadvalue: ['glm', 'ebm'], ...(glmL2 ? { glmL2 } : {}) }];
  if (value) tasks.push({ id: 'value', title: 'value (zero-inflated: 0 unless won and buying; lognormal amount)', kind: 'value', label: 'value', truth: 'true_value', leadvalue: ['glm', 'ebm', 'ebm-tweedie', 'ziln-linear'] });
  writeMeta(dir, {
    name: `synthetic-${rows}`,
    description: `synthetic: ${rows.toLocaleString('en-US')} rows × ${NUMBERS + CATEGORIES} columns (${NUMBERS} numbers, ${CATEGORIES} categories); first 70% (in time order) train`,
    numeric: names.slice(0, NUMBERS), log1p: [], categorical: names.slice(NUMBERS), tasks,
  });
}

/** Whether the real data sets are present. */
export const available = { olist: () => existsSync(dirname(readAdapterConfig(OLIST_CONFIG).tables.leads.file)), cdnow: () => existsSync(CDNOW_FILE) };
