import { createRng, type Rng } from '../core/rng.js';
import { DAY_MS, addDuration, formatDay, parseDate } from '../core/dates.js';
import { LeadvalueError, shown } from '../core/errors.js';
import {
  CHURN, CONTRACTS, DEAL_FIELDS, INDUSTRIES, JOB_LEVELS, LEAD_ATTRIBUTES, NO_PAY, OUTLIERS, PLANS, SOURCES,
  VALUE, WIN_DELAY, plantedPredictor, plantedValueIndex, plantedWinLogit, type DemoLeadAttributes,
} from './planted.js';

/** Options of {@link generateDemo}; every field has a default. */
export interface DemoOptions {
  /** Seed of the generator (32-bit integer). Default 7. */
  seed?: number;
  /** Number of leads. Default 4000. */
  leads?: number;
  /** First day leads are created (YYYY-MM-DD). Default `2024-01-01`. */
  start?: string;
  /** Last day leads are created (YYYY-MM-DD). Default `2025-12-31`. */
  end?: string;
  /** The day the export was taken (YYYY-MM-DD): nothing real happens after it. Default `2026-03-31`. */
  dataEnd?: string;
}

/** The three canonical tables of the demo history, as CSV texts (`\n` line ends, header first). */
export interface DemoTables {
  /** `lead_id,created_at,account_id,source,industry,employees,job_level,pages_viewed,demo_requested,free_email` */
  leads: string;
  /** `lead_id,won_at,account_id,plan,contract_months,seats`: won leads only. */
  outcomes: string;
  /** `account_id,at,amount`: monthly invoices, plus two far-future outlier rows. */
  revenue: string;
  /**
   * `new-leads.csv`: 300 leads created in the month after the data end (ids N00001…),
   * with the same columns as `leads`, and no outcomes: what a model scores in production.
   */
  newLeads: string;
}

/** The defaults of {@link DemoOptions}. */
export const DEMO_DEFAULTS: Readonly<Required<DemoOptions>> = Object.freeze({
  seed: 7,
  leads: 4000,
  start: '2024-01-01',
  end: '2025-12-31',
  dataEnd: '2026-03-31',
});

interface Lead extends DemoLeadAttributes {
  id: string;
  account: string;
  created: number;
}

interface Won {
  lead: Lead;
  wonAt: number;
  plan: keyof typeof PLANS;
  contract: 1 | 12 | 24;
  seats: number;
  monthly: number;
  /** Invoices issued (0 for an account that never pays), each at won_at + k months. */
  invoices: number;
}

/**
 * Generates a deterministic synthetic B2B lead history with planted leading
 * indicators (see `./planted.ts` and `data/demo/README.md`).
 *
 * Pure string building over a seeded generator: the same options give the
 * same bytes on every machine (numbers are written as integers or with two
 * fixed decimals).
 *
 * - leads: spread over `start..end` with a mild upward trend and fewer leads
 *   at weekends; one account per lead (account ids are shuffled, so they do
 *   not mirror lead ids).
 * - outcomes: won leads only; `won_at = created_at + lognormal delay`
 *   (10–120 days); wins that would land after `dataEnd` are not won yet and
 *   do not appear.
 * - revenue: a monthly invoice on `won_at`'s day of month from `won_at` on,
 *   until churn or `dataEnd`; about 35% of won accounts never pay; plus two
 *   rows dated 2030 (a mis-keyed year) to exercise robust data-end detection.
 *
 * @param options - seed, number of leads and the date range; see {@link DEMO_DEFAULTS}
 * @returns the CSV texts of `leads.csv`, `outcomes.csv` and `revenue.csv`
 * @throws LeadvalueError when an option is invalid (a bad date, `start > end`, `end > dataEnd`, a bad count or seed)
 * @example
 * const { leads, outcomes, revenue } = generateDemo({ seed: 7 });
 * leads.split('\n')[0]; // 'lead_id,created_at,account_id,source,industry,employees,job_level,pages_viewed,demo_requested,free_email'
 */
