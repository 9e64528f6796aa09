import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { LeadvalueError } from '../core/errors.js';
import { checkModelIdentity } from './check-model-identity.js';
import { folderModelName } from './folder-model-name.js';
import { loadVerifiedModel, type LoadedModel } from './load-verified-model.js';
import { modelVersions } from './model-versions.js';

/** Where the service gets the model each request is scored with. */
export interface ModelSource {
  /** The model to score with now: a request takes it once, when it arrives, and keeps it to the end. */
  current(): LoadedModel;
  /**
   * Why the model being served is no longer backed by a file that verifies (its file was
   * deleted, or changed to one that is refused, or the folder cannot be read), so that a
   * restart would not serve it; null when all is well. `GET /health` reports it.
   * Optional: a fixed model is never degraded.
   */
  degraded?(): string | null;
}

/** How {@link watchModel} watches. */
export interface WatchOptions {
  /** Check every this many milliseconds too, in case fs.watch misses a change (network file systems, some editors); 0: never (default 2000). */
  pollMs?: number;
  /** Use fs.watch (default true). */
  fsWatch?: boolean;
  /** Wait this long after a file system event for more before checking, as a write comes in several events (default 50). */
  debounceMs?: number;
  /**
   * A new or changed file is read only once its size and modification time have
   * stayed the same this long, so a file still being copied is not read half-way
   * (default 250). Applies to fs.watch and the poll; {@link ModelWatcher.check} reads at once.
   */
  settleMs?: number;
  /** Where the one-line startup and reload messages go (default: nowhere). */
  log?: (line: string) => void;
}

/** A model source that follows a model file or a `models/<name>/` folder. */
export interface ModelWatcher extends ModelSource {
  /** The file or folder given. */
  readonly target: string;
  /** True when the target is a folder (the highest version is served). */
  readonly folder: boolean;
  /** The model name served; a file holding another model is refused. */
  readonly name: string;
  /**
   * Looks for a new model now, reading new files at once (SIGHUP does this; fs.watch
   * and the poll do the same once a changed file has settled).
   * @param trigger - named in the log line, e.g. `SIGHUP`
   * @returns true when it swapped in a new model
   */
  check(trigger?: string): boolean;
  /** Why the model served is no longer backed by a file that verifies, or null (see {@link ModelSource.degraded}). */
  degraded(): string | null;
  /** Stops watching. */
  close(): void;
}

/**
 * Serves a model file and follows it. Given a folder (`models/<name>/`), it
 * serves the highest semver version that verifies; given a file, that file.
 * It watches with fs.watch and, as a fallback, checks every `pollMs`.
 *
 * It serves one model name: given a folder, the folder's own name when it holds
 * versions of that name, otherwise the one name its files hold (several, none
 * the folder's: it does not start); given a file, the name in it. A file of
 * another model, or whose version is not the one its `<x.y.z>.json` name says,
 * is refused, at startup as after.
 *
 * A new file is loaded and verified fully (see loadVerifiedModel) before one
 * reference is swapped, so a request in flight finishes with the model it
 * started with. A file is read once it has settled (`settleMs`); one that is
 * refused is logged once (again only when it fails for another reason) and
 * ignored: the old model keeps serving, and the file is tried again when it
 * changes. The service never steps down to a lower version while the file it
 * serves is there; if that file is deleted, it serves the highest version left
 * that verifies (a rollback), and when none does, it keeps serving from memory
 * and reports itself degraded (see {@link ModelSource.degraded}).
 * @param target - a model file, or a folder of `<x.y.z>.json` model files
 * @param options - polling, fs.watch, settling, log
 * @returns the watcher: `current()` is the model to score with
 * @throws LeadvalueError when the target cannot be read, a folder holds several models, or no model in it verifies
 * @example
 * const source = watchModel('models/demo', { log: console.log });
 * createScoringServer({ source }).listen(8080);
 */
