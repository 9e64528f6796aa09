import { describe, expect, it } from 'vitest';
import { addDuration, DAY_MS } from '../../src/core/dates.js';
import { deriveDataEnd } from '../../src/join/data-end.js';
import { buildLeadFrameDuckdb } from '../../src/join/duckdb/build-lead-frame-duckdb.js';
import { d } from './tables.js';
import { bothFrames, configFor, valueOf, writeFiles } from './duckdb-helpers.js';

describe('buildLeadFrameDuckdb: hand-made edge cases, by hand and against buildLeadFrame', () => {
  // Horizon 30 d, data end 2024-06-30 (config: its last instant is 2024-06-30T23:59:59.999).
  const dir = writeFiles({
    'leads.csv': [
      'lead_id,created_at,account_id',
      'L1,2024-01-01,A1', // won 2024-01-10; window [01-10, 02-09)
      'L2,2024-01-02,A2', // no outcome row: never won
      'L3,2024-05-01,A3', // won 2024-06-01T00:00: the horizon's last instant is exactly the data end → complete
      'L4,2024-05-01,A4', // won one second later: its horizon ends after the data → censored
      'L5,2024-01-03,A1', // same account won again on 2024-03-01: A1's revenue from then on is L5's
      '', // a blank line: rows after it are numbered as a spreadsheet does
      'L6,2024-01-04,A6', // an outcome row without a win, then a win
    ].join('\n') + '\n',
    'outcomes.csv': 'lead_id,won_at\nL1,2024-01-10\nL3,2024-06-01\nL4,2024-06-01 00:00:01\nL5,2024-03-01\nL6,\nL6,2024-02-01\nL9,2024-01-01\n',
    'revenue.csv': [
      'account_id,at,amount',
      'A1,2024-01-05,100', // before the win: ignored
      'A1,2024-01-10,10', // exactly at won_at: counts
      'A1,2024-02-08 23:59:59,20', // last second of the window: counts
      'A1,2024-02-09,40', // exactly won_at + 30 d: excluded (half-open)
      'A1,2024-03-01,5', // L5's win: L5's
      'A3,2024-06-30 23:59:59,7', // L3, last second of its horizon
      'A4,2024-06-02,9', // censored L4: not counted
      'A6,2024-02-01,3', // L6
      'A9,2024-01-01,1', // unknown account
    ].join('\n') + '\n',
  });

  it('labels each case as worked out by hand', async () => {
    const { duck } = await bothFrames(configFor(dir));
    expect(duck.leadId).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L6']);
    // L1 = 10 + 20 (hand sum); L2 never won; L3 = 7; L4 censored; L5 = 5; L6 = 3
    expect(Array.from(duck.value)).toEqual([30, 0, 7, NaN, 5, 3]);
    expect(Array.from(duck.won)).toEqual([1, 0, 1, 1, 1, 1]);
    expect(Array.from(duck.censored)).toEqual([0, 0, 0, 1, 0, 0]);
    expect(duck.firstRevenueAt[0]).toBe(d('2024-01-10'));
    expect(duck.firstRevenueAt[3]).toBe(d('2024-06-02')); // censored leads still have a first revenue date
    expect(duck.firstRevenueAt[1]).toBeNaN();
    expect(duck.dataEnd).toBe(d('2024-06-30') + DAY_MS - 1);
    expect(duck.report).toMatchObject({ revenueRows: 9, revenueInHorizon: 5, revenueUnmatched: 1, revenueBeforeWin: 1, won: 5, censored: 1, wonWithAnyRevenue: 5, totalValue: 45 });
  });

  it('equals the TypeScript frame, warnings (with their file rows) included', async () => {
    const { ts, duck, tsWarnings, duckWarnings } = await bothFrames(configFor(dir));
    expect(duck).toEqual(ts);
    expect(duckWarnings.list()).toEqual(tsWarnings.list());
    expect(duckWarnings.format().join('\n')).toMatch(/outcome rows for leads not in .*leads\.csv are ignored \(first: row 8, lead "L9"\)/);
    expect(duckWarnings.format().join('\n')).toMatch(/leads with several outcome rows keep the earliest win \(first: row 7, lead "L6"\)/);
  });

  it('revenue keyed by lead_id instead of account_id', async () => {
    const byLead = writeFiles({
      'leads.csv': 'lead_id,created_at\nL1,2024-01-01\nL2,2024-01-01\n',
      'outcomes.csv': 'lead_id,won_at\nL1,2024-01-10\nL2,2024-01-10\n',
      'revenue.csv': 'lead_id,at,amount\nL1,2024-01-10,1.5\nL1,2024-01-20,2.25\nL2,2024-02-09,8\nL3,2024-01-15,4\n',
    });
    const config = configFor(byLead, { tables: {
      leads: { file: 'leads.csv', columns: { lead_id: 'lead_id', created_at: 'created_at' } },
      outcomes: { file: 'outcomes.csv', columns: { lead_id: 'lead_id', won_at: 'won_at' } },
      revenue: { file: 'revenue.csv', columns: { lead_id: 'lead_id', at: 'at', amount: 'amount' } },
    } });
    const { ts, duck } = await bothFrames(config);
    expect(Array.from(duck.value)).toEqual([3.75, 0]); // L1 = 1.5 + 2.25; L2's only row is at won_at + 30 d: excluded
    expect(duck.report).toMatchObject({ revenueUnmatched: 1, revenueInHorizon: 2 });
    expect(duck).toEqual(ts);
  });

  it('calendar-month horizons clamp like addDuration: 3m from Jan 31 ends Apr 30, time of day kept', async () => {
    const months = writeFiles({
      'leads.csv': 'lead_id,created_at,account_id\nM1,2023-01-01,A1\nM2,2023-11-30,A2\n',
      'outcomes.csv': 'lead_id,won_at\nM1,2023-01-31 10:00:00\nM2,2023-11-30 00:00:00\n',
      'revenue.csv': 'account_id,at,amount\nA1,2023-04-30 09:59:59,1\nA1,2023-04-30 10:00:00,2\nA2,2024-02-28 23:59:59,4\nA2,2024-02-29,8\n',
    });
    const config = configFor(months, { label: { horizon: '3m', dataEnd: '2024-06-30' } });
    // Independent anchors: addDuration (src/core/dates.ts) and the calendar by hand.
    expect(addDuration(d('2023-01-31T10:00:00'), { amount: 3, unit: 'months' })).toBe(d('2023-04-30T10:00:00'));
    expect(addDuration(d('2023-11-30'), { amount: 3, unit: 'months' })).toBe(d('2024-02-29')); // 2024 is a leap year
    const { ts, duck } = await bothFrames(config);
    expect(Array.from(duck.value)).toEqual([1, 4]);
    expect(duck).toEqual(ts);
    const years = await bothFrames(configFor(months, { label: { horizon: '1y', dataEnd: '2025-06-30' } }));
    expect(years.duck).toEqual(years.ts);
  });

  it('whitespace-separated, gzip-compressed, day-first dates (CDNOW-like files)', async () => {
    const spaced = writeFiles({
      'leads.txt.gz': 'id  day   acct\n  1 01/02/2020 a\n2\t15.02.2020  b\n',
      'outcomes.txt': 'id won\n1 03/02/2020\n2 16/02/2020\n',
      'revenue.txt': 'acct at amount\na 03/02/2020 12.5\na 04/03/2020 1e1\nb 16/02/2020 .5\n',
    });
    const config = configFor(spaced, { tables: {
      leads: { file: 'leads.txt.gz', delimiter: 'whitespace', dateFormat: 'dd/mm/yyyy', columns: { lead_id: 'id', created_at: 'day', account_id: 'acct' } },
      outcomes: { file: 'outcomes.txt', delimiter: 'whitespace', dateFormat: 'dd/mm/yyyy', columns: { lead_id: 'id', won_at: 'won' } },
      revenue: { file: 'revenue.txt', delimiter: 'whitespace', dateFormat: 'dd/mm/yyyy', columns: { account_id: 'acct', at: 'at', amount: 'amount' } },
    }, label: { horizon: '30d', dataEnd: '2020-06-30' } });
    const { ts, duck } = await bothFrames(config);
    expect(Array.from(duck.createdAt)).toEqual([d('2020-02-01'), d('2020-02-15')]);
    expect(Array.from(duck.value)).toEqual([12.5, 0.5]); // a's 2020-03-04 row is 30 days after 02-03: out
    expect(duck).toEqual(ts);
  });

  it('derives the data end from revenue dates as deriveDataEnd does (random exports with typos and thin tails)', async () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 4; trial++) {
      const dates: number[] = [];
      const days = 40 + Math.floor(rand() * 80);
      for (let k = 0; k < days; k++) {
        const perDay = k > days - 6 ? Math.floor(rand() * 4) : 5 + Math.floor(rand() * 20); // a thin tail at the end
        for (let j = 0; j < perDay; j++) dates.push(d('2023-01-01') + k * DAY_MS + Math.floor(rand() * DAY_MS / 1000) * 1000);
      }
      if (trial % 2 === 0) dates.push(d('2029-05-05'), d('2029-05-06')); // far-future typos
      const lines = dates.map((t, i) => `A${i % 3},${new Date(t).toISOString().slice(0, 19).replace('T', ' ')},1`);
      const files = writeFiles({ 'leads.csv': 'lead_id,created_at,account_id\nL1,2023-01-01,A0\n', 'outcomes.csv': 'lead_id,won_at\nL1,2023-01-02\n', 'revenue.csv': 'account_id,at,amount\n' + lines.join('\n') + '\n' });
      const { frame } = await buildLeadFrameDuckdb(configFor(files, { label: { horizon: '30d', dataEnd: 'auto' } }), { threads: 2 });
      const reference = deriveDataEnd(Float64Array.from(dates));
      expect(frame.dataEnd).toBe(reference.at);
      expect([frame.report.revenueOutliers, frame.report.revenueThinTail, frame.report.revenueOutlierDates]).toEqual([reference.outliers, reference.thinTail, reference.outlierDates]);
    }
  }, 60_000);
});
