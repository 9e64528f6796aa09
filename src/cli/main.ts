#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LeadvalueError } from '../core/errors.js';
import { nearestName } from '../core/nearest-name.js';
import { isStandardOutput } from '../core/output-target.js';
import { removeTempFiles } from '../core/temp-files.js';
import { createProgress } from './progress.js';
import { demoCommand, generateDemoCommand, scoreCommand, trainCommand } from './commands.js';
import { auditCommand, funnelCommand } from './audit-command.js';
import { goalsCommand } from './goals-command.js';
import { exportSqlCommand } from './export-sql-command.js';
import { frameCommand } from './frame-command.js';
import { serveCommand } from './serve-command.js';
import { compareCommand } from './compare-command.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const HELP: Record<string, string> = {
  main: `leadvalue — score B2B leads by expected long-term value

usage: leadvalue <command> [options]

commands:
  demo            the main job on the embedded demo data: train, export, score new leads
  train           train from an adapter config and export a versioned model file
  compare         train several model kinds on the same time split and compare them side by side
  score           score a CSV of new leads with a model file
  goals           which leads to work under a goal profile and capacity; compare two profiles (what-if)
  audit           audit today's qualification rules against outcomes, and review the funnel
  funnel          the funnel / customer-journey review: lead → won → active → valuable
  export-sql      the model as one SQL query for a warehouse (duckdb, postgres, bigquery, snowflake, spark)
  frame           build the lead frame in DuckDB (files larger than memory) to Parquet/CSV, or print its SQL
  serve           an HTTP scoring service (POST /score, GET /health, GET /model) with hot reload
  generate-demo   regenerate the demo data in data/demo (byte-identical)

leadvalue <command> --help shows a command's options.`,
  train: `usage: leadvalue train --config <file.json> [options]

Loads the tables the adapter config declares, joins them point in time, labels
long-term value (revenue in the horizon after winning; censored when the
horizon is not complete), trains P(win) and E[value | won] on older leads,
evaluates on newer ones, and writes models/<name>/<version>.json.

options:
  --config <file>      adapter config (see configs/olist.json, configs/demo.json)
  --models-dir <dir>   where model files go (default: models)
  --version <x.y.z>    version to write (default: bump the latest minor; unchanged models are not rewritten)
  --data-dir <dir>     the folder holding the config's data files (replaces the config's dataDir)
  --report <file>      also write the labels, metrics and warnings as JSON
  --created-at <iso>   timestamp to record (default: now), for byte-identical rebuilds
  --resamples <n>      bootstrap resamples for metric intervals (default 200)
  --goals <file>       goal profile to store in the model file (JSON or YAML, see configs/goals/; default: rank by expected value)
  --quiet              no progress output (the results still print on standard output)`,
  compare: `usage: leadvalue compare --config <file.json> [options]

Loads and joins the data once, then trains each candidate pair of model kinds
(win part / value part) on the same time split with the same seed, as train
would, and prints their held-out metrics side by side: AUC and PR-AUC of
winning, normalized Gini and top-20% value share of the expected-value
ranking, decile MAPE of value if won, fit seconds, and what each part became.
Writes no model file.

options:
  --config <file>      adapter config
  --kinds <list>       comma-separated win/value kinds: glm, ebm, ziln (value only), e.g. glm/glm,ebm/ebm,ebm/ziln
                       (default: ${'glm/glm,ebm/ebm,glm/ziln'}); a kind the config declares keeps the config's settings
  --data-dir <dir>     the folder holding the config's data files (replaces the config's dataDir)
  --resamples <n>      bootstrap resamples for the intervals (default 200)
  --markdown           print the table as a GitHub pipe table
  --report <file>      also write every candidate's metrics as JSON
  --quiet              no progress output (the results still print on standard output)`,
  score: `usage: leadvalue score --model <file.json> --in <leads.csv[.gz]> --out <scored.csv[.gz]> [options]

Writes every input column plus p_win, value_if_won, expected_value, score
(goal-weighted: 1 = an average training lead), goal_profile (the profile's
name) and top_reasons, comma-separated; gzip-compressed when --out ends in .gz.
--out - writes the CSV to standard output (every message then goes to standard
error); a symlink is written through, a FIFO or device in place.
The input needs the source columns the model reads (see the model file's
features[].column) and is read with the delimiter of the leads the model was
trained on (input.delimiter). Streams; never leaves a partial output.

options:
  --delimiter <char>  the input's delimiter, e.g. ";" or "|"; "\\t" or tab for a tab; whitespace (default: the model's)
  --goals <file>      goal profile overriding the model file's (JSON or YAML, see configs/goals/); re-ranks without retraining
  --reasons <n>       reasons per lead (default 3)
  --quiet             no progress output (the results still print on standard output)`,
  goals: `usage: leadvalue goals --model <file.json> (--in <leads.csv> | --config <config.json>) [options]

Scores the leads under a goal profile (no retraining), chooses the leads to
work under the capacity (K per week or month: the score threshold that works K
per period on average; K in one batch: exactly K; ties go to older leads, then
by lead id), applies the profile's minimums, and reports the expected wins and
value (and, with --config, the realised ones) against working as many leads at
random and against today's rule. With --against, compares two profiles: the
overlap of the worked sets and which leads move in and out, and why.

options:
  --model <file>       model file
  --in <file>          leads to score, CSV or CSV.gz with the model's source columns, in its delimiter (default: the config's leads table)
  --goals <file>       profile A (default: the model file's)
  --against <file>     profile B to compare with A
  --capacity <K/per>   e.g. 10/week, 40/month, or 50 for exactly 50 of these leads (default: each profile's own)
  --config <file>      adapter config of the history: realised wins and value, matched by lead id
  --data-dir <dir>     the folder holding the config's data files (replaces the config's dataDir)
  --from <date>        keep leads created on or after this day (e.g. the model's split cut-off)
  --to <date>          keep leads created before this day
  --rule <column>      a 1/0 column of the leads file: today's rule selection, to compare with
  --rules <file>       or today's rule set (see configs/rules/), applied to the --config history
  --moves <n>          leads listed moving in and out (default 10)
  --out <file>         write per-lead model outputs (p_win, value_if_won, expected_value), scores, ranks, worked flags and segments (CSV; with --against, both profiles' and why a lead moved)
  --quiet              no progress output (the results still print on standard output)`,
  audit: `usage: leadvalue audit --rules <rules.json> --config <config.json> [options]

Audits today's qualification rules (a points or boolean rule set, see
configs/rules/) against what leads later brought: qualified vs the rest (win
rate, value per lead, share of value), qualified-but-worthless leads, missed
value, per-rule lifts with bootstrap intervals, whether each rule's points
agree with what a model learned, and staleness (age of the criteria, rules
that never fire, fire on almost all leads, or stopped firing). Then the
funnel lead → qualified → won → active → valuable, overall, by a segment and
by cohort month.

options:
  --rules <file>       the rule set (JSON; format in README, "Auditing today's qualification rules")
  --config <file>      adapter config of the history (see configs/olist.json, configs/demo.json)
  --by <feature>       segment the funnel by a category feature, or "month" (a deal-stage field starts at won)
  --top <n>            keep the n largest segments, pool the rest (default 12; by month: every month, in date order)
  --model <file>       compare the rules with this model file (default: fit the config's model on all leads)
  --data-dir <dir>     the folder holding the config's data files (replaces the config's dataDir)
  --report <file>      also write the audit and funnel as JSON
  --resamples <n>      bootstrap resamples (default 200)
  --markdown           print tables as Markdown
  --quiet              no progress output (the results still print on standard output)`,
  funnel: `usage: leadvalue funnel --config <config.json> [options]

The funnel / customer-journey review: lead → [qualified] → won → active (any
revenue after the win) → valuable (value in the horizon; censored leads left
out), with counts, Wilson 95% intervals, drop-out and days between stages,
overall, by a segment and by cohort month.

options:
  --config <file>      adapter config
  --by <feature>       segment by a category feature, or "month" (a deal-stage field starts at won)
  --rules <file>       add the qualified stage from a rule set
  --top <n>            keep the n largest segments, pool the rest (default 12; by month: every month, in date order)
  --data-dir <dir>     the folder holding the config's data files (replaces the config's dataDir)
  --report <file>      also write the review as JSON
  --markdown           print tables as Markdown
  --quiet              no progress output (the results still print on standard output)`,
  frame: `usage: leadvalue frame --config <config.json> (--out <frame.parquet|.csv|.csv.gz> | --sql) [options]

Builds the lead frame (one row per lead: created_at, won_at, won, value in the
horizon, censored, first_revenue_at and every declared feature) in DuckDB, SQL
over the config's CSV/CSV.gz files, so revenue larger than memory spills to
disk; the same frame training builds with "engine": "duckdb" in the config.
--sql prints the SQL instead (DuckDB dialect; see the README to run it on
Spark, BigQuery or Snowflake).

options:
  --config <file>         adapter config
  --out <file>            where the frame goes: .parquet, .csv or .csv.gz (written to a temp file, then renamed)
  --sql                   print the SQL, run nothing
  --engine duckdb         the engine (only duckdb writes frames)
  --memory-limit <size>   DuckDB memory_limit, e.g. 500MB or 4GB (default: 80% of RAM); beyond it joins spill
  --temp-dir <dir>        where DuckDB spills (default: the OS temp folder)
  --threads <n>           DuckDB threads (default: one per core)
  --data-dir <dir>        the folder holding the config's data files (replaces the config's dataDir)
  --quiet                 no progress output (the results still print on standard output)`,
  demo: `usage: leadvalue demo [--created-at <iso>] [--resamples <n>] [--quiet]

Trains on data/demo (configs/demo.json), writes models/demo/<version>.json,
scores data/demo/new-leads.csv into out/demo/scored-leads.csv, and writes
out/demo/report.json.`,
  serve: `usage: leadvalue serve --model <file.json | models/<name>/> [options]

An HTTP scoring service on node:http with the production scorer:
  POST /score   {"lead": {…}} or {"leads": [{…}, …]}, optional "goals" (a goal
                profile override) and "reasons" (n); answers pWin, valueIfWon,
                expectedValue, score, reasons, unseen, missing, extreme per lead
                (a batch also counts unseen, missing, extreme values per feature)
                and the model name and version that scored them
  GET /health   status ("ok", or "degraded" with the reason when the model file
                served is gone or refused: still 200, it still scores), model,
                uptime, requests served
  GET /model    the model's metadata: input columns, features, goals, metrics
Refusals are JSON {"error": {"status", "message", "field"}} (400, 404, 405, 408,
413, 415, 422). Given a folder, serves its highest version of one model; a new
file (or a changed one) is verified before it replaces the model; one that does
not verify, holds another model, or another version than its file name says is
logged and ignored. SIGHUP reloads; SIGINT/SIGTERM answer the requests in
flight (with Connection: close), then exit 0; requests still unanswered after
--shutdown-timeout are cut, counted in the last line, and the exit code is 1.

options:
  --model <path>           a model file, or a models/<name>/ folder to serve the highest version of
  --port <n>               port (default 8080; 0: any free port, printed at startup)
  --host <addr>            address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --max-body <size>        largest request body, e.g. 512kb, 1mb (1 kb = 1024 bytes; default 1 kb per
                           lead of --max-batch, at least 1mb: 10240000 bytes for 10000 leads)
  --max-batch <n>          most leads per request (default 10000)
  --reasons <n>            reasons per lead when a request does not say (default 3)
  --request-timeout <s>    seconds a request has to send its headers, then its body, before a 408 (default 30)
  --shutdown-timeout <s>   seconds SIGINT/SIGTERM waits for the requests in flight before cutting them (default 10)`,
  'export-sql': `usage: leadvalue export-sql --model <file.json> --dialect <name> [options]

Writes one SQL query that scores a leads table as \`leadvalue score\` scores a
CSV: p_win, value_if_won, expected_value, score (the model file's goal profile,
segments included), goal_profile, the top reasons as reason_<i>_feature,
reason_<i>_part, reason_<i>_contribution (and reason_<i>_head for a linear ZILN
value part), and invalid_field (the source field a lead could not be read from;
its outputs are then NULL). GLM, EBM (with pairs) and linear ZILN parts, Platt
or isotonic calibration; a ZILN MLP is refused.

options:
  --model <file>      model file
  --dialect <name>    duckdb, postgres, bigquery, snowflake or spark
  --table <name>      the leads table, with the model's source columns and lead id (default: leads; a.b is quoted per part)
  --view <name>       write CREATE OR REPLACE VIEW <name> AS … instead of the bare query
  --reasons <n>       reasons per lead (default 3; 0 for none)
  --out <file>        write the SQL here, atomically (default, or -: standard output)`,
  'generate-demo': `usage: leadvalue generate-demo [--out <dir>]

Regenerates the synthetic demo history (default: data/demo), byte-identical.`,
};

