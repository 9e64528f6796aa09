import { editDistance } from '../core/nearest-name.js';
import { readJsonFile } from '../core/read-json-file.js';
import { dirname, resolve } from 'node:path';
import { LeadvalueError, shown } from '../core/errors.js';
import { DATE_FORMATS, type DateFormat, parseDate, parseDuration, type Duration } from '../core/dates.js';
import { parseModelPart, type ModelPartDecl } from '../models/model-part.js';
import type { CalibrationMethod } from '../scoring/calibration.js';

/** When a feature's value is known: at lead creation, or only once a deal closed. */
export type Stage = 'lead' | 'deal';

/** Date parts a feature can be derived from a date column. */
export type DatePart = 'month' | 'weekday' | 'quarter' | 'hour';

/** One feature as declared in an adapter config. */
export interface FeatureDecl {
  /** Feature name (the key in the config). */
  name: string;
  /** `category` (levels) or `number`. */
  kind: 'category' | 'number';
  /** When the value is known. */
  stage: Stage;
  /** Source column in the table (default: the feature name). */
  column: string;
  /** Monotone transform applied to numbers before scaling. */
  transform: 'none' | 'log1p';
  /** For date parts: which part of the `column` date to take. */
  derive?: DatePart;
}

/** One source table in an adapter config. */
export interface TableDecl {
  /** Absolute path of the file. */
  file: string;
  /** Canonical role → source column, e.g. `{ lead_id: 'mql_id' }`. */
  columns: Record<string, string>;
  /** Format of every date column in this table. */
  dateFormat: DateFormat;
  /** Field separator: `,` by default, or `whitespace`. */
  delimiter: string;
  /** Features this table contributes. */
  features: FeatureDecl[];
}

/** How the model is trained, as declared in an adapter config. */
export interface ModelDecl {
  /** Model name: the folder under `models/`. */
  name: string;
  /** Seed for every random step. */
  seed: number;
  /** The stage the model scores at; only features known by then may be used. */
  stage: Stage;
  /** Features to use (default: every feature of the model's stage). */
  features?: string[];
  /** Categorical levels seen fewer times than this in training are pooled into one `(other)` level. */
  minLevelCount: number;
  /** L2 penalties to choose from by an inner time split; one value fixes it. */
  l2: number[];
  /** Refit on all labelled history after evaluation (the exported model then uses the newest data). */
  refit: boolean;
  /** Model kind of P(win): `{ "kind": "glm" }` (default) or `{ "kind": "ebm", …settings }`. */
  win: ModelPartDecl;
  /** Model kind of E[value | won]: `{ "kind": "glm" }` (default) or `{ "kind": "ebm", "loss": "poisson" | "tweedie" | "log1p-squared", … }`. */
  value: ModelPartDecl;
  /** Calibration of P(win), fit on the newest 25% of the training leads: `none` (default), `platt` or `isotonic`. */
  calibration: CalibrationMethod;
  /** Data-sufficiency floors checked before training (default 40 each; 0 turns a check off): won leads and won leads with value above 0; leads not won. */
  minPositives: number;
  minNegatives: number;
}

/** A validated adapter config: how a source maps onto leadvalue's canonical tables. */
export interface AdapterConfig {
  name: string;
  description: string;
  /** Absolute path of the config file, or '' when built in code. */
  path: string;
  tables: { leads: TableDecl; outcomes: TableDecl; revenue: TableDecl };
  label: { horizon: Duration; dataEnd: 'auto' | number };
  split: { cutoff: number } | { quantile: number };
  model: ModelDecl;
  /** Where the lead frame is built: `typescript` (default, in memory) or `duckdb` (SQL over the files; revenue may exceed memory). */
  engine?: 'typescript' | 'duckdb';
}

const REQUIRED_COLUMNS = {
  leads: ['lead_id', 'created_at'],
  outcomes: ['lead_id', 'won_at'],
  revenue: ['at', 'amount'],
} as const;
const OPTIONAL_COLUMNS = { leads: ['account_id'], outcomes: ['account_id'], revenue: ['account_id', 'lead_id'] } as const;
const TABLES = ['leads', 'outcomes', 'revenue'] as const;

