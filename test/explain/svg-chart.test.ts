import { describe, expect, it } from 'vitest';
import { barChart, intervalChart, lineChart, niceExtent, ticks } from '../../src/explain/svg-chart.js';

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

describe('value axes end at a tick', () => {
  // Tick labels on the y axis (text-anchor end, x = 64 − 6) and on the x axis (text-anchor middle).
  const yTicks = (svg: string) => [...svg.matchAll(/<text x="58" y="[^"]+" text-anchor="end">([^<]+)</g)].map((m) => m[1]);
  const xTicks = (svg: string) => [...svg.matchAll(/<text x="[^"]+" y="[^"]+" text-anchor="middle">([^<]+)</g)].map((m) => m[1]);

  it('niceExtent widens a range to the tick step it is drawn with (by hand)', () => {
    // 14500 / 5 = 2900 → step 5000: [0, 15000]
    expect(niceExtent([0, 14500])).toEqual([0, 15000]);
    // 0.508 / 5 ≈ 0.10 → step 0.2: [0, 0.6]
    expect(niceExtent([0, 0.508])).toEqual([0, 0.6]);
    // −0.054 … 0.078: 0.132 / 5 ≈ 0.026 → step 0.05: [−0.1, 0.1]
    expect(niceExtent([-0.054, 0.078])).toEqual([-0.1, 0.1]);
    // 1.5 … 10.5: step 2 gives [0, 12], whose step is 5: [0, 15], stable
    expect(niceExtent([1.5, 10.5])).toEqual([0, 15]);
    expect(niceExtent([0, 4])).toEqual([0, 4]);
    expect(niceExtent([5, 5])).toEqual([5, 5]);
  });

  it('a bar above the last round number gets a tick above it: 14.5k → ticks 0, 5000, 10000, 15000, the bar 14500/15000 of the plot', () => {
    const svg = barChart(['a', 'b'], [{ name: 's', values: [14500, 3000] }], { title: 'T' });
    expect(yTicks(svg)).toEqual(['0', '5000', '10000', '15000']);
    const heights = [...svg.matchAll(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)" fill="#1f77b4"/g)].map((m) => Number(m[1]));
    expect(heights.slice(0, 2)).toEqual([232, 48]); // 240 px × 14500 / 15000, 240 × 3000 / 15000
  });

  it('a 0.508 bar has 0.6 as its top tick, not 0.4', () => {
    expect(yTicks(barChart(['a'], [{ name: 's', values: [0.508] }], { title: 'T' }))).toEqual(['0', '0.2', '0.4', '0.6']);
  });

  it('a line chart\'s y axis ends at a tick too', () => {
    expect(yTicks(lineChart([{ name: 'a', x: [0, 1], y: [0.1, 0.508] }], { title: 'T' }))).toEqual(['0', '0.2', '0.4', '0.6']);
  });

  it('an interval running past the last tick widens the axis to the next: [0, 1.3] → ticks up to 1.5', () => {
    const svg = intervalChart([{ label: 'a', estimate: 1, low: 0.7, high: 1.3 }], { title: 'T' });
    expect(xTicks(svg)).toEqual(['0', '0.5', '1', '1.5']);
  });

  it('xDates labels epoch-ms x ticks as YYYY-MM at month starts', () => {
    // 2018-01-15 … 2018-07-10: about 6 months, / 5 → a 2-month step on even months: Mar 1, May 1, Jul 1 (Jan 1 is before the data).
    const x = [Date.UTC(2018, 0, 15), Date.UTC(2018, 6, 10)];
    const svg = lineChart([{ name: 'a', x, y: [1, 2] }], { title: 'T', xDates: true });
    expect(xTicks(svg)).toEqual(['2018-03', '2018-05', '2018-07']);
    expect(svg).not.toMatch(/15\d{11}/);
    // Three years: 36 months / 5 → a 12-month step, on January 1.
    const years = lineChart([{ name: 'a', x: [Date.UTC(2016, 5, 1), Date.UTC(2019, 5, 1)], y: [1, 2] }], { title: 'T', xDates: true });
    expect(xTicks(years)).toEqual(['2017-01', '2018-01', '2019-01']);
  });
});

describe('intervalChart and importanceChart', () => {
  it('one row per label: a line from low to high and a dot at the estimate, on an axis from 0 (positions by hand)', async () => {
    const { intervalChart } = await import('../../src/explain/svg-chart.js');
    const svg = intervalChart([{ label: 'a', estimate: 0.5, low: 0.25, high: 1 }, { label: 'bb <x>', estimate: 0.1, low: NaN, high: NaN }], { title: 'T', width: 424 });
    // Labels need 16 + 7 × 6 = 58 < 64 px, so the plot starts at 64 and is 424 − 64 − 24 = 336 px wide for [0, 1].
    const lines = [...svg.matchAll(/<line x1="([^"]+)" y1="([^"]+)" x2="([^"]+)" y2="\2" stroke="#1f77b4"/g)].map((m) => [Number(m[1]), Number(m[3])]);
    expect(lines).toEqual([[64 + 0.25 * 336, 64 + 336]]); // the second row has no interval: no line
    const dots = [...svg.matchAll(/<circle cx="([^"]+)" cy="([^"]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(dots).toEqual([[64 + 0.5 * 336, 36 + 11], [Number((64 + 0.1 * 336).toFixed(1)), 36 + 33]]);
    expect(svg).toContain('>bb &lt;x&gt;</text>');
    expect(svg).toMatch(/height="124"/); // 36 + 2 rows × 22 + 44
  });

  it('importanceChart draws a part\'s features in order, with its scale and refit count in the title', async () => {
    const { importanceChart } = await import('../../src/explain/importance-chart.js');
    const row = (feature: string, importance: number, rank: number) => ({ feature, stage: 'lead' as const, part: 'value' as const, importance, low: importance * 0.8, high: importance * 1.2, rank, top3: 1 });
    const imp = { win: [], value: [row('x', 0.3, 1), row('y', 0.2, 2), row('z', 0.1, 3)], refits: 20, failed: 0, level: 0.95, note: '' };
    const svg = importanceChart(imp, 'value', { top: 2 });
    expect([...svg.matchAll(/text-anchor="end">([^<]+)<\/text>/g)].map((m) => m[1])).toEqual(['x', 'y']);
    expect(svg).toContain('>Importance in the log value</text>');
    expect(svg).toContain('>dot: the fit on all rows; line: 95% interval over 20 refits on bootstrap resamples</text>');
    expect(svg).toMatch(/height="138"/); // 36 + 14 (subtitle) + 2 rows × 22 + 44
  });
});
