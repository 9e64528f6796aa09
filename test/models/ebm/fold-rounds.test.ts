// Cross-validated rounds for small EBM fits (src/models/ebm/fold-rounds.ts): the
// weight-0 trick is checked against boosting on the other rows alone, the pooled
// out-of-fold ranking is recomputed here from those separate fits, and fitEbm's
// switch between the time split and the folds is pinned by row counts.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/rng.js';
import type { EncodedMatrix } from '../../../src/features/encode.js';
import { subsetMatrix } from '../../../src/features/subset-matrix.js';
import { normalizedGini } from '../../../src/evaluate/normalized-gini.js';
import { auc } from '../../../src/evaluate/auc.js';
import { binMatrix } from '../../../src/models/ebm/bin-features.js';
import { boost, FLOAT32_STATE_ROWS, type BoostTerm } from '../../../src/models/ebm/boost.js';
import { checkpoints, foldRounds } from '../../../src/models/ebm/fold-rounds.js';
import { fitEbm, MIN_VALIDATION_ROWS } from '../../../src/models/ebm/fit-ebm.js';
import { predictEbm } from '../../../src/models/ebm/predict-ebm.js';

/** n rows, oldest first: a number x that drives the amount, a noise category; amounts 0 half the time. */
function smallData(n: number, seed = 3): { matrix: EncodedMatrix; amount: Float64Array; won: Float64Array } {
  const rng = createRng(seed);
  const z = new Float64Array(n), slots = new Int32Array(n), amount = new Float64Array(n), won = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    z[i] = rng.normal();
    slots[i] = rng.int(3);
    won[i] = rng.next() < 1 / (1 + Math.exp(-2 * z[i])) ? 1 : 0;
    amount[i] = won[i] ? Math.round(Math.exp(4 + z[i] + 0.5 * rng.normal())) : 0;
  }
  return {
    matrix: { rows: n, columns: [{ kind: 'number', name: 'x', z, missing: new Uint8Array(n) }, { kind: 'category', name: 'c', slots, size: 5 }] },
    amount, won,
  };
}

const termsOf = (m: EncodedMatrix): BoostTerm[] => binMatrix(m, 32).map((b) => ({ bins: b.bins, size: b.size, ordered: b.kind === 'number' }));
const SETTINGS = { loss: 'poisson' as const, learningRate: 0.1, maxLeaves: 3, l2: 1, maxRounds: 60, folds: 4 };

