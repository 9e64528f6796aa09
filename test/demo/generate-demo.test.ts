import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  generateDemo, writeDemo, DEMO_FILES, WIN, VALUE, NO_PAY, CHURN, OUTLIERS, SOURCES, INDUSTRIES,
  plantedWinLogit, plantedValueIndex, plantedCoefficients, PLANTED, type DemoTables,
} from '../../src/demo/index.js';
import { auc, captured, dot, fitLogistic, fitRidge } from './fit-helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DAY = 86_400_000;
const DATA_END = Date.parse('2026-03-31T00:00:00Z');

type Row = Record<string, string>;

/** A plain CSV reader for the demo files (no quoting needed: no field holds a comma). */
function parse(text: string): Row[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const keys = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    expect(cells.length).toBe(keys.length);
    return Object.fromEntries(keys.map((k, i) => [k, cells[i]]));
  });
}

const day = (s: string) => Date.parse(s + 'T00:00:00Z');
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

interface Lead extends Row {}
interface Joined {
  lead: Lead;
  created: number;
  won: boolean;
  wonAt: number;
  plan: string;
  /** Revenue in [won_at, won_at + 90d) and + 180d; 0 when not won. */
  v90: number;
  v180: number;
}

function join3(tables: DemoTables) {
  const leads = parse(tables.leads);
  const outcomes = parse(tables.outcomes);
  const revenue = parse(tables.revenue);
  const wonBy = new Map(outcomes.map((o) => [o.lead_id, o]));
  const byAccount = new Map<string, Row[]>();
  for (const r of revenue) {
    const list = byAccount.get(r.account_id) ?? [];
    list.push(r);
    byAccount.set(r.account_id, list);
  }
  const sum = (account: string, from: number, days: number) =>
    (byAccount.get(account) ?? []).filter((r) => day(r.at) >= from && day(r.at) < from + days * DAY).reduce((s, r) => s + Number(r.amount), 0);
  const joined: Joined[] = leads.map((lead) => {
    const o = wonBy.get(lead.lead_id);
    const wonAt = o ? day(o.won_at) : NaN;
    return {
      lead, created: day(lead.created_at), won: !!o, wonAt, plan: o?.plan ?? '',
      v90: o ? sum(lead.account_id, wonAt, 90) : 0,
      v180: o ? sum(lead.account_id, wonAt, 180) : 0,
    };
  });
  return { leads, outcomes, revenue, joined, byAccount };
}

const committed: DemoTables = {
  leads: readFileSync(join(ROOT, 'data/demo/leads.csv'), 'utf8'),
  outcomes: readFileSync(join(ROOT, 'data/demo/outcomes.csv'), 'utf8'),
  revenue: readFileSync(join(ROOT, 'data/demo/revenue.csv'), 'utf8'),
  newLeads: readFileSync(join(ROOT, 'data/demo/new-leads.csv'), 'utf8'),
};
const demo = generateDemo();
const data = join3(demo);
// Leads old enough that a win (at most 120 days later) would be visible by the data end.
const settled = data.joined.filter((j) => j.created + 120 * DAY <= DATA_END);
const winRate = (f: (j: Joined) => boolean) => mean(settled.filter(f).map((j) => (j.won ? 1 : 0)));
// Won accounts whose first 90 / 180 days are complete.
const won90 = data.joined.filter((j) => j.won && j.wonAt + 90 * DAY <= DATA_END);
const won180 = data.joined.filter((j) => j.won && j.wonAt + 180 * DAY <= DATA_END);

describe('generateDemo: determinism', () => {
  it('gives identical bytes for the same seed', () => {
    const a = generateDemo({ seed: 11, leads: 500 });
    const b = generateDemo({ seed: 11, leads: 500 });
    expect(a).toEqual(b);
    expect(generateDemo()).toEqual(demo);
  });

  it('gives different data for a different seed', () => {
    const a = generateDemo({ seed: 11, leads: 500 });
    const b = generateDemo({ seed: 12, leads: 500 });
    expect(a.leads).not.toBe(b.leads);
    expect(a.outcomes).not.toBe(b.outcomes);
    expect(a.revenue).not.toBe(b.revenue);
  });

  it('matches the committed files in data/demo (regenerate with `npm run demo:data` after changing src/demo)', () => {
    // Compare hashes-worth of text, but report which file drifted.
    for (const name of ['leads', 'outcomes', 'revenue', 'newLeads'] as const) {
      expect(committed[name] === demo[name], `data/demo/${name} is stale: run npm run demo:data`).toBe(true);
    }
  });

  it('keeps the committed files small', () => {
    const bytes = Object.values(committed).reduce((s, t) => s + Buffer.byteLength(t), 0);
    expect(bytes).toBeLessThan(600_000);
  });
});

