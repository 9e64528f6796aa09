// The production scorer (src/scoring/score-lead.ts, score-batch.ts) against
// the in-library prediction (src/models/two-part.ts predictTwoPart) and against
// hand calculations from the model file's own parameters.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeadvalueError } from '../../src/core/errors.js';
import { predictTwoPart } from '../../src/models/two-part.js';
import { scoreBatch } from '../../src/scoring/score-batch.js';
import { scoreLead, type Reason } from '../../src/scoring/score-lead.js';
import type { CategoryFeatureSpec, FeatureSpec, GlmState, ModelFile, NumberFeatureSpec } from '../../src/scoring/model-types.js';
import { DEMO_LEADS, readPlainCsv, relativeGap, removeTempDirs, trainDemo, type DemoModel } from './demo-model.js';

let demo: DemoModel;
let model: ModelFile;
let leads: Record<string, string>[];
beforeAll(async () => {
  demo = await trainDemo();
  model = demo.model;
  leads = readPlainCsv(DEMO_LEADS).rows;
}, 120_000);
afterAll(removeTempDirs);

const spec = (name: string): FeatureSpec => model.features.find((f) => f.name === name)!;
const categorySpec = (name: string) => spec(name) as CategoryFeatureSpec;
const numberSpec = (name: string) => spec(name) as NumberFeatureSpec;
const categoryTerm = (state: GlmState, name: string) => {
  const t = state.terms[name];
  if (t.kind !== 'category') throw new Error(`${name} is not a category term`);
  return t;
};
const numberTerm = (state: GlmState, name: string) => {
  const t = state.terms[name];
  if (t.kind !== 'number') throw new Error(`${name} is not a number term`);
  return t;
};
/** Every reason of both parts, in the model's feature order. */
const allReasons = (lead: Record<string, unknown>, options = {}) => scoreLead(model, lead, { topReasons: 100, ...options });
const inFeatureOrder = (reasons: Reason[], part: 'win' | 'value') =>
  model.features.map((f) => reasons.find((r) => r.feature === f.name && r.part === part)?.contribution ?? 0);
/** A typical lead: the first lead of the demo history, with every field present. */
const baseLead = (): Record<string, string> => ({ ...leads.find((l) => Object.values(l).every((v) => v !== ''))! });

describe('the scorer equals the in-library prediction', () => {
  it('the demo model reads the columns the demo leads file has', () => {
    expect(model.features.map((f) => f.name)).toEqual(['source', 'industry', 'employees', 'job_level', 'pages_viewed', 'demo_requested', 'free_email', 'created_month']);
    expect(leads).toHaveLength(4000);
    for (const f of model.features) expect(Object.keys(leads[0])).toContain(f.column);
  });

  it('pWin, valueIfWon and expectedValue agree with predictTwoPart for all 4000 demo leads (relative 1e-12)', () => {
    const { frame } = demo.data;
    expect(frame.leadId).toEqual(leads.map((l) => l.lead_id));
    const rows = Int32Array.from(leads, (_, i) => i);
    const library = predictTwoPart(demo.trained.final, frame.features, rows);
    const scored = scoreBatch(model, leads).scores;
    let worst = 0;
    for (let i = 0; i < leads.length; i++) {
      worst = Math.max(worst,
        relativeGap(scored[i].pWin, library.pWin[i]),
        relativeGap(scored[i].valueIfWon, library.valueIfWon[i]),
        relativeGap(scored[i].expectedValue, library.expectedValue[i]));
    }
    expect(worst).toBeLessThanOrEqual(1e-12);
    // Same operations in the same order: in fact bit for bit.
    expect(scored.map((s) => s.pWin)).toEqual(Array.from(library.pWin));
  });

  it('the file read back scores exactly like the parameters in memory', () => {
    const inMemory = { ...demo.built, checksum: '' } as ModelFile;
    for (const lead of leads.slice(0, 200)) expect(scoreLead(inMemory, lead)).toEqual(scoreLead(model, lead));
  });
});

