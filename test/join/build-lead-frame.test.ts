import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, type Duration } from '../../src/core/dates.js';
import { Warnings } from '../../src/core/warn.js';
import { buildLeadFrame } from '../../src/join/build-lead-frame.js';
import type { RawFeature } from '../../src/load/load-source.js';
import { d, makeTables } from './tables.js';

const days = (amount: number): Duration => ({ amount, unit: 'days' });
const valueOf = (frame: { leadId: string[]; value: Float64Array }, id: string) => frame.value[frame.leadId.indexOf(id)];

describe('buildLeadFrame: point-in-time value labels', () => {
  // Horizon 30 days, data end 2024-06-30 (config).
  // L1, account A1, won 2024-01-10: its window is [2024-01-10, 2024-02-09).
  // L2, account A2: an outcome row without a win. L3, account A3, won 2024-06-20:
  // its window ends 2024-07-20, after the data → censored. L4: no outcome row.
  const tables = makeTables(
    [
      { id: 'L1', created: '2024-01-01', account: 'A1' },
      { id: 'L2', created: '2024-01-02', account: 'A2' },
      { id: 'L3', created: '2024-06-01', account: 'A3' },
      { id: 'L4', created: '2024-02-01', account: 'A4' },
    ],
    [{ lead: 'L1', won: '2024-01-10' }, { lead: 'L2', won: null }, { lead: 'L3', won: '2024-06-20' }],
    [
      { key: 'A1', at: '2024-01-05', amount: 100 }, // before the win: ignored, revenueBeforeWin
      { key: 'A1', at: '2024-01-10', amount: 10 }, // at won_at: counts
      { key: 'A1', at: '2024-02-08T23:59:59', amount: 20 }, // won_at + 29 d 23:59:59: counts
      { key: 'A1', at: '2024-02-09', amount: 40 }, // exactly won_at + 30 d: excluded (half-open)
      { key: 'A1', at: '2024-03-01', amount: 80 }, // after the horizon: excluded
      { key: 'A2', at: '2024-01-20', amount: 7 }, // account never won: unmatched
      { key: 'A3', at: '2024-06-25', amount: 50 }, // censored lead: not counted
      { key: 'A9', at: '2024-05-01', amount: 3 }, // unknown account: unmatched
    ],
  );

  it('counts revenue only in [won_at, won_at + horizon); never-won leads are worth 0', () => {
    const frame = buildLeadFrame(tables, { horizon: days(30), dataEnd: d('2024-06-30') });
    // L1 = 10 + 20 = 30 (hand sum); L2, L4 never won = 0; L3 censored = NaN
    expect(Array.from(frame.value)).toEqual([30, 0, NaN, 0]);
    expect(Array.from(frame.won)).toEqual([1, 0, 1, 0]);
    expect(Array.from(frame.censored)).toEqual([0, 0, 1, 0]);
    expect(frame.wonAt[0]).toBe(d('2024-01-10'));
    expect(frame.wonAt[1]).toBeNaN();
    expect(frame.wonAt[3]).toBeNaN();
    expect(frame.rows).toBe(4);
  });

  it('reports what it did, by hand count', () => {
    const warnings = new Warnings();
    const { report, dataEnd } = buildLeadFrame(tables, { horizon: days(30), dataEnd: d('2024-06-30') }, warnings);
    expect(report).toEqual({
      horizon: '30d', dataEnd: '2024-06-30', dataEndSource: 'config',
      revenueOutliers: 0, revenueOutlierDates: [], revenueThinTail: 0,
      leads: 4, won: 2, censored: 1, wonWithValue: 1, wonWithoutValue: 0,
      wonWithAnyRevenue: 2, // L1 and L3 (censored, but it has revenue)
      totalValue: 30, // the censored L3 is left out, not counted as 0 or 50
      revenueRows: 8, revenueInHorizon: 2, revenueUnmatched: 2, revenueUnknownKey: 1, revenueBeforeWin: 1, // unmatched: A2 (never won) and A9 (unknown)
      dateRange: { from: '2024-01-01', to: '2024-06-01' },
    });
    // the configured end is a day: the data covers it to its last millisecond
    expect(dataEnd).toBe(d('2024-07-01') - 1);
    // Each names its first row (makeTables numbers revenue rows 2, 3, … as a file without blank lines); A2's row
    // is for an account that never won, which the report counts but no warning names: it is a known account.
    expect(warnings.list()).toEqual([
      { key: 'revenue-before-win', count: 1,
        message: 'revenue.csv: revenue rows dated before their account\'s first win are ignored (first: row 2, account "A1", first won 2024-01-10); check the dates, or the account the rows are keyed by' },
      { key: 'revenue-unknown-key', count: 1, message: 'revenue.csv: revenue rows for accounts not in leads.csv are ignored (first: row 9, account "A9")' },
    ]);
  });

  it('censors a won lead whose horizon ends after the data, and keeps one that ends before', () => {
    // L3 won 2024-06-20: 30 d → 2024-07-20. With the data ending 2024-07-31 it is complete: 50.
    const later = buildLeadFrame(tables, { horizon: days(30), dataEnd: d('2024-07-31') });
    expect(valueOf(later, 'L3')).toBe(50);
    expect(later.report.censored).toBe(0);
    expect(later.report.totalValue).toBe(80);
    // With a 1-year horizon even L1 (2024-01-10 → 2025-01-10) is censored.
    const long = buildLeadFrame(tables, { horizon: { amount: 1, unit: 'years' }, dataEnd: d('2024-12-31') });
    expect(Array.from(long.censored)).toEqual([1, 0, 1, 0]);
    expect(long.report.totalValue).toBe(0);
    expect(long.report.revenueInHorizon).toBe(0);
  });

  it('treats a horizon whose last instant is the data end as complete', () => {
    // Won 2024-01-01, 30 days: the window is [2024-01-01, 2024-01-31), its last instant
    // 2024-01-30T23:59:59.999. The data end 2024-01-30 covers through that same instant,
    // so every revenue row that could count is in the data: the value is known (5 + 6 = 11).
    const t = makeTables(
      [{ id: 'L1', created: '2023-12-01', account: 'A' }],
      [{ lead: 'L1', won: '2024-01-01' }],
      [{ key: 'A', at: '2024-01-01', amount: 5 }, { key: 'A', at: '2024-01-30T23:59:59.999', amount: 6 }],
    );
    const frame = buildLeadFrame(t, { horizon: days(30), dataEnd: d('2024-01-30') });
    expect(frame.report.censored).toBe(0);
    expect(frame.value[0]).toBe(11);
  });

  it('censors when the data stops one day before the horizon does', () => {
    const t = makeTables([{ id: 'L1', created: '2023-12-01', account: 'A' }], [{ lead: 'L1', won: '2024-01-01' }], [{ key: 'A', at: '2024-01-02', amount: 5 }]);
    const frame = buildLeadFrame(t, { horizon: days(30), dataEnd: d('2024-01-29') });
    expect(frame.report.censored).toBe(1);
    expect(frame.value[0]).toBeNaN();
  });

  it('uses calendar months for the horizon (Jan 31 + 1 month = Feb 29 2024)', () => {
    const t = makeTables(
      [{ id: 'L1', created: '2024-01-01', account: 'A' }],
      [{ lead: 'L1', won: '2024-01-31' }],
      [{ key: 'A', at: '2024-02-28T12:00', amount: 1 }, { key: 'A', at: '2024-02-29', amount: 100 }],
    );
    const frame = buildLeadFrame(t, { horizon: { amount: 1, unit: 'months' }, dataEnd: d('2024-12-31') });
    expect(frame.value[0]).toBe(1);
    expect(frame.report.horizon).toBe('1m');
  });

  it('splits the revenue of an account won twice by date: each row goes to the latest win at or before it', () => {
    // Horizon 90 d. L6 (won 2024-03-01) is listed first, L5 (won 2024-01-01) second.
    // 2023-12-20 → before both wins (ignored); 2024-02-01 → L5; 2024-03-01 and 2024-03-15 → L6
    // (although inside L5's window, L6 is the latest win); 2024-06-01 → L6, but after its window
    // (2024-03-01 + 90 d = 2024-05-30): excluded. L5 = 10, L6 = 20 + 40 = 60.
    const t = makeTables(
      [{ id: 'L6', created: '2024-02-15', account: 'A4' }, { id: 'L5', created: '2023-12-01', account: 'A4' }],
      [{ lead: 'L5', won: '2024-01-01' }, { lead: 'L6', won: '2024-03-01' }],
      [
        { key: 'A4', at: '2024-06-01', amount: 80 },
        { key: 'A4', at: '2024-03-15', amount: 40 },
        { key: 'A4', at: '2023-12-20', amount: 5 },
        { key: 'A4', at: '2024-02-01', amount: 10 },
        { key: 'A4', at: '2024-03-01', amount: 20 },
      ],
    );
    const frame = buildLeadFrame(t, { horizon: days(90), dataEnd: d('2024-12-31') });
    expect(valueOf(frame, 'L5')).toBe(10);
    expect(valueOf(frame, 'L6')).toBe(60);
    expect(frame.report.revenueBeforeWin).toBe(1);
    expect(frame.report.revenueInHorizon).toBe(3);
    expect(frame.report.totalValue).toBe(70);
  });

  it('keys revenue by lead_id when the revenue table says so', () => {
    // L1 and L2 share account A1, but revenue names leads: L1 = 10; L2 = 5 (its 99 predates its win);
    // the row keyed "A1" matches no lead id: unmatched.
    const t = makeTables(
      [{ id: 'L1', created: '2024-01-01', account: 'A1' }, { id: 'L2', created: '2024-01-02', account: 'A1' }],
      [{ lead: 'L1', won: '2024-01-10' }, { lead: 'L2', won: '2024-02-01' }],
      [
        { key: 'L1', at: '2024-01-15', amount: 10 },
        { key: 'L2', at: '2024-01-15', amount: 99 },
        { key: 'L2', at: '2024-02-10', amount: 5 },
        { key: 'A1', at: '2024-01-20', amount: 1000 },
        { key: null, at: '2024-01-20', amount: 1 },
      ],
      { keyRole: 'lead_id' },
    );
    const frame = buildLeadFrame(t, { horizon: days(60), dataEnd: d('2024-12-31') });
    expect(Array.from(frame.value)).toEqual([10, 5]);
    expect(frame.report).toMatchObject({ revenueInHorizon: 2, revenueBeforeWin: 1, revenueUnmatched: 2, totalValue: 15 });
  });

  it('takes the account from the outcome row when the outcomes table has one', () => {
    const t = makeTables(
      [{ id: 'L1', created: '2024-01-01', account: null }],
      [{ lead: 'L1', won: '2024-01-10', account: 'A7' }],
      [{ key: 'A7', at: '2024-01-11', amount: 12 }],
      { outcomeAccounts: true },
    );
    expect(buildLeadFrame(t, { horizon: days(30), dataEnd: d('2024-12-31') }).value[0]).toBe(12);
  });
});