export function generateDemo(options: DemoOptions = {}): DemoTables {
  const o = { ...DEMO_DEFAULTS, ...dropUndefined(options) };
  if (!Number.isInteger(o.seed)) throw new LeadvalueError('generateDemo options.seed', 'not an integer', shown(o.seed), 'pass a whole number such as 7');
  if (!Number.isInteger(o.leads) || o.leads < 1 || o.leads > 99_999) {
    throw new LeadvalueError('generateDemo options.leads', 'not a whole number from 1 to 99999', shown(o.leads), 'pass e.g. 4000');
  }
  const start = day('start', o.start);
  const end = day('end', o.end);
  const dataEnd = day('dataEnd', o.dataEnd);
  if (start > end) throw new LeadvalueError('generateDemo options.end', 'before start', shown(o.end), `use a day on or after ${o.start}`);
  if (end > dataEnd) throw new LeadvalueError('generateDemo options.dataEnd', 'before end', shown(o.dataEnd), `use a day on or after ${o.end}`);

  const rng = createRng(o.seed);
  const leads = makeLeads(rng, o.leads, start, end);
  const won = makeWins(rng, leads, dataEnd);
  return {
    leads: leadsCsv(leads),
    outcomes: outcomesCsv(won),
    revenue: revenueCsv(won, dataEnd, rng.child('outliers')),
    newLeads: newLeadsCsv(rng.child('new-leads'), dataEnd),
  };
}

function dropUndefined(options: DemoOptions): DemoOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as DemoOptions;
}

function day(name: string, text: string): number {
  const t = parseDate(String(text), 'iso');
  if (Number.isNaN(t) || String(text).length !== 10) {
    throw new LeadvalueError(`generateDemo options.${name}`, 'not a date', shown(text), 'use YYYY-MM-DD');
  }
  return t;
}

function makeLeads(rng: Rng, n: number, start: number, end: number): Lead[] {
  const days = Math.round((end - start) / DAY_MS) + 1;
  const { trend, weekday } = LEAD_ATTRIBUTES.volume;
  const maxWeight = (1 + trend) * Math.max(...weekday);
  const dateRng = rng.child('created_at');
  const created: number[] = [];
  // Rejection sampling from the volume curve: exact and cheap for a few thousand days.
  while (created.length < n) {
    const d = dateRng.int(days);
    const t = start + d * DAY_MS;
    const weight = (1 + trend * (days > 1 ? d / (days - 1) : 0)) * weekday[new Date(t).getUTCDay()];
    if (dateRng.next() * maxWeight < weight) created.push(t);
  }
  created.sort((a, b) => a - b);

  const accounts = shuffledAccountIds(rng.child('account_id'), n);
  const attrRng = rng.child('attributes');
  const { employees, pagesViewed } = LEAD_ATTRIBUTES;
  return created.map((t, i) => {
    const source = pick(attrRng, SOURCES);
    const industry = pick(attrRng, INDUSTRIES);
    const size = Math.max(1, Math.round(Math.exp(Math.log(employees.median) + employees.sigma * attrRng.normal())));
    const employeeCount = attrRng.next() < employees.missingRate ? NaN : size;
    const jobLevel = pick(attrRng, JOB_LEVELS);
    const demo: 0 | 1 = attrRng.next() < LEAD_ATTRIBUTES.demoRequestedRate ? 1 : 0;
    const free: 0 | 1 = attrRng.next() < LEAD_ATTRIBUTES.freeEmailRate ? 1 : 0;
    const pages = poisson(attrRng, Math.exp(pagesViewed.logMean + pagesViewed.sigma * attrRng.normal() + pagesViewed.demoBoost * demo));
    return {
      id: 'L' + pad5(i + 1),
      account: accounts[i],
      created: t,
      source,
      industry,
      employees: employeeCount,
      job_level: jobLevel,
      pages_viewed: pages,
      demo_requested: demo,
      free_email: free,
    };
  });
}

function makeWins(rng: Rng, leads: Lead[], dataEnd: number): Won[] {
  const winRng = rng.child('win');
  const valueRng = rng.child('value');
  const won: Won[] = [];
  for (const lead of leads) {
    // Draw the same numbers for every lead, won or not, so one lead's fate
    // does not shift the random stream of the next.
    const wins = winRng.next() < sigmoid(plantedWinLogit(lead));
    const delay = Math.round(Math.min(WIN_DELAY.maxDays, Math.max(WIN_DELAY.minDays,
      Math.exp(Math.log(WIN_DELAY.medianDays) + WIN_DELAY.sigma * winRng.normal()))));
    const wonAt = lead.created + delay * DAY_MS;
    const draws = [valueRng.normal(), valueRng.normal(), valueRng.normal(), valueRng.next()];
    if (!wins || wonAt > dataEnd) continue;

    const u = plantedValueIndex(lead);
    const contractScore = u + DEAL_FIELDS.contractNoise * draws[0];
    const contract: 1 | 12 | 24 = contractScore > DEAL_FIELDS.contractThresholds[24] ? 24
      : contractScore > DEAL_FIELDS.contractThresholds[12] ? 12 : 1;
    const target = Math.exp(Math.log(VALUE.baseMonthly) + u + VALUE.noiseSigma * draws[1]);
    const planScore = Math.log(target) + DEAL_FIELDS.planNoise * draws[2];
    const plan: keyof typeof PLANS = planScore < Math.log(DEAL_FIELDS.planThresholds.growth) ? 'starter'
      : planScore < Math.log(DEAL_FIELDS.planThresholds.enterprise) ? 'growth' : 'enterprise';
    const seatPrice = PLANS[plan] * CONTRACTS[contract];
    const seats = Math.max(1, Math.round(target / seatPrice));
    // Cents as an integer, so the amount prints the same everywhere.
    const monthly = Math.round(seats * PLANS[plan] * CONTRACTS[contract] * 100) / 100;
    const neverPays = draws[3] < sigmoid(NO_PAY.intercept + NO_PAY.uCoef * u + plantedPredictor({ intercept: 0, effects: NO_PAY.effects }, lead));
    won.push({ lead, wonAt, plan, contract, seats, monthly, invoices: neverPays ? 0 : countInvoices(valueRng.child(lead.id), lead, u, contract, wonAt, dataEnd) });
  }
  return won;
}

