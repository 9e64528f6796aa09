import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import { LeadvalueError } from '../../core/errors.js';
import type { ZilnBackend } from './ziln-types.js';

/** The tfjs namespace (type only: nothing is loaded until {@link withTf} runs). */
export type Tf = typeof import('@tensorflow/tfjs');

/** tfjs, with the backend that was set and the tfjs-core version. */
export interface LoadedTf {
  tf: Tf;
  backend: ZilnBackend;
  version: string;
}

// A variable specifier: tfjs-node is an optional dependency, absent where its
// native library could not be downloaded at install time.
const TFJS_NODE = '@tensorflow/tfjs-node';

let modulePromise: Promise<{ tf: Tf; node: boolean; nodeError: string | null }> | undefined;
/** Set once tfjs is imported: lets {@link loadTfSync} work without awaiting. */
let loadedModule: { tf: Tf } | undefined;
/** Backends initialised by {@link loadTf}, and what `auto` resolved to. */
const initialised = new Set<ZilnBackend>();
let autoBackend: ZilnBackend | undefined;
let wasmPromise: Promise<string | null> | undefined;
let queue: Promise<unknown> = Promise.resolve();

function namespaceOf(mod: unknown): Tf {
  const m = mod as { default?: Tf } & Tf;
  return (m.default && typeof m.default.tensor === 'function' ? m.default : m) as Tf;
}

function loadModule(): Promise<{ tf: Tf; node: boolean; nodeError: string | null }> {
  modulePromise ??= (async () => {
    try {
      const tf = namespaceOf(await import(TFJS_NODE));
      loadedModule = { tf };
      return { tf, node: true, nodeError: null };
    } catch (error) {
      let tf: Tf;
      try {
        tf = namespaceOf(await import('@tensorflow/tfjs'));
      } catch (tfError) {
        modulePromise = undefined; // an install later in the process can still succeed
        // An optional dependency: absent from installs that left optional packages out (`npm install --omit=optional`).
        throw new LeadvalueError('ZILN models', 'need @tensorflow/tfjs, which is not installed', firstLine(tfError),
          'npm install @tensorflow/tfjs @tensorflow/tfjs-backend-wasm (they are optional dependencies of leadvalue), or use kind "glm" or "ebm"');
      }
      loadedModule = { tf };
      return { tf, node: false, nodeError: firstLine(error) };
    }
  })();
  return modulePromise;
}

/** Registers the wasm backend with its .wasm files from node_modules (nothing is downloaded); null when it loaded, else why not. */
function loadWasm(): Promise<string | null> {
  wasmPromise ??= (async () => {
    try {
      const require = createRequire(import.meta.url);
      const main = require.resolve('@tensorflow/tfjs-backend-wasm');
      const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as unknown as { setWasmPaths?: (p: string) => void; default?: { setWasmPaths: (p: string) => void } };
      const setWasmPaths = wasm.setWasmPaths ?? wasm.default?.setWasmPaths;
      if (!setWasmPaths) return 'setWasmPaths not found in @tensorflow/tfjs-backend-wasm';
      setWasmPaths(dirname(main) + sep);
      return null;
    } catch (error) {
      return firstLine(error);
    }
  })();
  return wasmPromise;
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}

/**
 * Loads tfjs (lazily, on first use) and sets a backend: with `auto`,
 * tfjs-node (`tensorflow`) when importable, else WebAssembly (`wasm`, its
 * .wasm files read from node_modules), else plain JavaScript (`cpu`).
 * @param prefer - `auto` or a backend that must load
 * @throws LeadvalueError when a named backend cannot be loaded, saying why
 */
export async function loadTf(prefer: 'auto' | ZilnBackend = 'auto'): Promise<LoadedTf> {
  const { tf, node, nodeError } = await loadModule();
  const order: ZilnBackend[] = prefer === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [prefer];
  const why: string[] = [];
  for (const backend of order) {
    if (backend === 'tensorflow' && !node) { why.push(`tensorflow: @tensorflow/tfjs-node did not load (${nodeError})`); continue; }
    if (backend === 'wasm') {
      const problem = await loadWasm();
      if (problem) { why.push(`wasm: ${problem}`); continue; }
    }
    let ok = false;
    try { ok = await tf.setBackend(backend); } catch (error) { why.push(`${backend}: ${firstLine(error)}`); continue; }
    if (!ok) { why.push(`${backend}: tfjs could not initialise it`); continue; }
    await tf.ready();
    initialised.add(backend);
    if (prefer === 'auto') autoBackend = backend;
    return { tf, backend, version: tf.version_core };
  }
  throw new LeadvalueError(`tfjs backend "${prefer}"`, 'could not be loaded', why.join('; '),
    prefer === 'tensorflow' ? 'install @tensorflow/tfjs-node where its native library can be downloaded, or use backend "auto"' : 'use backend "auto"');
}

/**
 * The synchronous counterpart of {@link loadTf}, for callers that cannot
 * await (e.g. a synchronous training pipeline): it sets a backend that an
 * earlier `await loadTf(prefer)` initialised (switching to an initialised
 * tfjs backend is synchronous).
 * @param prefer - as for {@link loadTf}
 * @throws LeadvalueError when tfjs or that backend has not been loaded yet
 */
export function loadTfSync(prefer: 'auto' | ZilnBackend = 'auto'): LoadedTf {
  const backend = prefer === 'auto' ? autoBackend : prefer;
  if (!loadedModule || !backend || !initialised.has(backend)) {
    throw new LeadvalueError(`tfjs backend "${prefer}"`, 'is not loaded yet', undefined, `await loadTf(${JSON.stringify(prefer)}) once before a synchronous fit (fitZiln, the async one, loads it by itself)`);
  }
  const { tf } = loadedModule;
  void tf.setBackend(backend);
  if (tf.getBackend() !== backend) throw new LeadvalueError(`tfjs backend "${backend}"`, 'could not be switched to synchronously', tf.getBackend(), 'use fitZiln (async)');
  return { tf, backend, version: tf.version_core };
}

/**
 * Whether {@link loadTfSync} would work: tfjs imported and the backend
 * `prefer` (or what `auto` resolved to) initialised by an earlier `await loadTf(prefer)`.
 * @param prefer - as for {@link loadTf}
 */
export function isTfLoaded(prefer: 'auto' | ZilnBackend = 'auto'): boolean {
  const backend = prefer === 'auto' ? autoBackend : prefer;
  return loadedModule !== undefined && backend !== undefined && initialised.has(backend);
}

/**
 * Runs `fn` with tfjs loaded and the backend set, one call at a time: the
 * tfjs backend is global, so concurrent fits must not switch it under each other.
 * @param prefer - as for {@link loadTf}
 * @param fn - the work; it must dispose every tensor it makes
 */
export function withTf<T>(prefer: 'auto' | ZilnBackend, fn: (loaded: LoadedTf) => Promise<T> | T): Promise<T> {
  const run = queue.then(async () => fn(await loadTf(prefer)));
  queue = run.catch(() => undefined);
  return run;
}
