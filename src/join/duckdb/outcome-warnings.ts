import type { Warnings } from '../../core/warn.js';
import type { AdapterConfig } from '../../load/adapter-config.js';
import { locateRows } from './csv-file.js';
import type { DuckdbSession } from './duckdb-session.js';

/**
 * Gives the warnings buildLeadFrame gives while reading outcomes — outcome
 * rows of unknown leads, leads with several outcome rows, wins before the
 * lead was created — with the same keys, counts, first rows and order.
 * @param db - the session, with `outcome_warnings` and `lead_outcome` created
 * @param config - the adapter config
 * @param warnings - the channel
 */
export async function outcomeWarnings(db: DuckdbSession, config: AdapterConfig, warnings: Warnings): Promise<void> {
  const w = await db.columns(`SELECT w.*, o1.lead_id AS unknown_lead_id, o2.lead_id AS duplicate_lead_id, o3.lead_id AS early_lead_id,
      (SELECT sum(won_before_created) FROM lead_outcome) AS won_before_created, o3.ord AS first_won_before_created
    FROM outcome_warnings w
    LEFT JOIN outcomes o1 ON o1.ord = w.first_unknown_lead
    LEFT JOIN outcomes o2 ON o2.ord = w.first_duplicate
    LEFT JOIN outcomes o3 ON o3.ord = (SELECT min(first_won_before_created) FROM lead_outcome)`);
  const { outcomes, leads } = config.tables;
  const found = [
    { key: 'outcome-unknown-lead', count: w.unknown_lead[0] as number, ord: w.first_unknown_lead[0] as number | null, lead: w.unknown_lead_id[0], order: 0,
      message: (row: number, lead: unknown) => `${outcomes.file}: outcome rows for leads not in ${leads.file} are ignored (first: row ${row}, lead ${JSON.stringify(lead)})` },
    { key: 'outcome-duplicate', count: w.duplicate[0] as number, ord: w.first_duplicate[0] as number | null, lead: w.duplicate_lead_id[0], order: 1,
      message: (row: number, lead: unknown) => `${outcomes.file}: leads with several outcome rows keep the earliest win (first: row ${row}, lead ${JSON.stringify(lead)})` },
    { key: 'won-before-created', count: Number(w.won_before_created[0] ?? 0), ord: w.first_won_before_created[0] as number | null, lead: w.early_lead_id[0], order: 2,
      message: (row: number, lead: unknown) => `${outcomes.file}: leads won before they were created (first: row ${row}, lead ${JSON.stringify(lead)}); check the date columns` },
  ].filter((x) => x.count > 0 && x.ord !== null);
  if (found.length === 0) return;
  // The TypeScript engine warns row by row: the warning first seen on the earliest row comes first.
  found.sort((a, b) => a.ord! - b.ord! || a.order - b.order);
  const rows = await locateRows(outcomes.file, outcomes.delimiter, found.map((x) => x.ord!));
  for (const x of found) warnings.warn(x.key, x.message(rows.get(x.ord!)!, x.lead), x.count);
}