describe('reasons are the exact additive contributions', () => {
  it('intercept + contributions (in feature order) give the log-odds and the log value exactly, for a few leads', () => {
    for (const lead of [leads[0], leads[1], leads[17], leads[999], leads[3999]]) {
      const s = allReasons(lead);
      const etaWin = inFeatureOrder(s.reasons, 'win').reduce((a, c) => a + c, model.params.win.intercept);
      const etaValue = inFeatureOrder(s.reasons, 'value').reduce((a, c) => a + c, model.params.value.intercept);
      expect(s.pWin).toBe(1 / (1 + Math.exp(-etaWin)));
      expect(s.valueIfWon).toBe(Math.exp(etaValue));
      expect(Math.log(s.pWin / (1 - s.pWin))).toBeCloseTo(etaWin, 12);
      expect(s.expectedValue).toBe(s.pWin * s.valueIfWon);
    }
  });

  it('each contribution is the term from the model file, computed by hand', () => {
    const lead = baseLead();
    const s = allReasons(lead);
    const win = model.params.win, value = model.params.value;
    const contribution = (feature: string, part: 'win' | 'value') => s.reasons.find((r) => r.feature === feature && r.part === part)!.contribution;
    // Category: values[index of the level in the sorted vocabulary].
    const src = categorySpec('source');
    expect(contribution('source', 'win')).toBe(categoryTerm(win, 'source').values[src.levels.indexOf(lead.source)]);
    expect(contribution('source', 'value')).toBe(categoryTerm(value, 'source').values[src.levels.indexOf(lead.source)]);
    // Number with log1p: weight · (log1p(x) − center) / scale + offset.
    const emp = numberSpec('employees');
    expect(emp.transform).toBe('log1p');
    const z = (Math.log1p(Number(lead.employees)) - emp.center) / emp.scale;
    expect(contribution('employees', 'value')).toBe(numberTerm(value, 'employees').weight * z + numberTerm(value, 'employees').offset);
    // Date part: created_month is the month of created_at, as a level.
    const month = new Date(lead.created_at + 'T00:00:00Z').toLocaleString('en', { month: 'short', timeZone: 'UTC' }).toLowerCase();
    expect(s.reasons.find((r) => r.feature === 'created_month')!.value).toBe(month);
  });

  it('the top reasons are the largest by absolute contribution, three by default, with plain-words text', () => {
    const lead = baseLead();
    const all = allReasons(lead).reasons;
    const top = scoreLead(model, lead).reasons;
    expect(top).toHaveLength(3);
    expect(top).toEqual([...all].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, 3));
    for (const r of top) {
      if (r.part === 'win') expect(r.text).toMatch(new RegExp(`^${r.feature} = .+: [+−]\\d+\\.\\d\\d to the log-odds of winning$`));
      else expect(r.text).toMatch(new RegExp(`^${r.feature} = .+: value if won ×\\d+\\.\\d\\d$`));
    }
    expect(scoreLead(model, lead, { topReasons: 5 }).reasons).toHaveLength(5);
  });

  it('property: for any mix of known, unseen and missing values, intercept + contributions give pWin and valueIfWon', () => {
    const levels = (name: string) => fc.constantFrom(...categorySpec(name).levels, 'never-seen-level', '', undefined);
    const count = fc.oneof(fc.integer({ min: 0, max: 100000 }).map(String), fc.constant(''), fc.constant(undefined));
    const flag = fc.constantFrom('0', '1', '', undefined);
    const day = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(fc.property(
      fc.record({ source: levels('source'), industry: levels('industry'), job_level: levels('job_level'), employees: count, pages_viewed: count, demo_requested: flag, free_email: flag, created_at: fc.option(day, { nil: undefined }) }),
      (lead) => {
        const s = allReasons(lead);
        const etaWin = inFeatureOrder(s.reasons, 'win').reduce((a, c) => a + c, model.params.win.intercept);
        const etaValue = inFeatureOrder(s.reasons, 'value').reduce((a, c) => a + c, model.params.value.intercept);
        expect(s.pWin).toBe(1 / (1 + Math.exp(-etaWin)));
        expect(s.valueIfWon).toBe(Math.exp(etaValue));
        expect(s.pWin).toBeGreaterThan(0);
        expect(s.pWin).toBeLessThan(1);
        expect(s.valueIfWon).toBeGreaterThan(0);
      },
    ), { seed: 20260101, numRuns: 300 });
  });
});

