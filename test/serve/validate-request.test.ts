// The request validator against the scorer: it must accept exactly what the
// scorer can read, so it never refuses a lead the scorer would score nor lets
// through one the scorer would fail on.
import { describe, expect, it } from 'vitest';
import { LeadvalueError } from '../../src/core/errors.js';
import { MAX_REASONS, scoreLead } from '../../src/scoring/score-lead.js';
import { MAX_REASONS as ServeMaxReasons, member, validateScoreRequest } from '../../src/serve/validate-request.js';
import { RequestError } from '../../src/serve/request-error.js';
import { LEAD, MODEL_A, variant } from './serve-helpers.js';

const limits = { maxBatch: 10, reasons: 3 };
/** What the validator says of one lead: 'ok' or its message. */
const validator = (lead: Record<string, unknown>) => {
  try { validateScoreRequest({ lead }, MODEL_A, limits); return 'ok'; } catch (e) { return (e as Error).message; }
};
/** What the scorer says: 'ok' or 'refused'. */
const scorer = (lead: Record<string, unknown>) => {
  try { scoreLead(MODEL_A, lead); return 'ok'; } catch (e) { if (e instanceof LeadvalueError) return 'refused'; throw e; }
};

describe('validateScoreRequest', () => {
  it('accepts a number field exactly when the scorer can read it', () => {
    const values = ['1', ' 2 ', '1e3', '.5', '5.', '+7', '-0.5', '0x10', '1,000', '1_000', 'abc', '', '  ', 'Infinity', 'NaN', '1e400', '--1', 250, 0, -0.5, -1, -2, true, false, null, undefined];
    for (const employees of values) {
      const lead = { ...LEAD, employees };
      const v = validator(lead), s = scorer(lead);
      expect(v === 'ok', `${JSON.stringify(employees)}: validator ${v}, scorer ${s}`).toBe(s === 'ok');
    }
  });

  it('accepts a date field exactly when the scorer can read it, with the scorer\'s message', () => {
    for (const created_at of ['2026-04-02', '2026-04-02 10:30:00', '2026-04-02T10:30:00Z', '02/04/2026', '2026-13-01', 'soon', '', null, 1775088000000, true]) {
      const lead = { ...LEAD, created_at };
      const v = validator(lead), s = scorer(lead);
      expect(v === 'ok', `${JSON.stringify(created_at)}: validator ${v}, scorer ${s}`).toBe(s === 'ok');
      if (s !== 'ok') {
        // Same words as the scorer's, with the request's path in place of the scorer's `lead, field created_at`.
        let scorerMessage = '';
        try { scoreLead(MODEL_A, lead); } catch (e) { scorerMessage = (e as Error).message; }
        expect(v).toBe(scorerMessage.replace(/^lead, field created_at/, 'lead.created_at'));
      }
    }
  });

  it('refuses with a RequestError carrying status and field', () => {
    try {
      validateScoreRequest({ leads: [LEAD, { ...LEAD, employees: 'many' }] }, MODEL_A, limits);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RequestError);
      expect(e).toBeInstanceOf(LeadvalueError);
      expect((e as RequestError).status).toBe(422);
      expect((e as RequestError).field).toBe('leads[1].employees');
      expect((e as RequestError).message).toMatch(/^leads\[1\]\.employees: expected a number or null \(got "many"\)/);
    }
  });

  it('ignores fields the model does not read, and fills in the defaults', () => {
    const r = validateScoreRequest({ lead: { ...LEAD, notes: { any: 'thing' } } }, MODEL_A, limits);
    expect(r).toEqual({ single: true, leads: [{ ...LEAD, notes: { any: 'thing' } }], goals: undefined, reasons: 3 });
    expect(validateScoreRequest({ leads: [], reasons: 0 }, MODEL_A, limits)).toEqual({ single: false, leads: [], goals: undefined, reasons: 0 });
  });

  it('allows up to the scorer\'s MAX_REASONS reasons, one bound with scoreLead, the CLI and export-sql', () => {
    expect(ServeMaxReasons).toBe(MAX_REASONS);
    expect(validateScoreRequest({ lead: LEAD, reasons: MAX_REASONS }, MODEL_A, limits).reasons).toBe(MAX_REASONS);
    expect(() => validateScoreRequest({ lead: LEAD, reasons: MAX_REASONS + 1 }, MODEL_A, limits))
      .toThrow(new RegExp(`^reasons: not a whole number from 0 to ${MAX_REASONS} \\(got ${MAX_REASONS + 1}\\); e\\.g\\. "reasons": 3$`));
  });

  it('checks against the model it is given: a reloaded model brings its own checks', () => {
    // Model B reads the same columns; a copy of A without employees reads one fewer, so "abc" there is not its business.
    const b = variant('1.4.0', 0.5).model;
    const noEmployees = { ...b, features: b.features.filter((f) => f.column !== 'employees') };
    expect(() => validateScoreRequest({ lead: { employees: 'abc' } }, b, limits)).toThrow(/^lead\.employees: expected a number/);
    expect(() => validateScoreRequest({ lead: { employees: 'abc' } }, noEmployees, limits)).not.toThrow();
  });

  it('names a column that is not an identifier with brackets', () => {
    expect(member('employees')).toBe('.employees');
    expect(member('Date Created')).toBe('["Date Created"]');
    expect(member('2nd')).toBe('["2nd"]');
  });
});
