import { LeadvalueError } from '../core/errors.js';
import { addHead } from './add-head.js';
import { calibrateProbability } from './calibration.js';
import { compileScorer, type CompiledScorer, type CompileOptions } from './compile-scorer.js';
import { ColumnEncoder, type EncodedBlock, type LeadColumns } from './encode-columns.js';
import type { ModelFile } from './model-types.js';
import { selectReasons, type ColumnReasons } from './row-reasons.js';
import { dense, zilnOutput } from './ziln-terms.js';
import { checkReasonCount } from './score-lead.js';

/** Scores of a batch of columns: one entry per row in each typed array. */
export interface ColumnScores {
  rows: number;
  /** P(win | lead features), calibrated when the model file has a calibration. */
  pWin: Float64Array;
  /** E[value in the horizon | won, lead features]. */
  valueIfWon: Float64Array;
  /** pWin × valueIfWon. */
  expectedValue: Float64Array;
  /** The goal-weighted score (1 = an average training lead), as scoreLead's `score`. */
  score: Float64Array;
  /** Product of the multipliers of the goal segments each row is in (1 when none). */
  multiplier: Float64Array;
  /** Name of the goal profile the scores used. */
  goalProfile: string;
  /** Per feature (only those with any): rows with a category never seen in training. */
  unseen: Record<string, number>;
  /** Per feature (only those with any): rows with the value missing. */
  missing: Record<string, number>;
  /** Per feature (only those with any): rows with a number more than 10 training standard deviations from the mean (as LeadScore.extreme). */
  extreme: Record<string, number>;
  /** Top reasons per row when `options.reasons` > 0, else null. Turn a row's into Reason objects with rowReasons. */
  reasons: ColumnReasons | null;
}

/** Options of {@link scoreColumns}. */
export interface ColumnOptions extends CompileOptions {
  /** Reasons per row (default 0: none; reasons cost time). */
  reasons?: number;
  /** Prefix of error messages, e.g. `batch 3` → `batch 3, column employees, index 7: …`. */
  where?: string;
}

/** Rows per block: the working arrays of a block stay in the CPU cache while every term passes over them. */
const BLOCK = 2048;

/**
 * Scores a batch of leads given as columns: the fast path for many leads.
 * Gives exactly (bit for bit) what scoreLead gives each row: the same
 * per-row operations in the same order, only run term by term over typed
 * arrays instead of lead by lead.
 * @param model - a verified model file, or a scorer from compileScorer (reuse it across batches)
 * @param columns - source column name → column (see {@link LeadColumns}): numbers as Float64Array or number[]
 *   (NaN, null = missing), categories as string[] (null, '' = missing) or a dictionary { codes: Int32Array, levels }
 *   (code -1 = missing), the date column of date-part features as epoch ms or date texts
 * @param options - reasons per row (default 0), a goals override (with a model, not a compiled scorer), a message prefix
 * @returns typed arrays of pWin, valueIfWon, expectedValue, score, multiplier; unseen and missing counts; reasons when asked
 * @throws LeadvalueError naming the column (and index) when a column is absent, of the wrong type or length, or holds
 *   a value scoreLead refuses (a non-finite number, a text where a number belongs, an unparseable date, a dictionary code out of range)
 * @example
 * const scorer = compileScorer(readModel('models/demo/1.3.0.json'));
 * const columns = {
 *   source: { codes: Int32Array.of(3, 5), levels: ['cold_outbound', 'content_download', 'organic_search', 'paid_search', 'partner', 'referral'] },
 *   industry: ['saas', null], job_level: ['vp', 'manager'], employees: Float64Array.of(250, NaN),
 *   pages_viewed: [12, 3], demo_requested: [1, 0], free_email: [0, 1], created_at: ['2026-05-04', '2026-05-05'],
 * };
 * const s = scoreColumns(scorer, columns, { reasons: 3 });
 * s.score; // Float64Array [5.6945…, 0.4036…] (as scoreLead gives for each lead)
 * rowReasons(scorer, columns, s.reasons!, 0); // Reason objects, as scoreLead gives
 */
