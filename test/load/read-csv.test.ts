import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readCsv, type Column, type ColumnRequest } from '../../src/load/index.js';

const dir = mkdtempSync(join(tmpdir(), 'leadvalue-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** Writes a file in the temp dir and returns its path. */
function file(name: string, content: string | Buffer): string {
  const path = join(dir, `${files++}-${name}`);
  writeFileSync(path, content);
  return path;
}

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const numbers = (c: Column) => (c.type === 'number' || c.type === 'date' ? Array.from(c.values) : undefined);
const labels = (c: Column) => (c.type === 'category' ? Array.from(c.codes, (k) => (k < 0 ? null : c.levels[k])) : undefined);
const strings = (c: Column) => (c.type === 'string' ? c.values : undefined);

const LEADS = [
  'id,created_at,origin,amount,note,unused',
  'a1,2018-02-01,social,10.5,"hello, world",x',
  'a2,2018-02-03 14:30:00,email,,"say ""hi""",y',
  ' a3 ,,social, -2e3 ,"two',
  'lines",z',
  'a4,2018-03-01,, .5 ,plain,w',
  '',
].join('\n');
const LEAD_COLUMNS: ColumnRequest[] = [
  { name: 'id', type: 'string', required: true },
  { name: 'created_at', type: 'date' },
  { name: 'origin', type: 'category' },
  { name: 'amount', type: 'number' },
  { name: 'note', type: 'string' },
];

describe('readCsv: known values on small files', () => {
  it('reads each column type, missing values, quotes and trimming (expected values by hand)', async () => {
    const path = file('leads.csv', LEADS);
    const t = await readCsv(path, { columns: LEAD_COLUMNS });
    expect(t.file).toBe(path);
    expect(t.rowCount).toBe(4);
    expect(t.header).toEqual(['id', 'created_at', 'origin', 'amount', 'note', 'unused']);
    expect(Object.keys(t.columns)).toEqual(['id', 'created_at', 'origin', 'amount', 'note']);
    expect(strings(t.columns.id)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(numbers(t.columns.created_at)).toEqual([day('2018-02-01'), Date.UTC(2018, 1, 3, 14, 30), NaN, day('2018-03-01')]);
    expect(t.columns.origin).toEqual({ type: 'category', codes: Int32Array.from([0, 1, 0, -1]), levels: ['social', 'email'] });
    expect(numbers(t.columns.amount)).toEqual([10.5, NaN, -2000, 0.5]);
    expect(strings(t.columns.note)).toEqual(['hello, world', 'say "hi"', 'two\nlines', 'plain']);
    expect(t.columns.amount.type === 'number' && t.columns.amount.values.length).toBe(4); // trimmed to rowCount
  });

  it('CRLF line ends, a UTF-8 BOM and a last line without a line break', async () => {
    const text = '\ufeffname,city\r\nJoão,"São Paulo"\r\nAna,Rio';
    const t = await readCsv(file('bom.csv', text), { columns: [{ name: 'name', type: 'string' }, { name: 'city', type: 'category' }] });
    expect(t.header).toEqual(['name', 'city']);
    expect(strings(t.columns.name)).toEqual(['João', 'Ana']);
    expect(labels(t.columns.city)).toEqual(['São Paulo', 'Rio']);
  });

  it('quoted and unquoted spellings of a value are one category level; quoted blanks are kept', async () => {
    const t = await readCsv(file('cat.csv', 'c,s\n"a",x\na," x "\n"""q""",\n"""q"""," "\n'), {
      columns: [{ name: 'c', type: 'category' }, { name: 's', type: 'string' }],
    });
    expect(t.columns.c).toEqual({ type: 'category', codes: Int32Array.from([0, 0, 1, 1]), levels: ['a', '"q"'] });
    expect(strings(t.columns.s)).toEqual(['x', ' x ', null, ' ']);
  });

  it('gzip is detected by its magic bytes, whatever the extension', async () => {
    const gz = gzipSync(Buffer.from(LEADS));
    for (const name of ['leads.csv.gz', 'leads.gz', 'leads-really-gzip.csv']) {
      const t = await readCsv(file(name, gz), { columns: LEAD_COLUMNS });
      expect(t.rowCount).toBe(4);
      expect(strings(t.columns.note)).toEqual(['hello, world', 'say "hi"', 'two\nlines', 'plain']);
    }
    const plain = await readCsv(file('plain-named.csv.gz', LEADS), { columns: LEAD_COLUMNS });
    expect(plain.rowCount).toBe(4);
  });

  it('whitespace mode reads the CDNOW layout (yyyymmdd dates)', async () => {
    const text = ' customer_id  date number_of_cds  dollar_value\r\n   00001 19970101  1   11.77\r\n   00002 19970112  1   12.00\r\n   00002 19970112  5   77.00\r\n';
    const t = await readCsv(file('cdnow.txt', text), {
      delimiter: 'whitespace',
      columns: [
        { name: 'customer_id', type: 'category' },
        { name: 'date', type: 'date', dateFormat: 'yyyymmdd' },
        { name: 'number_of_cds', type: 'number' },
        { name: 'dollar_value', type: 'number' },
      ],
    });
    expect(t.rowCount).toBe(3);
    expect(labels(t.columns.customer_id)).toEqual(['00001', '00002', '00002']);
    expect(numbers(t.columns.date)).toEqual([day('1997-01-01'), day('1997-01-12'), day('1997-01-12')]);
    expect(numbers(t.columns.number_of_cds)).toEqual([1, 1, 5]);
    expect(numbers(t.columns.dollar_value)).toEqual([11.77, 12, 77]);
  });

  it('other delimiters and date formats', async () => {
    const t = await readCsv(file('semi.csv', 'd;v\n31/12/2017;1\n01/02/2018;"2"\n'), {
      delimiter: ';',
      columns: [{ name: 'd', type: 'date', dateFormat: 'dd/mm/yyyy' }, { name: 'v', type: 'number' }],
    });
    expect(numbers(t.columns.d)).toEqual([day('2017-12-31'), day('2018-02-01')]);
    expect(numbers(t.columns.v)).toEqual([1, 2]);
  });

  it('explicit header names when the file has none; header: false names columns by position', async () => {
    const path = file('noheader.csv', '1,x\n2,y\n');
    const named = await readCsv(path, { header: ['n', 's'], columns: [{ name: 'n', type: 'number' }] });
    expect(named.rowCount).toBe(2);
    expect(named.header).toEqual(['n', 's']);
    expect(numbers(named.columns.n)).toEqual([1, 2]);
    const positional = await readCsv(path, { header: false, columns: [{ name: '2', type: 'category' }] });
    expect(labels(positional.columns['2'])).toEqual(['x', 'y']);
  });

  it('reports progress in bytes on disk, ending at the file size', async () => {
    const path = file('progress.csv.gz', gzipSync(Buffer.from(LEADS)));
    const calls: [number, number][] = [];
    await readCsv(path, { columns: [], onProgress: (read, total) => calls.push([read, total]) });
    const size = statSync(path).size;
    expect(calls.length).toBeGreaterThan(0);
    expect(calls[calls.length - 1]).toEqual([size, size]);
  });

  it('a column named __proto__ is an ordinary column; errors thrown by onProgress pass through', async () => {
    const path = file('proto.csv', '__proto__,b\n1,2\n');
    const t = await readCsv(path, { columns: [{ name: '__proto__', type: 'number' }] });
    expect(Object.keys(t.columns)).toEqual(['__proto__']);
    expect(numbers(t.columns['__proto__'])).toEqual([1]);
    const stop = new Error('stop');
    await expect(readCsv(path, { columns: [], onProgress: () => { throw stop; } })).rejects.toBe(stop);
  });

  it('files of many chunks: fields across chunk boundaries, plain and gzip (values computed in the test)', async () => {
    const rows: string[] = ['id,note,amount,day'];
    const expected = { id: [] as string[], note: [] as string[], amount: [] as number[] };
    for (let i = 0; i < 60_000; i++) {
      const note = i % 7 === 0 ? `multi\nline "${i}", quoted` : `note ${i}`;
      expected.id.push(`id${i}`);
      expected.note.push(note);
      expected.amount.push(i / 4);
      rows.push(`id${i},"${note.replaceAll('"', '""')}",${i / 4},2018-01-${String(1 + (i % 28)).padStart(2, '0')}`);
    }
    const text = rows.join('\r\n') + '\r\n';
    expect(text.length).toBeGreaterThan(2 * (1 << 20)); // several 1 MiB chunks
    for (const content of [Buffer.from(text), gzipSync(Buffer.from(text))]) {
      const t = await readCsv(file('big.csv', content), {
        columns: [{ name: 'id', type: 'string' }, { name: 'note', type: 'string' }, { name: 'amount', type: 'number' }, { name: 'day', type: 'date' }],
      });
      expect(t.rowCount).toBe(60_000);
      expect(strings(t.columns.id)).toEqual(expected.id);
      expect(strings(t.columns.note)).toEqual(expected.note);
      expect(numbers(t.columns.amount)).toEqual(expected.amount);
      expect(numbers(t.columns.day)?.[59_999]).toBe(day(`2018-01-${String(1 + (59_999 % 28)).padStart(2, '0')}`));
    }
  }, 30_000);
});

describe('readCsv: errors name file, row and column', () => {
  const rows = (n: number, line: string) => Array.from({ length: n }, () => line);

  it('a requested column absent from the header lists the columns the file has', async () => {
    const path = file('leads.csv', LEADS);
    await expect(readCsv(path, { columns: [{ name: 'amout', type: 'number' }] })).rejects.toThrow(
      /^\d+-leads\.csv: no column "amout" \(got columns "id", "created_at", "origin", "amount", "note", "unused"\); check the spelling/,
    );
    await expect(readCsv(path, { label: 'leads.csv', columns: [{ name: 'amout', type: 'number' }] })).rejects.toThrow(/^leads\.csv: no column "amout"/);
  });

  it('a row with a different number of fields than the header', async () => {
    const text = ['a,b,c,d', ...rows(5, '1,2,3,4'), '1,2,3', '1,2,3,4'].join('\n');
    await expect(readCsv(file('olist.csv', text), { label: 'olist.csv', columns: [{ name: 'a', type: 'number' }] })).rejects.toThrow(
      /^olist\.csv row 7: 3 fields, expected 4 as in the header \(got "1,2,3"\); quote fields that contain the delimiter/,
    );
  });

  it('an unterminated quote names the row where it started', async () => {
    const text = ['id,note', '1,ok', '2,"never closed', '3,more', '4,rows'].join('\n');
    await expect(readCsv(file('q.csv', text), { label: 'q.csv', columns: [{ name: 'id', type: 'string' }] })).rejects.toThrow(
      /^q\.csv row 3, column note: unterminated quote/,
    );
  });

  it('text after a closing quote', async () => {
    await expect(readCsv(file('q.csv', 'id,note\n1,"a"b\n'), { label: 'q.csv', columns: [] })).rejects.toThrow(/^q\.csv row 2, column note: text after a closing quote/);
  });

  it('a bad number', async () => {
    const text = ['id,amount', ...rows(16, 'x,1'), 'x,"12,5"', 'x,2'].join('\n');
    await expect(readCsv(file('leads.csv', text), { label: 'leads.csv', columns: [{ name: 'amount', type: 'number' }] })).rejects.toThrow(
      /^leads\.csv row 18, column amount: not a number \(got "12,5"\); write plain decimals/,
    );
    await expect(readCsv(file('n.csv', 'v\n1\nNA\n'), { label: 'n.csv', columns: [{ name: 'v', type: 'number' }] })).rejects.toThrow(/^n\.csv row 3, column v: not a number \(got "NA"\)/);
    await expect(readCsv(file('n.csv', 'v\n1e999\n'), { label: 'n.csv', columns: [{ name: 'v', type: 'number' }] })).rejects.toThrow(/row 2, column v: not a number/);
  });

  it('a bad date names the expected format', async () => {
    const text = 'created_at\n2024-01-31\n31/02/2024\n';
    await expect(readCsv(file('d.csv', text), { label: 'leads.csv', columns: [{ name: 'created_at', type: 'date' }] })).rejects.toThrow(
      /^leads\.csv row 3, column created_at: not a date in the iso format \(got "31\/02\/2024"\); write dates as YYYY-MM-DD/,
    );
    await expect(readCsv(file('d.csv', 'd\n2024-02-30\n'), { label: 'd.csv', columns: [{ name: 'd', type: 'date' }] })).rejects.toThrow(/^d\.csv row 2, column d: not a date/);
    await expect(readCsv(file('d.csv', 'd\n2024-02-01\n'), { label: 'd.csv', columns: [{ name: 'd', type: 'date', dateFormat: 'yyyymmdd' }] })).rejects.toThrow(
      /row 2, column d: not a date in the yyyymmdd format \(got "2024-02-01"\); write dates as YYYYMMDD/,
    );
  });

  it('a missing required value', async () => {
    const text = 'id,v\na,1\n,2\n';
    await expect(readCsv(file('r.csv', text), { label: 'r.csv', columns: [{ name: 'id', type: 'category', required: true }] })).rejects.toThrow(
      /^r\.csv row 3, column id: missing value in a required column/,
    );
    const cases = [['string', ' x '], ['number', ' 5 '], ['date', ' 2018-01-01 ']] as const;
    for (const [type, value] of cases) {
      const path = file('r.csv', `id,v\n${value},1\n  ,2\n`);
      await expect(readCsv(path, { label: 'r.csv', columns: [{ name: 'id', type, required: true }] })).rejects.toThrow(/^r\.csv row 3, column id: missing value/);
    }
  });

  it('row numbers count the header, blank lines and lines inside quoted fields as a spreadsheet shows them', async () => {
    const text = 'id,v\n"multi\nline",1\n\nb,x\n';
    await expect(readCsv(file('rn.csv', text), { label: 'rn.csv', columns: [{ name: 'v', type: 'number' }] })).rejects.toThrow(/^rn\.csv row 4, column v: not a number \(got "x"\)/);
  });

  it('an empty file, or one of blank lines, has no header', async () => {
    await expect(readCsv(file('empty.csv', ''), { label: 'empty.csv', columns: [] })).rejects.toThrow(/^empty\.csv: empty file: no header row/);
    await expect(readCsv(file('blank.csv', '\n \r\n'), { label: 'blank.csv', columns: [] })).rejects.toThrow(/^blank\.csv: empty file/);
    await expect(readCsv(file('empty.csv.gz', gzipSync(Buffer.alloc(0))), { label: 'e.gz', columns: [] })).rejects.toThrow(/^e\.gz: empty file/);
  });

  it('a header only gives zero rows', async () => {
    const t = await readCsv(file('h.csv', 'a,b\n'), { columns: [{ name: 'a', type: 'number' }] });
    expect(t.rowCount).toBe(0);
    expect(numbers(t.columns.a)).toEqual([]);
  });

  it('a non-existent file, a directory, and a corrupt gzip', async () => {
    const missing = join(dir, 'nope.csv');
    await expect(readCsv(missing, { columns: [] })).rejects.toThrow(/^nope\.csv: file not found \(got ".*nope\.csv"\); check the path/);
    await expect(readCsv(dir, { label: 'data', columns: [] })).rejects.toThrow(/^data: a directory, not a file/);
    const truncated = gzipSync(Buffer.from(LEADS.repeat(50))).subarray(0, 60);
    await expect(readCsv(file('cut.csv.gz', truncated), { label: 'cut.csv.gz', columns: [] })).rejects.toThrow(/^cut\.csv\.gz: not a valid gzip file/);
  });

  it('a Parquet or Excel file is said not to be a CSV, without its bytes in the message; plain or gzip', async () => {
    // The start of a Parquet file ("PAR1", then binary page headers) and of an .xlsx (a ZIP archive).
    const parquet = Buffer.concat([Buffer.from('PAR1'), Buffer.from([0x15, 0x04, 0x15, 0xb0, 0x23, 0x00, 0xff, 0xfe, 0x0a]), Buffer.from('lead_id\n')]);
    for (const [name, content] of [['leads.parquet', parquet], ['leads.csv.gz', gzipSync(parquet)]] as const) {
      const e = await readCsv(file(name, content), { label: name, columns: [{ name: 'lead_id', type: 'string' }] }).catch((x: Error) => x);
      expect((e as Error).message).toMatch(new RegExp(`^${name.replaceAll('.', '\\.')}: not a CSV file but a Parquet file \\(it starts with PAR1\\); export it to CSV`));
      expect((e as Error).message).not.toMatch(/[\u0000-\u0008\ufffd]|\\u00/);
    }
    const xlsx = Buffer.concat([Buffer.from('PK'), Buffer.from([0x03, 0x04, 0x14, 0x00, 0x06, 0x00])]);
    await expect(readCsv(file('leads.xlsx', xlsx), { label: 'leads.xlsx', columns: [] })).rejects.toThrow(/^leads\.xlsx: not a CSV file but a ZIP archive, such as an Excel \.xlsx workbook/);
  });

  it('bad options: unknown type or date format, a column asked twice, a bad delimiter', async () => {
    const path = file('o.csv', 'a\n1\n');
    // @ts-expect-error testing a wrong type from JavaScript callers
    await expect(readCsv(path, { label: 'o.csv', columns: [{ name: 'a', type: 'integer' }] })).rejects.toThrow(/^o\.csv, column a: unknown column type \(got "integer"\)/);
    // @ts-expect-error testing a wrong format from JavaScript callers
    await expect(readCsv(path, { label: 'o.csv', columns: [{ name: 'a', type: 'date', dateFormat: 'dd.mm.yy' }] })).rejects.toThrow(/^o\.csv, column a: unknown date format \(got "dd\.mm\.yy"\)/);
    await expect(readCsv(path, { label: 'o.csv', columns: [{ name: 'a', type: 'number' }, { name: 'a', type: 'string' }] })).rejects.toThrow(/^o\.csv: column "a" requested twice/);
    await expect(readCsv(path, { label: 'o.csv', delimiter: '::', columns: [] })).rejects.toThrow(/^o\.csv: delimiter: not a single-byte separator/);
    await expect(readCsv(file('dup.csv', 'a,a\n1,2\n'), { label: 'dup.csv', columns: [{ name: 'a', type: 'number' }] })).rejects.toThrow(/^dup\.csv: column "a" appears twice in the header/);
  });
});
