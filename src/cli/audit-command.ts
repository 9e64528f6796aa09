import { applyRules } from '../audit/apply-rules.js';
import { auditRules, type RuleAudit } from '../audit/audit-rules.js';
import { auditTables } from '../audit/audit-tables.js';
import { auditModelFromFile, fitAuditModel } from '../audit/fit-audit-model.js';
import type { RuleAuditModel } from '../audit/model-contributions.js';
import { readRuleSet, type RuleSet } from '../audit/rule-set.js';
import { prepareOutputPath } from '../core/output-path.js';
import { reportJson } from '../core/report-json.js';
import { createRng } from '../core/rng.js';
import { Warnings } from '../core/warn.js';
import { writeFileAtomic } from '../export/write-model-file.js';
import { funnelReview, type FunnelReview } from '../funnel/funnel-review.js';
import { funnelTables } from '../funnel/funnel-tables.js';
import { readAdapterConfig } from '../load/adapter-config.js';
import { prepareData, type PreparedData } from '../pipeline/train-model.js';
import { readModel } from '../scoring/load-model.js';
import { formatCount } from '../core/format-count.js';
import { formatLabels } from './format-report.js';
import { formatTable } from './format-table.js';
import type { Progress } from './progress.js';
import { checkResamples } from './resamples-option.js';
import { showPath } from './show-path.js';

const show = showPath;

/** Options of `leadvalue audit` and `leadvalue funnel`. */
export interface AuditCommand {
  config: string;
  /** Rules file (required by `audit`, optional for `funnel`). */
  rules?: string;
  /** Segment feature for the funnel. */
  by?: string;
  /** Largest segments kept (default 12); the rest are pooled. */
  top?: number;
  /** A model file to compare the rules with, instead of fitting the config's model. */
  model?: string;
  dataDir?: string;
  report?: string;
  resamples?: number;
  /** Print tables as Markdown (for a README). */
  markdown?: boolean;
}

async function load(o: AuditCommand, progress: Progress, warnings: Warnings): Promise<PreparedData> {
  if (o.report) prepareOutputPath(o.report, '--report', { input: [o.config, o.rules, o.model] });
  const config = readAdapterConfig(o.config, { dataDir: o.dataDir });
  const t0 = Date.now();
  const data = await prepareData(config, { warnings, onProgress: (table, read, total) => progress.update(`loading ${table}`, total ? read / total : 1) });
  progress.done(`loaded ${formatCount(data.tables.leads.rows, 'lead')}, ${formatCount(data.tables.outcomes.rows, 'outcome')}, ${formatCount(data.tables.revenue.rows, 'revenue row')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return data;
}

/**
 * `leadvalue audit`: audit today's qualification rules against outcomes on
 * the history, compare their points with a model, and review the funnel.
 */
export async function auditCommand(o: AuditCommand, progress: Progress, log: (line: string) => void): Promise<{ audit: RuleAudit; funnel: FunnelReview }> {
  checkResamples(o.resamples);
  const rules = readRuleSet(o.rules!);
  const warnings = new Warnings();
  const data = await load(o, progress, warnings);
  const { frame, config } = data;
  const matches = applyRules(rules, frame, warnings);
  let model: RuleAuditModel;
  if (o.model) model = auditModelFromFile(readModel(o.model, { warnings }), o.model);
  else {
    const t1 = Date.now();
    progress.update('fitting the model to compare with', 0);
    model = fitAuditModel(data);
    progress.done(`fit ${config.model.name} on all ${formatCount(frame.rows, 'lead')} to compare with the rules in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  }
  const audit = auditRules(frame, rules, { model, matches, warnings, resamples: o.resamples, rng: createRng(config.model.seed).child('audit') });
  const funnel = funnelReview(frame, { rules, qualified: matches.qualified, by: o.by, byLabel: 'audit --by', top: o.top ?? 12 });
  const t = auditTables(audit);
  const table = (x: Parameters<typeof formatTable>[0]) => formatTable(x, { markdown: o.markdown }).forEach((l) => log(l));

  log(`leadvalue audit: rules "${rules.name}"${rules.example ? ' — an EXAMPLE rule set, not a company\'s real criteria' : ''}; data ${config.name}`);
  log(`  rules ${show(rules.file!)}: ${formatCount(audit.ruleSet.rules, 'rule')}, qualify when ${audit.ruleSet.qualify}; owner ${rules.owner ?? '(not given)'}; last updated ${rules.updated ?? '(not given)'}`);
  for (const line of formatLabels(frame.report)) log(`  ${line}`);
  log('');
  log('findings:');
  for (const note of audit.notes) log(`  - ${note}`);
  log('');
  log(`qualified vs the rest (win rate: Wilson ${pctLevel(audit)} interval; value = revenue in ${audit.data.horizon} after the win; value/won over won leads whose horizon is complete; value/lead = win rate × value/won, bootstrap interval):`);
  table(t.groups);
  log('');
  log(`rules (lift = rate when the rule fires ÷ rate when it does not; bootstrap ${pctLevel(audit)} intervals, ${formatCount(audit.bootstrap.resamples, 'resample')} shared by all rules):`);
  table(t.rules);
  if (t.agreement && audit.model) {
    log('');
    log(`points vs what the model learned (Δ = mean contribution of leads the rule fires on minus the rest; model points = Δ on the rules' scale, ` +
      `1 log-odds ≈ ${fmt(audit.model.pointsPerLogOdds)} points, 1 log value ≈ ${fmt(audit.model.pointsPerLogValue)} points; |Δ| < ${audit.model.minEffect} = no clear effect):`);
    table(t.agreement);
  }
  printFunnel(funnel, o, log);
  if (o.report) writeReport(o.report, { rules: rules.file, config: config.path, audit, funnel, warnings: warnings.list() }, log);
  for (const w of warnings.format()) log(`warning: ${w}`);
  return { audit, funnel };
}

