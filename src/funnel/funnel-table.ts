import * as aq from 'arquero';
import type { LeadFrame } from '../join/build-lead-frame.js';
import { LeadvalueError } from '../core/errors.js';

/** One row of the funnel: a segment's counts and rates at each stage. */
export interface FunnelRow {
  segment: string;
  leads: number;
  won: number;
  /** Won leads with a complete horizon (value known). */
  valueKnown: number;
  /** Of those, with value above zero. */
  withValue: number;
  winRate: number;
  /** Share of won (value known) that brought any value in the horizon. */
  valuableShareOfWon: number;
  /** Mean value per lead over leads whose value is known. */
  valuePerLead: number;
  totalValue: number;
}

/**
 * The funnel lead → won → brought value in the horizon, overall or by a
 * category feature (or `created_month` of the lead's creation), as an arquero
 * table for display and further verbs.
 * @param frame - the lead frame
 * @param by - a category feature name, `month` (creation month), or undefined for one overall row
 * @example
 * funnelTable(frame, 'origin').print();
 */
export function funnelTable(frame: LeadFrame, by?: string): aq.ColumnTable {
  const segment = segmentOf(frame, by);
  const t = aq.table({
    segment,
    won: Array.from(frame.won),
    known: Array.from(frame.censored, (c) => 1 - c),
    knownWon: Array.from(frame.won, (w, i) => (w && !frame.censored[i] ? 1 : 0)),
    valuable: Array.from(frame.value, (v, i) => (frame.won[i] && v > 0 ? 1 : 0)),
    value: Array.from(frame.value, (v) => (Number.isNaN(v) ? 0 : v)),
  });
  return t
    .groupby('segment')
    .rollup({
      leads: aq.op.count(),
      won: aq.op.sum('won'),
      valueKnown: aq.op.sum('knownWon'),
      withValue: aq.op.sum('valuable'),
      knownLeads: aq.op.sum('known'),
      totalValue: aq.op.sum('value'),
    })
    .derive({
      // Rounded for reading: rates to 0.001, money to 0.01.
      winRate: (d: any) => aq.op.round((1000 * d.won) / d.leads) / 1000,
      valuableShareOfWon: (d: any) => (d.valueKnown > 0 ? aq.op.round((1000 * d.withValue) / d.valueKnown) / 1000 : aq.op.parse_float('NaN')),
      valuePerLead: (d: any) => (d.knownLeads > 0 ? aq.op.round((100 * d.totalValue) / d.knownLeads) / 100 : aq.op.parse_float('NaN')),
      totalValue: (d: any) => aq.op.round(100 * d.totalValue) / 100,
    })
    .select('segment', 'leads', 'won', 'valueKnown', 'withValue', 'winRate', 'valuableShareOfWon', 'valuePerLead', 'totalValue')
    .orderby(aq.desc('leads'), 'segment');
}

function segmentOf(frame: LeadFrame, by?: string): string[] {
  if (!by) return new Array(frame.rows).fill('all');
  if (by === 'month') return Array.from(frame.createdAt, (t) => new Date(t).toISOString().slice(0, 7));
  const f = frame.features.find((x) => x.name === by);
  if (!f || f.kind !== 'category') {
    const names = frame.features.filter((x) => x.kind === 'category').map((x) => x.name);
    throw new LeadvalueError('funnelTable', 'not a category feature', JSON.stringify(by), `use one of ${names.join(', ')} or "month"`);
  }
  return Array.from(f.codes, (c) => (c < 0 ? '(missing)' : f.levels[c]));
}
