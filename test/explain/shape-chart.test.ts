import { describe, expect, it } from 'vitest';
import { shapeChart, type CategoryShape, type FeatureShape } from '../../src/explain/feature-shapes.js';

// An EBM step shape over spend: −0.2 on [0, 10], +0.5 on [10, 1000].
const shape: FeatureShape = {
  kind: 'number', feature: 'spend', stage: 'lead', part: 'value', form: 'steps', missing: null,
  curve: [{ x: 0, contribution: -0.2 }, { x: 10, contribution: -0.2 }, { x: 10, contribution: 0.5 }, { x: 1000, contribution: 0.5 }],
  bins: [{ from: 0, to: 10, contribution: -0.2, count: 5 }, { from: 10, to: 1000, contribution: 0.5, count: 5 }],
};
const pathPoints = (svg: string) => (/<path d="([^"]+)" fill="none"/.exec(svg)![1].match(/[ML]/g) ?? []).length;

describe('shapeChart', () => {
  it('names the value part by its target, "value if won" by default', () => {
    expect(shapeChart(shape)).toContain('spend: shape (value if won)');
    const svg = shapeChart(shape, { target: '52-week spend' });
    expect(svg).toContain('spend: shape (52-week spend)');
    expect(svg).toContain('contribution to log 52-week spend');
  });

  it('cuts a long tail at xMax: the last step ends there, and the title says so', () => {
    expect(pathPoints(shapeChart(shape))).toBe(4);
    const cut = shapeChart(shape, { xMax: 100 });
    expect(cut).toContain('spend: shape (value if won), up to spend = 100');
    expect(pathPoints(cut)).toBe(4); // (0, −0.2) (10, −0.2) (10, 0.5) (100, 0.5)
    expect(cut).not.toContain('1000'); // no tick reaches the old end
    expect(pathPoints(shapeChart(shape, { xMax: 5 }))).toBe(2); // (0, −0.2) (5, −0.2)
  });

  // 50 levels L00…L49, contribution (i − 20) / 100 (−0.20 … +0.29), highest first as featureShapes gives them.
  const many: CategoryShape = {
    kind: 'category', feature: 'landing_page_id', stage: 'lead', part: 'win',
    levels: Array.from({ length: 50 }, (_, i) => ({ level: `L${String(i).padStart(2, '0')}`, contribution: (i - 20) / 100, count: 3 })).reverse(),
  };
  // Bars in the series colour, less the legend's swatch.
  const bars = (svg: string) => [...svg.matchAll(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="#1f77b4"\/>/g)].length - 1;
  const labels = (svg: string) => [...svg.matchAll(/>(L\d\d)</g)].map((m) => m[1]);

  it('caps a category with many levels at the largest |contribution|, 30 by default, and says what it left out', () => {
    const svg = shapeChart(many);
    // By hand: the largest |contribution| are +0.29 … +0.11 (L49…L31, 19 levels) and −0.20 … −0.11 (L00…L09, 10); L10 (−0.10) and
    // L30 (+0.10) tie for the 30th, L10 wins by name; the largest left out is L30's 0.1.
    expect(bars(svg)).toBe(30);
    expect(labels(svg)).toEqual([...Array.from({ length: 19 }, (_, k) => `L${49 - k}`), 'L10', ...Array.from({ length: 10 }, (_, k) => `L0${9 - k}`)]);
    expect(svg).toContain('landing_page_id: shape (P(win)), 30 of 50 levels');
    expect(svg).toContain('20 more levels not shown (|contribution| ≤ 0.1); maxLevels sets how many are drawn');
  });

  it('maxLevels changes the cap; ties in |contribution| go by level name; Infinity draws every level', () => {
    // The 9 largest are L41…L49 (0.21 … 0.29); L00 (−0.20) and L40 (+0.20) tie for the 10th: L00 comes first by name.
    const svg = shapeChart(many, { maxLevels: 10 });
    expect(labels(svg)).toEqual(['L49', 'L48', 'L47', 'L46', 'L45', 'L44', 'L43', 'L42', 'L41', 'L00']);
    expect(svg).toContain('40 more levels not shown (|contribution| ≤ 0.2)');
    const all = shapeChart(many, { maxLevels: Infinity });
    expect(bars(all)).toBe(50);
    expect(all).not.toContain('not shown');
    expect(all).toContain('landing_page_id: shape (P(win))</text>');
    expect(() => shapeChart(many, { maxLevels: 0 })).toThrow(/^shapeChart options\.maxLevels: not a positive whole number \(got 0\)/);
  });
});
