import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { earlyActivityFrame, type EarlyActivityOptions } from '../../src/features/early-activity.js';
import { readCsv, type ColumnRequest } from '../../src/load/read-csv.js';
import type { RawFeature } from '../../src/load/load-source.js';
import { CDNOW_READ } from '../load/cdnow-columns.js';

const dir = mkdtempSync(join(tmpdir(), 'leadvalue-early-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COLUMNS: ColumnRequest[] = [
  { name: 'customer', type: 'category', required: true },
  { name: 'at', type: 'date' },
  { name: 'items', type: 'number' },
  { name: 'amount', type: 'number' },
];
const OPTIONS: EarlyActivityOptions = { customer: 'customer', at: 'at', amount: 'amount', counts: ['items'] };

async function log(name: string, text: string, columns = COLUMNS) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return readCsv(path, { columns });
}

const values = (features: RawFeature[], c: number) =>
  Object.fromEntries(features.map((f) => [f.name, f.kind === 'number' ? f.values[c] : f.levels[f.codes[c]]]));

// A hand-made log, rows out of date order. Defaults: early window = days 0–83 after the
// first purchase's day, horizon = days 84–447. The data end is the latest date, 2021-06-30.
// Days from 2020-01-01 (python3 datetime): 2020-03-24 = day 83, 2020-03-25 = 84,
// 2021-03-23 = 447, 2021-03-24 = 448; 2020-02-10 = day 40, 2020-04-09 = 99, 2020-04-10 = 100.
const TINY = [
  'customer,at,items,amount',
  'A,2020-01-01,2,10.00',
  'B,2020-02-10,1,0', //                B's only early purchase is free
  'A,2020-03-24,1,20', //               A day 83: early
  'A,2020-03-25T23:30,1,7', //          A day 84 (late that day): horizon, not early
  'A,2020-01-01,1,5', //                A day 0 again
  'A,2021-03-23,1,3', //                A day 447: the horizon's last day
  'A,2021-03-24,1,100', //              A day 448: after the horizon, in neither part
  'C,2020-04-10,1,12', //               horizon ends 2021-07-01 > data end: censored
  'D,2020-04-09,1,8', //                horizon ends exactly on the data end: complete
  'D,2021-06-30,1,4', //                D day 447
  'B,2021-06-30,1,50', //               B day 506: after its horizon
  'E,2021-05-01,2,30', //               early window itself cut by the data end
].join('\n') + '\n';

