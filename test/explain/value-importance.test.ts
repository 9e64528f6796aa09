import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { importanceTable } from '../../src/explain/report-tables.js';
import { valueImportance } from '../../src/explain/value-importance.js';
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
