import { DAY_MS, formatDay, formatDuration, type Duration } from '../core/dates.js';
import { LeadvalueError, shown } from '../core/errors.js';
import type { LeadFrame } from '../join/build-lead-frame.js';

/** Examples per target on a set of training rows. */
export interface TargetCounts {
  /** P(win): every row is an example; won rows are positives. */
  win: { rows: number; positives: number; negatives: number };
  /**
   * E[value | won]: won rows whose horizon is complete are examples; those
   * with value above 0 are positives. Censored won rows are not examples.
   */
  value: { rows: number; positives: number; zero: number; censored: number };
}

/**
 * What the counts read from a lead frame: outcome, censoring and value per
 * lead. The rest is for messages: with the win and creation dates, the horizon
 * and the data end, a value target whose won leads are all censored is
 * explained by the horizon against the history.
 */
export type TargetFrame = Pick<LeadFrame, 'won' | 'censored' | 'value'> & {
  wonAt?: ArrayLike<number>;
  createdAt?: ArrayLike<number>;
  horizon?: Duration;
  dataEnd?: number;
  report?: { dataEndSource: 'config' | 'revenue' };
};

/** The floors of {@link checkDataSufficiency}. */
export interface SufficiencyFloors {
  /** Least won leads (win) and least won leads with value above 0 (value); default 40. */
  minPositives: number;
  /** Least leads not won (win); default 40. */
  minNegatives: number;
}

/** The floors the strictest CRM vendors require before they train a lead score: 40 of each class. */
export const DEFAULT_FLOORS: SufficiencyFloors = { minPositives: 40, minNegatives: 40 };

/**
 * Counts examples and positives per target on the given rows.
 * @param frame - the lead frame
 * @param rows - training rows (indices into the frame; repeats count again)
 * @param where - names the rows in messages (default `countTargets`)
 * @throws LeadvalueError naming the position and index when a row is not an index of the frame (it would count as a lost lead)
 * @example
 * countTargets(frame, split.train).win.positives;   // won leads among the training rows
 */
export function countTargets(frame: TargetFrame, rows: ArrayLike<number>, where = 'countTargets'): TargetCounts {
  let won = 0, complete = 0, positive = 0, censored = 0;
  const n = frame.won.length;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    if (!(Number.isInteger(i) && i >= 0 && i < n)) {
      throw new LeadvalueError(`${where} rows[${k}]`, 'not a row of the frame', `${i}; the frame has ${n} rows, 0 … ${n - 1}`, 'pass row indices of this frame');
    }
    if (!frame.won[i]) continue;
    won++;
    if (frame.censored[i]) { censored++; continue; }
    complete++;
    if (frame.value[i] > 0) positive++;
  }
  return {
    win: { rows: rows.length, positives: won, negatives: rows.length - won },
    value: { rows: complete, positives: positive, zero: complete - positive, censored },
  };
}

/**
 * The data-sufficiency gate: before training, refuses when a target has too
 * few examples to learn from — P(win) with fewer than `minPositives` won or
 * `minNegatives` not-won leads; E[value | won] with fewer than `minPositives`
 * won leads whose horizon is complete and whose value is above 0. A model fit
 * on fewer would still produce numbers, and reasons that read as confidently
 * as any other; the gate makes the shortage an explicit decision instead.
 * @param frame - the lead frame
 * @param rows - the training rows
 * @param given - the floors (named `floors` in messages): `minPositives`, `minNegatives`, whole numbers ≥ 0 (0 turns a check off); one left out takes its {@link DEFAULT_FLOORS} value
 * @param where - names the rows in messages (default `training data`)
 * @returns the counts, when every target passes
 * @throws LeadvalueError naming the option when a floor is not a whole number ≥ 0, naming the index when a row is not a row
 *   of the frame; naming the target, its counts, the floor and what to do, e.g.
 *   `training data, target win: too few won leads to learn P(win) from (got 12 won, 950 not won; the floor is 40 won and 40 not won); …`;
 *   when every won lead is censored and the frame has its dates, that the horizon is longer than the history
 *   after the first win, with both and the horizons that would label leads (no advice to lower the floors, which cannot help then)
 * @example
 * checkDataSufficiency(frame, split.train, { minPositives: 40, minNegatives: 40 });
 */