/**
 * Reads and validates an adapter config file (JSON). Paths of data files are
 * resolved against the config's `dataDir` (itself relative to the config
 * file's folder), or the config file's folder when it has none.
 * @param path - the config file
 * @param overrides - `dataDir`: the folder holding the data files, replacing the config's `dataDir`
 *   (relative to the working directory, as command-line paths are); `model`: settings that
 *   replace the file's `model` section key by key (e.g. `{ win: { kind: 'ebm' } }`), validated the same way
 * @returns the validated config
 * @throws LeadvalueError naming the field that is wrong
 * @example
 * const config = readAdapterConfig('configs/olist.json');
 */
export function readAdapterConfig(path: string, overrides: { dataDir?: string; model?: Record<string, unknown> } = {}): AdapterConfig {
  let raw = readJsonFile(path, 'config file');
  if (overrides.model) {
    // Settings of the model section replaced (e.g. another model kind to compare), validated like the file's own.
    const file = raw as Record<string, unknown>;
    raw = { ...file, model: { ...(file.model as Record<string, unknown> | undefined), ...overrides.model } };
  }
  return parseAdapterConfig(raw, { path: resolve(path), baseDir: overrides.dataDir === undefined ? dirname(resolve(path)) : resolve(overrides.dataDir), dataDirGiven: overrides.dataDir !== undefined });
}

/**
 * Validates an adapter config given as a plain object.
 * @param raw - the parsed JSON
 * @param where - the config's path (for messages) and its folder; with `dataDirGiven`, `baseDir` is the data folder itself
 *   (a `--data-dir`), which the config's own `dataDir` does not move
 */