export function scoreColumns(model: ModelFile | CompiledScorer, columns: LeadColumns, options: ColumnOptions = {}): ColumnScores {
  const top = checkReasonCount(options.reasons ?? 0, 'options.reasons');
  let scorer: CompiledScorer;
  if ('reasonTerms' in model) {
    if (options.goals) throw new LeadvalueError('options.goals', 'a compiled scorer has its goals already', undefined, 'pass the goals to compileScorer(model, { goals })');
    scorer = model;
  } else scorer = compileScorer(model, { goals: options.goals });
  const enc = new ColumnEncoder(scorer.features, columns, BLOCK, options.where);
  const rows = enc.rows, size = enc.size;
  const out = {
    pWin: new Float64Array(rows), valueIfWon: new Float64Array(rows), expectedValue: new Float64Array(rows),
    score: new Float64Array(rows), multiplier: new Float64Array(rows),
  };
  const terms = scorer.reasonTerms.length;
  const reasons: ColumnReasons | null = top > 0
    ? { top, term: new Int32Array(rows * top), contribution: new Float64Array(rows * top), terms: scorer.reasonTerms }
    : null;
  const sink = reasons ? new Float64Array(terms * size) : null;
  const eta = new Float64Array(size), value = new Float64Array(size);
  const v = scorer.value;
  const units = v.kind === 'ziln' ? v.units.map(() => new Float64Array(size)) : [];
  const winTerms = scorer.win.terms.length;
  const segments = compileSegments(scorer);

  for (let start = 0; start < rows; start += size) {
    const n = Math.min(size, rows - start);
    enc.encode(start, n);
    const block = enc.block;
    addHead(scorer.win, block, n, eta, sink, 0, terms);
    const pWin = out.pWin, valueIfWon = out.valueIfWon, calibration = scorer.calibration;
    // Without a calibration, calibrateProbability is the logistic function 1 / (1 + e^−η): the same expression, inlined.
    if (calibration) for (let i = 0; i < n; i++) pWin[start + i] = calibrateProbability(calibration, eta[i]);
    else for (let i = 0; i < n; i++) pWin[start + i] = 1 / (1 + Math.exp(-eta[i]));
    if (v.kind === 'additive') {
      addHead(v.head, block, n, value, sink, winTerms, terms);
      if (v.link === 'logit') for (let i = 0; i < n; i++) valueIfWon[start + i] = 1 / (1 + Math.exp(-value[i]));
      else for (let i = 0; i < n; i++) valueIfWon[start + i] = Math.exp(value[i]);
    } else {
      v.units.forEach((head, j) => addHead(head, block, n, units[j], null));
      const { sigmaFloor, sigmaCeiling } = v.state.architecture;
      if (v.rest.length === 0 && v.activation === 'linear') {
        const [logit, mu, sigmaRaw] = units;
        for (let i = 0; i < n; i++) out.valueIfWon[start + i] = zilnOutput(logit[i], mu[i], sigmaRaw[i], sigmaFloor, sigmaCeiling).expectedValue;
      } else {
        // An MLP: the first layer term-major, the rest per row with the scorer's own dense().
        const relu = v.activation === 'relu';
        for (let i = 0; i < n; i++) {
          let h: number[] = units.map((u) => (relu ? Math.max(0, u[i]) : u[i]));
          for (const layer of v.rest) h = dense(layer, h);
          out.valueIfWon[start + i] = zilnOutput(h[0], h[1], h[2], sigmaFloor, sigmaCeiling).expectedValue;
        }
      }
      if (sink && v.reasonHeads) v.reasonHeads.forEach((head, h) => addHead(head, block, n, value, sink, winTerms + h * head.terms.length, terms));
    }
    applyGoals(scorer, segments, block, n, start, out);
    checkFinite(scorer, block, n, start, out, options.where);
    if (reasons && sink) selectReasons(scorer, sink, n, start, reasons);
  }
  const counts = (c: Float64Array) => Object.fromEntries(scorer.features.flatMap((f, k) => (c[k] > 0 ? [[f.spec.name, c[k]]] : [])));
  return { rows, ...out, goalProfile: scorer.goals.profile.name, unseen: counts(enc.unseen), missing: counts(enc.missing), extreme: counts(enc.extreme), reasons };
}

