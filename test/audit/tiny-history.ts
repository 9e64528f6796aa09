// A tiny hand-built history shared by the audit and funnel tests. Every
// expected number in those tests is worked out by hand from this table.
//
// Horizon 30 days, data end 2024-12-31 (config). Revenue is keyed by lead id.
//
// lead  created     origin   pages  plan (deal)  won         revenue (date: amount)            value   notes
// L1    2024-01-02  paid     5      pro          2024-01-10  01-15: 100                         100
// L2    2024-01-03  paid     3      basic        2024-01-20  –                                  0       won, never paid
// L3    2024-01-04  paid     8      –            –           –                                  0
// L4    2024-02-01  paid     –      pro          2024-02-15  02-20: 50                          50      pages missing
// L5    2024-03-01  organic  6      pro          2024-03-11  03-20: 300                         300
// L6    2024-04-01  organic  1      –            –           –                                  0
// L7    2024-05-01  organic  2      –            –           –                                  0
// L8    2024-12-01  organic  7      basic        2024-12-20  12-25: 20                          NaN     censored: 12-20 + 30 d > 12-31
// L9    2024-11-20  social   0      –            –           –                                  0
// L10   2024-06-01  social   9      (missing)    2024-06-21  08-01: 70 (after 07-21: not in it) 0       active, not valuable
//
// won: L1 L2 L4 L5 L8 L10 (6); active (any revenue after the win): L1 L4 L5 L8 L10 (5);
// value known: all but L8; valuable (value > 0): L1 L4 L5 (3); total value 450.
import { buildLeadFrame, type LeadFrame } from '../../src/join/build-lead-frame.js';
import type { RawFeature } from '../../src/load/load-source.js';
import { d, makeTables } from '../join/tables.js';

const ORIGIN = ['paid', 'paid', 'paid', 'paid', 'organic', 'organic', 'organic', 'organic', 'social', 'social'];
const PAGES = [5, 3, 8, NaN, 6, 1, 2, 7, 0, 9];

/** Builds the tiny history's lead frame. */
export function tinyFrame(): LeadFrame {
  const levels = ['paid', 'organic', 'social'];
  const leadFeatures: RawFeature[] = [
    { name: 'origin', stage: 'lead', kind: 'category', column: 'origin', codes: Int32Array.from(ORIGIN, (o) => levels.indexOf(o)), levels },
    { name: 'pages', stage: 'lead', kind: 'number', transform: 'none', column: 'pages_viewed', values: Float64Array.from(PAGES) },
  ];
  // Outcome rows in this order: L1 L2 L4 L5 L8 L10.
  const outcomeFeatures: RawFeature[] = [
    { name: 'plan', stage: 'deal', kind: 'category', column: 'plan', codes: Int32Array.of(0, 1, 0, 0, 1, -1), levels: ['pro', 'basic'] },
  ];
  const tables = makeTables(
    [
      { id: 'L1', created: '2024-01-02' }, { id: 'L2', created: '2024-01-03' }, { id: 'L3', created: '2024-01-04' },
      { id: 'L4', created: '2024-02-01' }, { id: 'L5', created: '2024-03-01' }, { id: 'L6', created: '2024-04-01' },
      { id: 'L7', created: '2024-05-01' }, { id: 'L8', created: '2024-12-01' }, { id: 'L9', created: '2024-11-20' },
      { id: 'L10', created: '2024-06-01' },
    ],
    [
      { lead: 'L1', won: '2024-01-10' }, { lead: 'L2', won: '2024-01-20' }, { lead: 'L4', won: '2024-02-15' },
      { lead: 'L5', won: '2024-03-11' }, { lead: 'L8', won: '2024-12-20' }, { lead: 'L10', won: '2024-06-21' },
    ],
    [
      { key: 'L1', at: '2024-01-15', amount: 100 },
      { key: 'L4', at: '2024-02-20', amount: 50 },
      { key: 'L5', at: '2024-03-20', amount: 300 },
      { key: 'L8', at: '2024-12-25', amount: 20 },
      { key: 'L10', at: '2024-08-01', amount: 70 },
    ],
    { keyRole: 'lead_id', leadFeatures, outcomeFeatures },
  );
  return buildLeadFrame(tables, { horizon: { amount: 30, unit: 'days' }, dataEnd: d('2024-12-31') });
}

/**
 * Points rules on the tiny history (qualify at 20 points):
 * - paid (+20): origin = paid → L1 L2 L3 L4
 * - engaged (+10): pages ≥ 5 → L1 L3 L5 L8 L10 (L4's pages are missing: no match)
 * - email (+50): origin = email → never (a level the data does not have)
 * - tracked (+5): origin present → all ten
 * Points: L1 35, L2 25, L3 35, L4 25, L5 15, L6 5, L7 5, L8 15, L9 5, L10 15 → qualified: L1 L2 L3 L4.
 */
export const TINY_RULES = {
  name: 'tiny',
  updated: '2024-06-30',
  qualify: { minPoints: 20 },
  rules: [
    { name: 'paid', when: { feature: 'origin', in: ['paid'] }, points: 20 },
    { name: 'engaged', when: { feature: 'pages', gte: 5 }, points: 10 },
    { name: 'email', when: { feature: 'origin', in: ['email'] }, points: 50 },
    { name: 'tracked', when: { feature: 'origin', missing: false }, points: 5 },
  ],
};