/** Every option of every command; which command takes which is read from its help (see commandOptions). */
const OPTIONS = {
  help: { type: 'boolean', short: 'h' }, quiet: { type: 'boolean', short: 'q' },
  config: { type: 'string' }, 'models-dir': { type: 'string' }, version: { type: 'string' }, 'data-dir': { type: 'string' },
  report: { type: 'string' }, 'created-at': { type: 'string' }, resamples: { type: 'string' },
  model: { type: 'string' }, in: { type: 'string' }, out: { type: 'string' }, reasons: { type: 'string' },
  rules: { type: 'string' }, by: { type: 'string' }, top: { type: 'string' }, markdown: { type: 'boolean' },
  goals: { type: 'string' }, against: { type: 'string' }, capacity: { type: 'string' }, rule: { type: 'string' },
  from: { type: 'string' }, to: { type: 'string' }, moves: { type: 'string' }, delimiter: { type: 'string' },
  dialect: { type: 'string' }, table: { type: 'string' }, view: { type: 'string' },
  engine: { type: 'string' }, sql: { type: 'boolean' }, 'memory-limit': { type: 'string' }, 'temp-dir': { type: 'string' }, threads: { type: 'string' },
  kinds: { type: 'string' },
  port: { type: 'string' }, host: { type: 'string' }, 'max-body': { type: 'string' }, 'max-batch': { type: 'string' },
  'request-timeout': { type: 'string' }, 'shutdown-timeout': { type: 'string' },
} as const;