export function parseAdapterConfig(raw: unknown, where: { path: string; baseDir: string; dataDirGiven?: boolean }): AdapterConfig {
  const at = (field: string) => `${where.path || 'config'}, field ${field}`;
  const obj = expectObject(raw, at('(top)'));
  checkKeys(obj, ['name', 'description', 'dataDir', 'tables', 'label', 'split', 'model', 'engine'], (k) => at(k));
  const name = modelName(obj.name, at('name'));
  const dataDir = obj.dataDir === undefined || where.dataDirGiven ? where.baseDir : resolve(where.baseDir, expectString(obj.dataDir, at('dataDir')));
  const tablesObj = expectObject(obj.tables, at('tables'));
  checkKeys(tablesObj, TABLES, (k) => at(`tables.${k}`));
  const tables = {} as AdapterConfig['tables'];
  for (const t of TABLES) tables[t] = parseTable(tablesObj[t], t, at, dataDir);

  const labelObj = obj.label === undefined ? {} : expectObject(obj.label, at('label'));
  checkKeys(labelObj, ['horizon', 'dataEnd'], (k) => at(`label.${k}`));
  const horizon = parseDuration(String(labelObj.horizon ?? '90d'), at('label.horizon'));
  let dataEnd: 'auto' | number = 'auto';
  if (labelObj.dataEnd !== undefined && labelObj.dataEnd !== 'auto') {
    dataEnd = parseDate(String(labelObj.dataEnd), 'iso');
    if (Number.isNaN(dataEnd)) throw new LeadvalueError(at('label.dataEnd'), 'not a date', shown(labelObj.dataEnd), 'use "auto" or YYYY-MM-DD');
  }

  const splitObj = obj.split === undefined ? {} : expectObject(obj.split, at('split'));
  checkKeys(splitObj, ['cutoff', 'quantile'], (k) => at(`split.${k}`));
  let split: AdapterConfig['split'];
  if (splitObj.cutoff !== undefined && splitObj.quantile !== undefined) {
    // Which one would the user expect to win? Neither is silently dropped.
    throw new LeadvalueError(at('split'), 'both cutoff and quantile given', shown(splitObj),
      'give one of cutoff (train on leads created before that day) or quantile (train on the oldest share of leads)');
  }
  if (splitObj.cutoff !== undefined) {
    const cutoff = parseDate(String(splitObj.cutoff), 'iso');
    if (Number.isNaN(cutoff)) throw new LeadvalueError(at('split.cutoff'), 'not a date', shown(splitObj.cutoff), 'use YYYY-MM-DD');
    split = { cutoff };
  } else {
    const q = splitObj.quantile ?? 0.7;
    if (typeof q !== 'number' || !(q > 0 && q < 1)) throw new LeadvalueError(at('split.quantile'), 'not a fraction between 0 and 1', shown(q), 'e.g. 0.7 trains on the oldest 70% of leads');
    split = { quantile: q };
  }

  const modelObj = obj.model === undefined ? {} : expectObject(obj.model, at('model'));
  checkKeys(modelObj, ['name', 'seed', 'stage', 'features', 'minLevelCount', 'l2', 'refit', 'win', 'value', 'calibration', 'minPositives', 'minNegatives'], (k) => at(`model.${k}`));
  const stage = (modelObj.stage ?? 'lead') as Stage;
  // Models score new leads, so they use what is known at lead creation. (A deal-stage value model, scoring
  // won deals from what sales recorded, is a different model: it has no win part.)
  if (stage !== 'lead') throw new LeadvalueError(at('model.stage'), 'models score new leads at the lead stage', shown(stage), 'use "lead" (or leave it out)');
  const seed = modelObj.seed ?? 42;
  if (!Number.isInteger(seed)) throw new LeadvalueError(at('model.seed'), 'not an integer', shown(seed));
  const l2 = modelObj.l2 === undefined ? [0.3, 1, 3, 10, 30, 100] : Array.isArray(modelObj.l2) ? modelObj.l2 : [modelObj.l2];
  for (const v of l2) if (typeof v !== 'number' || !(v >= 0)) throw new LeadvalueError(at('model.l2'), 'not a non-negative number', shown(v));
  const minLevelCount = (modelObj.minLevelCount ?? 10) as number;
  if (!Number.isInteger(minLevelCount) || minLevelCount < 1) throw new LeadvalueError(at('model.minLevelCount'), 'not a positive integer', shown(minLevelCount));
  let features: string[] | undefined;
  if (modelObj.features !== undefined) {
    if (!Array.isArray(modelObj.features) || modelObj.features.some((f) => typeof f !== 'string')) {
      throw new LeadvalueError(at('model.features'), 'not a list of feature names', shown(modelObj.features));
    }
    features = modelObj.features as string[];
    if (features.length === 0) {
      throw new LeadvalueError(at('model.features'), 'empty: a model without features gives every lead the same score', '[]',
        'list the features to use, or leave model.features out to use every lead-stage feature (the default)');
    }
  }
  const model: ModelDecl = {
    name: modelObj.name === undefined ? name : modelName(modelObj.name, at('model.name')),
    seed: seed as number, stage, features, minLevelCount: minLevelCount as number, l2: l2 as number[],
    refit: modelObj.refit === undefined ? true : expectBoolean(modelObj.refit, at('model.refit')),
    win: parseModelPart(modelObj.win, at('model.win'), 'win'),
    value: parseModelPart(modelObj.value, at('model.value'), 'value'),
    calibration: calibrationMethod(modelObj.calibration, at('model.calibration')),
    minPositives: floor(modelObj.minPositives, at('model.minPositives')),
    minNegatives: floor(modelObj.minNegatives, at('model.minNegatives')),
  };
  const config: AdapterConfig = {
    name, description: obj.description === undefined ? '' : expectString(obj.description, at('description')), path: where.path, tables,
    label: { horizon, dataEnd }, split, model,
  };
  if (obj.engine !== undefined) config.engine = frameEngine(obj.engine, at('engine'));
  checkFeatureNames(config, at);
  return config;
}

/** The lead-frame engine: `typescript` or `duckdb`, with a did-you-mean for near misses. */
function frameEngine(raw: unknown, where: string): 'typescript' | 'duckdb' {
  if (raw === 'typescript' || raw === 'duckdb') return raw;
  const near = typeof raw === 'string' && ['typescript', 'duckdb'].find((e) => editDistance(e, raw.toLowerCase()) <= 2);
  throw new LeadvalueError(where, 'unknown engine', shown(raw), near ? `did you mean "${near}"?` : 'use "typescript" (default, in memory) or "duckdb" (SQL over the files, for revenue larger than memory)');
}