describe('earlyActivityFrame on a hand-made log', async () => {
  const readTiny = await log('tiny.csv', TINY);
  const frame = earlyActivityFrame(readTiny, OPTIONS);

  it('puts a purchase on day 83 in the early window and one on day 84 in the horizon', () => {
    expect(frame.customerId).toEqual(['A', 'B', 'C', 'D', 'E']);
    // A: day 0 = 10 + 5 (3 items); early = 10 + 5 + 20 (4 items, 3 transactions on 2 days, last on day 83);
    // value = 7 (day 84) + 3 (day 447); the 100 on day 448 counts nowhere.
    expect(values(frame.features, 0)).toEqual({
      first_amount: 15, first_items: 3, early_amount: 35, early_items: 4, early_transactions: 3, early_active_days: 2, early_last_day: 83, cohort_day: 0,
    });
    expect(frame.value[0]).toBe(10);
    expect(frame.firstAt[0]).toBe(Date.UTC(2020, 0, 1));
  });

  it('gives a customer with no purchase in the horizon value 0, not missing', () => {
    expect(values(frame.features, 1)).toEqual({
      first_amount: 0, first_items: 1, early_amount: 0, early_items: 1, early_transactions: 1, early_active_days: 1, early_last_day: 0, cohort_day: 40,
    });
    expect(frame.value[1]).toBe(0);
    expect(frame.censored[1]).toBe(0);
  });

  it('censors customers whose horizon ends after the data end: value NaN, never 0', () => {
    expect(frame.dataEnd).toBe(Date.UTC(2021, 5, 30));
    expect(Array.from(frame.censored)).toEqual([0, 0, 1, 0, 1]);
    expect(frame.value[2]).toBeNaN();
    expect(frame.value[4]).toBeNaN();
    expect(frame.value[3]).toBe(4); // D's horizon's last day is the data end itself
    expect(values(frame.features, 2).cohort_day).toBe(100);
    expect(frame.report).toEqual({
      transactions: 12, customers: 5, customersAfterDataEnd: 0, censored: 2, earlyIncomplete: 1, zeroAmount: 1, afterDataEnd: 0,
      earlyDays: 84, horizonDays: 364, dataEnd: '2021-06-30', firstFrom: '2020-01-01', firstTo: '2021-05-01',
    });
  });

  it('returns raw features fitFeatures takes: lead stage, counts and amounts on log1p', () => {
    expect(frame.features.map((f) => [f.name, f.kind, f.stage, f.kind === 'number' ? f.transform : '']).map((x) => x.join(' '))).toEqual([
      'first_amount number lead log1p', 'first_items number lead log1p', 'early_amount number lead log1p', 'early_items number lead log1p',
      'early_transactions number lead log1p', 'early_active_days number lead none', 'early_last_day number lead none', 'cohort_day number lead none',
    ]);
  });

  it('leaves out transactions after an explicit data end, and customers not yet seen by then', () => {
    // As of 2021-03-23: A's 2021-03-24, B's and D's 2021-06-30 and E's 2021-05-01 are after it; E is not a customer yet.
    const asOf = earlyActivityFrame(readTiny, { ...OPTIONS, dataEnd: Date.UTC(2021, 2, 23, 12) });
    expect(asOf.customerId).toEqual(['A', 'B', 'C', 'D']);
    expect(asOf.report).toMatchObject({ transactions: 8, afterDataEnd: 4, customersAfterDataEnd: 1, censored: 3, dataEnd: '2021-03-23' });
    expect(asOf.value[0]).toBe(10); // A's day 447 is 2021-03-23: complete
    expect(Array.from(asOf.censored)).toEqual([0, 1, 1, 1]);
  });

  it('uses the windows it is given: earlyDays 1 keeps only the first day', () => {
    const short = earlyActivityFrame(readTiny, { ...OPTIONS, earlyDays: 1, horizonDays: 83 });
    // A: early = day 0 only (15); horizon = days 1–83: the 20 on day 83; day 84 is beyond.
    expect(values(short.features, 0)).toMatchObject({ early_amount: 15, early_transactions: 2, early_last_day: 0 });
    expect(short.value[0]).toBe(20);
  });


  it('does not depend on the order of the rows, except for the customers\' order', async () => {
    const lines = TINY.trim().split('\n');
    const reversed = earlyActivityFrame(await log('reversed.csv', [lines[0], ...lines.slice(1).reverse()].join('\n') + '\n'), OPTIONS);
    const at = (id: string) => reversed.customerId.indexOf(id);
    for (const [c, id] of frame.customerId.entries()) {
      expect(values(reversed.features, at(id))).toEqual(values(frame.features, c));
      expect(reversed.value[at(id)]).toEqual(frame.value[c]);
    }
  });
});