function countInvoices(rng: Rng, lead: Lead, u: number, contract: number, wonAt: number, dataEnd: number): number {
  const hazard = sigmoid(CHURN.intercept + CHURN.uCoef * u + plantedPredictor({ intercept: 0, effects: CHURN.effects }, lead));
  let k = 0;
  while (invoiceDay(wonAt, k) <= dataEnd) {
    if (k >= contract && rng.next() < hazard) break;
    k++;
  }
  return k;
}

function invoiceDay(wonAt: number, k: number): number {
  return addDuration(wonAt, { amount: k, unit: 'months' });
}

function leadsCsv(leads: Lead[]): string {
  const lines = ['lead_id,created_at,account_id,source,industry,employees,job_level,pages_viewed,demo_requested,free_email'];
  for (const l of leads) {
    lines.push([l.id, formatDay(l.created), l.account, l.source, l.industry, Number.isNaN(l.employees) ? '' : String(l.employees),
      l.job_level, String(l.pages_viewed), String(l.demo_requested), String(l.free_email)].join(','));
  }
  return lines.join('\n') + '\n';
}

function outcomesCsv(won: Won[]): string {
  const rows = [...won].sort((a, b) => a.wonAt - b.wonAt || (a.lead.id < b.lead.id ? -1 : 1));
  const lines = ['lead_id,won_at,account_id,plan,contract_months,seats'];
  for (const w of rows) lines.push([w.lead.id, formatDay(w.wonAt), w.lead.account, w.plan, String(w.contract), String(w.seats)].join(','));
  return lines.join('\n') + '\n';
}

function revenueCsv(won: Won[], dataEnd: number, rng: Rng): string {
  const rows: { at: number; account: string; amount: string }[] = [];
  for (const w of won) {
    for (let k = 0; k < w.invoices; k++) rows.push({ at: invoiceDay(w.wonAt, k), account: w.lead.account, amount: w.monthly.toFixed(2) });
  }
  // A ledger export: by date, then account.
  rows.sort((a, b) => a.at - b.at || (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
  const lines = ['account_id,at,amount'];
  for (const r of rows) lines.push(`${r.account},${formatDay(r.at)},${r.amount}`);
  // Mis-keyed years: copies of real invoices with the year set to 2030.
  const real = rows.filter((r) => r.at <= dataEnd);
  const taken = new Set<number>();
  while (real.length > 0 && taken.size < Math.min(OUTLIERS.count, real.length)) taken.add(rng.int(real.length));
  const outliers = [...taken].map((i) => ({ ...real[i], day: OUTLIERS.year + formatDay(real[i].at).slice(4) }));
  outliers.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  for (const r of outliers) lines.push(`${r.account},${r.day},${r.amount}`);
  return lines.join('\n') + '\n';
}

function shuffledAccountIds(rng: Rng, n: number): string[] {
  const ids = Array.from({ length: n }, (_, i) => 'A' + pad5(i + 1));
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  return ids;
}

function pick<K extends string>(rng: Rng, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [k, w] of entries) {
    if (r < w) return k;
    r -= w;
  }
  return entries[entries.length - 1][0];
}

function poisson(rng: Rng, lambda: number): number {
  // Knuth's product method; fine for the small means drawn here (capped for safety).
  const limit = Math.exp(-Math.min(lambda, 200));
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function pad5(i: number): string {
  return String(i).padStart(5, '0');
}

/** Leads created in the 30 days after the data end, ids N00001…: the file the demo job scores. */
function newLeadsCsv(rng: Rng, dataEnd: number): string {
  const leads = makeLeads(rng, 300, dataEnd + DAY_MS, dataEnd + 30 * DAY_MS);
  return leadsCsv(leads).replace(/^L(\d{5}),/gm, 'N$1,');
}
