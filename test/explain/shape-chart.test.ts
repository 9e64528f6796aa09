import { describe, expect, it } from 'vitest';
import { shapeChart, type FeatureShape } from '../../src/explain/feature-shapes.js';

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
});
