import { rmSync } from 'node:fs';

/** Temporary files being written right now, removed if the process is interrupted. */
const live = new Set<string>();

/**
 * Registers a temporary file (written, then renamed into place) so that an
 * interrupted run (Ctrl-C, SIGTERM) does not leave it behind.
 * @returns a function that forgets it once it was renamed or removed
 */
export function trackTempFile(path: string): () => void {
  live.add(path);
  return () => { live.delete(path); };
}

/** Removes every tracked temporary file (best effort, synchronous: safe in a signal handler). */
export function removeTempFiles(): void {
  for (const path of live) rmSync(path, { force: true });
  live.clear();
}
