import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvTokenizer, tokenizeCsv, type CsvTokenizerOptions } from '../../src/load/index.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** Splits a buffer at the given cut points (sorted, deduplicated, inside the buffer). */
function split(buffer: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (buffer.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(buffer.subarray(from, p));
    from = p;
  }
  chunks.push(buffer.subarray(from));
  return chunks;
}

/** RFC 4180 writer: quotes a field when it holds a quote, comma, CR, LF or surrounding blanks. */
function writeCsv(rows: string[][], eol: string): string {
  const quote = (f: string) => (/[",\r\n]|^[ \t]|[ \t]$|^$/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
  return rows.map((r) => r.map(quote).join(',')).join(eol) + eol;
}

describe('tokenizeCsv: known values (hand-written)', () => {
  it('splits plain fields, LF and CRLF alike', () => {
    expect(tokenizeCsv(bytes('a,b,c\n1,2,3\n'))).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
    expect(tokenizeCsv(bytes('a,b,c\r\n1,2,3\r\n'))).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
    expect(tokenizeCsv(bytes('a,b\r1,2\r'))).toEqual([['a', 'b'], ['1', '2']]); // old Mac CR
  });

  it('reads a last row without a line break, and empty fields', () => {
    expect(tokenizeCsv(bytes('a,b\n1,'))).toEqual([['a', 'b'], ['1', '']]);
    expect(tokenizeCsv(bytes('a,,c\n,,\n'))).toEqual([['a', '', 'c'], ['', '', '']]);
  });

  it('reads quoted fields with escaped quotes, delimiters and line breaks', () => {
    const text = 'id,note\n1,"say ""hi"", then go"\n2,"two\r\nlines"\n3,""\n4,""""\n';
    expect(tokenizeCsv(bytes(text))).toEqual([
      ['id', 'note'],
      ['1', 'say "hi", then go'],
      ['2', 'two\r\nlines'],
      ['3', ''],
      ['4', '"'],
    ]);
  });

  it('drops a UTF-8 BOM and keeps UTF-8 text', () => {
    expect(tokenizeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('nome,cidade\nJoão,São Paulo\n')]))).toEqual([
      ['nome', 'cidade'],
      ['João', 'São Paulo'],
    ]);
  });

  it('skips blank lines but counts them in row numbers', () => {
    const rows: number[] = [];
    const t = new CsvTokenizer({}, (r) => rows.push(r.row));
    t.push(bytes('a,b\n\n1,2\n  \n\n3,4\n\n'));
    t.end();
    expect(rows).toEqual([1, 3, 6]);
  });

  it('counts a quoted field spanning lines as one row', () => {
    const rows: number[] = [];
    const t = new CsvTokenizer({}, (r) => rows.push(r.row));
    t.push(bytes('a,b\n"x\ny\nz",1\n2,3\n'));
    t.end();
    expect(rows).toEqual([1, 2, 3]);
  });

  it('reads rows wider than the initial field arrays', () => {
    const wide = Array.from({ length: 300 }, (_, i) => `c${i}`);
    expect(tokenizeCsv(bytes(`${wide.join(',')}\n${wide.map((c) => `"${c}"`).join(',')}\n`))).toEqual([wide, wide]);
  });

  it('accepts spaces between a closing quote and the delimiter', () => {
    expect(tokenizeCsv(bytes('"a" ,"b"\t\n'))).toEqual([['a', 'b']]);
  });

  it('uses another single-byte delimiter', () => {
    expect(tokenizeCsv(bytes('a;b\n"1;5";2\n'), { delimiter: ';' })).toEqual([['a', 'b'], ['1;5', '2']]);
    expect(tokenizeCsv(bytes('a\tb\n1\t\n'), { delimiter: '\t' })).toEqual([['a', 'b'], ['1', '']]);
  });

  it('whitespace mode: runs of spaces and tabs separate, leading and trailing blanks are ignored', () => {
    const text = ' customer_id  date number_of_cds  dollar_value\r\n   00001 19970101  1   11.77\r\n\t00002\t19970112 1 12.00  \r\n\r\n';
    expect(tokenizeCsv(bytes(text), { delimiter: 'whitespace' })).toEqual([
      ['customer_id', 'date', 'number_of_cds', 'dollar_value'],
      ['00001', '19970101', '1', '11.77'],
      ['00002', '19970112', '1', '12.00'],
    ]);
    expect(tokenizeCsv(bytes('a "b c" ""\n'), { delimiter: 'whitespace' })).toEqual([['a', 'b c', '']]);
  });
});

describe('tokenizeCsv: errors name the row', () => {
  it('an unterminated quote names the row where it started', () => {
    const text = 'a,b\n1,2\n3,"open\n4,5\n6,7\n';
    expect(() => tokenizeCsv(bytes(text), { label: 'leads.csv' })).toThrow(/^leads\.csv row 3, field 2: unterminated quote/);
  });

  it('text after a closing quote names row and field', () => {
    expect(() => tokenizeCsv(bytes('a,b\n1,"x"y\n'), { label: 'f.csv' })).toThrow(/^f\.csv row 2, field 2: text after a closing quote \(got "\\"x\\"y"\)/);
  });

  it('refuses a delimiter that is not one byte', () => {
    expect(() => tokenizeCsv(bytes('a'), { delimiter: ';;', label: 'f.csv' })).toThrow(/f\.csv: delimiter: not a single-byte separator \(got ";;"\)/);
    expect(() => tokenizeCsv(bytes('a'), { delimiter: '"' })).toThrow(/not a single-byte separator/);
  });
});

