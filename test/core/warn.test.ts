import { describe, expect, it } from 'vitest';
import { Warnings } from '../../src/core/warn.js';
import { formatProblem, LeadvalueError, shown } from '../../src/core/errors.js';

describe('Warnings', () => {
  it('deduplicates by key, counts occurrences and keeps the first message', () => {
    const w = new Warnings();
    w.warn('unseen:origin', 'first message');
    w.warn('unseen:origin', 'second message');
    w.warn('unseen:origin', 'third message', 5);
    w.warn('dup', 'a duplicate');
    expect(w.size).toBe(2);
    expect(w.list()).toEqual([
      { key: 'unseen:origin', message: 'first message', count: 7 },
      { key: 'dup', message: 'a duplicate', count: 1 },
    ]);
    expect(w.format()).toEqual(['first message (7 times)', 'a duplicate']);
  });

  it('lists in the order first seen and hands out copies', () => {
    const w = new Warnings();
    w.warn('b', 'B');
    w.warn('a', 'A');
    w.warn('b', 'B');
    const listed = w.list();
    expect(listed.map((x) => x.key)).toEqual(['b', 'a']);
    listed[0].count = 100;
    expect(w.list()[0].count).toBe(2);
  });

  it('starts empty', () => {
    const w = new Warnings();
    expect(w.size).toBe(0);
    expect(w.format()).toEqual([]);
  });
});

describe('LeadvalueError', () => {
  it('formats where: what (got X); fix, as in STYLE.md', () => {
    const e = new LeadvalueError('leads.csv row 18, column created_at', 'not a date', shown('31/02/2024'), 'use ISO 8601');
    expect(e.message).toBe('leads.csv row 18, column created_at: not a date (got "31/02/2024"); use ISO 8601');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('LeadvalueError');
    expect(e.where).toBe('leads.csv row 18, column created_at');
    expect(e.what).toBe('not a date');
  });

  it('leaves out the parts not given', () => {
    expect(formatProblem('', 'no rows')).toBe('no rows');
    expect(formatProblem('x', 'bad', undefined, 'fix it')).toBe('x: bad; fix it');
    expect(formatProblem('x', 'bad', '3')).toBe('x: bad (got 3)');
  });

  it('shows values quoted and cut to 60 characters', () => {
    expect(shown('a'.repeat(100))).toBe(JSON.stringify('a'.repeat(57) + '...'));
    expect(shown(undefined)).toBe('nothing');
    expect(shown(null)).toBe('null');
    expect(shown(2.5)).toBe('2.5');
    expect(shown({ a: 1 })).toBe('{"a":1}');
  });
});