/** The options a command takes: those its help names (`--config`, …), and --help. */
function commandOptions(command: string): string[] {
  return [...new Set(['help', ...[...HELP[command].matchAll(/--([a-z][a-z-]*[a-z])/g)].map((m) => m[1])])];
}

/**
 * Refuses an option the command does not take, before anything runs: a typo
 * (`--conifg`) with the nearest option of that command, and another command's
 * option (`train --in`), which would otherwise be read and ignored.
 * @throws LeadvalueError naming the option and the command
 */
function checkOptionNames(command: string, args: string[]): void {
  const known = commandOptions(command);
  const { tokens } = parseArgs({ args, strict: false, allowPositionals: true, tokens: true, options: OPTIONS });
  for (const t of tokens) {
    if (t.kind !== 'option' || known.includes(t.name)) continue;
    const near = nearestName(t.name, known);
    const other = t.name in OPTIONS && t.rawName.startsWith('--') ? ` (it is an option of ${Object.keys(HELP).filter((c) => c !== 'main' && commandOptions(c).includes(t.name)).join(', ')})` : '';
    throw new LeadvalueError(t.rawName, `not an option of leadvalue ${command}${other}`, undefined,
      `${near ? `did you mean --${near.name}? ` : ''}see leadvalue ${command} --help`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP.main);
    return command ? 0 : 1;
  }
  if (!(command in HELP) || command === 'main') {
    console.error(`leadvalue: unknown command ${JSON.stringify(command)}\n\n${HELP.main}`);
    return 2;
  }
  const args = negativeValuesJoined(rest);
  checkOptionNames(command, args);
  const { values } = parseArgs({ args, strict: true, options: OPTIONS });
  if (values.help) { console.log(HELP[command]); return 0; }
  const progress = createProgress({ quiet: values.quiet });
  // With --out - (or /dev/stdout) standard output holds the output alone (the scores, the SQL): every other line goes to standard error.
  const log = values.out !== undefined && isStandardOutput(values.out) ? (line: string) => console.error(line) : (line: string) => console.log(line);
  const int = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new LeadvalueError(`--${name}`, 'not a whole number', JSON.stringify(v));
    return Number(v);
  };
  const need = (name: string, v: string | undefined): string => {
    // No "leadvalue score" in front: every message is printed after "leadvalue: " already.
    if (!v) throw new LeadvalueError('', `--${name} is required`, undefined, `see leadvalue ${command} --help`);
    return v;
  };
  switch (command) {
    case 'train':
      await trainCommand({
        config: need('config', values.config), modelsDir: values['models-dir'] ?? 'models', version: values.version,
        dataDir: values['data-dir'], report: values.report, createdAt: values['created-at'], resamples: int('resamples', values.resamples),
        goals: values.goals,
      }, progress, log);
      return 0;
    case 'compare':
      await compareCommand({
        config: need('config', values.config), kinds: values.kinds, dataDir: values['data-dir'],
        resamples: int('resamples', values.resamples), markdown: values.markdown, report: values.report,
      }, progress, log);
      return 0;
    case 'score':
      await scoreCommand({ model: need('model', values.model), input: need('in', values.in), output: need('out', values.out), reasons: int('reasons', values.reasons), goals: values.goals, delimiter: values.delimiter }, progress, log);
      return 0;
    case 'goals':
      await goalsCommand({
        model: need('model', values.model), input: values.in, goals: values.goals, against: values.against, capacity: values.capacity,
        config: values.config, dataDir: values['data-dir'], rule: values.rule, rules: values.rules, from: values.from, to: values.to, out: values.out, moves: int('moves', values.moves),
      }, progress, log);
      return 0;
    case 'audit':
    case 'funnel': {
      const o = {
        config: need('config', values.config), rules: command === 'audit' ? need('rules', values.rules) : values.rules, by: values.by,
        top: int('top', values.top), model: values.model, dataDir: values['data-dir'], report: values.report,
        resamples: int('resamples', values.resamples), markdown: values.markdown,
      };
      if (command === 'audit') await auditCommand(o, progress, log); else await funnelCommand(o, progress, log);
      return 0;
    }
    case 'serve':
      return serveCommand({
        model: need('model', values.model), port: values.port, host: values.host, maxBody: values['max-body'],
        maxBatch: int('max-batch', values['max-batch']), reasons: int('reasons', values.reasons), requestTimeout: values['request-timeout'],
        shutdownTimeout: values['shutdown-timeout'],
      }, log);
    case 'frame':
      await frameCommand({
        config: need('config', values.config), dataDir: values['data-dir'], engine: values.engine, out: values.out, sql: values.sql,
        memoryLimit: values['memory-limit'], tempDir: values['temp-dir'], threads: int('threads', values.threads),
      }, progress, log);
      return 0;
    case 'export-sql':
      exportSqlCommand({
        model: need('model', values.model), dialect: need('dialect', values.dialect), table: values.table, view: values.view,
        reasons: int('reasons', values.reasons), out: values.out,
      }, log, (text) => process.stdout.write(text));
      return 0;
    case 'demo':
      await demoCommand(ROOT, { createdAt: values['created-at'], resamples: int('resamples', values.resamples) }, progress, log);
      return 0;
    case 'generate-demo':
      generateDemoCommand(values.out ?? resolve(ROOT, 'data/demo'), log);
      return 0;
  }
  return 2;
}

