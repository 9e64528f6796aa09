#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LeadvalueError } from '../core/errors.js';
import { createProgress } from './progress.js';
import { demoCommand, generateDemoCommand, scoreCommand, trainCommand } from './commands.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const HELP: Record<string, string> = {
  main: `leadvalue — score B2B leads by expected long-term value

usage: leadvalue <command> [options]

commands:
  demo            the main job on the embedded demo data: train, export, score new leads
  train           train from an adapter config and export a versioned model file
  score           score a CSV of new leads with a model file
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
  --data-dir <dir>     resolve the config's data paths against this folder instead of the config's
  --report <file>      also write the labels, metrics and warnings as JSON
  --created-at <iso>   timestamp to record (default: now), for byte-identical rebuilds
  --resamples <n>      bootstrap resamples for metric intervals (default 200)
  --quiet              no progress output`,
  score: `usage: leadvalue score --model <file.json> --in <leads.csv[.gz]> --out <scored.csv> [options]

Writes every input column plus p_win, value_if_won, expected_value, score
(goal-weighted) and top_reasons. The input needs the source columns the model
reads (see the model file's features[].column). Streams; never leaves a
partial output.

options:
  --reasons <n>   reasons per lead (default 3)
  --quiet         no progress output`,
  demo: `usage: leadvalue demo [--created-at <iso>] [--quiet]

Trains on data/demo (configs/demo.json), writes models/demo/<version>.json,
scores data/demo/new-leads.csv into out/demo/scored-leads.csv, and writes
out/demo/report.json.`,
  'generate-demo': `usage: leadvalue generate-demo [--out <dir>]

Regenerates the synthetic demo history (default: data/demo), byte-identical.`,
};

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
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' }, quiet: { type: 'boolean', short: 'q' },
      config: { type: 'string' }, 'models-dir': { type: 'string' }, version: { type: 'string' }, 'data-dir': { type: 'string' },
      report: { type: 'string' }, 'created-at': { type: 'string' }, resamples: { type: 'string' },
      model: { type: 'string' }, in: { type: 'string' }, out: { type: 'string' }, reasons: { type: 'string' },
    },
  });
  if (values.help) { console.log(HELP[command]); return 0; }
  const progress = createProgress({ quiet: values.quiet });
  const log = (line: string) => console.log(line);
  const int = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new LeadvalueError(`--${name}`, 'not a whole number', JSON.stringify(v));
    return Number(v);
  };
  const need = (name: string, v: string | undefined): string => {
    if (!v) throw new LeadvalueError(`leadvalue ${command}`, `--${name} is required`, undefined, `see leadvalue ${command} --help`);
    return v;
  };
  switch (command) {
    case 'train':
      await trainCommand({
        config: need('config', values.config), modelsDir: values['models-dir'] ?? 'models', version: values.version,
        dataDir: values['data-dir'], report: values.report, createdAt: values['created-at'], resamples: int('resamples', values.resamples),
      }, progress, log);
      return 0;
    case 'score':
      await scoreCommand({ model: need('model', values.model), input: need('in', values.in), output: need('out', values.out), reasons: int('reasons', values.reasons) }, progress, log);
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