describe('checkpoints', () => {
  it('1-1.2-1.5-2-2.5-3-4-5-6-8 per decade, rounded, up to maxRounds included', () => {
    expect(checkpoints(1)).toEqual([1]);
    expect(checkpoints(7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(checkpoints(60)).toEqual([1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60]);
    expect(checkpoints(1000).slice(-6)).toEqual([300, 400, 500, 600, 800, 1000]);
  });
});

describe('foldRounds', () => {
  const n = 120;
  const { matrix, amount } = smallData(n);
  const terms = termsOf(matrix);
  const mean = (y: Float64Array, w: Uint8Array) => { let s = 0, c = 0; y.forEach((v, i) => { s += w[i] * v; c += w[i]; }); return s / c; };
  const target = Float64Array.from(amount, (v) => v / (amount.reduce((s, x) => s + x, 0) / n));
  const start = (w: Uint8Array) => new Float64Array(n).fill(Math.log(mean(target, w)));

  it('weight 0 on a fold is boosting on the other rows alone: same tables, and the fold rows\' state is that model\'s e^η', () => {
    const lo = 30, hi = 60;
    const w = new Uint8Array(n).fill(1).fill(0, lo, hi);
    let held: Float64Array | null = null;
    const weighted = boost({ ...SETTINGS, terms, target, base: start(w), weights: w, fitEnd: n, valEnd: n, earlyStoppingRounds: 60, maxRounds: 25, onRound: (r, s) => { if (r === 25) held = s.slice(lo, hi); } });
    const others = Int32Array.from({ length: n - (hi - lo) }, (_, k) => (k < lo ? k : k + hi - lo));
    const subTerms = terms.map((t) => ({ ...t, bins: Int32Array.from(others, (i) => t.bins[i]) }));
    const alone = boost({ ...SETTINGS, terms: subTerms, target: Float64Array.from(others, (i) => target[i]), base: new Float64Array(others.length).fill(start(w)[0]), weights: null, fitEnd: others.length, valEnd: others.length, earlyStoppingRounds: 60, maxRounds: 25 });
    alone.tables.forEach((t, j) => t.forEach((v, b) => expect(weighted.tables[j][b]).toBeCloseTo(v, 12)));
    for (let i = lo; i < hi; i++) {
      const eta = start(w)[0] + terms.reduce((s, t, j) => s + alone.tables[j][t.bins[i]], 0);
      expect(held![i - lo]).toBeCloseTo(Math.exp(eta), 10);
    }
  });

  it('keeps the checkpoint whose pooled out-of-fold Gini (of what the rounds added to each fold\'s start) is best, as separate fits on the other rows give it', () => {
    const choice = foldRounds(terms, target, start, amount, SETTINGS);
    // Independent: for each checkpoint, boost each fold's other rows alone and pool the fold rows' predictions.
    const gini = checkpoints(60).map((rounds) => {
      const oof = new Float64Array(n);
      for (let f = 0; f < 4; f++) {
        const lo = (n * f) / 4, hi = (n * (f + 1)) / 4;
        const w = new Uint8Array(n).fill(1).fill(0, lo, hi);
        const others = Int32Array.from({ length: n - (hi - lo) }, (_, k) => (k < lo ? k : k + hi - lo));
        const m = boost({ ...SETTINGS, terms: terms.map((t) => ({ ...t, bins: Int32Array.from(others, (i) => t.bins[i]) })), target: Float64Array.from(others, (i) => target[i]), base: new Float64Array(others.length).fill(start(w)[0]), weights: null, fitEnd: others.length, valEnd: others.length, earlyStoppingRounds: 60, maxRounds: rounds });
        // The fold's start (the mean of its other rows) is left out: only what the rounds added is pooled.
        for (let i = lo; i < hi; i++) oof[i] = terms.reduce((s, t, j) => s + m.tables[j][t.bins[i]], 0);
      }
      return normalizedGini(oof, amount);
    });
    const best = gini.indexOf(Math.max(...gini));
    expect(choice.rounds).toBe(checkpoints(60)[best]);
    expect(choice.score).toBeCloseTo(gini[best], 9);
    expect(choice.metric).toBe('normalized Gini');
    expect(choice.roundsTried).toBe(60);
    expect(choice.rounds).toBeGreaterThan(0);
  });

  it('0 rounds when no checkpoint ranks better than chance (labels reversed against the signal)', () => {
    // The fold models learn "high x → high amount" from the other rows; on these labels that ranks below chance everywhere.
    const { matrix: m, won } = smallData(n, 5);
    const x = (m.columns[0] as { z: Float64Array }).z;
    const reversed = Float64Array.from(x, (v, i) => (i < n / 2 ? (v > 0 ? 1 : 0) : (v > 0 ? 0 : 1)));
    const half = (w: Uint8Array) => new Float64Array(n).fill(Math.log(mean(reversed, w) / (1 - mean(reversed, w))));
    const choice = foldRounds(termsOf(m), reversed, half, reversed, { ...SETTINGS, loss: 'log-loss', folds: 2 });
    expect(won.length).toBe(n);
    expect(choice.rounds).toBe(0);
    expect(choice.metric).toBe('AUC');
    expect(choice.score).toBeLessThanOrEqual(0.5);
  });
});

describe('fitEbm chooses the rounds by folds only when the time split\'s newest part is small', () => {
  it(`below ${MIN_VALIDATION_ROWS} validation rows: 5 folds over every row, the ranking recorded`, () => {
    const { matrix, amount } = smallData(200); // newest 20% = 40 rows < 50
    const s = fitEbm(matrix, amount, { loss: 'poisson', target: 'v' }, createRng(1));
    expect(s.validation).toMatchObject({ rows: 200, folds: 5, metric: 'normalized Gini', roundsTried: 1000 });
    expect(s.rounds.mains).toBeGreaterThan(0);
    expect(checkpoints(1000)).toContain(s.rounds.mains);
    expect(s.validation!.score).toBeGreaterThan(0.3); // x drives the amount
    // The final model is fit on every row for the chosen rounds: the same as asking for those rounds with no validation.
    const fixed = fitEbm(matrix, amount, { loss: 'poisson', target: 'v', validationShare: 0, maxRounds: s.rounds.mains }, createRng(1));
    expect(Array.from(predictEbm(s, matrix))).toEqual(Array.from(predictEbm(fixed, matrix)));
  });

  it('at 50 validation rows and above, or with folds: 0, the time split as before', () => {
    const { matrix, won } = smallData(250); // newest 20% = 50 rows
    const s = fitEbm(matrix, won, { loss: 'log-loss', target: 'p' }, createRng(1));
    expect(s.validation).toEqual({ rows: 50, loss: s.validation!.loss, roundsTried: s.validation!.roundsTried });
    const small = smallData(200);
    const t = fitEbm(small.matrix, small.won, { loss: 'log-loss', target: 'p', folds: 0 }, createRng(1));
    expect(t.validation!.rows).toBe(40);
    expect(t.validation!.folds).toBeUndefined();
  });

  it('few rows: fewer folds of at least 10 rows (90 rows: 5 folds of 18; 35: 3 of 11; 25 with folds 20: 2); below 20 rows none', () => {
    for (const [n, folds, want] of [[90, 5, 5], [35, 5, 3], [25, 20, 2]] as const) {
      const { matrix, won } = smallData(n);
      const s = fitEbm(matrix, won, { loss: 'log-loss', target: 'p', folds }, createRng(1));
      expect(s.validation, `n ${n}`).toMatchObject({ rows: n, folds: want, metric: 'AUC' });
    }
    const { matrix, won } = smallData(19);
    const s = fitEbm(matrix, won, { loss: 'log-loss', target: 'p' }, createRng(1));
    expect(s.validation).toBeNull();
    expect(s.rounds.mains).toBe(1000); // nothing validates: maxRounds (train warns, see train-model's warning)
  });

  it('log-loss folds rank by AUC; row order within each fold changes no prediction beyond 1e-9', () => {
    const { matrix, won } = smallData(150);
    const s = fitEbm(matrix, won, { loss: 'log-loss', target: 'p', interactions: 1 }, createRng(1));
    expect(s.validation).toMatchObject({ rows: 150, folds: 5, metric: 'AUC' });
    expect(s.validation!.score).toBeGreaterThan(0.7); // x drives winning: out of fold, the ranking is far from chance
    expect(auc(predictEbm(s, matrix), won)).toBeGreaterThan(0.7);
    // Reverse the rows inside each fold of 30.
    const order = Int32Array.from({ length: 150 }, (_, i) => Math.floor(i / 30) * 30 + (29 - (i % 30)));
    const permuted = fitEbm(subsetMatrix(matrix, order), Float64Array.from(order, (i) => won[i]), { loss: 'log-loss', target: 'p', interactions: 1 }, createRng(1));
    expect(permuted.rounds).toEqual(s.rounds);
    const a = predictEbm(s, matrix), b = predictEbm(permuted, matrix);
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-9));
  });

  it('refuses a fold count of 1 or above 50, naming the setting', () => {
    const { matrix, won } = smallData(150);
    expect(() => fitEbm(matrix, won, { loss: 'log-loss', target: 'p', folds: 1 }, createRng(1))).toThrow(/fitEbm params\.folds: not 0 \(never cross-validate\) or a whole number from 2 to 50 \(got 1\)/);
    expect(() => fitEbm(matrix, won, { loss: 'log-loss', target: 'p', folds: 51 }, createRng(1))).toThrow(/params\.folds: .*\(got 51\)/);
  });
});