describe('tokenizeCsv: an input that is not text', () => {
  const refusal = (input: Buffer, chunk = input.length) => {
    try {
      tokenizeCsv(split(input, Array.from({ length: Math.ceil(input.length / chunk) }, (_, i) => i * chunk)), { label: 'f' });
    } catch (e) {
      return (e as Error).message;
    }
    return null;
  };
  const parquet = Buffer.concat([Buffer.from('PAR1'), Buffer.from([0x15, 0x04, 0x15, 0xb0, 0x23, 0x22, 0x00, 0xff, 0x0a])]);

  it('a control byte in the first line (a NUL, say) is refused before it is tokenized, naming the byte; also split into 1-byte chunks', () => {
    const binary = Buffer.concat([Buffer.from('id,na'), Buffer.from([0x00, 0x01, 0x22]), Buffer.from('me\n1,2\n')]);
    for (const chunk of [binary.length, 1, 3]) {
      expect(refusal(binary, chunk)).toBe('f: not a CSV file: its first line holds a control byte, which text does not have (got 0x00 at byte 6); ' +
        'give a CSV file (UTF-8 text); a binary export (Parquet, Excel, a database file) has to be exported to CSV first');
    }
    // The quote in it would otherwise have been "text after a closing quote".
    expect(refusal(parquet)).toMatch(/^f: not a CSV file but a Parquet file \(it starts with PAR1\); export it to CSV/);
    expect(refusal(parquet, 1)).toBe(refusal(parquet));
  });

  it('UTF-16 text, with or without a byte-order mark, is said to be UTF-16', () => {
    const text = 'id,name\n1,Zoë\n';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const input of [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), Buffer.concat([Buffer.from([0xfe, 0xff]), be]), le, be]) {
      expect(refusal(input)).toMatch(/^f: not a CSV file but UTF-16 text; save it as UTF-8/);
      expect(refusal(input, 1)).toBe(refusal(input));
    }
  });

  it('text is read as before: tabs, a UTF-8 BOM, CR line ends, Latin-1 bytes (not UTF-8, still text), control bytes after the first line', () => {
    expect(tokenizeCsv(bytes('a\tb\n1\t2\n'), { delimiter: '\t' })).toEqual([['a', 'b'], ['1', '2']]);
    expect(tokenizeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('a,b\r1,2\r')]))).toEqual([['a', 'b'], ['1', '2']]);
    // "Größe" in Latin-1 (a Windows export): decoded with replacement characters, as before; not refused.
    expect(tokenizeCsv(Buffer.from('id,Gr\xf6\xdfe\n1,2\n', 'latin1'))).toEqual([['id', 'Gr\ufffd\ufffde'], ['1', '2']]);
    expect(tokenizeCsv(Buffer.concat([bytes('a,b\n1,'), Buffer.from([0x07]), bytes('\n')]))).toEqual([['a', 'b'], ['1', '\x07']]);
  });
});

describe('tokenizeCsv: properties (fast-check)', () => {
  const tricky = 'ab, "\r\n\tç€';
  const field = fc.string({ unit: fc.constantFrom(...tricky.split('')), maxLength: 8 });
  const table = fc.integer({ min: 1, max: 5 }).chain((width) => fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 }));
  const options: CsvTokenizerOptions[] = [{}, { delimiter: ';' }];

  it('round trip: a table written with RFC 4180 quoting parses back equal', () => {
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n'), (rows, eol) => {
        const written = writeCsv(rows, eol);
        // blank lines are skipped, so a row of one empty field is written quoted ("") above
        expect(tokenizeCsv(bytes(written))).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });

  it('chunking: any split of the same bytes gives the same rows', () => {
    fc.assert(
      fc.property(table, fc.array(fc.nat(), { maxLength: 20 }), fc.constantFrom(...options), fc.boolean(), (rows, cuts, opt, bom) => {
        let buffer = bytes(writeCsv(rows, '\r\n').replaceAll(',', opt.delimiter ?? ','));
        if (bom) buffer = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buffer]);
        const whole = tokenizeCsv(buffer, opt);
        expect(tokenizeCsv(split(buffer, cuts), opt)).toEqual(whole);
        // one byte at a time is the harshest split
        expect(tokenizeCsv(split(buffer, Array.from({ length: buffer.length }, (_, i) => i)), opt)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('chunking in whitespace mode', () => {
    const word = fc.string({ unit: fc.constantFrom('a', '1', '.', 'é'), minLength: 1, maxLength: 6 });
    const gap = fc.string({ unit: fc.constantFrom(' ', '\t'), minLength: 1, maxLength: 3 });
    const line = fc.tuple(gap, fc.array(fc.tuple(word, gap), { minLength: 1, maxLength: 5 })).map(([lead, parts]) => lead + parts.map(([w, g]) => w + g).join(''));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 10 }), fc.array(fc.nat(), { maxLength: 15 }), (lines, cuts) => {
        const buffer = bytes(lines.join('\r\n'));
        const expected = lines.map((l) => l.trim().split(/[ \t]+/));
        expect(tokenizeCsv(buffer, { delimiter: 'whitespace' })).toEqual(expected);
        expect(tokenizeCsv(split(buffer, cuts), { delimiter: 'whitespace' })).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('a field far longer than a chunk is gathered whole', () => {
    const long = 'x"y,\n'.repeat(50_000);
    const buffer = bytes(`a,b\n"${long.replaceAll('"', '""')}",2\n`);
    const chunks = split(buffer, Array.from({ length: 200 }, (_, i) => i * 1500 + 7));
    expect(tokenizeCsv(chunks)).toEqual([['a', 'b'], [long, '2']]);
  });
});
