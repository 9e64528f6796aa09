/**
 * Small static SVG charts for notebooks and reports: they render on GitHub
 * (notebook outputs as `image/svg+xml`, e.g. `tslab.display.svg(chart)`),
 * need no script and no download.
 */

/** One series of a line chart. */
export interface LineSeries { name: string; x: ArrayLike<number>; y: ArrayLike<number> }

/** Options shared by the charts. */
export interface ChartOptions {
  title: string;
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
  /** Formats axis tick values (default: up to 3 significant digits). */
  format?: (v: number) => string;
  /** A line of small print under the chart, e.g. what was left out (line and bar charts). */
  note?: string;
  /**
   * Line charts: the x values are dates as epoch milliseconds (`Date.getTime()`, `Date.UTC(…)`):
   * x ticks fall on month starts (UTC) and read `YYYY-MM` (`format` then applies to the y axis only).
   */
  xDates?: boolean;
}

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
const M = { top: 36, right: 150, bottom: 44, left: 64 };
/** Approximate width of a character at font size 11, for sizing the legend. */
const CHAR = 6.2;

/**
 * A line chart of several series, e.g. value captured against share of leads worked.
 * The y axis runs from a round tick at or below min(0, data) to one at or above the data.
 * @returns an SVG document
 * @example
 * tslab.display.svg(lineChart([{ name: 'by expected value', x, y }], { title: 'Value captured' }));
 * tslab.display.svg(lineChart([{ name: 'leads', x: months.map((d) => d.getTime()), y: counts }], { title: 'Leads by month', xDates: true }));
 */
export function lineChart(series: LineSeries[], o: ChartOptions): string {
  const { w, h, parts } = frame(o, series.map((s) => s.name));
  const xs = series.flatMap((s) => Array.from(s.x)), ys = series.flatMap((s) => Array.from(s.y));
  const [x0, x1] = extent(xs), [y0, y1] = niceExtent(extent([0, ...ys]));
  const sx = (v: number) => M.left + ((v - x0) / (x1 - x0 || 1)) * w;
  const sy = (v: number) => M.top + h - ((v - y0) / (y1 - y0 || 1)) * h;
  parts.push(...axes(o, w, h, [x0, x1], [y0, y1], sx, sy));
  series.forEach((s, k) => {
    const d = Array.from(s.x, (x, i) => `${i ? 'L' : 'M'}${f(sx(x))},${f(sy(s.y[i]))}`).join('');
    parts.push(`<path d="${d}" fill="none" stroke="${COLORS[k % COLORS.length]}" stroke-width="2"/>`);
  });
  parts.push(legend(series.map((s) => s.name), w));
  return close(parts);
}

/**
 * A grouped bar chart: one group per category, one bar per series. Bars start
 * at 0; the value axis ends at a round tick at or above the tallest bar.
 * @param groups - category labels
 * @param series - each series' values, one per group
 * @param o - title, axis labels, size, tick format, a note under the chart
 * @returns an SVG document
 * @example
 * tslab.display.svg(barChart(['paid_search', 'organic_search'], [{ name: 'win rate', values: [0.12, 0.08] }], { title: 'Win rate by origin' }));
 */
export function barChart(groups: string[], series: { name: string; values: ArrayLike<number> }[], o: ChartOptions): string {
  // Labels wider than their band are drawn slanted, with room made below the plot.
  const plotWidth = (o.width ?? 640) - M.left - M.right;
  const longest = Math.max(0, ...groups.map((g) => g.length));
  const slanted = longest * CHAR > plotWidth / Math.max(1, groups.length);
  const { w, parts } = frame(o, series.map((s) => s.name), slanted ? Math.round(longest * CHAR * 0.6) : 0);
  const h = (o.height ?? 320) - M.top - M.bottom;
  const [y0, y1] = niceExtent(extent([0, ...series.flatMap((s) => Array.from(s.values))]));
  const sy = (v: number) => M.top + h - ((v - y0) / (y1 - y0 || 1)) * h;
  const band = w / Math.max(1, groups.length), bar = (band * 0.8) / Math.max(1, series.length);
  parts.push(...axes(o, w, h, null, [y0, y1], null, sy));
  groups.forEach((g, i) => {
    series.forEach((s, k) => {
      const v = s.values[i], x = M.left + i * band + band * 0.1 + k * bar;
      parts.push(`<rect x="${f(x)}" y="${f(Math.min(sy(v), sy(0)))}" width="${f(bar)}" height="${f(Math.abs(sy(0) - sy(v)))}" fill="${COLORS[k % COLORS.length]}"/>`);
    });
    const x = f(M.left + (i + 0.5) * band), y = M.top + h + 16;
    parts.push(slanted
      ? `<text transform="translate(${x},${y - 4}) rotate(-35)" text-anchor="end">${esc(g)}</text>`
      : `<text x="${x}" y="${y}" text-anchor="middle">${esc(g)}</text>`);
  });
  parts.push(legend(series.map((s) => s.name), w));
  return close(parts);
}

