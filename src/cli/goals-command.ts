import { DAY_MS, formatDay, parseDate } from '../core/dates.js';
import { LeadvalueError, shown } from '../core/errors.js';
import { fileLabel } from '../core/file-label.js';
import { prepareOutputPath } from '../core/output-path.js';
import { Warnings } from '../core/warn.js';
import { applyRules } from '../audit/apply-rules.js';
import { readRuleSet } from '../audit/rule-set.js';
import { writeFileAtomic } from '../export/write-model-file.js';
import type { CutoffCapacity } from '../goals/capacity-cutoff.js';
import { compareProfiles } from '../goals/compare-profiles.js';
import { goalCutoff, type LeadOutcome } from '../goals/goal-cutoff.js';
import { matchHistory } from '../goals/match-history.js';
import { readGoalProfile } from '../goals/read-goal-profile.js';
import { readAdapterConfig } from '../load/adapter-config.js';
import { refuseDuplicateLeadIds } from '../load/duplicate-lead-id.js';
import { readRecordRows } from '../load/read-records.js';
import { prepareData } from '../pipeline/train-model.js';
import { readModel } from '../scoring/load-model.js';
import { readDate } from '../scoring/read-date.js';
import { formatCount } from '../core/format-count.js';
import { checkModelColumns, modelColumns } from './check-model-columns.js';
import { formatComparison, formatGoalCutoff } from './format-goals.js';
import type { Progress } from './progress.js';
import { showPath } from './show-path.js';

/** Options of `leadvalue goals`. */
export interface GoalsCommand {
  model: string;
  /** Leads to score (CSV or CSV.gz); default: the leads table of `config`. */
  input?: string;
  /** Goal profile A (default: the model file's). */
  goals?: string;
  /** Goal profile B: compare A with it. */
  against?: string;
  /** `K`, `K/batch`, `K/week` or `K/month`; default: the profiles' own. */
  capacity?: string;
  /** Adapter config of the history: realised outcomes for the leads, matched by lead id. */
  config?: string;
  dataDir?: string;
  /** A 0/1 (or true/false) column of the leads file holding today's rule selection. */
  rule?: string;
  /** Or today's rule set (configs/rules/), applied to the history of `config`: leads not in it count as not qualified. */
  rules?: string;
  /** Keep leads created on or after / before this date (ISO; creation dates are read in the model's date format, ISO accepted too). */
  from?: string;
  to?: string;
  /** Write per-lead ranks, worked flags and reasons here (CSV). */
  out?: string;
  /** Moves to list each way (default 10). */
  moves?: number;
}

/**
 * Parses a capacity option: `40` or `40/batch` (this batch), `40/week`, `40/month`.
 * @throws LeadvalueError naming the option on anything else
 */
export function parseCapacity(text: string, where = '--capacity'): CutoffCapacity {
  const m = /^\s*(\d+)\s*(?:\/\s*(batch|week|month))?\s*$/.exec(text);
  if (!m || Number(m[1]) < 1) throw new LeadvalueError(where, 'not a capacity', shown(text), 'write leads per period: 40/week, 150/month, or 40 (this batch)');
  return { leads: Number(m[1]), per: (m[2] ?? 'batch') as CutoffCapacity['per'] };
}

/**
 * `leadvalue goals`: score leads under a goal profile (or two), choose the
 * leads to work under the capacity, and report what each choice delivers.
 */
