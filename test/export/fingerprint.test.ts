// The model file's data fingerprint: of the files' content, so the same rows re-compressed give the same model version.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fingerprintInputs, sha256File } from '../../src/export/fingerprint.js';

const ROWS = 'lead_id,created_at\n' + Array.from({ length: 500 }, (_, i) => `L${i},2024-01-${String(1 + (i % 28)).padStart(2, '0')}`).join('\n') + '\n';

/** gzip of `text` at `level`, its header's MTIME field (bytes 4-7, little-endian) set to `mtime` (as `gzip` writes the file's time). */
function gzipAt(text: string, level: number, mtime: number): Buffer {
  const bytes = gzipSync(text, { level });
  bytes.writeUInt32LE(mtime, 4);
  return bytes;
}

describe('fingerprintInputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadvalue-fingerprint-'));
  const fast = join(dir, 'fast.csv.gz'), best = join(dir, 'best.csv.gz'), plain = join(dir, 'leads.csv');
  writeFileSync(fast, gzipAt(ROWS, 1, 1_700_000_000));
  writeFileSync(best, gzipAt(ROWS, 9, 1_760_000_000));
  writeFileSync(plain, ROWS);

  it('hashes a .csv.gz by its decompressed content: re-compressed at another level with another mtime, the same hashes and fingerprint', async () => {
    expect(readFileSync(fast).equals(readFileSync(best))).toBe(false); // the gzip bytes differ (header time and compressed stream)
    const a = await fingerprintInputs([{ role: 'leads', path: fast, rows: 500 }]);
    const b = await fingerprintInputs([{ role: 'leads', path: best, rows: 500 }]);
    expect(b.files[0].sha256).toBe(a.files[0].sha256);
    expect(b.fingerprint).toBe(a.fingerprint);
    // the sha256 of the rows themselves, as `zcat fast.csv.gz | sha256sum` gives it
    expect(a.files[0].sha256).toBe(createHash('sha256').update(ROWS).digest('hex'));
  });

  it('hashes a plain file by its bytes (model files of plain .csv inputs keep their fingerprint)', async () => {
    expect(await sha256File(plain)).toBe(createHash('sha256').update(readFileSync(plain)).digest('hex'));
  });

  it('different rows give a different fingerprint', async () => {
    const other = join(dir, 'other.csv.gz');
    writeFileSync(other, gzipAt(ROWS.replace('L499', 'L999'), 1, 1_700_000_000));
    const a = await fingerprintInputs([{ role: 'leads', path: fast, rows: 500 }]);
    const c = await fingerprintInputs([{ role: 'leads', path: other, rows: 500 }]);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });

  it('a truncated gzip file is refused naming the file', async () => {
    const broken = join(dir, 'broken.csv.gz');
    writeFileSync(broken, readFileSync(fast).subarray(0, 40));
    await expect(sha256File(broken)).rejects.toThrow(/broken\.csv\.gz/);
  });
});
