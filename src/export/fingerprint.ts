import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';

/** A training input file's identity. */
export interface FileFingerprint { role: string; name: string; sha256: string; rows: number }

/** sha256 of a file's bytes, streamed. */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path).on('data', (chunk) => hash.update(chunk)).on('error', reject).on('end', () => resolve(hash.digest('hex')));
  });
}

/**
 * Fingerprints the training inputs: each file's sha256, and one sha256 over
 * their roles and hashes in a fixed order, so the same inputs always give the
 * same fingerprint wherever the files live.
 */
export async function fingerprintInputs(files: { role: string; path: string; rows: number }[]): Promise<{ fingerprint: string; files: FileFingerprint[] }> {
  const out: FileFingerprint[] = [];
  for (const f of files) out.push({ role: f.role, name: basename(f.path), sha256: await sha256File(f.path), rows: f.rows });
  const fingerprint = createHash('sha256').update(out.map((f) => `${f.role}:${f.sha256}`).join('\n')).digest('hex');
  return { fingerprint, files: out };
}
