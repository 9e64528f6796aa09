import * as aq from 'arquero';
import { prepareOutputPath } from '../core/output-path.js';
import { Warnings } from '../core/warn.js';
import { comparisonTable } from '../explain/report-tables.js';
import { writeFileAtomic } from '../export/write-model-file.js';
import { readAdapterConfig } from '../load/adapter-config.js';
import { compareKinds, DEFAULT_KIND_PAIRS, parseKindPairs } from '../pipeline/compare-kinds.js';
import { prepareData } from '../pipeline/train-model.js';
import { formatCount } from '../core/format-count.js';
import { formatLabels } from './format-report.js';
import { formatTable } from './format-table.js';
import type { Progress } from './progress.js';
import { checkResamples } from './resamples-option.js';

/** +0.012, −0.034, ±0.000 (the sign of the rounded number: −0.0004 prints ±0.000). */
const sign = (x: number) => { const r = Math.abs(x).toFixed(3); return (Number(r) === 0 ? '±' : x > 0 ? '+' : '−') + r; };

/** Options of `leadvalue compare`. */
export interface CompareCommand {
  config: string;
  /** Comma-separated win/value kinds, e.g. `glm/glm,ebm/ebm` (default DEFAULT_KIND_PAIRS). */
  kinds?: string;
  dataDir?: string;
  resamples?: number;
  markdown?: boolean;
  /** Also write the runs' metrics as JSON here. */
  report?: string;
}

/** `leadvalue compare`: every candidate pair of model kinds trained and evaluated on the same time split, side by side. */
export async function compareCommand(o: CompareCommand, progress: Progress, log: (line: string) => void): Promise<void> {
  checkResamples(o.resamples);
  if (o.report) prepareOutputPath(o.report, '--report', { input: [o.config] });
  const config = readAdapterConfig(o.config, { dataDir: o.dataDir });
  const pairs = parseKindPairs((o.kinds ?? DEFAULT_KIND_PAIRS.join(',')).split(','), config.model, '--kinds'); // bad kinds fail before loading
  log(`leadvalue compare: ${config.name}${config.description ? ` — ${config.description}` : ''}`);
  const warnings = new Warnings();
  const data = await prepareData(config, { warnings, onProgress: (table, read, total) => progress.update(`loading ${table}`, total ? read / total : 1) });
  progress.done(`loaded ${formatCount(data.tables.leads.rows, 'lead')}`);
  for (const line of formatLabels(data.frame.report)) log(`  ${line}`);
  const runs = await compareKinds(data, pairs, {
    resamples: o.resamples,
    onStart: (pair, k) => progress.update(`training ${pair.name} (${k + 1} of ${pairs.length})`, k / pairs.length),
  });
  progress.done(`trained ${formatCount(runs.length, 'candidate')} on the same time split`);
  const cutoff = new Date(runs[0].trained.split.cutoff).toISOString().slice(0, 10);
  log('');
  log(`held-out metrics, model kinds as win/value (train < ${cutoff} ≤ test; 95% bootstrap intervals over the test leads, ${formatCount(runs[0].metrics.bootstrap.resamples, 'resample')}):`);
  const ci = (x: { estimate: number; low: number; high: number }) => `${sign(x.estimate)} [${sign(x.low)}, ${sign(x.high)}]`;
  const vs = aq.table({
    [`AUC − ${runs[0].name}`]: runs.map((r) => (r.vsFirst ? ci(r.vsFirst.auc) : '(first)')),
    [`Gini − ${runs[0].name}`]: runs.map((r) => (r.vsFirst ? ci(r.vsFirst.gini) : '(first)')),
  });
  for (const line of formatTable(comparisonTable(runs).assign(vs), { markdown: o.markdown })) log(line);
  log('');
  for (const run of runs) log(`  ${run.name}: ${run.note}`);
  const best = (key: (r: (typeof runs)[number]) => number) => runs.reduce((a, b) => (key(b) > key(a) ? b : a));
  const byValue = best((r) => r.metrics.valueByExpectedValue.gini.estimate), byWin = best((r) => r.metrics.conversion.auc.estimate);
  log('');
  log(`best value ranking: ${byValue.name} (Gini ${byValue.metrics.valueByExpectedValue.gini.estimate.toFixed(3)}); best conversion ranking: ${byWin.name} (AUC ${byWin.metrics.conversion.auc.estimate.toFixed(3)}).`);
  log(`A difference to ${runs[0].name} whose interval holds 0 is no clear difference. Train the one you choose by setting model.win and model.value in the config.`);
  if (o.report) {
    writeFileAtomic(o.report, JSON.stringify({
      labels: data.frame.report, cutoff,
      runs: runs.map((r) => ({ kinds: r.name, win: r.win, value: r.value, seconds: r.seconds, note: r.note, metrics: r.metrics, vsFirst: r.vsFirst, warnings: r.warnings })),
    }, null, 2) + '\n');
    log(`report written: ${o.report}`);
  }
  for (const w of warnings.format()) log(`warning: ${w}`);
  for (const run of runs) for (const w of run.warnings) log(`warning (${run.name}): ${w}`);
}