/** One row of an interval chart: an estimate with its interval. */
export interface IntervalRow { label: string; estimate: number; low: number; high: number }

/** Options of {@link intervalChart}: a second title line says what the marks mean. */
export interface IntervalChartOptions extends ChartOptions { subtitle?: string }

/**
 * A dot-and-whisker chart: one row per label, the estimate as a dot and its
 * interval as a line, on a shared horizontal axis from 0 (or a round tick at or
 * below the lowest low) to a round tick at or above the highest high.
 * For importances with intervals over refits (see importanceChart).
 * @example
 * tslab.display.svg(intervalChart([{ label: 'demo_requested', estimate: 0.54, low: 0.40, high: 0.64 }], { title: 'Importance' }));
 */
export function intervalChart(rows: IntervalRow[], o: IntervalChartOptions): string {
  // Labels are right-aligned against the plot: room for the longest (at ~7 px a character, generous for font size 11).
  const labelWidth = 16 + 7 * Math.max(0, ...rows.map((r) => r.label.length));
  const left = Math.max(M.left, labelWidth);
  const top = M.top + (o.subtitle ? 14 : 0);
  const width = o.width ?? 640, rowHeight = 22;
  const h = Math.max(1, rows.length) * rowHeight, height = top + h + M.bottom;
  const w = width - left - 24;
  const [x0, x1] = niceExtent(extent([0, ...rows.flatMap((r) => [r.low, r.high, r.estimate])]));
  const sx = (v: number) => left + ((v - x0) / (x1 - x0 || 1)) * w;
  const fmt = o.format ?? ((v: number) => String(Number(v.toPrecision(3))));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="12" y="20" font-size="13" font-weight="bold">${esc(o.title)}</text>`,
    ...(o.subtitle ? [`<text x="12" y="36" fill="#555">${esc(o.subtitle)}</text>`] : []),
    `<line x1="${left}" y1="${top + h}" x2="${left + w}" y2="${top + h}" stroke="#333"/>`,
  ];
  for (const v of ticks([x0, x1])) parts.push(`<line x1="${f(sx(v))}" y1="${top}" x2="${f(sx(v))}" y2="${top + h}" stroke="#eee"/>`,
    `<text x="${f(sx(v))}" y="${top + h + 16}" text-anchor="middle">${esc(fmt(v))}</text>`);
  if (o.xLabel) parts.push(`<text x="${f(left + w / 2)}" y="${top + h + 36}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  rows.forEach((r, i) => {
    const y = top + (i + 0.5) * rowHeight;
    parts.push(`<text x="${left - 8}" y="${f(y + 4)}" text-anchor="end">${esc(r.label)}</text>`);
    if (Number.isFinite(r.low) && Number.isFinite(r.high)) parts.push(`<line x1="${f(sx(r.low))}" y1="${f(y)}" x2="${f(sx(r.high))}" y2="${f(y)}" stroke="${COLORS[0]}" stroke-width="2"/>`);
    parts.push(`<circle cx="${f(sx(r.estimate))}" cy="${f(y)}" r="4" fill="${COLORS[1]}"/>`);
  });
  return close(parts);
}

function frame(o: ChartOptions, names: string[], extraBottom = 0): { w: number; h: number; parts: string[] } {
  const plotWidth = (o.width ?? 640) - M.left - M.right;
  // The legend gets the room its longest name needs.
  const width = M.left + plotWidth + Math.max(M.right, 36 + CHAR * Math.max(0, ...names.map((n) => n.length)));
  const height = (o.height ?? 320) + extraBottom;
  // The note gets its own line below everything else (slanted labels included).
  const total = height + (o.note ? 18 : 0);
  return {
    w: plotWidth,
    h: height - M.top - M.bottom,
    parts: [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" font-family="sans-serif" font-size="11">`,
      `<rect width="${width}" height="${total}" fill="white"/>`,
      `<text x="${M.left}" y="20" font-size="13" font-weight="bold">${esc(o.title)}</text>`,
      ...(o.note ? [`<text x="${M.left}" y="${total - 8}" fill="#555">${esc(o.note)}</text>`] : []),
    ],
  };
}