describe('unseen and missing values', () => {
  it('an unseen category is counted in `unseen` and scored as the (other) slot', () => {
    const lead = { ...baseLead(), source: 'carrier_pigeon' };
    const s = allReasons(lead);
    expect(s.unseen).toEqual(['source']);
    expect(s.missing).toEqual([]);
    const other = categorySpec('source').levels.length;
    const reason = s.reasons.find((r) => r.feature === 'source' && r.part === 'win')!;
    expect(reason.value).toBe('carrier_pigeon');
    expect(reason.contribution).toBe(categoryTerm(model.params.win, 'source').values[other]);
    expect(s.reasons.find((r) => r.feature === 'source' && r.part === 'value')!.contribution).toBe(categoryTerm(model.params.value, 'source').values[other]);
  });

  it('levels are matched after trimming blanks, and case matters', () => {
    const lead = baseLead();
    expect(scoreLead(model, { ...lead, source: ` ${lead.source} ` }).pWin).toBe(scoreLead(model, lead).pWin);
    expect(scoreLead(model, { ...lead, source: lead.source.toUpperCase() }).unseen).toEqual(['source']);
  });

  it('missing values (absent, null, undefined, empty, blank) are counted and scored with the learned missing term or slot', () => {
    const lead: Record<string, unknown> = { ...baseLead(), employees: '', pages_viewed: null, demo_requested: undefined, industry: '   ' };
    delete lead.job_level;
    const s = allReasons(lead);
    expect([...s.missing].sort()).toEqual(['demo_requested', 'employees', 'industry', 'job_level', 'pages_viewed']);
    expect(s.unseen).toEqual([]);
    const c = (f: string, part: 'win' | 'value') => s.reasons.find((r) => r.feature === f && r.part === part);
    expect(c('employees', 'value')!.contribution).toBe(numberTerm(model.params.value, 'employees').missing);
    expect(c('employees', 'value')!.value).toBeNull();
    const missingSlot = categorySpec('job_level').levels.length + 1;
    expect(c('job_level', 'win')!.contribution).toBe(categoryTerm(model.params.win, 'job_level').values[missingSlot]);
    expect(c('job_level', 'win')!.value).toBe('(missing)');
  });

  it('a missing creation date makes the derived created_month missing', () => {
    expect(scoreLead(model, { ...baseLead(), created_at: '' }).missing).toEqual(['created_month']);
  });

  it('numbers may come as JS numbers or booleans; strings are read the same', () => {
    const lead = baseLead();
    const asNumbers = { ...lead, employees: Number(lead.employees), pages_viewed: Number(lead.pages_viewed), demo_requested: lead.demo_requested === '1', free_email: Number(lead.free_email) };
    expect(scoreLead(model, asNumbers)).toEqual(scoreLead(model, lead));
    expect(scoreLead(model, { ...lead, pages_viewed: ' 3 ' }).pWin).toBe(scoreLead(model, { ...lead, pages_viewed: '3' }).pWin);
    expect(scoreLead(model, { ...lead, pages_viewed: '3e0' }).pWin).toBe(scoreLead(model, { ...lead, pages_viewed: '3' }).pWin);
  });
});