describe('boost: 32-bit per-row state on large fits', () => {
  it(`from ${FLOAT32_STATE_ROWS.toLocaleString('en')} fit rows the state is 32-bit, and the tables stay within 1e-6 of 64-bit state's`, () => {
    const n = FLOAT32_STATE_ROWS;
    const { matrix, won, amount } = smallData(n, 9);
    const terms = termsOf(matrix);
    for (const [loss, y] of [['log-loss', won], ['poisson', amount]] as const) {
      const m = y.reduce((s, v) => s + v, 0) / n;
      const target = loss === 'poisson' ? Float64Array.from(y, (v) => v / m) : y;
      const base = new Float64Array(n).fill(loss === 'poisson' ? 0 : Math.log(m / (1 - m)));
      let kinds: string[] = [];
      const run = (state32?: boolean) => boost({ ...SETTINGS, loss, terms, target, base, weights: null, fitEnd: n, valEnd: n, earlyStoppingRounds: 40, maxRounds: 40, state32, onRound: (r, s) => { if (r === 1) kinds.push(s.constructor.name); } });
      const wide = run(false), narrow = run();
      expect(kinds).toEqual(['Float64Array', 'Float32Array']);
      kinds = [];
      wide.tables.forEach((t, j) => t.forEach((v, b) => expect(Math.abs(narrow.tables[j][b] - v)).toBeLessThan(1e-6)));
      expect(boost({ ...SETTINGS, loss, terms: terms.map((t) => ({ ...t, bins: t.bins.subarray(0, n - 1) })), target, base, weights: null, fitEnd: n - 1, valEnd: n - 1, earlyStoppingRounds: 1, maxRounds: 1, onRound: (r, s) => kinds.push(s.constructor.name) }).rounds).toBe(1);
      expect(kinds).toEqual(['Float64Array']);
    }
  });
});

