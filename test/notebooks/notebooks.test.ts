// Every notebooks/*.ipynb is (1) committed with outputs and without errors, and
// (2) still runs top to bottom in the real tslab kernel against the built
// package (`npm test` builds first). Refresh outputs with `npm run notebooks`.
//
// A notebook that reads real data declares it in its metadata, relative to the
// repo root:  "metadata": { "leadvalue": { "requires": ["../shared/data/olist"] } }
// When a required path is missing, only the execution test is skipped.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { describe, it } from 'vitest';
// @ts-ignore -- plain JS helper shared with `node scripts/run-notebooks.js`
import * as runner from '../../scripts/run-notebooks.js';

const {
  REPO,
  listNotebooks,
  readNotebook,
  missingRequirements,
  committedProblems,
  executeNotebook,
  jupyterEnv,
} = runner as {
  REPO: string;
  listNotebooks(): string[];
  readNotebook(path: string): any;
  missingRequirements(nb: any): string[];
  committedProblems(nb: any): string[];
  executeNotebook(
    path: string,
    opts: { outPath: string; timeoutS?: number },
  ): Promise<{ ok: boolean; problems: string[]; outPath: string; durationMs: number }>;
  jupyterEnv(): NodeJS.ProcessEnv;
};

const NOTEBOOK_TIMEOUT_MS = 10 * 60 * 1000;

describe('notebooks', () => {
  it('Jupyter and the tslab kernel are available', () => {
    // Throws the one-sentence diagnosis (which apt-get command to run).
    jupyterEnv();
  }, 60_000);

  for (const file of listNotebooks()) {
    const name = relative(REPO, file);
    const nb = readNotebook(file);
    const missing = missingRequirements(nb);

    describe(name, () => {
      it('is committed with outputs and without errors', () => {
        const problems = committedProblems(nb);
        if (problems.length) {
          throw new Error(`${name} as committed:\n${problems.join('\n')}`);
        }
      });

      const title = missing.length
        ? `executes in the tslab kernel (SKIPPED: required path missing: ${missing.join(', ')})`
        : 'executes in the tslab kernel without errors';
      it.skipIf(missing.length > 0)(
        title,
        async () => {
          jupyterEnv(); // fail with the setup sentence, not an obscure spawn error
          const dir = mkdtempSync(join(tmpdir(), 'leadvalue-nbtest-'));
          const r = await executeNotebook(file, { outPath: join(dir, basename(file)) });
          if (!r.ok) {
            throw new Error(
              `${name} failed in the tslab kernel (executed copy kept at ${r.outPath}):\n${r.problems.join('\n')}`,
            );
          }
          rmSync(dir, { recursive: true, force: true });
        },
        NOTEBOOK_TIMEOUT_MS,
      );
    });
  }
});