describe('bad values are errors naming the field', () => {
  it('a number field holding text', () => {
    expect(() => scoreLead(model, { ...baseLead(), pages_viewed: 'abc' }))
      .toThrow(/^lead, field pages_viewed: not a number \(got "abc"\); send a plain decimal number/);
    expect(() => scoreLead(model, { ...baseLead(), employees: '1,200' }, { where: 'leads.csv row 7' }))
      .toThrow(/^leads\.csv row 7, field employees: not a number \(got "1,200"\)/);
  });

  it('a number field holding Infinity, or an object', () => {
    expect(() => scoreLead(model, { ...baseLead(), pages_viewed: Infinity })).toThrow(/field pages_viewed: not a finite number/);
    expect(() => scoreLead(model, { ...baseLead(), pages_viewed: 'Infinity' })).toThrow(/field pages_viewed: not a number/);
    expect(() => scoreLead(model, { ...baseLead(), pages_viewed: { n: 3 } })).toThrow(/field pages_viewed: not a number \(got \{"n":3\}\)/);
  });

  it('a number field holding a hexadecimal literal is refused, as the training loader refuses it', () => {
    // src/load/parse-number.ts reads plain decimals only ("no ... hex"), so a
    // training file with "0x10" fails to load; the scorer must not silently
    // read it as 16 (its own message asks for "a plain decimal number").
    expect(() => scoreLead(model, { ...baseLead(), pages_viewed: '0x10' })).toThrow(/field pages_viewed: not a number \(got "0x10"\)/);
    expect(() => scoreLead(model, { ...baseLead(), employees: '0b11' })).toThrow(/field employees: not a number/);
  });

  it('a log1p number at or below −1', () => {
    expect(() => scoreLead(model, { ...baseLead(), employees: '-1' })).toThrow(/field employees: must be above -1 \(the model takes log1p of it\) \(got -1\)/);
  });

  it('a bad date', () => {
    expect(() => scoreLead(model, { ...baseLead(), created_at: '2026-02-30' })).toThrow(/^lead, field created_at: not a date \(got "2026-02-30"\); use ISO 8601/);
    expect(() => scoreLead(model, { ...baseLead(), created_at: 'yesterday' }, { where: 'crm lead 12' })).toThrow(/^crm lead 12, field created_at: not a date \(got "yesterday"\)/);
  });

  it('epoch milliseconds beyond what a Date holds (±8.64e15, ±Infinity) are refused as scoreColumns refuses them; NaN is missing', () => {
    for (const t of [1e20, -9e15, Infinity, -Infinity]) {
      expect(() => scoreLead(model, { ...baseLead(), created_at: t })).toThrow(/^lead, field created_at: not a date: epoch milliseconds beyond ±8\.64e15 \(got .*\); pass epoch milliseconds/);
    }
    expect(scoreLead(model, { ...baseLead(), created_at: NaN }).missing).toContain('created_month');
    expect(scoreLead(model, { ...baseLead(), created_at: 8.64e15 }).pWin).toBeGreaterThan(0);
  });

  it('the reasons count: a whole number from 0 to 100, as topReasons or reasons', () => {
    for (const bad of [-1, 1.5, 101, '3', NaN]) {
      expect(() => scoreLead(model, baseLead(), { topReasons: bad as number })).toThrow(new RegExp(`^options\\.topReasons: not a whole number from 0 to 100 \\(got ${JSON.stringify(bad) === 'null' ? 'NaN' : '.*'}\\)`));
    }
    expect(() => scoreLead(model, baseLead(), { reasons: 101 })).toThrow(/^options\.reasons: not a whole number from 0 to 100 \(got 101\)/);
    expect(() => scoreLead(model, baseLead(), { reasons: 2, topReasons: 3 })).toThrow(/^options: topReasons and reasons differ \(got 3 and 2\); give one of them/);
    expect(scoreLead(model, baseLead(), { reasons: 2 }).reasons).toHaveLength(2);
    expect(scoreLead(model, baseLead(), { reasons: 0 }).reasons).toHaveLength(0);
    expect(scoreLead(model, baseLead(), { reasons: 2, topReasons: 2 }).reasons).toHaveLength(2);
  });

  it('a lead that is not an object is a LeadvalueError naming where, not a TypeError', () => {
    for (const bad of [null, undefined, 'N00001', 42, ['a']]) {
      let error: unknown;
      try { scoreLead(model, bad as unknown as Record<string, unknown>, { where: 'crm lead 3' }); } catch (e) { error = e; }
      expect(error).toBeInstanceOf(LeadvalueError);
      expect((error as Error).message).toMatch(/^crm lead 3: not a lead \(got .*\); pass an object keyed by the source column names/);
    }
    expect(() => scoreLead(model, null as unknown as Record<string, unknown>)).toThrow(/^lead: not a lead \(got null\)/);
    expect(() => scoreBatch(model, [baseLead(), null as unknown as Record<string, unknown>])).toThrow(/^lead 2: not a lead \(got null\)/);
  });

  it('dates with a time of day or a Date object are read', () => {
    const lead = baseLead();
    const day = scoreLead(model, lead).pWin;
    expect(scoreLead(model, { ...lead, created_at: `${lead.created_at} 13:45:00` }).pWin).toBe(day);
    expect(scoreLead(model, { ...lead, created_at: `${lead.created_at}T13:45:00Z` }).pWin).toBe(day);
    expect(scoreLead(model, { ...lead, created_at: new Date(`${lead.created_at}T00:00:00Z`) }).pWin).toBe(day);
  });
});

