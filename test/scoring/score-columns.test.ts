// scoreColumns against scoreLead, the reference: on random models of every part
// kind (GLM, EBM with pairs, linear ZILN, ZILN MLP; calibration none, Platt or
// isotonic; goal profiles with segments) and random leads (missing values,
// unseen and padded levels, a literal "(missing)" text, date texts in two
// formats and epoch ms, dictionary and plain columns), every output is
// bit-identical: both sum each part's terms in the same order with the same
// operations, so no float summation order differs. Then the repository's demo
// model on the demo's new leads, read by an independent CSV split.
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { readModel } from '../../src/scoring/load-model.js';
import { compileScorer } from '../../src/scoring/compile-scorer.js';
import { rowReasons } from '../../src/scoring/row-reasons.js';
import { scoreBatch } from '../../src/scoring/score-batch.js';
import { scoreColumns } from '../../src/scoring/score-columns.js';
import { scoreLead } from '../../src/scoring/score-lead.js';
import { DEMO_NEW_LEADS, readPlainCsv, ROOT } from './demo-model.js';
import { randomGoals, randomLeads, randomModel, type ValueKind, type WinKind } from './score-columns-models.js';

const KINDS: [WinKind, ValueKind][] = [['glm', 'glm'], ['glm', 'ebm'], ['ebm', 'glm'], ['ebm', 'ebm'], ['glm', 'ziln'], ['ebm', 'ziln'], ['glm', 'mlp'], ['ebm', 'mlp']];
const LEADS = 150, RUNS = 10;

describe.each(KINDS)('scoreColumns = scoreLead, bit for bit: win %s, value %s', (win, value) => {
  it(`${RUNS} random models × ${LEADS} random leads: outputs, reasons (1–4 per lead), unseen and missing counts`, () => {
    // What the random cases covered, so the property is not vacuous.
    const seen = { unseen: 0, missing: 0, literal: 0, segment: 0, pair: 0, zilnHead: 0, note: 0, calibrated: 0, override: 0 };
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.integer({ min: 1, max: 4 }), (seed, shape, override, top) => {
      const model = randomModel(seed, win, value);
      const { leads, columns } = randomLeads(seed + 1, LEADS, shape);
      const goals = override ? randomGoals(createRng(seed + 2), model.features) : undefined;
      const scorer = compileScorer(model, { goals });
      const got = scoreColumns(scorer, columns, { reasons: top });
      const want = scoreBatch(model, leads, { goals, topReasons: top });
      expect(got.rows).toBe(LEADS);
      expect(got.goalProfile).toBe(want.goalProfile);
      want.scores.forEach((s, i) => {
        expect(got.pWin[i]).toBe(s.pWin);
        expect(got.valueIfWon[i]).toBe(s.valueIfWon);
        expect(got.expectedValue[i]).toBe(s.expectedValue);
        expect(got.score[i]).toBe(s.score);
        expect(got.multiplier[i]).toBe(s.multiplier);
        expect(rowReasons(scorer, columns, got.reasons!, i)).toEqual(s.reasons);
        if (s.multiplier !== 1) seen.segment++;
        for (const r of s.reasons) {
          if (r.feature.includes(' × ')) seen.pair++;
          if (r.head) seen.zilnHead++;
          if (r.feature === '(value model)') seen.note++;
        }
        if (leads[i].industry === '(missing)') seen.literal++;
      });
      expect(got.unseen).toEqual(want.unseen);
      expect(got.missing).toEqual(want.missing);
      expect(got.extreme).toEqual(want.extreme);
      seen.unseen += Object.keys(got.unseen).length;
      seen.missing += Object.keys(got.missing).length;
      if (model.params.calibration) seen.calibrated++;
      if (goals) seen.override++;
    }), { numRuns: RUNS, seed: 20261203 });
    expect(seen.unseen).toBeGreaterThan(0);
    expect(seen.missing).toBeGreaterThan(0);
    expect(seen.literal).toBeGreaterThan(0);
    expect(seen.segment).toBeGreaterThan(0);
    expect(seen.calibrated).toBeGreaterThan(0);
    expect(seen.override).toBeGreaterThan(0);
    if (win === 'ebm' || value === 'ebm') expect(seen.pair).toBeGreaterThan(0);
    if (value === 'ziln') expect(seen.zilnHead).toBeGreaterThan(0);
    if (value === 'mlp') expect(seen.note).toBeGreaterThan(0);
  });
});