function calibrationMethod(raw: unknown, where: string): CalibrationMethod {
  if (raw === undefined) return 'none';
  if (raw === 'none' || raw === 'platt' || raw === 'isotonic') return raw;
  throw new LeadvalueError(where, 'unknown calibration', shown(raw), 'use "none" (default), "platt" (logistic on the log-odds) or "isotonic"');
}

/** A data-sufficiency floor: a whole number ≥ 0, default 40. */
function floor(raw: unknown, where: string): number {
  if (raw === undefined) return 40;
  if (!Number.isInteger(raw) || (raw as number) < 0) throw new LeadvalueError(where, 'not a whole number ≥ 0', shown(raw), 'e.g. 40 (the default); 0 turns the check off');
  return raw as number;
}

function parseTable(raw: unknown, table: (typeof TABLES)[number], at: (f: string) => string, baseDir: string): TableDecl {
  const t = expectObject(raw, at(`tables.${table}`));
  checkKeys(t, ['file', 'columns', 'dateFormat', 'delimiter', 'features'], (k) => at(`tables.${table}.${k}`));
  const file = resolve(baseDir, expectString(t.file, at(`tables.${table}.file`)));
  const columnsObj = expectObject(t.columns ?? {}, at(`tables.${table}.columns`));
  const known = new Set<string>([...REQUIRED_COLUMNS[table], ...OPTIONAL_COLUMNS[table]]);
  const columns: Record<string, string> = {};
  for (const [role, col] of Object.entries(columnsObj)) {
    if (!known.has(role)) throw new LeadvalueError(at(`tables.${table}.columns.${role}`), 'unknown role', shown(role), `roles of ${table} are ${[...known].join(', ')}`);
    columns[role] = expectString(col, at(`tables.${table}.columns.${role}`));
  }
  for (const role of REQUIRED_COLUMNS[table]) {
    if (!columns[role]) throw new LeadvalueError(at(`tables.${table}.columns`), `the ${role} role is not mapped`, undefined, `add "${role}": "<source column>"`);
  }
  if (table === 'revenue' && !columns.account_id && !columns.lead_id) {
    throw new LeadvalueError(at('tables.revenue.columns'), 'revenue needs account_id or lead_id', undefined, 'map the column that says whose revenue it is');
  }
  const dateFormat = (t.dateFormat ?? 'iso') as DateFormat;
  if (!DATE_FORMATS.includes(dateFormat)) throw new LeadvalueError(at(`tables.${table}.dateFormat`), 'unknown date format', shown(dateFormat), `use one of ${DATE_FORMATS.join(', ')}`);
  const delimiter = t.delimiter === undefined ? ',' : expectString(t.delimiter, at(`tables.${table}.delimiter`));
  const featuresObj = t.features === undefined ? {} : expectObject(t.features, at(`tables.${table}.features`));
  const features = Object.entries(featuresObj).map(([name, decl]) => parseFeature(name, decl, table, at));
  if (table === 'revenue' && features.length > 0) throw new LeadvalueError(at('tables.revenue.features'), 'revenue rows carry no features', undefined, 'declare features on leads or outcomes');
  return { file, columns, dateFormat, delimiter, features };
}