function axes(o: ChartOptions, w: number, h: number, xr: [number, number] | null, yr: [number, number],
  sx: ((v: number) => number) | null, sy: (v: number) => number): string[] {
  const fmt = o.format ?? ((v: number) => String(Number(v.toPrecision(3))));
  const out = [`<line x1="${M.left}" y1="${M.top + h}" x2="${M.left + w}" y2="${M.top + h}" stroke="#333"/>`,
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${M.top + h}" stroke="#333"/>`];
  for (const v of ticks(yr)) out.push(`<text x="${M.left - 6}" y="${f(sy(v) + 4)}" text-anchor="end">${esc(fmt(v))}</text>`,
    `<line x1="${M.left}" y1="${f(sy(v))}" x2="${M.left + w}" y2="${f(sy(v))}" stroke="#eee"/>`);
  if (xr && sx) {
    const xt = o.xDates ? monthTicks(xr) : ticks(xr);
    for (const v of xt) out.push(`<text x="${f(sx(v))}" y="${M.top + h + 16}" text-anchor="middle">${esc(o.xDates ? yearMonth(v) : fmt(v))}</text>`);
  }
  if (o.xLabel) out.push(`<text x="${M.left + w / 2}" y="${M.top + h + 36}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  if (o.yLabel) out.push(`<text transform="translate(14,${M.top + h / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);
  return out;
}

function legend(names: string[], w: number): string {
  return names.map((n, k) => `<rect x="${M.left + w + 12}" y="${M.top + k * 18}" width="10" height="10" fill="${COLORS[k % COLORS.length]}"/>` +
    `<text x="${M.left + w + 26}" y="${M.top + k * 18 + 9}">${esc(n)}</text>`).join('');
}

function close(parts: string[]): string {
  return parts.join('\n') + '\n</svg>';
}

/** About five round tick values covering [lo, hi]. */
export function ticks([lo, hi]: [number, number]): number[] {
  if (!(hi > lo)) return [lo];
  const step = tickStep(lo, hi);
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** The round step of {@link ticks} for [lo, hi]: 1, 2 or 5 × a power of ten, at least a fifth of the range. */
function tickStep(lo: number, hi: number): number {
  const raw = (hi - lo) / 5, mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
}

/**
 * [lo, hi] widened to the round ticks at or below lo and at or above hi, so
 * the axis ends on a labelled tick: [0, 14500] → [0, 15000], [0, 0.508] → [0, 0.6].
 * Widening can make the range call for a larger step ([1.5, 10.5] → [0, 12] → [0, 15]),
 * so it repeats until the ends are ticks of the range's own step.
 * @example
 * ticks(niceExtent([0, 14500])) // [0, 5000, 10000, 15000]
 */
export function niceExtent([lo, hi]: [number, number]): [number, number] {
  if (!(hi > lo)) return [lo, hi];
  for (let i = 0; i < 10; i++) {
    const step = tickStep(lo, hi);
    const a = Number((Math.floor(lo / step + 1e-9) * step).toPrecision(12)), b = Number((Math.ceil(hi / step - 1e-9) * step).toPrecision(12));
    if (a === lo && b === hi) break;
    [lo, hi] = [a, b];
  }
  return [lo, hi];
}

const MONTH = 30.436875 * 86_400_000;

/** Month starts (UTC) within [lo, hi] (epoch ms), every 1, 2, 3, 6 or 12·k months: about five. */
function monthTicks([lo, hi]: [number, number]): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / MONTH / 5;
  const step = [1, 2, 3, 6].find((s) => s >= raw) ?? 12 * Math.ceil(raw / 12);
  const start = new Date(lo);
  const out: number[] = [];
  // Months counted from year 0, so a step falls on the same months every year (2: Jan, Mar, …; 12: January).
  for (let m = start.getUTCFullYear() * 12 + start.getUTCMonth(); ; m++) {
    const t = Date.UTC(Math.floor(m / 12), m % 12, 1);
    if (t > hi) break;
    if (t >= lo && m % step === 0) out.push(t);
  }
  return out;
}

/** `YYYY-MM` of an epoch-ms time, in UTC. */
function yearMonth(t: number): string {
  return new Date(t).toISOString().slice(0, 7);
}

function extent(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  return finite.length ? [Math.min(...finite), Math.max(...finite)] : [0, 1];
}

function f(v: number): string {
  return v.toFixed(1);
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