describe('buildLeadFrame: outcome rows', () => {
  const leads = [{ id: 'L1', created: '2024-01-01', account: 'A1' }, { id: 'L2', created: '2024-01-01', account: 'A2' }];

  it('ignores outcome rows for unknown leads, with one counted warning naming the first row', () => {
    const warnings = new Warnings();
    const t = makeTables(
      leads,
      [{ lead: 'L1', won: '2024-01-10' }, { lead: 'LX', won: '2024-01-10' }, { lead: 'LY', won: null }, { lead: 'LX', won: '2024-02-01' }],
      [{ key: 'A1', at: '2024-01-11', amount: 1 }],
    );
    const frame = buildLeadFrame(t, { horizon: days(30), dataEnd: d('2024-02-10') }, warnings);
    expect(frame.report.won).toBe(1);
    expect(warnings.size).toBe(1);
    const [w] = warnings.list();
    expect(w.key).toBe('outcome-unknown-lead');
    expect(w.count).toBe(3);
    // the first unknown lead is on the second data row: file row 3 (the header is row 1)
    expect(w.message).toMatch(/^outcomes\.csv: outcome rows for leads not in leads\.csv are ignored \(first: row 3, lead "LX"\)/);
  });

  it('keeps the earliest win of a lead with several outcome rows, whichever row comes first', () => {
    // deal_size is a deal-stage feature: it must come from the row whose win is kept.
    const dealSize = (values: number[]): RawFeature => ({ name: 'deal_size', stage: 'deal', kind: 'number', transform: 'none', column: 'deal_size', values: Float64Array.from(values) });
    for (const [rows, sizes, keptSize] of [
      [[{ lead: 'L1', won: '2024-02-01' }, { lead: 'L1', won: '2024-01-10' }], [5, 7], 7],
      [[{ lead: 'L1', won: '2024-01-10' }, { lead: 'L1', won: '2024-02-01' }], [7, 5], 7],
    ] as const) {
      const warnings = new Warnings();
      const t = makeTables(leads, [...rows], [{ key: 'A1', at: '2024-01-20', amount: 3 }], { outcomeFeatures: [dealSize([...sizes])] });
      const frame = buildLeadFrame(t, { horizon: days(30), dataEnd: d('2024-02-15') }, warnings);
      expect(frame.wonAt[0]).toBe(d('2024-01-10'));
      expect(frame.value[0]).toBe(3); // 2024-01-20 is inside [01-10, 02-09)
      const feature = frame.features.find((f) => f.name === 'deal_size');
      expect(feature?.kind === 'number' && Array.from(feature.values)).toEqual([keptSize, NaN]);
      expect(warnings.list()).toEqual([{ key: 'outcome-duplicate', message: expect.stringMatching(/^outcomes\.csv: leads with several outcome rows keep the earliest win \(first: row 3, lead "L1"\)/), count: 1 }]);
    }
  });

  it('keeps a win when another outcome row of the same lead has no win, in either order', () => {
    // "won_at (empty if never won)": one lost row and one won row mean the lead was won.
    for (const rows of [
      [{ lead: 'L1', won: '2024-01-10' }, { lead: 'L1', won: null }],
      [{ lead: 'L1', won: null }, { lead: 'L1', won: '2024-01-10' }],
    ]) {
      const t = makeTables(leads, rows, [{ key: 'A1', at: '2024-01-20', amount: 3 }]);
      const frame = buildLeadFrame(t, { horizon: days(30), dataEnd: d('2024-02-15') });
      expect(frame.wonAt[0], JSON.stringify(rows)).toBe(d('2024-01-10'));
      expect(frame.value[0], JSON.stringify(rows)).toBe(3);
    }
  });

  it('warns about leads won before they were created', () => {
    const warnings = new Warnings();
    const t = makeTables(leads, [{ lead: 'L1', won: '2023-12-01' }, { lead: 'L2', won: '2023-11-01' }], [{ key: 'A1', at: '2024-01-20', amount: 3 }]);
    buildLeadFrame(t, { horizon: days(30), dataEnd: d('2024-02-15') }, warnings);
    expect(warnings.list()).toEqual([{ key: 'won-before-created', message: expect.stringMatching(/won before they were created \(first: row 2, lead "L1"\); check the date columns/), count: 2 }]);
  });
  it('warns when an explicit data end lies more than 31 days after the last revenue row (horizons in the gap look complete)', () => {
    const warnings = new Warnings();
    const t = makeTables(leads, [{ lead: 'L1', won: '2024-01-10' }], [{ key: 'A1', at: '2024-01-20', amount: 3 }]);
    buildLeadFrame(t, { horizon: days(30), dataEnd: d('2024-02-19') }, warnings); // 30 days after 01-20: fine
    expect(warnings.size).toBe(0);
    buildLeadFrame(t, { horizon: days(30), dataEnd: d('2024-12-31') }, warnings);
    expect(warnings.list()).toEqual([{ key: 'data-end-late', count: 1,
      message: expect.stringMatching(/^label\.dataEnd 2024-12-31 is more than 31 days after the last revenue row on or before it \(2024-01-20\)/) }]);
  });


  it('aligns deal-stage features to leads, missing where a lead has no outcome row', () => {
    const reason: RawFeature = { name: 'reason', stage: 'deal', kind: 'category', column: 'reason', codes: Int32Array.of(1, 0), levels: ['price', 'fit'] };
    const t = makeTables(
      [...leads, { id: 'L3', created: '2024-01-01', account: 'A3' }],
      [{ lead: 'L3', won: null }, { lead: 'L1', won: '2024-01-10' }],
      [{ key: 'A1', at: '2024-01-20', amount: 3 }],
      { outcomeFeatures: [reason] },
    );
    const frame = buildLeadFrame(t, { horizon: days(30), dataEnd: d('2024-12-31') });
    const f = frame.features[0];
    // L1 ← outcome row 1 (code 0 "price"); L2 has none (-1); L3 ← outcome row 0 (code 1 "fit")
    expect(f.kind === 'category' && Array.from(f.codes)).toEqual([0, -1, 1]);
    expect(f.kind === 'category' && f.levels).toEqual(['price', 'fit']);
  });
});