describe('generateDemo: shape of the tables', () => {
  it('writes the canonical headers, ids, dates and fixed decimals', () => {
    expect(demo.leads.split('\n')[0]).toBe('lead_id,created_at,account_id,source,industry,employees,job_level,pages_viewed,demo_requested,free_email');
    expect(demo.outcomes.split('\n')[0]).toBe('lead_id,won_at,account_id,plan,contract_months,seats');
    expect(demo.revenue.split('\n')[0]).toBe('account_id,at,amount');
    for (const t of Object.values(demo)) expect(t.endsWith('\n') && !t.endsWith('\n\n') && !t.includes('\r')).toBe(true);
    expect(data.leads).toHaveLength(4000);
    expect(data.leads[0].lead_id).toBe('L00001');
    expect(data.leads[3999].lead_id).toBe('L04000');
    expect(new Set(data.leads.map((l) => l.account_id)).size).toBe(4000);
    for (const l of data.leads) {
      expect(l.created_at).toMatch(/^202[45]-\d\d-\d\d$/);
      expect(l.account_id).toMatch(/^A\d{5}$/);
      expect(Object.keys(SOURCES)).toContain(l.source);
      expect(Object.keys(INDUSTRIES)).toContain(l.industry);
      expect(l.employees).toMatch(/^(|[1-9]\d*)$/);
      expect(l.job_level).toMatch(/^(|c_level|vp|director|manager|individual_contributor)$/);
      expect(l.pages_viewed).toMatch(/^\d+$/);
      expect(l.demo_requested).toMatch(/^[01]$/);
      expect(l.free_email).toMatch(/^[01]$/);
    }
    for (const o of data.outcomes) {
      expect(o.plan).toMatch(/^(starter|growth|enterprise)$/);
      expect(o.contract_months).toMatch(/^(1|12|24)$/);
      expect(Number(o.seats)).toBeGreaterThanOrEqual(1);
    }
    for (const r of data.revenue) expect(r.amount).toMatch(/^\d+\.\d\d$/);
  });

  it('sorts leads by created_at and spreads them with a mild upward trend and fewer leads at weekends', () => {
    const created = data.joined.map((j) => j.created);
    expect(created.every((t, i) => i === 0 || t >= created[i - 1])).toBe(true);
    expect(data.leads[0].created_at >= '2024-01-01' && data.leads[3999].created_at <= '2025-12-31').toBe(true);
    const in2024 = data.leads.filter((l) => l.created_at < '2025').length;
    // Weight (1 + 0.6 t): about 1.3 / 1.9 of the volume in the second year → ~2250 of 4000.
    expect(4000 - in2024).toBeGreaterThan(in2024 * 1.15);
    expect(4000 - in2024).toBeLessThan(in2024 * 1.6);
    const weekend = created.filter((t) => [0, 6].includes(new Date(t).getUTCDay())).length / 4000;
    expect(weekend).toBeGreaterThan(0.05);
    expect(weekend).toBeLessThan(0.2); // 2/7 = 0.29 with no weekday effect
  });

  it('leaves about 5% of employees and some job levels empty', () => {
    const emptyEmployees = mean(data.leads.map((l) => (l.employees === '' ? 1 : 0)));
    expect(emptyEmployees).toBeGreaterThan(0.03);
    expect(emptyEmployees).toBeLessThan(0.07);
    expect(mean(data.leads.map((l) => (l.job_level === '' ? 1 : 0)))).toBeGreaterThan(0.04);
  });

  it('wins 10–120 days after creation, never after the data end, with matching account ids', () => {
    const leadBy = new Map(data.leads.map((l) => [l.lead_id, l]));
    for (const o of data.outcomes) {
      const lead = leadBy.get(o.lead_id)!;
      expect(lead).toBeDefined();
      expect(o.account_id).toBe(lead.account_id);
      const delay = (day(o.won_at) - day(lead.created_at)) / DAY;
      expect(delay).toBeGreaterThanOrEqual(10);
      expect(delay).toBeLessThanOrEqual(120);
      expect(day(o.won_at)).toBeLessThanOrEqual(DATA_END);
    }
    expect(new Set(data.outcomes.map((o) => o.lead_id)).size).toBe(data.outcomes.length);
  });

  it('has an overall win rate of about 15%', () => {
    expect(winRate(() => true)).toBeGreaterThan(0.13);
    expect(winRate(() => true)).toBeLessThan(0.17);
  });
});

