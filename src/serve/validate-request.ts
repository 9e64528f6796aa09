import type { DateFormat } from '../core/dates.js';
import { LeadvalueError, shown } from '../core/errors.js';
import { validateGoalProfile } from '../scoring/goal-profile.js';
import type { GoalProfile, ModelFile } from '../scoring/model-types.js';
import { readDate } from '../scoring/read-date.js';
import { MAX_REASONS } from '../scoring/score-lead.js';
import { RequestError } from './request-error.js';

/** A `POST /score` request, checked against the model that will score it. */
export interface ScoreRequest {
  /** `{"lead": …}` (answered with `lead`) rather than `{"leads": […]}` (answered with `leads`). */
  single: boolean;
  leads: Record<string, unknown>[];
  /** A goal profile overriding the model file's, validated against the model. */
  goals?: GoalProfile;
  /** Reasons per lead. */
  reasons: number;
}

/** What the service allows; both set by `leadvalue serve` options. */
export interface RequestLimits {
  /** Most leads in one request (`--max-batch`). */
  maxBatch: number;
  /** Reasons per lead when the request does not say (`--reasons`). */
  reasons: number;
}

/** The fields a request body may have. */
const REQUEST_KEYS = ['lead', 'leads', 'goals', 'reasons'];
/** Most reasons a request may ask for: the scorer's bound (re-exported for the service's users). */
export { MAX_REASONS };

/**
 * Checks a `POST /score` body: its shape (400), the batch size (413), and each
 * lead's fields against the model's feature schema and a goals override
 * against the model (422), before anything is scored, so a batch is scored
 * whole or not at all. Every problem names the field path, e.g.
 * `leads[3].employees: expected a number or null (got "abc")`.
 * Fields the model does not read (notes) are allowed and ignored; absent
 * fields are missing values, as in the scorer. The lead id (echoed as
 * `leadId`) must be a text, a number up to 2^53 - 1, a boolean or null (400).
 * @param body - the parsed JSON body
 * @param model - the model the request will be scored with
 * @param limits - batch size and default reasons
 * @returns the leads, the override and the number of reasons
 * @throws RequestError on the first problem, naming its field
 * @example
 * validateScoreRequest({ leads: [{ employees: 'abc' }] }, model, { maxBatch: 100, reasons: 3 })
 * // throws: leads[0].employees: expected a number or null (got "abc"); send a plain decimal number, or null when unknown
 */
export function validateScoreRequest(body: unknown, model: ModelFile, limits: RequestLimits): ScoreRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new RequestError(400, null, 'request body', 'not a JSON object', shown(body), 'send {"lead": {…}} or {"leads": [{…}, …]}');
  }
  const doc = body as Record<string, unknown>;
  for (const k of Object.keys(doc)) {
    if (!REQUEST_KEYS.includes(k)) throw new RequestError(400, k, k, 'unknown field', undefined, `a request has ${REQUEST_KEYS.join(', ')}`);
  }
  if (doc.lead !== undefined && doc.leads !== undefined) throw new RequestError(400, 'lead', 'lead', 'give either lead or leads, not both');
  const reasons = doc.reasons === undefined ? limits.reasons : doc.reasons;
  if (typeof reasons !== 'number' || !Number.isInteger(reasons) || reasons < 0 || reasons > MAX_REASONS) {
    throw new RequestError(400, 'reasons', 'reasons', `not a whole number from 0 to ${MAX_REASONS}`, shown(doc.reasons), 'e.g. "reasons": 3');
  }
  let leads: unknown[];
  const single = doc.leads === undefined;
  if (single) {
    if (doc.lead === undefined) throw new RequestError(400, 'lead', 'lead', 'missing', undefined, 'send {"lead": {…}} or {"leads": [{…}, …]}');
    leads = [doc.lead];
  } else {
    if (!Array.isArray(doc.leads)) throw new RequestError(400, 'leads', 'leads', 'not a list', shown(doc.leads), 'send {"leads": [{…}, …]}');
    if (doc.leads.length > limits.maxBatch) {
      throw new RequestError(413, 'leads', 'leads', `more leads than the service scores in one request (${limits.maxBatch})`, String(doc.leads.length),
        'split the batch, or start the service with a larger --max-batch');
    }
    leads = doc.leads;
  }
  const goals = doc.goals === undefined ? undefined : checkGoals(doc.goals, model);
  const checks = columnChecks(model);
  const idColumn = model.input.leadId;
  leads.forEach((lead, i) => {
    const path = single ? 'lead' : `leads[${i}]`;
    if (lead === null || typeof lead !== 'object' || Array.isArray(lead)) {
      throw new RequestError(400, path, path, 'not a lead', shown(lead), 'send an object keyed by the model\'s input columns (GET /model lists them)');
    }
    checkLeadId((lead as Record<string, unknown>)[idColumn], `${path}${member(idColumn)}`);
    for (const check of checks) check.check((lead as Record<string, unknown>)[check.column], `${path}${member(check.column)}`);
  });
  return { single, leads: leads as Record<string, unknown>[], goals, reasons };
}