describe('scoreColumns on the demo model file (models/demo/1.3.0.json) and data/demo/new-leads.csv', () => {
  const model = readModel(join(ROOT, 'models/demo/1.3.0.json'));
  const { rows } = readPlainCsv(DEMO_NEW_LEADS);
  const text = (c: string) => rows.map((r) => r[c]);
  const numbers = (c: string) => Float64Array.from(rows, (r) => (r[c] === '' ? NaN : Number(r[c])));
  const dictionary = (c: string) => {
    const levels = [...new Set(text(c))];
    return { codes: Int32Array.from(rows, (r) => levels.indexOf(r[c])), levels };
  };
  const numberColumns = { employees: numbers('employees'), pages_viewed: numbers('pages_viewed'), demo_requested: numbers('demo_requested'), free_email: numbers('free_email') };

  it('texts and Float64Arrays: the same scores and reasons as scoreLead on the CSV rows as read', () => {
    const columns = { ...numberColumns, source: text('source'), industry: text('industry'), job_level: text('job_level'), created_at: text('created_at') };
    const got = scoreColumns(model, columns, { reasons: 3 });
    const scorer = compileScorer(model);
    rows.forEach((row, i) => {
      const s = scoreLead(model, row);
      expect([got.pWin[i], got.valueIfWon[i], got.score[i]]).toEqual([s.pWin, s.valueIfWon, s.score]);
      expect(rowReasons(scorer, columns, got.reasons!, i)).toEqual(s.reasons);
    });
    // Counted by hand in the CSV: 8 empty employees, 24 empty job_level fields.
    expect(got.missing).toEqual({ employees: 8, job_level: 24 });
    expect(got.unseen).toEqual({});
  });

  it('dictionary columns (dates too) give the same numbers as text columns', () => {
    const texts = scoreColumns(model, { ...numberColumns, source: text('source'), industry: text('industry'), job_level: text('job_level'), created_at: text('created_at') });
    const dicts = scoreColumns(model, { ...numberColumns, source: dictionary('source'), industry: dictionary('industry'), job_level: dictionary('job_level'), created_at: dictionary('created_at') });
    expect(dicts.score).toEqual(texts.score);
    expect(dicts.pWin).toEqual(texts.pWin);
    expect(dicts.missing).toEqual(texts.missing);
    expect(texts.reasons).toBeNull();
  });

  it('reasons off by default; a ZILN-free model has no note; zero rows give empty arrays', () => {
    const empty = scoreColumns(model, { employees: [], pages_viewed: [], demo_requested: [], free_email: [], source: [], industry: [], job_level: [], created_at: [] }, { reasons: 2 });
    expect(empty.rows).toBe(0);
    expect(empty.score).toEqual(new Float64Array(0));
    expect(empty.reasons!.term).toEqual(new Int32Array(0));
    expect(compileScorer(model).note).toBe(-1);
  });
});

describe('reason ties', () => {
  it('equal |contributions| rank by feature name, then win before value, as scoreLead sorts them', () => {
    const model = randomModel(7, 'glm', 'glm');
    // Every contribution ±0.5 or ±0.25: many exact ties between features and between the parts.
    for (const part of [model.params.win, model.params.value]) {
      if (part.kind !== 'glm') throw new Error('glm expected');
      for (const term of Object.values(part.terms)) {
        if (term.kind === 'category') term.values = term.values.map((_, s) => (s % 2 ? -0.5 : 0.5));
        else Object.assign(term, { weight: 0, offset: -0.5, missing: 0.25 });
      }
    }
    const { leads, columns } = randomLeads(8, 200, 0);
    const scorer = compileScorer(model);
    const got = scoreColumns(scorer, columns, { reasons: 6 });
    let ties = 0;
    leads.forEach((lead, i) => {
      const want = scoreLead(model, lead, { topReasons: 6 }).reasons;
      expect(rowReasons(scorer, columns, got.reasons!, i)).toEqual(want);
      ties += want.filter((r, k) => k > 0 && Math.abs(r.contribution) === Math.abs(want[k - 1].contribution)).length;
    });
    expect(ties).toBeGreaterThan(500);
  });
});

describe('across blocks (scoreColumns works 2048 rows at a time)', () => {
  it.each([['ebm', 'ebm'], ['glm', 'ziln'], ['ebm', 'mlp']] as [WinKind, ValueKind][])('5000 leads = 3 blocks, win %s, value %s: every row as scoreLead, counts summed over blocks', (win, value) => {
    const model = randomModel(11, win, value);
    for (const shape of [0, 3]) {
      const { leads, columns } = randomLeads(12 + shape, 5000, shape);
      const scorer = compileScorer(model);
      const got = scoreColumns(scorer, columns, { reasons: 2 });
      const want = scoreBatch(model, leads, { topReasons: 2 });
      want.scores.forEach((s, i) => {
        expect([got.pWin[i], got.valueIfWon[i], got.score[i]]).toEqual([s.pWin, s.valueIfWon, s.score]);
        expect(rowReasons(scorer, columns, got.reasons!, i)).toEqual(s.reasons);
      });
      expect(got.unseen).toEqual(want.unseen);
      expect(got.missing).toEqual(want.missing);
      // Literal "(missing)" texts in more than one block, so the per-block marks are reset and set again.
      const literal = leads.flatMap((l, i) => (l.industry === '(missing)' ? [i] : []));
      expect(literal.some((i) => i < 2048) && literal.some((i) => i >= 4096)).toBe(true);
    }
  });
});
