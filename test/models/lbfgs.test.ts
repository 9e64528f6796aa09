import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lbfgs, type Objective } from '../../src/models/lbfgs.js';

// f(x) = ½ xᵀAx − bᵀx with A symmetric positive definite; the minimum is at A x* = b.
// Known values by hand: pick x* = (1, −2, 3) and set b = A x*:
//   A = [[4, 1, 0], [1, 3, 1], [0, 1, 2]]
//   b = (4 − 2 + 0, 1 − 6 + 3, 0 − 2 + 6) = (2, −2, 4)
//   f(x*) = −½ bᵀx* = −½ (2 + 4 + 12) = −9
const A = [[4, 1, 0], [1, 3, 1], [0, 1, 2]];
const b = [2, -2, 4];
const quadratic: Objective = (x, g) => {
  let f = 0;
  for (let i = 0; i < 3; i++) {
    let ax = 0;
    for (let j = 0; j < 3; j++) ax += A[i][j] * x[j];
    g[i] = ax - b[i];
    f += 0.5 * x[i] * ax - b[i] * x[i];
  }
  return f;
};

// Rosenbrock: f = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1); classic start (−1.2, 1).
let rosenbrockCalls = 0;
const rosenbrock: Objective = (p, g) => {
  rosenbrockCalls++;
  const [x, y] = p;
  g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
  g[1] = 200 * (y - x * x);
  return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
};

describe('lbfgs', () => {
  it('reaches the minimum of a convex quadratic (hand-solved x* = (1, −2, 3), f* = −9)', () => {
    const r = lbfgs(quadratic, new Float64Array(3), { tolerance: 1e-12, maxIterations: 200 });
    expect(r.converged).toBe(true);
    [1, -2, 3].forEach((v, i) => expect(r.x[i]).toBeCloseTo(v, 9));
    expect(r.value).toBeCloseTo(-9, 12);
    // a 3-d quadratic needs few iterations
    expect(r.iterations).toBeLessThan(30);
  });

  it('reaches the Rosenbrock minimum (1, 1) from (−1.2, 1)', () => {
    rosenbrockCalls = 0;
    const x0 = Float64Array.of(-1.2, 1);
    const r = lbfgs(rosenbrock, x0, { tolerance: 1e-10, maxIterations: 1000 });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-6);
    expect(Math.abs(r.x[1] - 1)).toBeLessThan(1e-6);
    expect(r.value).toBeLessThan(1e-12);
    expect(Array.from(x0)).toEqual([-1.2, 1]); // start point not mutated
    expect(rosenbrockCalls).toBeLessThan(5000);
  });

  it('stops at maxIterations and says it did not converge', () => {
    const r = lbfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIterations: 3 });
    expect(r.iterations).toBe(3);
    expect(r.converged).toBe(false);
  });

  it('returns the start at once when it is already the minimum', () => {
    const r = lbfgs(quadratic, Float64Array.of(1, -2, 3));
    expect(r).toMatchObject({ iterations: 0, converged: true, value: -9 });
    expect(Array.from(r.x)).toEqual([1, -2, 3]);
  });

  it('is deterministic', () => {
    const a = lbfgs(rosenbrock, Float64Array.of(-1.2, 1));
    const c = lbfgs(rosenbrock, Float64Array.of(-1.2, 1));
    expect(c).toEqual(a);
  });

  it('minimises random separable quadratics Σ cᵢ (xᵢ − mᵢ)² to within 1e-10 of f(x₀) (property)', () => {
    // The solver stops on a small gradient or when f stops moving (≤ 1e-14 · max(1, |f|)), so what
    // it promises is a near-optimal value, not every coordinate of a flat direction: a coordinate
    // with c = 0.01 may be off by 1e-5 while contributing only 1e-12 to f.
    fc.assert(fc.property(
      fc.array(fc.record({ c: fc.double({ min: 0.01, max: 100, noNaN: true }), m: fc.double({ min: -50, max: 50, noNaN: true }) }), { minLength: 1, maxLength: 12 }),
      (terms) => {
        const f: Objective = (x, g) => {
          let v = 0;
          terms.forEach(({ c, m }, i) => { v += c * (x[i] - m) ** 2; g[i] = 2 * c * (x[i] - m); });
          return v;
        };
        const f0 = terms.reduce((a, { c, m }) => a + c * m * m, 0);
        const r = lbfgs(f, new Float64Array(terms.length), { tolerance: 1e-12, maxIterations: 2000 });
        expect(r.converged).toBe(true);
        expect(r.value).toBeLessThanOrEqual(1e-10 * Math.max(1, f0));
        // coordinates with real curvature are found accurately
        terms.forEach(({ c, m }, i) => { if (c >= 1) expect(Math.abs(r.x[i] - m)).toBeLessThan(1e-5 * Math.max(1, Math.abs(m))); });
      },
    ), { numRuns: 300 });
  });
});
