import type { CutoffReport, Delivery } from '../goals/capacity-cutoff.js';
import type { ProfileComparison, ProfileMove } from '../goals/compare-profiles.js';
import type { GoalCutoff } from '../goals/goal-cutoff.js';
import { formatCount } from '../core/format-count.js';
import { formatThousands } from '../core/format-thousands.js';

/** A column of the delivery table: a heading and what its selection delivers. */
interface Column { heading: string; d: Delivery; cut?: CutoffReport }

const money = (x: number | null) => (x === null ? '—' : formatThousands(x));
const count = (x: number | null, digits = 1) => (x === null ? '—' : Number.isInteger(x) ? String(x) : x.toFixed(digits));
const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
const score = (x: number | null) => (x === null ? '—' : x.toPrecision(4));

/** Lays out rows of cells: the first column (and those listed in `left`) left-aligned, the others right-aligned. */
export function table(rows: string[][], left: number[] = [0], indent = '  '): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => indent + r.map((cell, c) => (left.includes(c) ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   ').trimEnd());
}

function deliveryRows(cols: Column[]): string[][] {
  const rows: string[][] = [['', ...cols.map((c) => c.heading)]];
  const add = (label: string, f: (c: Column) => string) => rows.push([label, ...cols.map(f)]);
  add('worked leads', (c) => count(c.d.leads));
  add('threshold (score)', (c) => (c.cut ? score(c.cut.threshold) : '—'));
  add('  leads tied at it (worked)', (c) => (c.cut && c.cut.threshold !== null ? `${c.cut.ties.atThreshold} (${c.cut.ties.taken})` : '—'));
  add('expected wins (Σ P(win))', (c) => count(c.d.expectedWins));
  add('expected value (Σ P(win) × value)', (c) => money(c.d.expectedValue));
  if (cols.some((c) => c.d.wonKnown > 0)) {
    add('realised wins', (c) => count(c.d.realisedWins));
    add('realised value', (c) => money(c.d.realisedValue));
    add('  leads with known value', (c) => count(c.d.valueKnown, 0));
    add('  won, value not known yet (censored)', (c) => count(c.d.censored, 0));
    add('share of all realised value', (c) => pct(c.d.valueShare));
  }
  return rows;
}

function header(cut: CutoffReport, leads: number, span: string): string[] {
  const c = cut.capacity;
  const per = c.per === 'batch' ? `${formatCount(c.leads, 'lead')} in this batch` : `${formatCount(c.leads, 'lead')} per ${c.per} over ${cut.periods.toFixed(1)} ${c.per}s`;
  return [`${formatCount(leads, 'lead')}${span}; capacity ${per} → ${cut.target} worked`];
}

function minimumLines(name: string, cut: CutoffReport): string[] {
  return cut.minimums.map((m) => `  minimum under ${name}: ≥ ${(100 * m.share).toFixed(0)}% from "${m.segment}" = ${formatCount(m.required, 'lead')}: ${m.before} on rank` +
    (m.after > m.before ? `, ${m.after - m.before} swapped in (lowest score taken ${score(m.threshold)})` : '') +
    (m.shortfall > 0 ? `; ${m.shortfall} short (too few such leads)` : ''));
}

/**
 * The report of `leadvalue goals` for one profile: the cut-off and what it
 * delivers against random and today's rule.
 */
export function formatGoalCutoff(g: GoalCutoff, span = ''): string[] {
  const cut = g.cutoff;
  const cols: Column[] = [{ heading: g.profile.name, d: cut.delivers, cut }, { heading: 'random (expected)', d: cut.random }];
  if (cut.rule) {
    cols.push({ heading: `rule ${cut.rule.name}`, d: cut.rule.all });
    if (cut.rule.all.leads > cut.target) cols.push({ heading: 'rule at capacity', d: cut.rule.atCapacity });
  }
  return [...header(cut, g.scores.length, span), ...table(deliveryRows(cols)), ...minimumLines(g.profile.name, cut), ...periodLines(cut)];
}

function periodLines(cut: CutoffReport): string[] {
  if (!cut.perPeriod.length) return [];
  const w = cut.perPeriod.map((p) => p.worked);
  const mean = w.reduce((s, x) => s + x, 0) / w.length;
  return [`  worked per ${cut.capacity.per} (calendar ${cut.capacity.per}s with leads): mean ${mean.toFixed(1)}, min ${Math.min(...w)}, max ${Math.max(...w)}`];
}

/**
 * The report of `leadvalue goals --against`: two profiles on the same leads,
 * their overlap, and the leads that move in and out with the reasons.
 */
export function formatComparison(cmp: ProfileComparison, options: { moves?: number; span?: string } = {}): string[] {
  const { a, b } = cmp;
  const cols: Column[] = [
    { heading: `A: ${a.profile.name}`, d: a.cutoff.delivers, cut: a.cutoff },
    { heading: `B: ${b.profile.name}`, d: b.cutoff.delivers, cut: b.cutoff },
    { heading: 'random (expected, A)', d: a.cutoff.random },
  ];
  if (a.cutoff.rule) cols.push({ heading: `rule ${a.cutoff.rule.name} at capacity`, d: a.cutoff.rule.atCapacity });
  const o = cmp.overlap;
  const lines = [
    ...header(a.cutoff, a.scores.length, options.span ?? ''),
    ...(b.cutoff.target !== a.cutoff.target ? [`  (B's own capacity works ${b.cutoff.target})`] : []),
    ...table(deliveryRows(cols)),
    ...minimumLines('A', a.cutoff), ...minimumLines('B', b.cutoff),
    `overlap: ${o.both} worked under both, ${o.onlyA} only under A, ${o.onlyB} only under B (Jaccard ${o.jaccard.toFixed(2)})`,
  ];
  const n = options.moves ?? 10;
  const moves = (title: string, list: ProfileMove[]) => {
    if (!list.length || n <= 0) return;
    lines.push('', `${title} (${Math.min(n, list.length)} of ${list.length}):`);
    lines.push(...table([['lead', 'rank A → B', 'score A → B', 'why'], ...list.slice(0, n).map((m) => [
      m.id ?? `#${m.index}`, `${m.rankA + 1} → ${m.rankB + 1}`, `${score(m.scoreA)} → ${score(m.scoreB)}`, m.why,
    ])], [0, 3]));
  };
  moves(`moved in under B, best rank under B first`, cmp.movedIn);
  moves(`moved out under B, best rank under A first`, cmp.movedOut);
  return lines;
}
