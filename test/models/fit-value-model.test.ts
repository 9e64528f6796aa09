import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { fitValueModel, predictValueModel } from '../../src/models/fit-value-model.js';
import { category, number, rowsOf } from '../features/raw.js';

describe('fitValueModel', () => {
  // Group a: values 1, 2, 3 (mean 2); group b: 10, 20 (mean 15) and one censored row (NaN).
  const features = [category('group', ['a', 'a', 'b', 'a', 'b', 'b'])];
  const value = Float64Array.of(1, 2, 10, 3, 20, NaN);
  const rows = rowsOf(0, 1, 2, 3, 4, 5);

  it('leaves censored rows out and fits a Poisson GLM whose unpenalised predictions are the group means', async () => {
    const model = await fitValueModel(features, value, rows, { kind: 'glm', l2: [0] });
    expect(Array.from(model.rows)).toEqual([0, 1, 2, 3, 4]);
    expect(model.state.kind).toBe('glm');
    // Poisson MLE with one indicator per group: the fitted mean of each group is its sample mean.
    const predicted = predictValueModel(model, features, rowsOf(0, 2, 5));
    expect(predicted[0]).toBeCloseTo(2, 4);
    expect(predicted[1]).toBeCloseTo(15, 4);
    expect(predicted[2]).toBeCloseTo(15, 4); // the censored row is still scored
  });

  it('fits an EBM the same way twice for the same seed', async () => {
    const rng = createRng(3);
    const x = Float64Array.from({ length: 300 }, () => rng.next() * 4);
    const y = Float64Array.from(x, (v) => (v > 2 ? 20 : 2) * (0.5 + rng.next()));
    const f = [number('x', Array.from(x))];
    const all = Int32Array.from(x.keys());
    const a = await fitValueModel(f, y, all, { kind: 'ebm', loss: 'poisson' }, { rng: createRng(7).child('ebm') });
    const b = await fitValueModel(f, y, all, { kind: 'ebm', loss: 'poisson' }, { rng: createRng(7).child('ebm') });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const p = predictValueModel(a, f, all);
    // The step at x = 2: mean value above (≈ 20) well over below (≈ 2).
    const meanWhere = (above: boolean) => { let s = 0, n = 0; x.forEach((v, i) => { if ((v > 2) === above) { s += p[i]; n++; } }); return s / n; };
    expect(meanWhere(true) / meanWhere(false)).toBeGreaterThan(4);
  });

  it('refuses rows that are all censored', async () => {
    await expect(fitValueModel(features, value, rowsOf(5), { kind: 'glm' })).rejects.toThrow(/^fitValueModel: no training row has a known value \(got 1 rows, all censored\)/);
  });
});
