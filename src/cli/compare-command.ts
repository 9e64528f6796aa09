import * as aq from 'arquero';
import { prepareOutputPath } from '../core/output-path.js';
import { reportJson } from '../core/report-json.js';
import { Warnings } from '../core/warn.js';
import { comparisonTable } from '../explain/report-tables.js';
import { writeFileAtomic } from '../export/write-model-file.js';
import { readAdapterConfig } from '../load/adapter-config.js';
import { bestKinds, formatBestKinds } from '../pipeline/best-kinds.js';
import { compareKinds, DEFAULT_KIND_PAIRS, parseKindPairs } from '../pipeline/compare-kinds.js';
import { prepareData } from '../pipeline/train-model.js';
import { formatCount } from '../core/format-count.js';
import { formatLabels } from './format-report.js';
import { formatTable } from './format-table.js';
import type { Progress } from './progress.js';
import { checkResamples } from './resamples-option.js';

/** +0.012, −0.034, ±0.000 (the sign of the rounded number: −0.0004 prints ±0.000); n/a when not a number. */
const sign = (x: number) => {
  if (!Number.isFinite(x)) return 'n/a'; const r = Math.abs(x).toFixed(3); return (Number(r) === 0 ? '±' : x > 0 ? '+' : '−') + r; };

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
  const ci = (x: { estimate: number; low: number; high: number }) => (Number.isFinite(x.estimate) ? `${sign(x.estimate)} [${sign(x.low)}, ${sign(x.high)}]` : 'n/a');
  const vs = aq.table({
    [`AUC − ${runs[0].name}`]: runs.map((r) => (r.vsFirst ? ci(r.vsFirst.auc) : '(first)')),
    [`Gini − ${runs[0].name}`]: runs.map((r) => (r.vsFirst ? ci(r.vsFirst.gini) : '(first)')),
  });
  for (const line of formatTable(comparisonTable(runs).assign(vs), { markdown: o.markdown })) log(line);
  log('');
  for (const run of runs) log(`  ${run.name}: ${run.note}`);
  log('');
  log(formatBestKinds(bestKinds(runs)));
  log(`A difference to ${runs[0].name} whose interval holds 0 is no clear difference. Train the one you choose by setting model.win and model.value in the config.`);
  if (o.report) {
    writeFileAtomic(o.report, reportJson({
      labels: data.frame.report, cutoff,
      runs: runs.map((r) => ({ kinds: r.name, win: r.win, value: r.value, seconds: r.seconds, note: r.note, metrics: r.metrics, vsFirst: r.vsFirst, warnings: r.warnings })),
    }));
    log(`report written: ${o.report}`);
  }
  for (const w of warnings.format()) log(`warning: ${w}`);
  for (const run of runs) for (const w of run.warnings) log(`warning (${run.name}): ${w}`);
}