describe('buildLeadFrame: the end of the data', () => {
  it('derives the end from the revenue dates when asked (auto)', () => {
    const t = makeTables(
      [{ id: 'L1', created: '2024-01-01', account: 'A' }],
      [{ lead: 'L1', won: '2024-01-02' }],
      [{ key: 'A', at: '2024-01-03', amount: 1 }, { key: 'B', at: '2024-01-20T08:00', amount: 1 }],
    );
    const frame = buildLeadFrame(t, { horizon: days(10), dataEnd: 'auto' });
    // fewer than 29 days of data: no thin-tail rule; the end is the last revenue day's last instant
    expect(frame.dataEnd).toBe(d('2024-01-21') - 1);
    expect(frame.report).toMatchObject({ dataEnd: '2024-01-20', dataEndSource: 'revenue', revenueOutliers: 0, revenueThinTail: 0, censored: 0, totalValue: 1 });
  });

  it('refuses to guess the end when the revenue table has no dates', () => {
    const t = makeTables([{ id: 'L1', created: '2024-01-01', account: 'A' }], [], []);
    expect(() => buildLeadFrame(t, { horizon: days(10), dataEnd: 'auto' })).toThrow(/^revenue\.csv: cannot find the end of the data.*; set label\.dataEnd in the config/);
  });

  it('handles an empty leads table', () => {
    const frame = buildLeadFrame(makeTables([], [], [{ key: 'A', at: '2024-01-03', amount: 1 }]), { horizon: days(10), dataEnd: d('2024-12-31') });
    expect(frame.rows).toBe(0);
    expect(frame.report).toMatchObject({ leads: 0, won: 0, revenueUnmatched: 1, dateRange: { from: '', to: '' } });
  });
});