describe('earlyActivityFrame on bad input', () => {
  it('names the file, row and column of a negative amount', async () => {
    const table = await log('neg.csv', 'customer,at,items,amount\nA,2020-01-01,1,10\nA,2020-01-05,1,-5\n');
    expect(() => earlyActivityFrame(table, OPTIONS)).toThrow(/^neg\.csv row 3, column amount: negative amount \(got -5\); refunds/);
  });

  it('names the row and column of a negative or missing count, and of a missing date', async () => {
    const counts = await log('cnt.csv', 'customer,at,items,amount\nA,2020-01-01,1,10\nB,2020-01-02,,3\nC,2020-01-03,-1,3\n');
    expect(() => earlyActivityFrame(counts, OPTIONS)).toThrow(/^cnt\.csv row 3, column items: missing count/);
    const negative = await log('negcnt.csv', 'customer,at,items,amount\nA,2020-01-01,1,10\nC,2020-01-03,-1,3\n');
    expect(() => earlyActivityFrame(negative, OPTIONS)).toThrow(/^negcnt\.csv row 3, column items: negative count \(got -1\)/);
    const dates = await log('nodate.csv', 'customer,at,items,amount\nA,2020-01-01,1,10\nA,,1,3\n');
    expect(() => earlyActivityFrame(dates, OPTIONS)).toThrow(/^nodate\.csv row 3, column at: missing date/);
  });

  it('refuses count columns whose features would clash with others\' names', async () => {
    const table = await log('clash.csv', 'customer,at,items,amount\nA,2020-01-01,1,10\n');
    expect(() => earlyActivityFrame(table, { ...OPTIONS, counts: ['items', 'amount'] }))
      .toThrow(/^earlyActivityFrame options\.counts\[1\]: would give features the built-in ones have \(first_amount, early_amount\) \(got "amount"\)/);
    expect(() => earlyActivityFrame(table, { ...OPTIONS, counts: ['items', 'items'] })).toThrow(/^earlyActivityFrame options\.counts\[1\]: named twice \(got "items"\)/);
  });

  it('an unparsable date is refused when the log is read, naming row and column', async () => {
    await expect(log('baddate.csv', 'customer,at,items,amount\nA,2020-01-01,1,10\nA,2020-13-01,1,3\n'))
      .rejects.toThrow(/^baddate\.csv row 3, column at: not a date in the iso format \(got "2020-13-01"\)/);
  });

  it('names a column the table does not have, and a column of the wrong type', async () => {
    const table = await log('cols.csv', 'customer,at,items,amount\nA,2020-01-01,1,10\n');
    expect(() => earlyActivityFrame(table, { ...OPTIONS, counts: ['cds'] })).toThrow(/^cols\.csv, column cds: no such column in the table \(got customer, at, items, amount\)/);
    expect(() => earlyActivityFrame(table, { ...OPTIONS, at: 'items' })).toThrow(/^cols\.csv, column items: not a date column \(got a number column\)/);
    expect(() => earlyActivityFrame(table, { ...OPTIONS, customer: 'amount' })).toThrow(/^cols\.csv, column amount: not a customer id column/);
  });

  it('refuses windows that are not whole positive days, and an empty log', async () => {
    const table = await log('win.csv', 'customer,at,items,amount\nA,2020-01-01,1,10\n');
    expect(() => earlyActivityFrame(table, { ...OPTIONS, earlyDays: 0 })).toThrow(/option earlyDays: not a positive whole number of days \(got 0\)/);
    expect(() => earlyActivityFrame(table, { ...OPTIONS, horizonDays: 52.5 })).toThrow(/option horizonDays: not a positive whole number of days \(got 52\.5\)/);
    const empty = await log('empty.csv', 'customer,at,items,amount\n');
    expect(() => earlyActivityFrame(empty, OPTIONS)).toThrow(/^empty\.csv: no transactions/);
  });

  it('names a missing customer id in an in-memory table by its row', () => {
    const table = {
      rowCount: 2,
      columns: {
        customer: { type: 'string' as const, values: ['A', null] },
        at: { type: 'date' as const, values: Float64Array.of(0, 0) },
        amount: { type: 'number' as const, values: Float64Array.of(1, 2) },
      },
    };
    expect(() => earlyActivityFrame(table, { customer: 'customer', at: 'at', amount: 'amount' })).toThrow(/^transactions row 2, column customer: missing customer id/);
  });
});