describe('generateDemo: revenue', () => {
  const real = data.revenue.filter((r) => day(r.at) <= DATA_END);
  const wonAtOf = new Map(data.outcomes.map((o) => [o.account_id, o.won_at]));

  it('bills only won accounts, never before won_at, monthly on the won day of month', () => {
    for (const r of real) {
      const wonAt = wonAtOf.get(r.account_id);
      expect(wonAt, `revenue for an account that was never won: ${r.account_id}`).toBeDefined();
      expect(r.at >= wonAt!).toBe(true);
      const wonDay = Number(wonAt!.slice(8));
      const d = new Date(day(r.at));
      const lastOfMonth = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
      expect(d.getUTCDate()).toBe(Math.min(wonDay, lastOfMonth));
    }
    // Consecutive months without gaps; one amount per account.
    for (const [account, rows] of data.byAccount) {
      const months = rows.filter((r) => day(r.at) <= DATA_END).map((r) => Number(r.at.slice(0, 4)) * 12 + Number(r.at.slice(5, 7)));
      months.forEach((m, i) => i === 0 || expect(m - months[i - 1], account).toBe(1));
      expect(new Set(rows.map((r) => r.amount)).size).toBe(1);
    }
  });

  it('sorts the ledger by date and ends real rows at the data end', () => {
    expect(data.revenue.every((r, i) => i === 0 || r.at >= data.revenue[i - 1].at)).toBe(true);
    expect(real[real.length - 1].at).toBe('2026-03-31');
  });

  it('has exactly two far-future outlier rows, mis-keyed copies of real invoices dated 2030', () => {
    const future = data.revenue.filter((r) => day(r.at) > DATA_END);
    expect(future).toHaveLength(OUTLIERS.count);
    for (const r of future) {
      expect(r.at.slice(0, 4)).toBe('2030');
      expect(real.some((x) => x.account_id === r.account_id && x.amount === r.amount && x.at.slice(4) === r.at.slice(4))).toBe(true);
    }
  });

  it('leaves about 35% of won accounts with no revenue in their first 90 days', () => {
    const zero = mean(won90.map((j) => (j.v90 === 0 ? 1 : 0)));
    expect(won90.length).toBeGreaterThan(400);
    expect(zero).toBeGreaterThan(0.28);
    expect(zero).toBeLessThan(0.42);
  });
});