describe('buildLeadFrame agrees with a brute-force join (property)', () => {
  // Leads on distinct win days (no ties between wins), revenue on random days, data end on day D,
  // horizon h days. Brute force: a revenue row belongs to the won lead of its account with the
  // latest win day ≤ its day; it counts when its day < win + h.
  const lead = fc.record({ account: fc.constantFrom('A', 'B', 'C'), won: fc.boolean(), winDay: fc.integer({ min: 0, max: 120 }) });
  const scenario = fc.record({
    leads: fc.uniqueArray(lead, { selector: (l) => l.winDay, minLength: 1, maxLength: 8 }),
    revenue: fc.array(fc.record({ key: fc.constantFrom('A', 'B', 'C', 'Z'), day: fc.integer({ min: 0, max: 200 }), hour: fc.integer({ min: 0, max: 23 }), amount: fc.integer({ min: 0, max: 100 }) }), { maxLength: 30 }),
    h: fc.integer({ min: 1, max: 60 }),
    end: fc.integer({ min: 0, max: 200 }),
  });
  const base = d('2024-01-01');
  const iso = (day: number, hour = 0) => new Date(base + day * DAY_MS + hour * 3_600_000).toISOString().slice(0, 19);

  it('on values, censoring and counts', () => {
    fc.assert(fc.property(scenario, (s) => {
      const t = makeTables(
        s.leads.map((l, i) => ({ id: `L${i}`, created: iso(0), account: l.account })),
        s.leads.map((l, i) => ({ lead: `L${i}`, won: l.won ? iso(l.winDay) : null })),
        s.revenue.map((r) => ({ key: r.key, at: iso(r.day, r.hour), amount: r.amount })),
      );
      const frame = buildLeadFrame(t, { horizon: days(s.h), dataEnd: base + s.end * DAY_MS });

      const expected = s.leads.map(() => 0);
      let unmatched = 0, before = 0;
      for (const r of s.revenue) {
        const wins = s.leads.map((l, i) => ({ l, i })).filter(({ l }) => l.won && l.account === r.key);
        if (wins.length === 0) { unmatched++; continue; }
        const owners = wins.filter(({ l }) => l.winDay <= r.day);
        if (owners.length === 0) { before++; continue; }
        const owner = owners.reduce((a, b) => (b.l.winDay > a.l.winDay ? b : a));
        if (r.day < owner.l.winDay + s.h) expected[owner.i] += r.amount;
      }
      expect(frame.report.revenueUnmatched).toBe(unmatched);
      expect(frame.report.revenueBeforeWin).toBe(before);
      let total = 0;
      s.leads.forEach((l, i) => {
        if (!l.won) { expect(frame.value[i]).toBe(0); expect(frame.censored[i]).toBe(0); return; }
        const lastDay = l.winDay + s.h - 1; // last day of the window
        if (lastDay > s.end) expect(frame.censored[i]).toBe(1); // the window runs past the data
        if (lastDay < s.end) expect(frame.censored[i]).toBe(0); // (lastDay === end: see the boundary test above)
        if (frame.censored[i]) expect(frame.value[i]).toBeNaN();
        else { expect(frame.value[i]).toBe(expected[i]); total += expected[i]; }
      });
      expect(frame.report.totalValue).toBe(total);
      expect(frame.report.won).toBe(s.leads.filter((l) => l.won).length);
    }), { numRuns: 300 });
  });
});