describe('train\'s warnings about EBM parts', () => {
  it('says when no rounds were validated, and when a part ranks nothing; not when only pairs were kept', async () => {
    const { Warnings } = await import('../../../src/core/warn.js');
    const { warnConstantParts } = await import('../../../src/pipeline/train-model.js');
    const tiny = smallData(15);
    const unvalidated = fitEbm(tiny.matrix, tiny.won, { loss: 'log-loss', target: 'p' }, createRng(1));
    const base = smallData(150);
    const constant = { ...fitEbm(base.matrix, base.won, { loss: 'log-loss', target: 'p' }, createRng(1)), rounds: { mains: 0, pairs: 0 } };
    const pairsOnly = { ...constant, rounds: { mains: 0, pairs: 2 } };
    const w = new Warnings();
    warnConstantParts({ win: unvalidated, value: constant }, w);
    warnConstantParts({ win: pairsOnly, value: pairsOnly }, w);
    expect(w.list().map((x) => x.key)).toEqual(['ebm-unvalidated-win', 'ebm-constant-value']);
    expect(w.list()[0].message).toBe('model.win: the EBM\'s 1000 boosting rounds were not validated: its 15 training rows are too few for a time split or cross-validation; use kind "glm", or set maxRounds to a number you trust');
    expect(w.list()[1].message).toMatch(/^model\.value: the EBM kept 0 boosting rounds \(no round ranked its 150 training rows better than chance out of fold, in 5-fold cross-validation\)/);
  });

  it('says when pair terms were asked for and none kept', async () => {
    const { Warnings } = await import('../../../src/core/warn.js');
    const { warnConstantParts } = await import('../../../src/pipeline/train-model.js');
    const base = smallData(150);
    const fitted = fitEbm(base.matrix, base.won, { loss: 'log-loss', target: 'p' }, createRng(1));
    const asked = { ...fitted, settings: { ...fitted.settings, interactions: 3 }, pairs: [] };
    const kept = { ...asked, pairs: [{ features: ['a', 'b'] as [string, string], edges: [null, null] as [null, null], values: [[0]] }] };
    const w = new Warnings();
    warnConstantParts({ win: asked, value: kept }, w);
    expect(w.list().map((x) => x.key)).toEqual(['ebm-no-pairs-win']);
    expect(w.list()[0].message).toMatch(/^model\.win: 3 pair terms asked \(interactions\), none kept: no pair improved the validation loss/);
  });

  it('checks the exported refit too, and says which fit a problem is about when only one has it', async () => {
    const { Warnings } = await import('../../../src/core/warn.js');
    const { warnConstantParts } = await import('../../../src/pipeline/train-model.js');
    const base = smallData(150);
    const fitted = fitEbm(base.matrix, base.won, { loss: 'log-loss', target: 'p' }, createRng(1));
    const pair = { features: ['a', 'b'] as [string, string], edges: [null, null] as [null, null], values: [[0]] };
    const ranks = { ...fitted, rounds: { mains: 12, pairs: 0 }, rows: 400 };
    const constant = { ...fitted, rounds: { mains: 0, pairs: 0 } };
    const tiny = fitEbm(smallData(15).matrix, smallData(15).won, { loss: 'log-loss', target: 'p' }, createRng(1));
    const keys = (w: InstanceType<typeof Warnings>) => w.list().map((x) => x.key);

    // Evaluated ranks, the exported refit is constant: only the refit's problem, said as such.
    let w = new Warnings();
    warnConstantParts({ win: ranks, value: ranks }, w, { win: ranks, value: constant });
    expect(keys(w)).toEqual(['ebm-constant-value']);
    expect(w.list()[0].message).toMatch(/^model\.value: the refit on all leads that is exported kept 0 boosting rounds \(no round ranked its 150 training rows better than chance out of fold, in 5-fold cross-validation\), so the exported part predicts a constant and ranks nothing, while the model evaluated on the training period kept 12: the held-out metrics describe a ranking the exported part does not have; /);
    // The other way round, and both.
    w = new Warnings();
    warnConstantParts({ win: constant, value: constant }, w, { win: ranks, value: { ...constant } }); // a copy: another fit
    expect(keys(w)).toEqual(['ebm-constant-win', 'ebm-constant-value']);
    expect(w.list()[0].message).toMatch(/^model\.win: the model evaluated on the training period kept 0 boosting rounds \(.*\), so the held-out metrics describe a part that predicts a constant; the refit on all leads that is exported kept 12, which no held-out metric describes; /);
    expect(w.list()[1].message).toMatch(/^model\.value: the EBM kept 0 boosting rounds, on the training period \(.*\) and in the refit on all leads that is exported \(.*\), so this part predicts a constant and ranks nothing; /);

    // Pairs: kept by the refit only.
    w = new Warnings();
    const asked = { ...ranks, settings: { ...ranks.settings, interactions: 2 }, pairs: [] };
    warnConstantParts({ win: asked, value: ranks }, w, { win: { ...asked, pairs: [pair] }, value: ranks });
    expect(w.list().map((x) => x.message)).toEqual(['model.win: 2 pair terms asked (interactions); the model evaluated on the training period kept none, the refit on all leads that is exported kept 1: ' +
      'the held-out metrics describe an additive part, so no held-out metric describes the exported pair terms; set model.refit false to export the evaluated model, or drop interactions']);

    // Unvalidated on the training period only (the refit had rows enough).
    w = new Warnings();
    warnConstantParts({ win: tiny, value: ranks }, w, { win: ranks, value: ranks });
    expect(w.list().map((x) => x.message)).toEqual(['model.win: the EBM\'s 1000 boosting rounds were not validated on the training period: its 15 training rows are too few for a time split or cross-validation, ' +
      'so the held-out metrics describe unvalidated rounds (the refit on all leads that is exported, on 400 rows, validated its 12); use kind "glm", or set maxRounds to a number you trust']);

    // The same model passed as exported (no refit): the messages of a single fit.
    w = new Warnings();
    warnConstantParts({ win: ranks, value: constant }, w, { win: ranks, value: constant });
    expect(w.list()[0].message).toMatch(/^model\.value: the EBM kept 0 boosting rounds \(no round ranked/);
  });
});