export function checkDataSufficiency(frame: TargetFrame, rows: ArrayLike<number>, given: Partial<SufficiencyFloors> = DEFAULT_FLOORS, where = 'training data'): TargetCounts {
  const floors = { ...DEFAULT_FLOORS };
  for (const key of ['minPositives', 'minNegatives'] as const) {
    const v: unknown = given?.[key];
    if (v === undefined) continue;
    // NaN or a negative floor compared false with every count: the gate passed without checking.
    if (!(typeof v === 'number' && Number.isInteger(v) && v >= 0)) {
      throw new LeadvalueError(`checkDataSufficiency floors.${key}`, 'not a whole number ≥ 0', shown(v), `e.g. ${DEFAULT_FLOORS[key]} (the default), or 0 to turn the check off`);
    }
    floors[key] = v;
  }
  const counts = countTargets(frame, rows, where);
  const { win, value } = counts;
  const lower = 'or, accepting a noisier model, lower model.minPositives / model.minNegatives in the config';
  if (win.positives < floors.minPositives || win.negatives < floors.minNegatives) {
    const short = win.positives < floors.minPositives ? 'won' : 'not-won';
    throw new LeadvalueError(`${where}, target win`, `too few ${short} leads to learn P(win) from`,
      `${win.positives} won, ${win.negatives} not won of ${win.rows} leads; the floor is ${floors.minPositives} won and ${floors.minNegatives} not won`,
      short === 'won'
        ? `use a longer history (older leads, or a later split.cutoff so more leads train), or fewer segments (one model for all leads); ${lower}`
        : `the leads table should hold lost and open leads too, not only won ones; use a longer history, or fewer segments; ${lower}`);
  }
  if (value.positives < floors.minPositives) {
    if (value.rows === 0 && value.censored > 0) {
      // No won lead has a value to learn from: the horizon is the problem, and lower floors would only reach a fit that has no rows.
      const longHorizon = horizonPastHistory(frame, rows, value.censored);
      if (longHorizon) throw new LeadvalueError(`${where}, target value`, longHorizon.what, longHorizon.got, longHorizon.fix);
      throw new LeadvalueError(`${where}, target value`, 'no won lead has a complete horizon to learn E[value | won] from: every won lead\'s horizon ends after the data end',
        `${value.censored} of ${win.positives} won leads censored; label.horizon ${frame.horizon ? formatDuration(frame.horizon) : '(not given)'}`, `use a shorter label.horizon${NO_FLOOR}`);
    }
    throw new LeadvalueError(`${where}, target value`, 'too few won leads with value above 0 in a complete horizon to learn E[value | won] from',
      `${value.positives} with value above 0, ${value.zero} with value 0, ${value.censored} censored (horizon not complete) of ${win.positives} won; the floor is ${floors.minPositives}`,
      `use a shorter label.horizon (fewer censored leads), a longer history (older leads, or a later split.cutoff), or fewer segments; ${lower}`);
  }
  return counts;
}

/** Why the floors are not the fix when every won lead is censored. */
const NO_FLOOR = ' (lowering model.minPositives cannot help: with every won lead censored there is no value to learn from)';

/**
 * When every won lead is censored, the horizon is longer than the history after
 * the first win: the message gives both, and the longest horizon that labels
 * any lead. Undefined when the frame lacks the dates to say so.
 */
function horizonPastHistory(frame: TargetFrame, rows: ArrayLike<number>, censored: number): { what: string; got: string; fix: string } | undefined {
  const { wonAt, createdAt, horizon, dataEnd } = frame;
  if (!wonAt || !createdAt || !horizon || dataEnd === undefined || !Number.isFinite(dataEnd)) return undefined;
  const wins: number[] = [];
  let from = Infinity;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    if (createdAt[i] < from) from = createdAt[i];
    if (frame.won[i] && Number.isFinite(wonAt[i])) wins.push(wonAt[i]);
  }
  if (wins.length === 0 || !Number.isFinite(from)) return undefined;
  wins.sort((a, b) => a - b);
  // A horizon of d days is complete when won_at + d days ≤ the end of the last day (dataEnd + 1 ms).
  const daysBefore = (t: number) => Math.floor((dataEnd + 1 - t) / DAY_MS);
  const h = formatDuration(horizon);
  const laterEnd = frame.report?.dataEndSource === 'config' ? '; or, if the files run past label.dataEnd, set it later' : '';
  return {
    what: `every won lead's horizon ends after the data end: label.horizon ${h} is longer than the history after the first win`,
    got: `horizon ${h}; history ${formatDay(from)} … ${formatDay(dataEnd)} (${daysBefore(from)} days), first win ${formatDay(wins[0])} (${daysBefore(wins[0])} days before the data end); ${censored} of ${wins.length} won leads censored`,
    fix: `use a label.horizon shorter than the history: at most "${daysBefore(wins[0])}d" labels any lead, "${daysBefore(wins[Math.floor((wins.length - 1) / 2)])}d" half of the won leads${laterEnd}${NO_FLOOR}`,
  };
}
