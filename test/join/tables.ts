// Tiny hand-built canonical tables for the join tests (no CSV involved).
import { parseDate } from '../../src/core/dates.js';
import type { RawFeature, SourceTables } from '../../src/load/load-source.js';

/** Epoch ms of an ISO date; throws on a typo in a fixture rather than passing NaN along. */
export const d = (text: string): number => {
  const t = parseDate(text);
  if (Number.isNaN(t)) throw new Error(`test fixture: bad date ${text}`);
  return t;
};

export interface LeadRow { id: string; created: string; account?: string | null }
export interface OutcomeRow { lead: string; won: string | null; account?: string | null }
export interface RevenueRow { key: string | null; at: string; amount: number }

/** Builds SourceTables from readable rows; revenue keyed by account unless `keyRole` says lead_id. */
export function makeTables(
  leads: LeadRow[], outcomes: OutcomeRow[], revenue: RevenueRow[],
  options: { keyRole?: 'account_id' | 'lead_id'; leadFeatures?: RawFeature[]; outcomeFeatures?: RawFeature[]; outcomeAccounts?: boolean } = {},
): SourceTables {
  const hasAccounts = leads.some((l) => l.account !== undefined);
  return {
    leads: {
      file: 'leads.csv', rows: leads.length, rowNumbers: Int32Array.from(leads, (_, i) => i + 2), leadId: leads.map((l) => l.id),
      createdAt: Float64Array.from(leads, (l) => d(l.created)),
      accountId: hasAccounts ? leads.map((l) => l.account ?? null) : null,
      features: options.leadFeatures ?? [],
    },
    outcomes: {
      file: 'outcomes.csv', rows: outcomes.length, rowNumbers: Int32Array.from(outcomes, (_, i) => i + 2), leadId: outcomes.map((o) => o.lead),
      wonAt: Float64Array.from(outcomes, (o) => (o.won === null ? NaN : d(o.won))),
      accountId: options.outcomeAccounts ? outcomes.map((o) => o.account ?? null) : null,
      features: options.outcomeFeatures ?? [],
    },
    revenue: {
      file: 'revenue.csv', rows: revenue.length, keyRole: options.keyRole ?? 'account_id',
      key: revenue.map((r) => r.key), at: Float64Array.from(revenue, (r) => d(r.at)), amount: Float64Array.from(revenue, (r) => r.amount),
    },
  };
}
