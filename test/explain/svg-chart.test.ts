import { describe, expect, it } from 'vitest';
import { barChart, lineChart, ticks } from '../../src/explain/svg-chart.js';

describe('svg charts', () => {
  it('ticks are round numbers covering the range (hand-checked)', () => {
    expect(ticks([0, 1])).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks([0, 4857])).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(ticks([-3, 3])).toEqual([-2, 0, 2]);
    expect(ticks([5, 5])).toEqual([5]);
  });

  it('a line chart draws one path per series with one point per value, and a legend entry each', () => {
    const svg = lineChart([{ name: 'a', x: [0, 0.5, 1], y: [0, 0.7, 1] }, { name: 'b <&>', x: [0, 1], y: [0, 1] }], { title: 'T', xLabel: 'x', yLabel: 'y' });
    const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]);
    expect(paths).toHaveLength(2);
    expect(paths[0].match(/[ML]/g)).toEqual(['M', 'L', 'L']);
    expect(svg).toContain('b &lt;&amp;&gt;');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
  });

  it('a bar chart draws groups × series bars, heights proportional to values from 0', () => {
    const svg = barChart(['g1', 'g2'], [{ name: 's1', values: [1, 2] }, { name: 's2', values: [4, 0] }], { title: 'T' });
    const heights = [...svg.matchAll(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)" fill="#/g)].map((m) => Number(m[1]));
    // Plot height 320 − 36 − 44 = 240 for the range [0, 4]: 60 per unit.
    expect(heights).toEqual([60, 240, 120, 0, 10, 10]); // four bars, then the two 10×10 legend swatches
  });

  it('slants category labels that would not fit their band, and makes room for them below', () => {
    const labels = ['organic_search', 'content_download', 'cold_outbound', 'paid_search', 'referral', 'partner', 'webinar'];
    const svg = barChart(labels, [{ name: 's', values: labels.map((_, i) => i) }], { title: 'T' });
    expect(svg.match(/rotate\(-35\)/g)).toHaveLength(7);
    // 16 characters × 6.2 px × 0.6 ≈ 60 px more than the 320 px default
    expect(svg).toMatch(/height="380"/);
    expect(barChart(['a', 'b'], [{ name: 's', values: [1, 2] }], { title: 'T' })).not.toMatch(/rotate/);
  });
});