/**
 * `--max-body -1` as `--max-body=-1`: parseArgs takes a value that starts with a
 * dash for another option and refuses with its own text ("argument is
 * ambiguous…"); joined, the value reaches the command's own check, whose
 * message names the option (`--max-body: not a size (got "-1")`). Only a
 * negative number is joined: no option of leadvalue looks like one.
 */
function negativeValuesJoined(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') { out.push(...args.slice(i)); break; }
    if (/^--[^=]+$/.test(args[i]) && /^-\.?\d/.test(args[i + 1] ?? '')) out.push(`${args[i]}=${args[++i]}`);
    else out.push(args[i]);
  }
  return out;
}

// An interrupted run leaves no temporary file behind (outputs are written to a temp file, then renamed).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    removeTempFiles();
    process.stderr.write(`\nleadvalue: interrupted (${signal}); no partial output was left\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

// A reader that went away (`leadvalue … | head`) ends the run quietly, as a process killed by SIGPIPE would
// (exit code 141): the output it wanted has been written; temporary files are removed, none is renamed.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  removeTempFiles();
  process.exit(141);
});

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    if (error instanceof LeadvalueError || (error as { code?: string }).code?.startsWith?.('ERR_PARSE_ARGS')) {
      console.error(`leadvalue: ${(error as Error).message}`);
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
