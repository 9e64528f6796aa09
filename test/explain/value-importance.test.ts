import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { importanceTable } from '../../src/explain/report-tables.js';
import { valueImportance } from '../../src/explain/value-importance.js';
import { fitValueModel } from '../../src/models/fit-value-model.js';
import { number } from '../features/raw.js';

describe('valueImportance', () => {
  // log E[value] = 1 + 0.8·x; z is noise. The GLM contribution of x is 0.8·x, whose spread is 0.8·sd(x).
  const rng = createRng(11);
  const n = 600;
  const x = Array.from({ length: n }, () => rng.normal());
  const z = Array.from({ length: n }, () => rng.normal());
  const value = Float64Array.from(x, (v) => Math.exp(1 + 0.8 * v) * (0.5 + rng.next()));
  const features = [number('x', x), number('z', z)];
  const rows = Int32Array.from({ length: n }, (_, i) => i);

  it('ranks the real driver first with an interval around its true spread, the noise feature near 0', async () => {
    const imp = await valueImportance(features, value, rows, { kind: 'glm', l2: [0.1] }, { refits: 12, rng: createRng(1) });
    expect(imp.win).toEqual([]);
    expect(imp.refits).toBe(12);
    const [first, second] = imp.value;
    expect(first.feature).toBe('x');
    expect(first.rank).toBe(1);
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - x.reduce((a, b) => a + b, 0) / n) ** 2, 0) / n);
    expect(first.importance).toBeGreaterThan(0.8 * sd * 0.85);
    expect(first.importance).toBeLessThan(0.8 * sd * 1.15);
    expect(first.low).toBeLessThanOrEqual(first.importance);
    expect(first.high).toBeGreaterThanOrEqual(first.importance);
    expect(first.top3).toBe(1);
    expect(second.feature).toBe('z');
    expect(second.high).toBeLessThan(first.low);
    // A value-only model's part is "log value", not "log value if won".
    expect(importanceTable(imp).array('part')).toEqual(['log value', 'log value']);
  });

  it('is the same for the same seed and refuses a bad refit count', async () => {
    const a = await valueImportance(features, value, rows, { kind: 'glm', l2: [0.1] }, { refits: 3, rng: createRng(2) });
    const b = await valueImportance(features, value, rows, { kind: 'glm', l2: [0.1] }, { refits: 3, rng: createRng(2) });
    expect(a).toEqual(b);
    await expect(valueImportance(features, value, rows, { kind: 'glm' }, { refits: 0 })).rejects.toThrow(/^valueImportance: refits must be a positive integer \(got 0\)/);
  });
});

describe('valueImportance of a linear ZILN', () => {
  // A known ZILN: logit = −0.5 + 1.5·x1 − 1.2·x2 (large), μ = 1 + 0.3·x1 + 0.2·x2 (small), σ = 0.8; n1–n3 are noise.
  // The heads are on different scales; ranked together, the logit head's features had ranks 1, 2, 6, 8, 9.
  const rng = createRng(21);
  const n = 1500;
  const cols = { x1: [] as number[], x2: [] as number[], n1: [] as number[], n2: [] as number[], n3: [] as number[] };
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of Object.values(cols)) c.push(rng.normal());
    const [a, b] = [cols.x1[i], cols.x2[i]];
    const p = 1 / (1 + Math.exp(-(-0.5 + 1.5 * a - 1.2 * b)));
    value[i] = rng.next() < p ? Math.exp(1 + 0.3 * a + 0.2 * b + 0.8 * rng.normal()) : 0;
  }
  const features = Object.entries(cols).map(([name, v]) => number(name, v));
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const decl = { kind: 'ziln' as const, batchSize: 128, epochs: 10 };

  it('ranks within each head, labels each head in the table, and says how the refits train', async () => {
    const model = await fitValueModel(features, value, rows, decl, { rng: createRng(3) });
    const imp = await valueImportance(features, value, rows, decl, { refits: 6, rng: createRng(4), model });
    const head = (h: 'logit' | 'mu') => imp.value.filter((x) => x.head === h);
    for (const h of ['logit', 'mu'] as const) {
      expect(head(h).map((x) => x.rank).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(head(h).slice(0, 2).map((x) => x.feature).sort()).toEqual(['x1', 'x2']);
      // The two drivers are in their head's top 3 in every refit (and so, of 5 features, one noise feature).
      expect(head(h).filter((x) => x.top3 === 1).map((x) => x.feature)).toEqual(expect.arrayContaining(['x1', 'x2']));
      expect(head(h).reduce((s, x) => s + x.top3, 0)).toBeCloseTo(3, 12);
    }
    // The scales differ: μ's strongest feature is weaker than the logit's weakest driver.
    expect(head('mu')[0].importance).toBeLessThan(head('logit')[1].importance);
    const table = importanceTable(imp);
    expect(table.array('part')).toEqual([...Array(5).fill('log-odds of any value'), ...Array(5).fill('log typical amount (μ)')]);
    expect(table.array('feature').slice(0, 2).sort()).toEqual(['x1', 'x2']);
    const state = model.state as { bestEpoch: number; rows: { fit: number } };
    expect(imp.note).toContain(`; ZILN refits train the model's ${state.bestEpoch} epochs on the oldest ${state.rows.fit} rows of their resample, without early stopping of their own;`);
    expect(imp.note).toMatch(/ranked within its head$/);
    expect(imp.note).not.toMatch(/Adam steps/);
  }, 60_000);

  it('warns when the model stopped after too few steps to get far from its start', async () => {
    // 3 epochs of the default batch 512 over 1,200 fitting rows: 9 Adam steps at learning rate 0.01, at most ~0.09 per weight.
    const imp = await valueImportance(features, value, rows, { kind: 'ziln', epochs: 3 }, { refits: 2, rng: createRng(4) });
    expect(imp.note).toContain("; ZILN refits train the model's 3 epochs on the oldest 1200 rows of their resample, without early stopping of their own " +
      '(the model kept epoch 3 of 3: 9 Adam steps at learning rate 0.01 move no weight much more than 0.090 from its start at 0, and the first steps move every weight about alike, ' +
      'so with correlated features its importances say more about where training stopped than about the data; give an epoch more steps: a smaller batchSize, e.g. 64);');
  }, 60_000);
});