describe('generateDemo: planted effects are visible in the raw data', () => {
  it('win: demo_requested, referral, webinar and pages_viewed up; free_email down', () => {
    // Planted +1.5 log-odds: at a ~10% base rate that is roughly a 3x rate.
    expect(winRate((j) => j.lead.demo_requested === '1')).toBeGreaterThan(2.5 * winRate((j) => j.lead.demo_requested === '0'));
    expect(winRate((j) => j.lead.free_email === '1')).toBeLessThan(0.6 * winRate((j) => j.lead.free_email === '0'));
    const organic = winRate((j) => j.lead.source === 'organic_search');
    expect(winRate((j) => j.lead.source === 'referral')).toBeGreaterThan(1.8 * organic);
    expect(winRate((j) => j.lead.source === 'webinar')).toBeGreaterThan(1.8 * organic);
    expect(winRate((j) => Number(j.lead.pages_viewed) >= 8)).toBeGreaterThan(1.5 * winRate((j) => Number(j.lead.pages_viewed) <= 2));
  });

  it('win: employees, finance and seniority do not move winning', () => {
    const big = winRate((j) => Number(j.lead.employees) >= 200);
    const small = winRate((j) => j.lead.employees !== '' && Number(j.lead.employees) < 30);
    expect(Math.abs(big - small)).toBeLessThan(0.05);
    expect(Math.abs(winRate((j) => j.lead.industry === 'finance') - winRate((j) => j.lead.industry !== 'finance'))).toBeLessThan(0.05);
  });

  it('value: finance, bigger companies and senior job levels bring more 90-day revenue per won lead', () => {
    const v = (f: (j: Joined) => boolean) => mean(won90.filter(f).map((j) => j.v90));
    expect(v((j) => j.lead.industry === 'finance')).toBeGreaterThan(1.4 * v((j) => j.lead.industry !== 'finance'));
    expect(v((j) => Number(j.lead.employees) >= 200)).toBeGreaterThan(3 * v((j) => j.lead.employees !== '' && Number(j.lead.employees) < 30));
    expect(v((j) => ['c_level', 'vp'].includes(j.lead.job_level))).toBeGreaterThan(1.2 * v((j) => !['c_level', 'vp'].includes(j.lead.job_level)));
  });

  it('vanity: webinar leads win often but bring little value per won lead and per lead', () => {
    const webinar = (j: Joined) => j.lead.source === 'webinar';
    const other = (j: Joined) => j.lead.source !== 'webinar';
    expect(winRate(webinar)).toBeGreaterThan(1.4 * winRate(other));
    const perWon = (f: (j: Joined) => boolean) => mean(won180.filter(f).map((j) => j.v180));
    expect(perWon(webinar)).toBeLessThan(0.5 * perWon(other));
    const noPay = (f: (j: Joined) => boolean) => mean(won90.filter(f).map((j) => (j.v90 === 0 ? 1 : 0)));
    expect(noPay(webinar)).toBeGreaterThan(noPay(other) + 0.1);
    // Per lead (conversion x value), webinar is no better than the rest despite winning more often.
    const old = data.joined.filter((j) => j.created + 300 * DAY <= DATA_END);
    const perLead = (f: (j: Joined) => boolean) => mean(old.filter(f).map((j) => j.v180));
    expect(perLead(webinar)).toBeLessThan(perLead(other));
  });

  it('deal-stage fields follow value: enterprise plans bring the most revenue', () => {
    const byPlan = (plan: string) => mean(won90.filter((j) => j.plan === plan && j.v90 > 0).map((j) => j.v90));
    expect(byPlan('enterprise')).toBeGreaterThan(byPlan('growth'));
    expect(byPlan('growth')).toBeGreaterThan(byPlan('starter'));
  });

  it('a time-split logistic model reaches AUC ~0.75, and a value-aware ranking beats a conversion-only one', () => {
    // Independent check with the small fits in fit-helpers.ts (not the library's models).
    const levels: Record<string, string[]> = {
      source: ['paid_search', 'webinar', 'referral', 'partner', 'cold_outbound', 'content_download'],
      industry: ['retail', 'manufacturing', 'finance', 'healthcare', 'logistics', 'other'],
      job_level: ['c_level', 'vp', 'director', 'manager', ''],
    };
    const x = (l: Lead) => [
      1,
      ...Object.entries(levels).flatMap(([k, ls]) => ls.map((v) => (l[k] === v ? 1 : 0))),
      l.employees === '' ? Math.log1p(80) : Math.log1p(Number(l.employees)),
      l.employees === '' ? 1 : 0,
      Math.log1p(Number(l.pages_viewed)),
      Number(l.demo_requested),
      Number(l.free_email),
    ];
    // Leads whose 180-day value is complete (win within 120 days + 180 days of revenue), split 70/30 by time.
    const labelled = data.joined.filter((j) => j.created + 300 * DAY <= DATA_END);
    const cut = labelled[Math.floor(0.7 * labelled.length)].created;
    const train = labelled.filter((j) => j.created < cut);
    const test = labelled.filter((j) => j.created >= cut);
    expect(test.length).toBeGreaterThan(600);

    const wWin = fitLogistic(train.map((j) => x(j.lead)), train.map((j) => (j.won ? 1 : 0)));
    const p = test.map((j) => 1 / (1 + Math.exp(-dot(wWin, x(j.lead)))));
    const heldOutAuc = auc(p, test.map((j) => (j.won ? 1 : 0)));
    expect(heldOutAuc).toBeGreaterThan(0.7);
    expect(heldOutAuc).toBeLessThan(0.82);

    const wonTrain = train.filter((j) => j.won);
    const wValue = fitRidge(wonTrain.map((j) => x(j.lead)), wonTrain.map((j) => j.v180));
    const expected = test.map((j, i) => p[i] * Math.max(0, dot(wValue, x(j.lead))));
    const values = test.map((j) => j.v180);
    const conversionOnly = captured(p, values, 0.2);
    const valueAware = captured(expected, values, 0.2);
    // Seed 7: about 0.38 vs 0.54 of the held-out 180-day revenue.
    expect(valueAware).toBeGreaterThan(conversionOnly + 0.08);
  });

  it('planted truth: ranking by P(win) and by expected value differ materially', () => {
    const leads = data.leads.map((l) => ({
      source: l.source, industry: l.industry, job_level: l.job_level,
      employees: l.employees === '' ? NaN : Number(l.employees), pages_viewed: Number(l.pages_viewed),
      demo_requested: Number(l.demo_requested) as 0 | 1, free_email: Number(l.free_email) as 0 | 1,
    }));
    const pWin = leads.map((l) => 1 / (1 + Math.exp(-plantedWinLogit(l))));
    const ev = leads.map((l, i) => pWin[i] * Math.exp(plantedValueIndex(l)));
    const top = (s: number[]) => new Set(s.map((_, i) => i).sort((a, b) => s[b] - s[a] || a - b).slice(0, 800));
    const a = top(pWin);
    const overlap = [...top(ev)].filter((i) => a.has(i)).length / 800;
    expect(overlap).toBeLessThan(0.6);
  });
});

