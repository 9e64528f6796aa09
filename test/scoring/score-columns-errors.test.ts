// Bad columns: each kind of problem scoreColumns refuses, with a message naming
// the column (and the index of the row), before any score is returned. And the
// integer date arithmetic of utc-parts.ts against JavaScript's own Date.
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datePart, datePartNumber } from '../../src/core/dates.js';
import { compileScorer } from '../../src/scoring/compile-scorer.js';
import { readModel } from '../../src/scoring/load-model.js';
import { rowReasons } from '../../src/scoring/row-reasons.js';
import { scoreColumns } from '../../src/scoring/score-columns.js';
import { partLevels, partNumber, utcPartIndex, type DerivedPart } from '../../src/scoring/utc-parts.js';
import { ROOT } from './demo-model.js';

const model = readModel(join(ROOT, 'models/demo/1.3.0.json'));
/** Three valid demo leads as columns. */
const good = () => ({
  source: ['referral', 'webinar', null], industry: { codes: Int32Array.of(0, 1, -1), levels: ['saas', 'finance'] },
  job_level: ['vp', '', 'manager'], employees: Float64Array.of(250, NaN, 12), pages_viewed: [3, null, 14],
  demo_requested: Int8Array.of(1, 0, 0), free_email: Float64Array.of(0, 1, 0), created_at: ['2026-05-04', '2026-05-05 10:30', null],
});
const score = (patch: Record<string, unknown>, options = {}) => scoreColumns(model, { ...good(), ...patch } as never, options);

describe('scoreColumns refuses bad columns, naming the column and row index', () => {
  it('accepts the good columns (the baseline the cases below change one thing of)', () => {
    expect(score({}).rows).toBe(3);
  });

  it.each([
    ['an absent column', { industry: undefined }, /^column industry: absent, and feature industry reads it; pass the column/],
    ['a column of another length', { employees: Float64Array.of(1, 2) }, /^column employees: has 2 rows, but column source has 3; pass columns of one length$/],
    ['a number column given as a dictionary', { employees: { codes: Int32Array.of(0, 0, 0), levels: ['1'] } }, /^column employees: number feature employees reads it, so it must be a Float64Array or an array of numbers.*\(got a dictionary column\)$/],
    ['a text in a number array', { pages_viewed: [3, '14', 2] }, /^column pages_viewed, index 1: not a number \(got "14"\); pass numbers/],
    ['an infinite number', { free_email: Float64Array.of(0, Infinity, 0) }, /^column free_email, index 1: not a finite number \(got Infinity\); pass a finite number, or NaN or null when unknown$/],
    ['a log1p feature at or below -1', { employees: Float64Array.of(250, -1, 3) }, /^column employees, index 1: must be above -1 \(the model takes log1p of it\) \(got -1\); pass a value above -1, or NaN or null when unknown$/],
    ['a category column as a typed array', { source: Float64Array.of(1, 2, 3) }, /^column source: category feature source reads it, so it must be texts.*\(got a Float64Array\)$/],
    ['a number in a text column', { job_level: ['vp', 3, 'vp'] }, /^column job_level, index 1: not a text \(got 3\)/],
    ['a dictionary code out of range', { industry: { codes: Int32Array.of(0, 2, -1), levels: ['saas', 'finance'] } }, /^column industry, index 1: code not in -1 … 1 \(the column has 2 levels\) \(got 2\); use -1 for missing$/],
    ['a dictionary code below -1', { industry: { codes: Int32Array.of(0, -2, -1), levels: ['saas', 'finance'] } }, /^column industry, index 1: code not in -1 … 1/],
    ['dictionary codes not an Int32Array', { industry: { codes: [0, 1, 1], levels: ['saas', 'finance'] } }, /^column industry\.codes: not an Int32Array \(got \[0,1,1\]\)/],
    ['a dictionary level not a text', { industry: { codes: Int32Array.of(0, 1, 0), levels: ['saas', 7] } }, /^column industry, levels\[1\]: not a text \(got 7\)/],
    ['an unparseable date text', { created_at: ['2026-05-04', '31/02/2026', null] }, /^column created_at, index 1: not a date \(got "31\/02\/2026"\); use ISO 8601/],
    ['a date dictionary level that is not a date', { created_at: { codes: Int32Array.of(0, 1, 1), levels: ['2026-05-04', 'soon'] } }, /^column created_at, levels\[1\]: not a date \(got "soon"\)/],
    ['epoch ms beyond what a Date holds', { created_at: Float64Array.of(0, 9e15, 0) }, /^column created_at, index 1: not a date: epoch milliseconds beyond ±8\.64e15 \(got 9000000000000000\)/],
    ['a column that is not an array', { source: 'referral' }, /^column source: not a column \(got "referral"\); pass an array, a typed array, or a dictionary column/],
  ])('%s', (_, patch, message) => {
    expect(() => score(patch)).toThrow(message);
  });

  it('prefixes the messages with options.where', () => {
    expect(() => score({ free_email: [0, NaN, Infinity] }, { where: 'batch 3' })).toThrow(/^batch 3, column free_email, index 2: not a finite number/);
  });

  it('refuses columns that are not an object, a bad reasons count, and a goals override with a compiled scorer', () => {
    expect(() => scoreColumns(model, [] as never)).toThrow(/^columns: not an object of columns \(got \[\]\)/);
    expect(() => score({}, { reasons: 1.5 })).toThrow(/^options\.reasons: not a whole number from 0 to 100 \(got 1\.5\); ask for 0 /);
    expect(() => scoreColumns(compileScorer(model), good() as never, { goals: model.goals })).toThrow(/^options\.goals: a compiled scorer has its goals already; pass the goals to compileScorer/);
    expect(() => compileScorer(model, { goals: { name: 'x', weights: { expectedValue: -1, winProbability: 1 } } })).toThrow(/^goals override, field weights\.expectedValue: must be 0 or more/);
  });

  it('rowReasons refuses a row out of range', () => {
    const scorer = compileScorer(model);
    const s = scoreColumns(scorer, good() as never, { reasons: 2 });
    expect(rowReasons(scorer, good() as never, s.reasons!, 2).length).toBe(2);
    expect(() => rowReasons(scorer, good() as never, s.reasons!, 3)).toThrow(/^rowReasons: row not in 0 … 2 \(got 3\)$/);
    // Scored without reasons: a LeadvalueError saying how to get them, not a TypeError.
    const none = scoreColumns(scorer, good() as never);
    expect(() => rowReasons(scorer, good() as never, none.reasons!, 0)).toThrow(/^rowReasons: no reasons to read \(got null\); score with scoreColumns\(scorer, columns, \{ reasons: n \}\)/);
    expect(() => scoreColumns(scorer, good() as never, { reasons: 1e9 })).toThrow(/^options\.reasons: not a whole number from 0 to 100 \(got 1000000000\)/);
  });
});

