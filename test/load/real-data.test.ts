import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { readCsv } from '../../src/load/index.js';
import { CDNOW_READ } from './cdnow-columns.js';

// Shared data sets, outside the repository (see their README.md for provenance and facts).
const OLIST = fileURLToPath(new URL('../../../shared/data/olist/', import.meta.url));
const CDNOW = fileURLToPath(new URL('../../../shared/data/cdnow/', import.meta.url));

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe.skipIf(!existsSync(OLIST))('readCsv on the Olist files (facts from data/olist/README.md)', () => {
  it('marketing-qualified leads: 8,000 rows, 60 empty origins, first contacts 2017-06-14 .. 2018-05-31', async () => {
    const t = await readCsv(`${OLIST}olist_marketing_qualified_leads_dataset.csv.gz`, {
      columns: [
        { name: 'mql_id', type: 'string', required: true },
        { name: 'first_contact_date', type: 'date', required: true },
        { name: 'origin', type: 'category' },
      ],
    });
    expect(t.rowCount).toBe(8000);
    expect(t.header).toEqual(['mql_id', 'first_contact_date', 'landing_page_id', 'origin']);
    const origin = t.columns.origin;
    if (origin.type !== 'category') throw new Error('origin is not a category');
    expect(origin.codes.filter((c) => c === -1).length).toBe(60);
    const dates = t.columns.first_contact_date;
    if (dates.type !== 'date') throw new Error('first_contact_date is not a date');
    expect(Math.min(...dates.values)).toBe(day('2017-06-14'));
    expect(Math.max(...dates.values)).toBe(day('2018-05-31'));
    const ids = t.columns.mql_id;
    expect(ids.type === 'string' && new Set(ids.values).size).toBe(8000);
  });

  it('order items: 112,650 rows; the price sum equals a naive independent parse', async () => {
    const path = `${OLIST}olist_order_items_dataset.csv.gz`;
    const t = await readCsv(path, {
      columns: [
        { name: 'seller_id', type: 'category', required: true },
        { name: 'price', type: 'number', required: true },
        { name: 'shipping_limit_date', type: 'date', required: true },
      ],
    });
    expect(t.rowCount).toBe(112_650);
    // independent computation: gunzip whole, split lines and commas (the file has no quoted commas)
    const lines = gunzipSync(readFileSync(path)).toString('utf8').split('\n').filter((l) => l !== '');
    const header = lines[0].split(',').map((h) => h.replaceAll('"', ''));
    const at = header.indexOf('price');
    let naive = 0;
    for (const line of lines.slice(1)) naive += Number(line.split(',')[at]);
    const price = t.columns.price;
    if (price.type !== 'number') throw new Error('price is not a number');
    let sum = 0;
    for (const p of price.values) sum += p;
    expect(lines.length - 1).toBe(112_650);
    expect(sum).toBe(naive); // same values, same order: bit-identical
    const sellers = t.columns.seller_id;
    expect(sellers.type === 'category' && sellers.levels.length).toBe(3095); // sellers file: 3,095 rows
  });

  it('category translation: UTF-8 BOM and CRLF, 71 rows', async () => {
    const t = await readCsv(`${OLIST}product_category_name_translation.csv.gz`, {
      columns: [{ name: 'product_category_name', type: 'string' }, { name: 'product_category_name_english', type: 'category' }],
    });
    expect(t.rowCount).toBe(71);
    expect(t.header[0]).toBe('product_category_name');
    const english = t.columns.product_category_name_english;
    expect(english.type === 'category' && english.levels.every((l) => !l.includes('\r'))).toBe(true);
  });
});

describe.skipIf(!existsSync(CDNOW))('readCsv on CDNOW (facts from data/cdnow/README.md)', () => {
  it('whitespace-separated, CRLF: 69,659 transactions of 23,570 customers, 1997-01-01 .. 1998-06-30', async () => {
    const t = await readCsv(`${CDNOW}CDNOW_master.txt.gz`, CDNOW_READ);
    expect(t.rowCount).toBe(69_659);
    expect(t.header).toEqual(['customer_id', 'date', 'number_of_cds', 'dollar_value']);
    const customers = t.columns.customer_id;
    expect(customers.type === 'category' && customers.levels.length).toBe(23_570);
    const dates = t.columns.date;
    if (dates.type !== 'date') throw new Error('date is not a date');
    expect(Math.min(...dates.values)).toBe(day('1997-01-01'));
    expect(Math.max(...dates.values)).toBe(day('1998-06-30'));
    const dollars = t.columns.dollar_value;
    expect(dollars.type === 'number' && dollars.values.some((v) => v === 0)).toBe(true); // "some transactions have dollar value 0"
  });
});