describe('buildLeadFrame: first revenue after the win (the funnel\'s active stage)', () => {
  it('is the earliest revenue row owned by the win, inside the horizon or not, censored or not', () => {
    // Horizon 30 d, data end 2024-03-31. L1 won 01-10: rows 01-05 (before the win: ignored), 03-01, 01-20 →
    // first 01-20. L2 won 03-20: censored, but its row 03-25 makes it active. L3 won, no revenue. L4 never won.
    // Account A5 is won twice (L5 01-01, L6 02-01): 01-15 → L5; 02-10 and 02-05 → L6, first 02-05.
    const t = makeTables(
      [
        { id: 'L1', created: '2024-01-01', account: 'A1' }, { id: 'L2', created: '2024-03-01', account: 'A2' },
        { id: 'L3', created: '2024-01-01', account: 'A3' }, { id: 'L4', created: '2024-01-01', account: 'A4' },
        { id: 'L5', created: '2023-12-01', account: 'A5' }, { id: 'L6', created: '2024-01-20', account: 'A5' },
      ],
      [{ lead: 'L1', won: '2024-01-10' }, { lead: 'L2', won: '2024-03-20' }, { lead: 'L3', won: '2024-01-15' }, { lead: 'L5', won: '2024-01-01' }, { lead: 'L6', won: '2024-02-01' }],
      [
        { key: 'A1', at: '2024-01-05', amount: 1 }, { key: 'A1', at: '2024-03-01', amount: 2 }, { key: 'A1', at: '2024-01-20', amount: 3 },
        { key: 'A2', at: '2024-03-25', amount: 4 }, { key: 'A4', at: '2024-02-01', amount: 5 },
        { key: 'A5', at: '2024-02-10', amount: 6 }, { key: 'A5', at: '2024-01-15', amount: 7 }, { key: 'A5', at: '2024-02-05', amount: 8 },
      ],
    );
    const frame = buildLeadFrame(t, { horizon: days(30), dataEnd: d('2024-03-31') });
    expect(Array.from(frame.firstRevenueAt)).toEqual([d('2024-01-20'), d('2024-03-25'), NaN, NaN, d('2024-01-15'), d('2024-02-05')]);
    // active leads are the won leads with any revenue: the report's count agrees
    expect(frame.report.wonWithAnyRevenue).toBe(Array.from(frame.firstRevenueAt).filter((x) => !Number.isNaN(x)).length);
  });
});