describe('planted truth as data', () => {
  it('records the signs the story needs', () => {
    const coef = (p: { effects: readonly { feature: string; levels?: readonly string[]; coef: number }[] }, feature: string, level?: string) =>
      p.effects.filter((e) => e.feature === feature && (level === undefined || e.levels?.includes(level))).reduce((s, e) => s + e.coef, 0);
    expect(coef(WIN, 'demo_requested')).toBeGreaterThan(0);
    expect(coef(WIN, 'source', 'referral')).toBeGreaterThan(0);
    expect(coef(WIN, 'source', 'webinar')).toBeGreaterThan(0);
    expect(coef(WIN, 'free_email')).toBeLessThan(0);
    expect(coef(WIN, 'pages_viewed')).toBeGreaterThan(0);
    expect(coef(WIN, 'employees')).toBe(0);
    expect(coef(VALUE, 'employees')).toBeGreaterThan(0);
    expect(coef(VALUE, 'industry', 'finance')).toBeGreaterThan(0);
    expect(coef(VALUE, 'job_level', 'c_level')).toBeGreaterThan(0);
    expect(coef(VALUE, 'job_level', 'vp')).toBeGreaterThan(0);
    expect(coef(VALUE, 'source', 'webinar')).toBeLessThan(0);
    expect(coef(NO_PAY, 'source', 'webinar')).toBeGreaterThan(0);
    expect(coef(CHURN, 'source', 'webinar')).toBeGreaterThan(0);
  });

  it('flattens effects to feature / feature=level keys', () => {
    expect(plantedCoefficients(PLANTED.win)).toEqual({
      demo_requested: 1.5, 'source=referral': 1.2, 'source=webinar': 0.9, free_email: -1, pages_viewed: 0.55,
    });
    expect(plantedCoefficients(PLANTED.value)).toEqual({
      employees: 0.6, 'industry=finance': 0.7, 'job_level=c_level': 0.5, 'job_level=vp': 0.5, 'source=webinar': -0.7,
    });
  });
});

