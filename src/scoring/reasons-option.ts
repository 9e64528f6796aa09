import { LeadvalueError } from '../core/errors.js';
import { MAX_REASONS } from './score-lead.js';

/**
 * Checks the CLI's `--reasons` option (score, serve, export-sql) before any work; main.ts has refused what is not a whole number.
 * Beside the scorer's own checkReasonCount, so that `leadvalue serve`, which imports nothing of the CLI's, uses it too.
 * @param n - the option's value (undefined: the default, 3)
 * @throws LeadvalueError above MAX_REASONS (100): `--reasons: must be at most 100 (got 101); ask for 0 (none) to 100 reasons per lead`
 */
export function checkReasonsOption(n: number | undefined): void {
  if (n === undefined || n <= MAX_REASONS) return;
  throw new LeadvalueError('--reasons', `must be at most ${MAX_REASONS}`, String(n), `ask for 0 (none) to ${MAX_REASONS} reasons per lead`);
}
