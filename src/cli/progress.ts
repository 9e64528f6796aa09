/**
 * Progress on long steps, to stderr: a rewritten line on a terminal, a few
 * plain lines otherwise (CI logs stay short). Silent when `quiet`.
 */
export interface Progress {
  /** Reports a fraction done (0…1) of a named step. */
  update(step: string, fraction: number): void;
  /** Ends the current step with a message. */
  done(message: string): void;
}

/** Creates the progress reporter for the CLI. */
export function createProgress(options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  const out = options.stream ?? process.stderr;
  const tty = Boolean(out.isTTY);
  let lastStep = '', lastShown = -1, started = Date.now();
  return {
    update(step, fraction) {
      if (options.quiet) return;
      if (step !== lastStep) { lastStep = step; lastShown = -1; started = Date.now(); }
      const pct = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
      if (tty) {
        if (pct === lastShown) return;
        const width = 24, filled = Math.round((pct / 100) * width);
        out.write(`\r  ${step} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}%`);
      } else if (Math.floor(pct / 50) > Math.floor(lastShown / 50) && Date.now() - started > 2000) {
        out.write(`  ${step}: ${pct}%\n`);
      }
      lastShown = pct;
    },
    done(message) {
      if (options.quiet) return;
      if (tty && lastStep) out.write('\r\x1b[K');
      lastStep = '';
      out.write(`  ${message}\n`);
    },
  };
}