export function watchModel(target: string, options: WatchOptions = {}): ModelWatcher {
  const { pollMs = 2000, fsWatch = true, debounceMs = 50, settleMs = 250, log = () => {} } = options;
  let folder: boolean;
  try {
    folder = statSync(target).isDirectory();
  } catch (e) {
    throw new LeadvalueError(target, 'cannot read the model file or folder', (e as NodeJS.ErrnoException).code, 'give a model file (models/<name>/<version>.json) or a models/<name>/ folder');
  }
  /**
   * Files refused, by path: the signature they had (tried again only once they change) and
   * the kind of failure (logged again only when it is another: a file copied in several
   * writes fails as "not valid JSON" at a different position each time, and is logged once).
   */
  const rejected = new Map<string, { sig: string; kind: string; message: string }>();
  const reject = (path: string, sig: string, error: unknown, serving: string) => {
    // The loader's message starts with the path too: say it once.
    let message = (error as Error).message;
    for (const sep of [', ', ': ']) if (message.startsWith(path + sep)) message = message.slice(path.length + sep.length);
    const kind = error instanceof LeadvalueError ? `${error.where}: ${error.what}` : message;
    const before = rejected.get(path);
    rejected.set(path, { sig, kind, message });
    if (before?.kind !== kind) log(`leadvalue serve: ignored ${path}: ${message}; ${serving}`);
  };
  const listed = folder ? modelVersions(target) : [target];
  const folderName = folder ? folderModelName(target, listed) : undefined;
  let current: LoadedModel | undefined;
  let currentSig = '';
  for (const path of listed) {
    const sig = fileState(path)?.sig ?? '';
    try {
      const loaded = loadVerifiedModel(path);
      checkModelIdentity(loaded.model, path, folderName);
      current = loaded;
      currentSig = sig;
      break;
    } catch (e) {
      if (!folder) throw e;
      reject(path, sig, e, 'trying the next version');
    }
  }
  if (!current) throw new LeadvalueError(target, 'no model file in the folder verifies', `${listed.length} <x.y.z>.json files`, 'export one with leadvalue train');
  const name = current.model.model.name;

  /** Why the service is degraded (see ModelSource.degraded), or null; logged when it changes, unless the line before said it. */
  let degraded: string | null = null;
  const setDegraded = (reason: string | null, said = false) => {
    if (reason === degraded) return;
    if (reason !== null) { if (!said) log(`leadvalue serve: degraded: ${reason}`); }
    else log(`leadvalue serve: ${current!.path} verifies again; serving ${describe(current!)}`);
    degraded = reason;
  };
  /** Files seen changing, by path: the signature and when it was first seen (read once it has settled). */
  const changing = new Map<string, { sig: string; at: number }>();
  let settleTimer: NodeJS.Timeout | undefined, settleAt = Infinity;
  /** Looks again in `ms` (or sooner, if a look is already due sooner). */
  const later = (ms: number, trigger: string) => {
    if (Date.now() + ms >= settleAt) return;
    clearTimeout(settleTimer);
    settleAt = Date.now() + ms;
    settleTimer = setTimeout(() => { settleAt = Infinity; scan(trigger, true); }, ms + 5);
    settleTimer.unref();
  };

  const scan = (trigger: string, settle: boolean): boolean => {
    const serving = `still serving ${describe(current!)}`;
    let found: string[];
    try {
      found = folder ? modelVersions(target) : [target];
    } catch (e) {
      setDegraded(`${(e as Error).message}; ${serving} from memory, which a restart would not find`);
      return false;
    }
    for (const map of [rejected, changing]) for (const path of map.keys()) if (!found.includes(path)) map.delete(path);
    // Never below the version being served while its file is there: a file being rewritten is not a reason to step down.
    const at = found.indexOf(current!.path);
    const candidates = at >= 0 ? found.slice(0, at + 1) : found;
    const now = Date.now();
    for (const path of candidates) {
      const file = fileState(path);
      if (file === null) continue;
      const { sig } = file;
      if (path === current!.path && sig === currentSig) break;
      if (rejected.get(path)?.sig === sig) continue;
      if (settle && settleMs > 0) {
        // Settled: modified long enough ago, or (a clock ahead of ours, on a network file system) seen unchanged that long.
        // Not yet: look again once it is. (The file served is the last candidate, so skipping it never steps down.)
        const seen = changing.get(path);
        if (seen?.sig !== sig) changing.set(path, { sig, at: now });
        const age = Math.max(now - file.mtimeMs, seen?.sig === sig ? now - seen.at : 0);
        if (age < settleMs) { later(settleMs - age, trigger); continue; }
      }
      changing.delete(path);
      let loaded: LoadedModel;
      try {
        loaded = loadVerifiedModel(path);
        checkModelIdentity(loaded.model, path, name);
      } catch (e) {
        reject(path, sig, e, serving);
        continue;
      }
      rejected.delete(path);
      if (path === current!.path && loaded.model.checksum === current!.model.checksum) { currentSig = sig; break; }
      const before = describe(current!);
      current = loaded; // the swap: one reference; requests already running keep the model they took
      currentSig = sig;
      degraded = null; // the reload line says it
      log(`leadvalue serve: reloaded ${before} → ${describe(loaded)} from ${path} (sha256 ${loaded.model.checksum.slice(0, 12)}…) on ${trigger}`);
      for (const w of loaded.warnings ?? []) log(`leadvalue serve: warning: ${w}`);
      return true;
    }
    const sig = fileState(current!.path)?.sig ?? null;
    if (sig === null) {
      setDegraded(`${current!.path}: deleted${folder ? ` and no other version of ${name} in the folder verifies` : ''}; ${serving} from memory, which a restart would not find; put a model file back`);
    } else if (sig !== currentSig && rejected.get(current!.path)?.sig === sig) {
      // The "ignored" line just logged says it.
      setDegraded(`${current!.path}: changed, and the new file is refused (${rejected.get(current!.path)!.message}); ${serving} as loaded at ${current!.loadedAt}, which a restart would not find`, true);
    } else if (sig === currentSig) {
      setDegraded(null);
    }
    return false;
  };

  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (fsWatch) {
    const dir = folder ? target : dirname(target), base = basename(target);
    try {
      watcher = watch(dir, { persistent: false }, (_event, file) => {
        if (!folder && file && file !== base) return; // another file in the model's folder
        clearTimeout(timer);
        timer = setTimeout(() => scan('change', true), debounceMs);
      });
      watcher.on('error', (e) => {
        log(`leadvalue serve: fs.watch stopped (${e.message})${pollMs > 0 ? `; checking every ${pollMs} ms` : ''}`);
        watcher?.close();
      });
    } catch (e) {
      log(`leadvalue serve: cannot fs.watch ${dir} (${(e as Error).message})${pollMs > 0 ? `; checking every ${pollMs} ms` : ''}`);
    }
  }
  const poll = pollMs > 0 ? setInterval(() => scan('poll', true), pollMs) : undefined;
  poll?.unref();

  return {
    target, folder, name,
    check: (trigger = 'check') => scan(trigger, false),
    current: () => current!,
    degraded: () => degraded,
    close: () => { watcher?.close(); clearTimeout(timer); clearTimeout(settleTimer); clearInterval(poll); },
  };
}

/** `name version` of a loaded model, for log lines. */
function describe(loaded: LoadedModel): string {
  return `${loaded.model.model.name} ${loaded.model.model.version}`;
}

/** A file's signature, what changes when it is replaced or rewritten (inode, size, modification time), and its modification time; null when it is gone. */
function fileState(path: string): { sig: string; mtimeMs: number } | null {
  try {
    const s = statSync(path);
    return { sig: `${s.ino}:${s.size}:${s.mtimeMs}`, mtimeMs: s.mtimeMs };
  } catch {
    return null;
  }
}