describe('scoreBatch', () => {
  it('counts unseen and missing values per feature', () => {
    const base = baseLead();
    const batch = [
      base,
      { ...base, source: 'carrier_pigeon' },
      { ...base, source: 'smoke_signal', industry: 'piracy' },
      { ...base, employees: '' },
      { ...base, employees: '', job_level: '' },
    ];
    const result = scoreBatch(model, batch);
    expect(result.unseen).toEqual({ source: 2, industry: 1 });
    expect(result.missing).toEqual({ employees: 2, job_level: 1 });
    expect(result.scores).toEqual(batch.map((l) => scoreLead(model, l)));
  });

  it('an error names the lead by position, 1-based (or counting from firstRow, or by the row numbers given)', () => {
    const batch = [baseLead(), { ...baseLead(), pages_viewed: 'lots' }];
    expect(() => scoreBatch(model, batch)).toThrow(/^lead 2, field pages_viewed: not a number \(got "lots"\)/);
    expect(() => scoreBatch(model, batch, { where: 'leads.csv row', firstRow: 2 })).toThrow(/^leads\.csv row 3, field pages_viewed/);
    // Rows of a file after some were filtered out: the file's own row numbers.
    expect(() => scoreBatch(model, batch, { where: 'new.csv row', rows: [4, 9] })).toThrow(/^new\.csv row 9, field pages_viewed/);
  });

  it('an empty batch gives no scores and no counts', () => {
    expect(scoreBatch(model, [])).toEqual({ scores: [], goalProfile: 'long-term-value', unseen: {}, missing: {}, extreme: {} });
  });
});

describe('goal-weighted score', () => {
  // The score is (Σ w · output / reference) / Σ w × segment multipliers, the
  // references being the outputs' means over the fit leads (params.reference).
  // Hand-built cases with exact expected ranks: test/goals/reweight.test.ts.
  it('the default goal profile ranks by expected value: score = expectedValue / its mean over the fit leads', () => {
    expect(model.goals.weights).toEqual({ expectedValue: 1, winProbability: 0 });
    for (const lead of leads.slice(0, 50)) {
      const s = scoreLead(model, lead);
      expect(s.score).toBe((1 * (s.expectedValue / model.params.reference!.expectedValue) + 0 * (s.pWin / model.params.reference!.winProbability) + 0) / 1);
      expect(s.goalProfile).toBe('long-term-value');
      expect(s.segments).toEqual([]);
      expect(s.multiplier).toBe(1);
    }
  });

  it('a goals override {expectedValue: 0, winProbability: 1} makes the score pWin over its mean and changes nothing else', () => {
    const goals = { name: 'conversion', description: 'win rate this quarter', weights: { expectedValue: 0, winProbability: 1 } };
    for (const lead of leads.slice(0, 50)) {
      const plain = scoreLead(model, lead);
      const s = scoreLead(model, lead, { goals });
      expect(s.score).toBeCloseTo(s.pWin / model.params.reference!.winProbability, 12);
      expect(s.score).not.toBe(plain.score);
      expect(s.goalProfile).toBe('conversion');
      expect({ ...s, score: 0, goalProfile: '' }).toEqual({ ...plain, score: 0, goalProfile: '' });
    }
  });

  it('mixed weights give the weighted mean of the outputs over their references', () => {
    const goals = { name: 'mix', description: '', weights: { expectedValue: 0.5, winProbability: 1000 } };
    const s = scoreLead(model, leads[3], { goals });
    const r = model.params.reference!;
    expect(s.score).toBeCloseTo((0.5 * s.expectedValue / r.expectedValue + 1000 * s.pWin / r.winProbability) / 1000.5, 12);
  });

  it('scoring mutates neither the model nor the lead (both frozen)', () => {
    const deepFreeze = <T>(o: T): T => {
      if (o && typeof o === 'object') { Object.values(o).forEach(deepFreeze); Object.freeze(o); }
      return o;
    };
    const frozenModel = deepFreeze(JSON.parse(demo.text) as ModelFile);
    const lead = deepFreeze({ ...leads[5] });
    expect(scoreLead(frozenModel, lead)).toEqual(scoreLead(model, leads[5]));
    expect(scoreBatch(frozenModel, [lead]).scores[0]).toEqual(scoreLead(model, leads[5]));
  });
});