export async function goalsCommand(o: GoalsCommand, progress: Progress, log: (line: string) => void): Promise<void> {
  const modelWarnings = new Warnings();
  const model = readModel(o.model, { warnings: modelWarnings });
  for (const w of modelWarnings.format()) log(`warning: ${w}`);
  const a = o.goals ? readGoalProfile(o.goals, model) : model.goals;
  const b = o.against ? readGoalProfile(o.against, model) : null;
  const capacity = o.capacity ? parseCapacity(o.capacity) : undefined;
  const config = o.config ? readAdapterConfig(o.config, { dataDir: o.dataDir }) : null;
  const input = o.input ?? config?.tables.leads.file;
  // Printed after "leadvalue: ", so no command name in front.
  if (!input) throw new LeadvalueError('', '--in or --config is required', undefined, 'give the leads to score (--in leads.csv) or the history (--config)');
  if (o.out) prepareOutputPath(o.out, '--out', { input: [input, o.model, o.goals, o.against, o.rules, o.config] });
  if (o.rule && o.rules) throw new LeadvalueError('', '--rule and --rules both given', undefined, 'compare with one rule selection');
  if (o.rules && !config) throw new LeadvalueError('--rules', 'needs --config', undefined, 'a rule set is applied to the history the config loads; for new leads give a 0/1 column with --rule');
  progress.update('reading leads', 0);
  // The history's leads table as its config says; new leads as the leads the model was trained on were written.
  const read = await readRecordRows(input, { delimiter: !o.input && config ? config.tables.leads.delimiter : model.input.delimiter });
  let leads = read.records, fileRows = read.rows;
  // Messages name a lead by its file and row (header = row 1), also after --from / --to kept only some.
  const where = `${fileLabel(input)} row`;
  const { leadId, createdAt } = model.input;
  // As score refuses it: a file without the model's columns would rank leads the model cannot tell apart.
  const fromConfig = !o.input && config;
  checkModelColumns(read.header, [...new Set([leadId, createdAt, ...modelColumns(model)])], `${where} ${read.headerRow}`,
    fromConfig ? config.tables.leads.delimiter : model.input.delimiter,
    (found) => (fromConfig ? `set "delimiter": ${JSON.stringify(found)} for tables.leads in the config`
      : `save the file with the delimiter of the leads the model was trained on (${JSON.stringify(model.input.delimiter)}, the model file's input.delimiter)`));
  // A lead id given twice would be worked, counted and ranked twice: refused as `train` refuses it.
  refuseDuplicateLeadIds(leads.map((l) => l[leadId]), fileLabel(input), leadId, (i) => fileRows[i], { skipBlank: true });
  const day = (text: string, name: string) => {
    const t = parseDate(text, 'iso');
    if (Number.isNaN(t)) throw new LeadvalueError(`--${name}`, 'not a date', shown(text), 'use YYYY-MM-DD');
    return t;
  };
  // Creation days (UTC midnight; NaN when missing) in the model's date format, compared and printed as dates.
  let days = leads.map((l, i) => {
    const raw = l[createdAt];
    const t = raw === undefined || raw.trim() === '' ? null : readDate(raw, model.input.dateFormat, `${where} ${fileRows[i]}, field ${createdAt}`);
    return t === null ? NaN : Math.floor(t / DAY_MS) * DAY_MS;
  });
  // With --from / --to the capacity counts the periods of that window, not only the days that have leads.
  let span: { from: number; to: number } | undefined;
  if (o.from || o.to) {
    const from = o.from ? day(o.from, 'from') : -Infinity, to = o.to ? day(o.to, 'to') : Infinity;
    const keep = days.map((t) => t >= from && t < to);
    leads = leads.filter((_, i) => keep[i]);
    fileRows = fileRows.filter((_, i) => keep[i]);
    days = days.filter((_, i) => keep[i]);
    if (days.length) span = { from: o.from ? from : days.reduce((x, y) => Math.min(x, y)), to: o.to ? to - DAY_MS : days.reduce((x, y) => Math.max(x, y)) };
  }
  let outcomes: (LeadOutcome | undefined)[] | undefined;
  let rule: boolean[] | undefined;
  let ruleName = o.rule;
  let inTraining = 0;
  if (config) {
    progress.update('loading the history for outcomes', 0);
    const data = await prepareData(config);
    const ruleSet = o.rules ? readRuleSet(o.rules) : undefined;
    const matched = matchHistory(data.frame, leads, leadId, ruleSet && applyRules(ruleSet, data.frame, data.warnings).qualified);
    outcomes = matched.outcomes;
    if (ruleSet) { rule = matched.rule; ruleName = ruleSet.name; }
    // Refit on all leads: every lead up to the data's last lead date was seen; else only those before the split cut-off.
    const refit = model.data.rows.fit === model.data.rows.leads;
    const last = parseDate((refit ? model.data.dateRange.to : model.data.splitCutoff).slice(0, 10), 'iso');
    inTraining = days.filter((t) => (refit ? t <= last : t < last)).length;
  }
  if (o.rule) rule = ruleMask(leads, o.rule, input, where, fileRows);
  progress.done(`read ${formatCount(leads.length, 'lead')} from ${o.input ? show(input) : fileLabel(input)}${outcomes ? `, outcomes known for ${outcomes.filter((x) => x).length}` : ''}`);
  const dated = days.filter((t) => !Number.isNaN(t));
  const shownSpan = dated.length ? ` created ${formatDay(dated.reduce((x, y) => Math.min(x, y)))} … ${formatDay(dated.reduce((x, y) => Math.max(x, y)))}` : '';
  const options = { capacity, outcomes, rule, ruleName, span, where, rows: fileRows };
  log(`leadvalue goals: ${model.model.name} ${model.model.version}, ${b ? `profile A ${a.name} (${o.goals ? 'from ' + show(o.goals) : 'the model file\'s'}) vs B ${b.name} (from ${show(o.against!)})` : `profile ${a.name} (${o.goals ? 'from ' + show(o.goals) : 'the model file\'s'})`}`);
  if (inTraining) log(`note: the model was fit on ${inTraining} of these leads: realised numbers on them are in-sample, so optimistic`);
  const rows: string[][] = [];
  if (b) {
    const cmp = compareProfiles(model, leads, a, b, options);
    for (const line of formatComparison(cmp, { moves: o.moves, span: shownSpan })) log(line);
    if (o.out) {
      const why = new Map<number, string[]>([...cmp.movedIn.map((m) => [m.index, ['in', m.why]] as [number, string[]]), ...cmp.movedOut.map((m) => [m.index, ['out', m.why]] as [number, string[]])]);
      rows.push(['lead_id', 'created_at', ...OUTPUT_COLUMNS, 'score_a', 'rank_a', 'worked_a', 'score_b', 'rank_b', 'worked_b', 'move', 'why']);
      leads.forEach((l, i) => rows.push([String(l[leadId] ?? ''), String(l[createdAt] ?? ''), ...outputs(cmp.a.scores[i]),
        num(cmp.a.scores[i].score), String(cmp.a.cutoff.rank[i] + 1), cmp.a.cutoff.workedMask[i] ? '1' : '0',
        num(cmp.b.scores[i].score), String(cmp.b.cutoff.rank[i] + 1), cmp.b.cutoff.workedMask[i] ? '1' : '0', ...(why.get(i) ?? ['', ''])]));
    }
  } else {
    const g = goalCutoff(model, leads, { ...options, goals: a });
    for (const line of formatGoalCutoff(g, shownSpan)) log(line);
    if (o.out) {
      rows.push(['lead_id', 'created_at', ...OUTPUT_COLUMNS, 'score', 'rank', 'worked', 'goal_profile', 'segments']);
      leads.forEach((l, i) => rows.push([String(l[leadId] ?? ''), String(l[createdAt] ?? ''), ...outputs(g.scores[i]), num(g.scores[i].score), String(g.cutoff.rank[i] + 1),
        g.cutoff.workedMask[i] ? '1' : '0', g.profile.name, g.scores[i].segments.join('; ')]));
    }
  }
  if (o.out) {
    writeFileAtomic(o.out, rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n');
    log(`per-lead ranks written: ${show(o.out)}`);
  }
}

/** Today's rule selection from a column: 1/true/yes qualify, 0/false/no/empty do not. */
function ruleMask(leads: Record<string, string>[], column: string, file: string, where: string, rows: number[]): boolean[] {
  if (leads.length && !(column in leads[0])) throw new LeadvalueError(`--rule ${column}`, `not a column of ${show(file)}`, undefined, `columns: ${Object.keys(leads[0]).join(', ')}`);
  return leads.map((l, i) => {
    const v = String(l[column] ?? '').trim().toLowerCase();
    if (v === '1' || v === 'true' || v === 'yes') return true;
    if (v === '0' || v === 'false' || v === 'no' || v === '') return false;
    throw new LeadvalueError(`${where} ${rows[i]}, column ${column}`, 'not a rule flag', shown(l[column]), 'use 1/0, true/false or yes/no');
  });
}

const show = showPath;
const num = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : '');
/** The model outputs behind a score, as `leadvalue score` writes them (the same for every goal profile): expected wins and value of the worked leads can be summed from the file. */
const OUTPUT_COLUMNS = ['p_win', 'value_if_won', 'expected_value'];
const outputs = (s: { pWin: number; valueIfWon: number; expectedValue: number }) => [num(s.pWin), num(s.valueIfWon), num(s.expectedValue)];
const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