describe('utc-parts: date parts in integer arithmetic equal those of Date (core/dates)', () => {
  const parts: DerivedPart[] = ['month', 'weekday', 'quarter', 'hour'];
  it('on random instants over the whole Date range, with fractions of a millisecond and negative times', () => {
    fc.assert(fc.property(fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }), (ms) => {
      const date = new Date(ms);
      for (const part of parts) {
        const i = utcPartIndex(ms, part);
        expect(partLevels(part)[i]).toBe(datePart(date.getTime(), part));
        expect(partNumber(i, part)).toBe(datePartNumber(date.getTime(), part));
      }
    }), { numRuns: 5000, seed: 3 });
  });

  it('at hand-picked edges: the epoch, a leap day, a millisecond before midnight, -0.5 ms (Date truncates to 0), year -271821', () => {
    expect(utcPartIndex(0, 'weekday')).toBe(4); // 1970-01-01 was a Thursday
    expect(utcPartIndex(Date.UTC(2024, 1, 29, 23, 59, 59, 999), 'month')).toBe(1);
    expect(utcPartIndex(Date.UTC(2024, 1, 29, 23, 59, 59, 999), 'hour')).toBe(23);
    expect(utcPartIndex(-0.5, 'hour')).toBe(0);
    expect(utcPartIndex(-1, 'hour')).toBe(23);
    expect(utcPartIndex(-8.64e15, 'month')).toBe(3); // -271821-04-20
    expect(partLevels('month')).toEqual(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']);
    expect(partLevels('weekday')).toEqual(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
  });
});
