#!/usr/bin/env node
// Execute Jupyter notebooks headless with the tslab TypeScript kernel.
//
//   node scripts/run-notebooks.js [notebooks/x.ipynb ...]
//
// Refreshes the committed outputs IN PLACE (default: every notebooks/*.ipynb).
// Notebooks import the *built* package (`import … from 'leadvalue'`), so run
// `npm run build` first (the `notebooks` npm script does). A notebook whose
// run fails is left untouched; the partial run is saved to a temp file and
// the failing cell and its error are printed. Exit code 1 if any failed.
//
// Also imported by test/notebooks/notebooks.test.ts (same execution path).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const NOTEBOOK_DIR = join(REPO, 'notebooks');
export const APT_COMMAND =
  'apt-get update && apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel';
const PYTHON = '/usr/bin/python3';

/** Per-cell timeout (seconds). */
export const CELL_TIMEOUT_S = 300;

/** All notebooks/*.ipynb, sorted, as absolute paths. */
export function listNotebooks(dir = NOTEBOOK_DIR) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ipynb') && !f.startsWith('.'))
    .sort()
    .map((f) => join(dir, f));
}

export function readNotebook(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * Paths a notebook declares in `metadata.leadvalue.requires` (relative to the
 * repo root, e.g. "../shared/data/olist") that do not exist on this machine.
 */
export function missingRequirements(nb) {
  const req = nb?.metadata?.leadvalue?.requires ?? [];
  return req.filter((p) => !existsSync(resolve(REPO, p)));
}

let cachedEnv;
/**
 * Check Debian Jupyter, install the tslab kernelspec into <repo>/.jupyter
 * (scripts/setup-jupyter.sh) and return the environment for running kernels.
 * Throws an Error whose message is the setup script's one-sentence diagnosis.
 */
export function jupyterEnv() {
  if (cachedEnv) return cachedEnv;
  const r = spawnSync('bash', [join(REPO, 'scripts/setup-jupyter.sh')], { encoding: 'utf8' });
  if (r.status !== 0) {
    const msg = (r.stderr || r.stdout || String(r.error ?? '')).trim().split('\n').pop();
    throw new Error(msg || `scripts/setup-jupyter.sh failed (exit ${r.status}); install Jupyter with: ${APT_COMMAND}`);
  }
  const line = r.stdout.trim().split('\n').pop() ?? '';
  const jupyterPath = line.replace(/^JUPYTER_PATH=/, '');
  cachedEnv = {
    ...process.env,
    PATH: `${join(REPO, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
    JUPYTER_PATH: jupyterPath,
    // Same as `npm test`: outputs must not depend on the machine's zone.
    TZ: 'UTC',
    // Silence jupyter_core / debugpy chatter that is not ours.
    JUPYTER_PLATFORM_DIRS: '1',
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
    PYTHONWARNINGS: 'ignore',
  };
  return cachedEnv;
}

// nbclient driver. Runs every cell in order, stops at the first failing cell,
// writes the (possibly partial) executed notebook to `out`, and prints one
// JSON line with the result. tslab reports errors as a *stderr stream* plus an
// execute_reply with status "error" (not as an `error` output), so the reply
// status is what tells us a cell failed. tslab also sends no execute_input,
// so nbclient leaves execution_count empty; we take it from the reply.
const DRIVER = String.raw`
import json, sys, traceback
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

args = json.loads(sys.argv[1])
nb = nbformat.read(args["in"], as_version=4)
state = {"current": None, "failed": None}

def on_cell_start(cell, cell_index):
    state["current"] = cell_index

def on_cell_executed(cell, cell_index, execute_reply):
    content = execute_reply.get("content", {})
    if content.get("execution_count"):
        cell["execution_count"] = content["execution_count"]
    if content.get("status") not in (None, "ok"):
        state["failed"] = cell_index

client = NotebookClient(
    nb,
    kernel_name=args["kernel"],
    timeout=args["timeout"],
    startup_timeout=120,
    record_timing=False,
    resources={"metadata": {"path": args["cwd"]}},
    on_cell_start=on_cell_start,
    on_cell_executed=on_cell_executed,
)
result = {"ok": True}
try:
    client.execute()
except CellTimeoutError as e:
    result = {"ok": False, "kind": "timeout", "cell": state["current"], "message": str(e)}
except DeadKernelError as e:
    result = {"ok": False, "kind": "dead-kernel", "cell": state["current"], "message": str(e)}
except CellExecutionError as e:
    idx = state["failed"] if state["failed"] is not None else state["current"]
    result = {"ok": False, "kind": "cell-error", "cell": idx, "message": str(e)}
except Exception as e:
    result = {"ok": False, "kind": type(e).__name__, "cell": state["current"],
              "message": "".join(traceback.format_exception(e))}
# Merge consecutive writes to the same stream, as Jupyter's UI does on save,
# so a refreshed notebook diffs cleanly against one saved from JupyterLab.
for cell in nb.cells:
    merged = []
    for out in cell.get("outputs", []):
        if (out.get("output_type") == "stream" and merged
                and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == out.get("name")):
            merged[-1]["text"] += out["text"]
        else:
            merged.append(out)
    if "outputs" in cell:
        cell["outputs"] = merged
nbformat.write(nb, args["out"])
print("@@RESULT@@" + json.dumps(result))
`;

const sourceOf = (cell) => (Array.isArray(cell.source) ? cell.source.join('') : String(cell.source ?? ''));
const textOf = (out) => (Array.isArray(out.text) ? out.text.join('') : String(out.text ?? ''));
// eslint-disable-next-line no-control-regex
const stripAnsi = (s) => s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');

// What tslab writes to stderr when a cell fails: a compile diagnostic
// ("3:7 - Type 'string' is not assignable …"), a runtime stack through the vm
// ("evalmachine.<anonymous>"), or its process-wide handlers for errors thrown
// after the cell returned (timers, unawaited promises).
const REJECTED_PROMISE_RE = /^Promise \{\n\s+<rejected> /m;
const TSLAB_ERROR_RE = /^\d+:\d+ - |evalmachine\.<anonymous>|^UncaughtException:|^UnhandledPromiseRejection:/m;

/** Error text of one output, or null if the output is not an error. */
export function errorTextOfOutput(out) {
  if (out.output_type === 'error') {
    const tb = (out.traceback ?? []).map(stripAnsi).join('\n');
    return tb || `${out.ename}: ${out.evalue}`;
  }
  if (out.output_type === 'stream' && out.name === 'stderr' && TSLAB_ERROR_RE.test(textOf(out))) {
    return withoutKernelFrames(textOf(out));
  }
  // A cell whose last expression is a rejected promise (a missing `await`)
  // succeeds in tslab and prints the promise to stdout.
  if (out.output_type === 'stream' && out.name === 'stdout' && REJECTED_PROMISE_RE.test(textOf(out))) {
    return `the cell's value is a rejected Promise (missing \`await\`?):\n${withoutKernelFrames(textOf(out))}`;
  }
  return null;
}

// Drop the stack frames of tslab and node:vm below the cell's own frames.
const KERNEL_FRAME_RE = /^\s+at .*(node:vm:|node_modules\/tslab\/|sigintHandlersWrap)/;
function withoutKernelFrames(text) {
  return text
    .split('\n')
    .filter((l) => !KERNEL_FRAME_RE.test(l))
    .join('\n');
}

/**
 * Problems in a notebook as stored (committed): error outputs, or no outputs
 * at all, or a non-tslab kernel. Returns human-readable strings.
 */
export function committedProblems(nb) {
  const problems = [];
  const ks = nb?.metadata?.kernelspec;
  if (ks?.name !== 'tslab') {
    problems.push(`metadata.kernelspec.name is ${JSON.stringify(ks?.name)}, expected "tslab" (display_name "TypeScript")`);
  }
  const code = (nb.cells ?? []).map((c, i) => ({ c, i })).filter(({ c }) => c.cell_type === 'code');
  const outputs = code.reduce((n, { c }) => n + (c.outputs?.length ?? 0), 0);
  if (code.length > 0 && outputs === 0) {
    problems.push('it has no outputs: commit notebooks WITH their outputs (run `npm run notebooks -- <file>`)');
  }
  for (const { c, i } of code) {
    for (const out of c.outputs ?? []) {
      const err = errorTextOfOutput(out);
      if (err) problems.push(formatCellError(i, sourceOf(c), err));
    }
  }
  return problems;
}

function formatCellError(index, source, errorText) {
  const indent = (s) => s.trimEnd().split('\n').map((l) => `    ${l}`).join('\n');
  return `cell ${index + 1}:\n${indent(source)}\n  error:\n${indent(errorText)}`;
}

/**
 * Execute a notebook headless with the tslab kernel (cwd = its folder) and
 * write the executed notebook to `outPath`.
 * Resolves to { ok, problems: string[], outPath, durationMs }.
 */
export async function executeNotebook(nbPath, { outPath, timeoutS = CELL_TIMEOUT_S } = {}) {
  const env = jupyterEnv();
  const args = JSON.stringify({
    in: nbPath,
    out: outPath,
    cwd: dirname(nbPath),
    timeout: timeoutS,
    kernel: 'tslab',
  });
  const started = Date.now();
  const { code, stdout, stderr } = await new Promise((res, rej) => {
    const child = spawn(PYTHON, ['-c', DRIVER, args], { cwd: dirname(nbPath), env });
    let so = '';
    let se = '';
    child.stdout.on('data', (d) => (so += d));
    child.stderr.on('data', (d) => (se += d));
    child.on('error', rej);
    child.on('close', (c) => res({ code: c, stdout: so, stderr: se }));
  });
  const durationMs = Date.now() - started;
  const line = stdout.split('\n').find((l) => l.startsWith('@@RESULT@@'));
  if (!line) {
    return {
      ok: false,
      durationMs,
      outPath,
      problems: [`the notebook runner crashed (exit ${code}):\n${stderr.trim()}\n${stdout.trim()}`],
    };
  }
  const result = JSON.parse(line.slice('@@RESULT@@'.length));
  const nb = readNotebook(outPath);
  const problems = [];
  if (!result.ok) {
    const i = result.cell;
    const cell = i != null ? nb.cells[i] : undefined;
    const errs = (cell?.outputs ?? []).map(errorTextOfOutput).filter(Boolean);
    const stderrText = (cell?.outputs ?? [])
      .filter((o) => o.output_type === 'stream' && o.name === 'stderr')
      .map(textOf)
      .join('');
    const errorText =
      result.kind === 'cell-error'
        ? errs.join('\n') || stderrText || result.message
        : `${result.kind}: ${result.message}${stderrText ? `\n${stderrText}` : ''}`;
    problems.push(cell ? formatCellError(i, sourceOf(cell), errorText) : `${result.kind}: ${result.message}`);
  } else {
    // Errors thrown after a cell returned (timers, unawaited promises) are
    // printed by tslab to stderr in whatever cell runs at the time.
    nb.cells.forEach((c, i) => {
      for (const out of c.outputs ?? []) {
        const err = errorTextOfOutput(out);
        if (err) problems.push(formatCellError(i, sourceOf(c), err));
      }
    });
  }
  return { ok: problems.length === 0, problems, outPath, durationMs };
}

async function main(argv) {
  if (argv.includes('-h') || argv.includes('--help')) {
    console.log('usage: node scripts/run-notebooks.js [notebook.ipynb ...]   (default: notebooks/*.ipynb)');
    console.log('Executes each notebook with the tslab kernel and rewrites it IN PLACE with fresh outputs.');
    return 0;
  }
  const files = argv.length ? argv.map((f) => resolve(f)) : listNotebooks();
  if (files.length === 0) {
    console.log('no notebooks to run');
    return 0;
  }
  try {
    jupyterEnv();
  } catch (e) {
    console.error(e.message);
    return 2;
  }
  if (!existsSync(join(REPO, 'dist/index.js'))) {
    console.warn('warning: dist/index.js is missing; run `npm run build` first or imports from "leadvalue" will fail');
  }
  let failed = 0;
  for (const file of files) {
    const name = relative(process.cwd(), file);
    const missing = missingRequirements(readNotebook(file));
    if (missing.length) {
      console.log(`SKIP ${name}: required path missing: ${missing.join(', ')}`);
      continue;
    }
    const dir = mkdtempSync(join(tmpdir(), 'leadvalue-nb-'));
    const out = join(dir, basename(file));
    const r = await executeNotebook(file, { outPath: out });
    const secs = (r.durationMs / 1000).toFixed(1);
    if (r.ok) {
      renameOrCopy(out, file);
      rmSync(dir, { recursive: true, force: true });
      console.log(`ok   ${name} (${secs} s), outputs written`);
    } else {
      failed++;
      console.error(`FAIL ${name} (${secs} s), left unchanged; partial run saved to ${out}\n${r.problems.join('\n')}`);
    }
  }
  return failed ? 1 : 0;
}

function renameOrCopy(from, to) {
  try {
    renameSync(from, to);
  } catch {
    // tmpdir on another filesystem
    const tmp = `${to}.tmp`;
    spawnSync('cp', [from, tmp]);
    renameSync(tmp, to);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
