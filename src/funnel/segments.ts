import { LeadvalueError, shown } from '../core/errors.js';
import type { LeadFrame } from '../join/build-lead-frame.js';

/** A lead's segment label per row, and what the segmentation is. */
export interface Segmentation {
  /** Segment label per lead; null where the lead has no segment (a deal-stage field of a lead never won). */
  labels: (string | null)[];
  /** `lead`: known for every lead; `deal`: recorded when a deal closed, so known for won leads only; `date`: the creation month. */
  stage: 'lead' | 'deal' | 'date';
  feature: string;
}

/**
 * Segments leads by a category feature (lead or deal stage) or by `month`
 * (the month the lead was created, `YYYY-MM`). Missing values are `(missing)`;
 * a deal-stage feature leaves leads never won without a segment (null).
 * @param label - how messages name the option (default `segmentLeads by`; funnelReview passes `options.by`, the CLI `funnel --by`)
 * @throws LeadvalueError when the feature is unknown or not a category
 */
export function segmentLeads(frame: LeadFrame, by: string, label = 'segmentLeads by'): Segmentation {
  if (by === 'month') return { labels: Array.from(frame.createdAt, (t) => new Date(t).toISOString().slice(0, 7)), stage: 'date', feature: 'month' };
  const f = frame.features.find((x) => x.name === by);
  if (!f || f.kind !== 'category') {
    const names = frame.features.filter((x) => x.kind === 'category').map((x) => x.name);
    throw new LeadvalueError(label, f ? `${by} is a number feature; segments need a category feature` : 'not a feature of the data', shown(by), `use one of ${names.join(', ')} or "month"`);
  }
  const deal = f.stage === 'deal';
  const labels = Array.from(f.codes, (c, i) => (deal && !frame.won[i] ? null : c < 0 ? '(missing)' : f.levels[c]));
  return { labels, stage: deal ? 'deal' : 'lead', feature: f.name };
}

/**
 * Keeps the `top` largest segments (by the given weights, e.g. leads or won
 * leads) and pools the others into `(other: k segments)`. Ties in size are
 * broken by label, so the result never depends on row order.
 */
export function poolSegments(labels: (string | null)[], top: number, weight: ArrayLike<number>): (string | null)[] {
  const size = new Map<string, number>();
  labels.forEach((s, i) => { if (s !== null) size.set(s, (size.get(s) ?? 0) + weight[i]); });
  if (size.size <= top) return labels;
  const order = [...size.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([s]) => s);
  const keep = new Set(order.slice(0, top));
  const other = `(other: ${order.length - top} segments)`;
  return labels.map((s) => (s === null || keep.has(s) ? s : other));
}