/** Fails closed, as scoreLead does, on an output that is not a finite number: names the row and its number feature farthest from the training mean. */
function checkFinite(scorer: CompiledScorer, block: EncodedBlock, n: number, start: number, out: { pWin: Float64Array; valueIfWon: Float64Array; score: Float64Array }, where?: string): void {
  const { pWin, valueIfWon, score } = out;
  for (let i = 0; i < n; i++) {
    const r = start + i, sum = pWin[r] + valueIfWon[r] + score[r];
    if (sum - sum === 0) continue; // all three finite (a NaN or an infinity makes the difference NaN)
    const outputs = { pWin: pWin[r], valueIfWon: valueIfWon[r], score: score[r] };
    const bad = Object.entries(outputs).find(([, x]) => !Number.isFinite(x));
    if (!bad) continue; // finite, only their sum overflowed
    const [name, v] = bad;
    let far = -1;
    // The present number farthest from the training mean (a missing one, z NaN, is no suspect).
    scorer.features.forEach((_, k) => { const z = block.z[k]; if (z && Math.abs(z[i]) > (far < 0 ? -1 : Math.abs(block.z[far][i]))) far = k; });
    const blame = far >= 0 ? `; column ${scorer.features[far].spec.column} = ${block.x[far][i]} is ${Math.abs(block.z[far][i]).toPrecision(3)} training standard deviations from the mean` : '';
    throw new LeadvalueError(`${where ? `${where}, ` : ''}index ${r}`, `${name} is not a finite number${blame}`, String(v), 'check the value: it is far outside what the model was trained on (a typo or a unit?)');
  }
}

/** A goal segment resolved for blocks: a match per slot for a category feature, the matcher for a number one. */
type BlockSegment = { feature: number; multiplier: number } & (
  | { kind: 'slots'; matchSlot: Uint8Array; matchLiteral: boolean }
  | { kind: 'number'; matches: (x: number | null) => boolean });

function compileSegments(scorer: CompiledScorer): BlockSegment[] {
  return scorer.goals.segments.map((s) => {
    const f = scorer.features[s.feature];
    if (f.spec.kind === 'number') return { feature: s.feature, multiplier: s.multiplier, kind: 'number', matches: s.matches };
    // What scoreLead matches on: the level, `(missing)` (null) for the missing slot; an unseen text matches only if it reads "(missing)".
    const levels = f.spec.levels;
    const matchSlot = Uint8Array.from({ length: levels.length + 2 }, (_, slot) => (slot < levels.length ? s.matches(levels[slot]) : slot > levels.length && s.matches(null)) ? 1 : 0);
    return { feature: s.feature, multiplier: s.multiplier, kind: 'slots', matchSlot, matchLiteral: s.matches('(missing)') };
  });
}

/** expectedValue, and score = (Σ wₒ · outputₒ / referenceₒ) / Σ wₒ × Π multipliers, in applyGoals' order of operations. */
function applyGoals(scorer: CompiledScorer, segments: BlockSegment[], block: EncodedBlock, n: number, start: number, out: Omit<ColumnScores, 'rows' | 'goalProfile' | 'unseen' | 'missing' | 'extreme' | 'reasons'>): void {
  const { weights: w } = scorer.goals.profile, r = scorer.goals.reference, sum = scorer.goals.weightSum;
  const we = w.expectedValue, wp = w.winProbability, wv = w.valueIfWon ?? 0, re = r.expectedValue, rp = r.winProbability, rv = r.valueIfWon;
  const { pWin, valueIfWon, expectedValue, score, multiplier } = out;
  const end = start + n;
  for (let i = start; i < end; i++) {
    const p = pWin[i], v = valueIfWon[i], ev = p * v;
    expectedValue[i] = ev;
    score[i] = (we * (ev / re) + wp * (p / rp) + wv * (v / rv)) / sum;
  }
  multiplier.fill(1, start, end);
  for (const s of segments) {
    if (s.kind === 'slots') {
      const slot = block.slot[s.feature], literal = block.literalMissing[s.feature];
      for (let i = 0; i < n; i++) if (s.matchSlot[slot[i]] || (literal && literal[i] && s.matchLiteral)) multiplier[start + i] *= s.multiplier;
    } else {
      const x = block.x[s.feature];
      for (let i = 0; i < n; i++) if (s.matches(x[i] !== x[i] ? null : x[i])) multiplier[start + i] *= s.multiplier;
    }
  }
  if (segments.length) for (let i = start; i < start + n; i++) score[i] *= multiplier[i];
}