describe('earlyActivityFrame properties', () => {
  it('splits every dollar between early window and horizon when the horizon covers the whole log', () => {
    const txn = fc.record({ customer: fc.integer({ min: 0, max: 5 }), day: fc.integer({ min: 0, max: 400 }), amount: fc.integer({ min: 0, max: 10_000 }) });
    fc.assert(fc.property(fc.array(txn, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 120 }), (rows, earlyDays) => {
      const table = {
        rowCount: rows.length,
        columns: {
          customer: { type: 'string' as const, values: rows.map((r) => `c${r.customer}`) },
          at: { type: 'date' as const, values: Float64Array.from(rows, (r) => Date.UTC(2020, 0, 1) + r.day * 86_400_000) },
          amount: { type: 'number' as const, values: Float64Array.from(rows, (r) => r.amount / 100) },
        },
      };
      // dataEnd far ahead and a horizon longer than the log: nobody is censored and no purchase falls beyond the horizon.
      const frame = earlyActivityFrame(table, { customer: 'customer', at: 'at', amount: 'amount', earlyDays, horizonDays: 1000, dataEnd: Date.UTC(2030, 0, 1) });
      const num = (name: string) => (frame.features.find((f) => f.name === name) as Extract<RawFeature, { kind: 'number' }>).values;
      const total = rows.reduce((s, r) => s + r.amount / 100, 0);
      const split = num('early_amount').reduce((s, v) => s + v, 0) + frame.value.reduce((s, v) => s + v, 0);
      expect(split).toBeCloseTo(total, 6);
      expect(frame.report.censored).toBe(0);
      expect(frame.rows).toBe(new Set(rows.map((r) => r.customer)).size);
      for (let c = 0; c < frame.rows; c++) {
        expect(num('early_active_days')[c]).toBeLessThanOrEqual(num('early_transactions')[c]);
        expect(num('early_active_days')[c]).toBeGreaterThanOrEqual(1);
        expect(num('early_last_day')[c]).toBeLessThan(earlyDays);
        expect(num('first_amount')[c]).toBeLessThanOrEqual(num('early_amount')[c] + 1e-9);
      }
    }), { numRuns: 100 });
  });
});

const CDNOW = fileURLToPath(new URL('../../../shared/data/cdnow/CDNOW_master.txt.gz', import.meta.url));
if (!existsSync(CDNOW)) console.log(`CDNOW test skipped: ${CDNOW} not found`);

// Real data, read from ../shared/data/cdnow when present (never copied into the repository).
describe.skipIf(!existsSync(CDNOW))(`earlyActivityFrame on CDNOW (${CDNOW})`, async () => {
  const frame = existsSync(CDNOW) ? earlyActivityFrame(await readCsv(CDNOW, CDNOW_READ), { customer: 'customer_id', at: 'date', amount: 'dollar_value', counts: ['number_of_cds'] }) : undefined!;
  const sum = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; };
  const feature = (name: string) => (frame.features.find((f) => f.name === name) as Extract<RawFeature, { kind: 'number' }>).values;

  it('has the README\'s 23,570 customers and 69,659 transactions, none censored', () => {
    expect(frame.rows).toBe(23570);
    expect(frame.report).toMatchObject({ transactions: 69659, censored: 0, dataEnd: '1998-06-30', firstFrom: '1997-01-01', firstTo: '1997-03-25' });
  });

  it('matches totals computed independently from the raw file', () => {
    // Independent computation (python3, datetime.date arithmetic on the raw file):
    //   zcat CDNOW_master.txt.gz | python3 -c "import sys,datetime as d,collections as c
    //   r=[(a,d.date(int(b[:4]),int(b[4:6]),int(b[6:])),float(v)) for a,b,n,v in (l.split() for l in list(sys.stdin)[1:])]
    //   f={}; [f.__setitem__(a,min(f.get(a,t),t)) for a,t,v in r]
    //   e=sum(v for a,t,v in r if (t-f[a]).days<84); h=c.defaultdict(float)
    //   [h.__setitem__(a,h[a]+v) for a,t,v in r if 84<=(t-f[a]).days<448]
    //   print(round(e,2), round(sum(h.values()),2), sum(1 for x in h.values() if x>0))"
    //   → 1240400.46 1126288.86 8860   (118 transactions fall exactly on day 84 and count as value)
    expect(sum(feature('early_amount'))).toBeCloseTo(1240400.46, 1);
    expect(sum(frame.value)).toBeCloseTo(1126288.86, 1);
    expect(Array.from(frame.value).filter((v) => v > 0).length).toBe(8860);
  });
});