/**
 * A lead id is echoed as `leadId` in the answer, so it must come back as sent: a text, a
 * number or a boolean (null or absent: no id). An object or a list is refused, and so is a
 * number beyond 2^53 - 1, which JSON readers (this one included) round: 12345678901234567890
 * would come back as 12345678901234567000.
 */
function checkLeadId(raw: unknown, path: string): void {
  if (raw !== null && typeof raw === 'object') {
    throw new RequestError(400, path, path, 'not a lead id: expected a text or a number', shown(raw), 'send the id as text, e.g. "L-1"');
  }
  if (typeof raw === 'number' && Math.abs(raw) > Number.MAX_SAFE_INTEGER) {
    throw new RequestError(400, path, path, `a number beyond ${Number.MAX_SAFE_INTEGER}, which JSON rounds (the id would not come back as sent)`, shown(raw), 'send ids as strings, e.g. "12345678901234567890"');
  }
}

/** A goals override, checked by the scorer's own validator; its message names the field (`goals.weights.x`). */
function checkGoals(raw: unknown, model: ModelFile): GoalProfile {
  try {
    return validateGoalProfile(raw, 'request', model, 'goals.');
  } catch (e) {
    if (!(e instanceof LeadvalueError)) throw e;
    throw RequestError.from(e, 422, /, field (.+)$/.exec(e.where)?.[1] ?? 'goals');
  }
}

/** `.name`, or `["Date Created"]` when the column is not a plain identifier. */
export function member(column: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(column) ? `.${column}` : `[${JSON.stringify(column)}]`;
}

/** One input column and how the model reads it. */
interface ColumnCheck { column: string; check: (raw: unknown, path: string) => void }

const compiled = new WeakMap<ModelFile, ColumnCheck[]>();

/** The checks of each input column the model reads, built once per model (a reload brings a new model and new checks). */
function columnChecks(model: ModelFile): ColumnCheck[] {
  let checks = compiled.get(model);
  if (checks) return checks;
  checks = [];
  for (const spec of model.features) {
    if (spec.derive) {
      const format = (spec.dateFormat ?? 'iso') as DateFormat;
      checks.push({ column: spec.column, check: (raw, path) => checkDate(raw, path, format) });
    } else if (spec.kind === 'number') {
      checks.push({ column: spec.column, check: (raw, path) => checkNumber(raw, path, spec.transform === 'log1p') });
    } else {
      checks.push({ column: spec.column, check: checkCategory });
    }
  }
  compiled.set(model, checks);
  return checks;
}

/** What the scorer reads as a number (src/scoring/score-lead.ts, readNumber): a test keeps the two in step. */
const PLAIN_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function checkNumber(raw: unknown, path: string, log1p: boolean): void {
  let x: number;
  if (raw === null || raw === undefined || typeof raw === 'boolean') return;
  if (typeof raw === 'number') x = raw;
  else if (typeof raw === 'string' && (raw.trim() === '' || PLAIN_DECIMAL.test(raw.trim()))) {
    if (raw.trim() === '') return;
    x = Number(raw.trim());
  } else throw new RequestError(422, path, path, 'expected a number or null', shown(raw), 'send a plain decimal number, or null when unknown');
  if (!Number.isFinite(x)) throw new RequestError(422, path, path, 'not a finite number', shown(raw), 'send a finite number, or null when unknown');
  if (log1p && x <= -1) throw new RequestError(422, path, path, 'must be above -1 (the model takes log1p of it)', shown(raw), 'send a value above -1, or null when unknown');
}

/** A date as the scorer reads it, with the scorer's own message (`lead.created_at: not a date (got "x"); use ISO 8601 …`). */
function checkDate(raw: unknown, path: string, format: DateFormat): void {
  if (raw !== null && typeof raw === 'object') throw new RequestError(422, path, path, 'expected a date or null', shown(raw), 'send the date as text, e.g. "2026-04-02"');
  try {
    readDate(raw, format, path);
  } catch (e) {
    throw e instanceof LeadvalueError ? RequestError.from(e, 422, path) : e;
  }
}

function checkCategory(raw: unknown, path: string): void {
  if (raw === null || raw === undefined || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return;
  throw new RequestError(422, path, path, 'expected a text, a number or null', shown(raw), 'send the category as text, or null when unknown');
}
