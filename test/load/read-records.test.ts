import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecordRows } from '../../src/load/read-records.js';

function file(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lv-records-'));
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

describe('readRecordRows', () => {
  it('reads records keyed by the header, with their file rows', async () => {
    const { records, rows } = await readRecordRows(file('a.csv', 'id,n\nA,1\n\nB,2\n'));
    expect(records).toEqual([{ id: 'A', n: '1' }, { id: 'B', n: '2' }]);
    expect(rows).toEqual([2, 4]);
  });

  it('refuses a header that names a column twice (a record keeps one value per name: which copy would be read?), as the loaders do', async () => {
    await expect(readRecordRows(file('dup.csv', 'id,employees,source,employees\nA,10,web,12\n'))).rejects.toThrow(
      /(^|\/)dup\.csv row 1: column "employees" appears twice in the header \(columns 2 and 4\); rename one of them in the file$/);
    await expect(readRecordRows(file('three.csv', 'x,x,x\n1,2,3\n'))).rejects.toThrow(/(^|\/)three\.csv row 1: column "x" appears 3 times in the header \(columns 1, 2 and 3\)/);
  });

  it('lets blank names of unnamed columns repeat', async () => {
    const { records } = await readRecordRows(file('blank.csv', 'id,,\nA,1,2\n'));
    expect(records[0].id).toBe('A');
  });
});