function parseFeature(name: string, raw: unknown, table: string, at: (f: string) => string): FeatureDecl {
  const field = `tables.${table}.features.${name}`;
  const f = expectObject(raw, at(field));
  checkKeys(f, ['kind', 'stage', 'column', 'from', 'transform', 'derive'], (k) => at(`${field}.${k}`));
  const kind = f.kind;
  if (kind !== 'category' && kind !== 'number') throw new LeadvalueError(at(`${field}.kind`), 'unknown kind', shown(kind), 'use "category" or "number"');
  const stage = f.stage;
  if (stage !== 'lead' && stage !== 'deal') {
    throw new LeadvalueError(at(`${field}.stage`), 'every feature must say when it is known', shown(stage), 'use "lead" (known when the lead is created) or "deal" (recorded when a deal closed)');
  }
  if (table === 'outcomes' && stage === 'lead') {
    throw new LeadvalueError(at(`${field}.stage`), 'outcome fields are recorded when a deal closes, not when the lead is created', shown(stage), 'use "deal"');
  }
  const transform = f.transform ?? 'none';
  if (transform !== 'none' && transform !== 'log1p') throw new LeadvalueError(at(`${field}.transform`), 'unknown transform', shown(transform), 'use "none" or "log1p"');
  if (transform !== 'none' && kind !== 'number') throw new LeadvalueError(at(`${field}.transform`), 'only number features take a transform', shown(transform));
  const derive = f.derive as DatePart | undefined;
  if (derive !== undefined && !['month', 'weekday', 'quarter', 'hour'].includes(derive)) {
    throw new LeadvalueError(at(`${field}.derive`), 'unknown date part', shown(derive), 'use month, weekday, quarter or hour');
  }
  const column = f.from !== undefined ? expectString(f.from, at(`${field}.from`)) : f.column !== undefined ? expectString(f.column, at(`${field}.column`)) : name;
  return { name, kind, stage, column, transform, derive };
}

function checkFeatureNames(config: AdapterConfig, at: (f: string) => string): void {
  const seen = new Set<string>();
  const dealStage = new Map<string, string>();
  for (const t of TABLES) {
    for (const f of config.tables[t].features) {
      if (seen.has(f.name)) throw new LeadvalueError(at(`tables.${t}.features.${f.name}`), 'feature declared twice', shown(f.name), 'give each feature one name');
      seen.add(f.name);
      if (f.stage === 'deal') dealStage.set(f.name, `tables.${t}.features.${f.name}`);
    }
  }
  for (const name of config.model.features ?? []) {
    if (!seen.has(name)) throw new LeadvalueError(at('model.features'), 'unknown feature', shown(name), `declared features are ${[...seen].join(', ')}`);
    // Refused here, naming the config file, before any data is loaded (selectFeatures refuses it again for configs built in code).
    if (config.model.stage === 'lead' && dealStage.has(name)) {
      throw new LeadvalueError(at('model.features'),
        `feature ${name} is known only at the deal stage (recorded when a deal closed), so using it to score new leads is leakage: it would not exist when a new lead is scored, and it reveals the outcome`,
        `stage "deal" at ${dealStage.get(name)}`, `remove ${JSON.stringify(name)} from model.features`);
    }
  }
}

/**
 * Refuses keys a config object does not know: a misspelt key (`Features`,
 * `lable`, `tranform`) must not silently fall back to a default. Keys starting
 * with `$` are comments.
 */
function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], where: (key: string) => string): void {
  for (const key of Object.keys(obj)) {
    if (key.startsWith('$') || allowed.includes(key)) continue;
    const distance = (a: string) => (a.toLowerCase() === key.toLowerCase() ? 0 : editDistance(a, key));
    const near = [...allowed].sort((a, b) => distance(a) - distance(b)).find((a) => distance(a) <= 2);
    throw new LeadvalueError(where(key), 'unknown field', shown(key), near ? `did you mean "${near}"?` : `fields here are ${allowed.join(', ')} (or "$comment")`);
  }
}

/** A model name is a folder under models/: letters, digits, dot, dash, underscore; never a path. */
function modelName(v: unknown, where: string): string {
  const name = expectString(v, where);
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name) || name.includes('..')) {
    throw new LeadvalueError(where, 'not a usable model name (it names a folder under models/)', shown(name), 'use letters, digits, dot, dash or underscore, starting with a letter or digit');
  }
  return name;
}

function expectBoolean(v: unknown, where: string): boolean {
  if (typeof v !== 'boolean') throw new LeadvalueError(where, 'expected true or false', shown(v));
  return v;
}

function expectObject(v: unknown, where: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new LeadvalueError(where, 'expected an object', shown(v));
  return v as Record<string, unknown>;
}

function expectString(v: unknown, where: string): string {
  if (typeof v !== 'string' || v === '') throw new LeadvalueError(where, 'expected a non-empty string', shown(v));
  return v;
}