describe('generateDemo: options', () => {
  it('refuses bad options with a message naming the option', () => {
    expect(() => generateDemo({ start: '2024-02-31' })).toThrow(/options\.start: not a date \(got "2024-02-31"\); use YYYY-MM-DD/);
    expect(() => generateDemo({ start: '2025-01-01', end: '2024-01-01' })).toThrow(/options\.end: before start/);
    expect(() => generateDemo({ dataEnd: '2025-06-30' })).toThrow(/options\.dataEnd: before end/);
    expect(() => generateDemo({ leads: 0 })).toThrow(/options\.leads: not a whole number/);
    expect(() => generateDemo({ leads: 2.5 })).toThrow(/options\.leads/);
    expect(() => generateDemo({ seed: 1.5 })).toThrow(/options\.seed: not an integer/);
  });

  it('honours a shorter range and fewer leads', () => {
    const small = join3(generateDemo({ leads: 300, start: '2024-03-01', end: '2024-06-30', dataEnd: '2024-12-31' }));
    expect(small.leads).toHaveLength(300);
    expect(small.leads.every((l) => l.created_at >= '2024-03-01' && l.created_at <= '2024-06-30')).toBe(true);
    expect(small.outcomes.every((o) => o.won_at <= '2024-12-31')).toBe(true);
    expect(small.revenue.filter((r) => r.at > '2024-12-31')).toHaveLength(2);
  });
});

describe('writeDemo', () => {
  it('writes the four files, leaves no temporary file, and matches generateDemo', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadvalue-demo-'));
    try {
      const out = join(dir, 'nested', 'demo');
      const written = writeDemo(out, { seed: 3, leads: 400 });
      const expected = generateDemo({ seed: 3, leads: 400 });
      expect(readdirSync(out).sort()).toEqual([...DEMO_FILES]);
      expect(readFileSync(join(out, 'leads.csv'), 'utf8')).toBe(expected.leads);
      expect(readFileSync(join(out, 'outcomes.csv'), 'utf8')).toBe(expected.outcomes);
      expect(readFileSync(join(out, 'revenue.csv'), 'utf8')).toBe(expected.revenue);
      expect(readFileSync(join(out, 'new-leads.csv'), 'utf8')).toBe(expected.newLeads);
      expect(written.files.map((f) => f.rows)).toEqual([400, 300, parse(expected.outcomes).length, parse(expected.revenue).length]);
      // Writing again replaces the files in place.
      writeDemo(out, { seed: 4, leads: 400 });
      expect(readFileSync(join(out, 'leads.csv'), 'utf8')).toBe(generateDemo({ seed: 4, leads: 400 }).leads);
      expect(readdirSync(out).sort()).toEqual([...DEMO_FILES]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('configs/demo.json', () => {
  it('points at the demo files and declares every lead attribute and deal field', () => {
    const configPath = join(ROOT, 'configs/demo.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8'));
    const headers: Record<string, string[]> = {
      leads: committed.leads.split('\n')[0].split(','),
      outcomes: committed.outcomes.split('\n')[0].split(','),
      revenue: committed.revenue.split('\n')[0].split(','),
    };
    for (const table of ['leads', 'outcomes', 'revenue']) {
      const decl = config.tables[table];
      expect(existsSync(join(ROOT, 'configs', config.dataDir, decl.file))).toBe(true);
      expect(join(ROOT, 'configs', config.dataDir, decl.file)).toBe(join(ROOT, 'data/demo', `${table}.csv`));
      for (const column of Object.values(decl.columns) as string[]) expect(headers[table]).toContain(column);
      for (const [name, f] of Object.entries(decl.features ?? {}) as [string, { from?: string; stage: string }][]) {
        expect(headers[table]).toContain(f.from ?? name);
        expect(f.stage).toBe(table === 'outcomes' ? 'deal' : 'lead');
      }
    }
    const declared = [...Object.keys(config.tables.leads.features), ...Object.keys(config.tables.outcomes.features)];
    const mapped = new Set(['lead_id', 'created_at', 'account_id', 'won_at']);
    for (const column of [...headers.leads, ...headers.outcomes]) if (!mapped.has(column)) expect(declared).toContain(column);
  });
});

describe('fit helpers (used above)', () => {
  it('compute AUC as scikit-learn does', () => {
    // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    // Top 50% of [1, 2, 3, 4] ranked by score [4, 3, 2, 1] holds (1 + 2) / 10.
    expect(captured([4, 3, 2, 1], [1, 2, 3, 4], 0.5)).toBeCloseTo(0.3, 12);
  });
});
