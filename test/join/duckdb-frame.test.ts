import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readAdapterConfig } from '../../src/load/adapter-config.js';
import { bothFrames } from './duckdb-helpers.js';

/** The frame with its number features' file rows (`source`, for messages only) left out: DuckDB keeps no file row numbers. */
const withoutSource = <T extends { features: object[] }>(frame: T): T => ({ ...frame, features: frame.features.map((f) => ({ ...f, source: undefined })) });

// The reference is the TypeScript engine (src/join/build-lead-frame.ts over src/load), an independent
// implementation in another language and another algorithm (loops over typed arrays vs SQL joins).
describe('buildLeadFrameDuckdb equals buildLeadFrame on real files', () => {
  it('demo data (configs/demo.json): every column, feature, report field and warning', async () => {
    const { ts, duck, tsWarnings, duckWarnings } = await bothFrames(readAdapterConfig('configs/demo.json'));
    expect(withoutSource(duck)).toEqual(withoutSource(ts));
    // The values are sums in file order in both engines: bit for bit, not just close.
    expect(Buffer.from(duck.value.buffer).equals(Buffer.from(ts.value.buffer))).toBe(true);
    expect(duckWarnings.list()).toEqual(tsWarnings.list());
    // Hand-checked anchors (data/demo/README.md): 4000 leads, 2 far-future revenue rows.
    expect(duck.report).toMatchObject({ leads: 4000, revenueOutliers: 2, revenueOutlierDates: ['2030-07-25', '2030-09-14'], dataEnd: '2026-03-31' });
  }, 60_000);

  // Where configs/olist.json's dataDir points: ../shared/data/olist beside the repository.
  const olist = fileURLToPath(new URL('../../../shared/data/olist/olist_order_items_dataset.csv.gz', import.meta.url));
  it.skipIf(!existsSync(olist))('Olist (configs/olist.json; skipped when ../shared/data/olist is absent)', async () => {
    const { ts, duck, tsWarnings, duckWarnings } = await bothFrames(readAdapterConfig('configs/olist.json'));
    expect(withoutSource(duck)).toEqual(withoutSource(ts));
    expect(Buffer.from(duck.value.buffer).equals(Buffer.from(ts.value.buffer))).toBe(true);
    expect(duckWarnings.list()).toEqual(tsWarnings.list());
    // Olist README: 8000 MQLs, 842 closed deals, 112650 order items; the data ends 2018-08-31 with 4 items dated 2020.
    expect(duck.report).toMatchObject({ leads: 8000, won: 842, revenueRows: 112650, dataEnd: '2018-08-31', revenueOutliers: 4 });
  }, 120_000);
});