/** `leadvalue funnel`: the funnel / customer-journey review, with an optional rule set as the qualified stage. */
export async function funnelCommand(o: AuditCommand, progress: Progress, log: (line: string) => void): Promise<FunnelReview> {
  const rules: RuleSet | undefined = o.rules ? readRuleSet(o.rules) : undefined;
  const warnings = new Warnings();
  const data = await load(o, progress, warnings);
  const funnel = funnelReview(data.frame, { rules, by: o.by, byLabel: 'funnel --by', top: o.top ?? 12, warnings });
  log(`leadvalue funnel: data ${data.config.name}${rules ? `; qualified by the rules "${rules.name}"${rules.example ? ' (an EXAMPLE rule set)' : ''}` : ''}`);
  for (const line of formatLabels(data.frame.report)) log(`  ${line}`);
  printFunnel(funnel, o, log);
  if (o.report) writeReport(o.report, { rules: rules?.file ?? null, config: data.config.path, funnel, warnings: warnings.list() }, log);
  for (const w of warnings.format()) log(`warning: ${w}`);
  return funnel;
}

function printFunnel(funnel: FunnelReview, o: AuditCommand, log: (line: string) => void): void {
  const t = funnelTables(funnel);
  const table = (x: Parameters<typeof formatTable>[0]) => formatTable(x, { markdown: o.markdown }).forEach((l) => log(l));
  const withRules = funnel.overall.length > 1;
  log('');
  log(`funnel: ${funnel.stages.map((s) => s.stage).join(' → ')} (rates: step conversion with Wilson 95% intervals; days: medians)`);
  for (const s of funnel.stages) log(`  ${s.stage.padEnd(9)} ${s.meaning}`);
  table(t.overall);
  log('');
  log(`where ${withRules ? 'qualified leads' : 'leads'} drop out:`);
  table(t.dropOut);
  const q = funnel.overall.find((p) => p.path === (withRules ? 'qualified' : 'all'))!;
  const tq = q.timing;
  log(`  time between stages (days, median [quartiles]): lead → won ${quart(tq.leadToWon)} (n=${tq.leadToWon.n}); won → first revenue ${quart(tq.wonToFirstRevenue)} (n=${tq.wonToFirstRevenue.n})`);
  if (t.bySegment && funnel.by) {
    log('');
    log(`by ${funnel.by.feature}${funnel.by.startsAt === 'won' ? ' (deal-stage field: from the won stage on)' : ''}:`);
    table(t.bySegment);
  }
  if (t.byCohort) {
    log('');
    log(`by cohort (month the lead was created)${withRules ? ', qualified path' : ''}:`);
    const cohort = withRules ? t.byCohort.filter((d: any) => d.path === 'qualified').select(t.byCohort.columnNames().filter((c) => c !== 'path')) : t.byCohort;
    table(cohort);
  }
  log('');
  log('notes:');
  for (const note of funnel.notes) log(`  - ${note}`);
}

function writeReport(path: string, content: unknown, log: (line: string) => void): void {
  writeFileAtomic(path, reportJson(content));
  log(`report written: ${show(path)}`);
}

function pctLevel(a: RuleAudit): string {
  return `${Math.round(a.bootstrap.level * 100)}%`;
}

function fmt(x: number | null): string {
  return x === null || !Number.isFinite(x) ? 'n/a' : x.toFixed(1);
}

function quart(q: { median: number; q1: number; q3: number }): string {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');
  return `${f(q.median)} [${f(q.q1)}, ${f(q.q3)}]`;
}
