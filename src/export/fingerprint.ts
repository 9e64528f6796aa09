import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { fileLabel } from '../core/file-label.js';
import { readFileChunks } from '../load/read-file-chunks.js';

/** A training input file's identity. */
export interface FileFingerprint { role: string; name: string; sha256: string; rows: number }

/**
 * sha256 of a file's content, streamed: decompressed for gzip (recognised by
 * its magic bytes, as the loaders recognise it), so the same rows re-compressed
 * (another level, another timestamp in the gzip header) hash alike; a plain
 * file's hash is that of its bytes.
 * @param path - the file
 * @returns the hex digest
 * @throws LeadvalueError when the file is missing, unreadable or not valid gzip
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await readFileChunks(path, (chunk) => { hash.update(chunk); }, { label: fileLabel(path) });
  return hash.digest('hex');
}

/**
 * Fingerprints the training inputs: each file's sha256 (of its content,
 * decompressed for .gz), and one sha256 over their roles and hashes in a fixed
 * order, so the same inputs always give the same fingerprint wherever the files
 * live and however they were compressed.
 * @param files - each input's role (`leads`, `outcomes`, `revenue`), path and data rows
 * @returns the fingerprint, and each file's role, name, sha256 and rows (the model file's `data.files`)
 * @throws LeadvalueError when a file is missing, unreadable or not valid gzip
 */
export async function fingerprintInputs(files: { role: string; path: string; rows: number }[]): Promise<{ fingerprint: string; files: FileFingerprint[] }> {
  const out: FileFingerprint[] = [];
  for (const f of files) out.push({ role: f.role, name: basename(f.path), sha256: await sha256File(f.path), rows: f.rows });
  const fingerprint = createHash('sha256').update(out.map((f) => `${f.role}:${f.sha256}`).join('\n')).digest('hex');
  return { fingerprint, files: out };
}
