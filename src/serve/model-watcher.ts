import { existsSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { LeadvalueError } from '../core/errors.js';
import { loadVerifiedModel, type LoadedModel } from './load-verified-model.js';
import { modelVersions } from './model-versions.js';

/** Where the service gets the model each request is scored with. */
export interface ModelSource {
  /** The model to score with now: a request takes it once, when it arrives, and keeps it to the end. */
  current(): LoadedModel;
}

/** How {@link watchModel} watches. */
export interface WatchOptions {
  /** Check every this many milliseconds too, in case fs.watch misses a change (network file systems, some editors); 0: never (default 2000). */
  pollMs?: number;
  /** Use fs.watch (default true). */
  fsWatch?: boolean;
  /** Wait this long after a file system event for more before checking, as a write comes in several events (default 50). */
  debounceMs?: number;
  /** Where the one-line startup and reload messages go (default: nowhere). */
  log?: (line: string) => void;
}

/** A model source that follows a model file or a `models/<name>/` folder. */
export interface ModelWatcher extends ModelSource {
  /** The file or folder given. */
  readonly target: string;
  /** True when the target is a folder (the highest version is served). */
  readonly folder: boolean;
  /**
   * Looks for a new model now (also what fs.watch, the poll and SIGHUP do).
   * @param trigger - named in the log line, e.g. `SIGHUP`
   * @returns true when it swapped in a new model
   */
  check(trigger?: string): boolean;
  /** Stops watching. */
  close(): void;
}

/**
 * Serves a model file and follows it. Given a folder (`models/<name>/`), it
 * serves the highest semver version that verifies; given a file, that file.
 * It watches with fs.watch and, as a fallback, checks every `pollMs`.
 *
 * A new file is loaded and verified fully (see loadVerifiedModel) before one
 * reference is swapped, so a request in flight finishes with the model it
 * started with. A file that does not verify is logged once and ignored: the
 * old model keeps serving, and the file is tried again when it changes (a
 * file copied in place verifies once it is whole). The service never steps
 * down to a lower version while the file it serves is there; if that file is
 * deleted, it serves the highest version left that verifies (a rollback).
 * @param target - a model file, or a folder of `<x.y.z>.json` model files
 * @param options - polling, fs.watch, log
 * @returns the watcher: `current()` is the model to score with
 * @throws LeadvalueError when the target cannot be read or no model in it verifies
 * @example
 * const source = watchModel('models/demo', { log: console.log });
 * createScoringServer({ source }).listen(8080);
 */
export function watchModel(target: string, options: WatchOptions = {}): ModelWatcher {
  const { pollMs = 2000, fsWatch = true, debounceMs = 50, log = () => {} } = options;
  let folder: boolean;
  try {
    folder = statSync(target).isDirectory();
  } catch (e) {
    throw new LeadvalueError(target, 'cannot read the model file or folder', (e as NodeJS.ErrnoException).code, 'give a model file (models/<name>/<version>.json) or a models/<name>/ folder');
  }
  /** Files that did not verify, by path, with the signature they had: tried again only once they change. */
  const rejected = new Map<string, string>();
  const reject = (path: string, sig: string, error: unknown, serving: string) => {
    rejected.set(path, sig);
    // The loader's message starts with the path too: say it once.
    let message = (error as Error).message;
    for (const sep of [', ', ': ']) if (message.startsWith(path + sep)) message = message.slice(path.length + sep.length);
    log(`leadvalue serve: ignored ${path}: ${message}; ${serving}`);
  };
  let current: LoadedModel | undefined;
  let currentSig = '';
  for (const path of folder ? modelVersions(target) : [target]) {
    const sig = signature(path) ?? '';
    try {
      current = loadVerifiedModel(path);
      currentSig = sig;
      break;
    } catch (e) {
      if (!folder) throw e;
      reject(path, sig, e, 'trying the next version');
    }
  }
  if (!current) throw new LeadvalueError(target, 'no model file in the folder verifies', `${modelVersions(target).length} <x.y.z>.json files`, 'export one with leadvalue train');

  let lastProblem = '';
  const problem = (line: string) => { if (line !== lastProblem) log(line); lastProblem = line; };
  const check = (trigger = 'check'): boolean => {
    const serving = `still serving ${describe(current!)}`;
    let candidates: string[];
    try {
      candidates = folder ? modelVersions(target) : [target];
    } catch (e) {
      problem(`leadvalue serve: ${(e as Error).message}; ${serving}`);
      return false;
    }
    // Never below the version being served while its file is there: a file being rewritten is not a reason to step down.
    const at = candidates.indexOf(current!.path);
    if (at >= 0) candidates = candidates.slice(0, at + 1);
    for (const path of candidates) {
      const sig = signature(path);
      if (sig === null) continue;
      if (path === current!.path && sig === currentSig) return false;
      if (rejected.get(path) === sig) continue;
      let loaded: LoadedModel;
      try {
        loaded = loadVerifiedModel(path);
      } catch (e) {
        reject(path, sig, e, serving);
        continue;
      }
      rejected.delete(path);
      if (path === current!.path && loaded.model.checksum === current!.model.checksum) { currentSig = sig; return false; }
      const before = describe(current!);
      current = loaded; // the swap: one reference; requests already running keep the model they took
      currentSig = sig;
      lastProblem = '';
      log(`leadvalue serve: reloaded ${before} → ${describe(loaded)} from ${path} (sha256 ${loaded.model.checksum.slice(0, 12)}…) on ${trigger}`);
      return true;
    }
    if (!existsSync(current!.path)) problem(`leadvalue serve: ${current!.path} is gone and no other version verifies; ${serving}`);
    return false;
  };

  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (fsWatch) {
    const dir = folder ? target : dirname(target), base = basename(target);
    try {
      watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (!folder && name && name !== base) return; // another file in the model's folder
        clearTimeout(timer);
        timer = setTimeout(() => check('change'), debounceMs);
      });
      watcher.on('error', (e) => {
        log(`leadvalue serve: fs.watch stopped (${e.message})${pollMs > 0 ? `; checking every ${pollMs} ms` : ''}`);
        watcher?.close();
      });
    } catch (e) {
      log(`leadvalue serve: cannot fs.watch ${dir} (${(e as Error).message})${pollMs > 0 ? `; checking every ${pollMs} ms` : ''}`);
    }
  }
  const poll = pollMs > 0 ? setInterval(() => check('poll'), pollMs) : undefined;
  poll?.unref();

  return {
    target, folder, check,
    current: () => current!,
    close: () => { watcher?.close(); clearTimeout(timer); clearInterval(poll); },
  };
}

/** `name version` of a loaded model, for log lines. */
function describe(loaded: LoadedModel): string {
  return `${loaded.model.model.name} ${loaded.model.model.version}`;
}

/** What changes when a file is replaced or rewritten: inode, size, modification time; null when it is gone. */
function signature(path: string): string | null {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
}
