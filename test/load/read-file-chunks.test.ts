// readFileChunks (src/load/read-file-chunks.ts): the bytes of a plain or gzip
// file in order; a callback may return a promise (the next chunk waits for it);
// the callback's own errors pass through as they are, even with an errno code.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileChunks } from '../../src/load/read-file-chunks.js';

const dir = mkdtempSync(join(tmpdir(), 'leadvalue-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const content = Buffer.from(Array.from({ length: 5000 }, (_, i) => `${i},lead ${i}\n`).join(''));
const plain = join(dir, 'a.csv'), gz = join(dir, 'a.csv.gz');
writeFileSync(plain, content);
writeFileSync(gz, gzipSync(content));

describe('readFileChunks', () => {
  it('an async callback is awaited before the next chunk is read: the bytes arrive whole and in order (plain and gzip)', async () => {
    for (const path of [plain, gz]) {
      const got: Buffer[] = [];
      let busy = false;
      await readFileChunks(path, async (chunk) => {
        expect(busy).toBe(false); // never called again before the last call's promise settled
        busy = true;
        const copy = Buffer.from(chunk); // the plain path reuses its buffers once the promise settled
        await new Promise((resolve) => setTimeout(resolve, 1));
        got.push(copy);
        busy = false;
      }, { label: 'a.csv', chunkSize: 4096 });
      expect(Buffer.concat(got).equals(content)).toBe(true);
    }
  });

  it("an error the callback throws passes through as it is, even with an errno code (a full output disk is not the input's fault)", async () => {
    for (const path of [plain, gz]) {
      const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      await expect(readFileChunks(path, async () => { throw full; }, { label: 'a.csv' })).rejects.toBe(full);
      const sync = Object.assign(new Error('EACCES'), { code: 'EACCES' });
      await expect(readFileChunks(path, () => { throw sync; }, { label: 'a.csv' })).rejects.toBe(sync);
    }
  });

  it('a truncated gzip file is still the gzip message', async () => {
    const cut = join(dir, 'cut.csv.gz');
    writeFileSync(cut, gzipSync(content).subarray(0, 3000));
    await expect(readFileChunks(cut, () => {}, { label: 'cut.csv.gz' }))
      .rejects.toThrow(/^cut\.csv\.gz: not a valid gzip file \(got "unexpected end of file"\); the file may be truncated or corrupt/);
  });
});
