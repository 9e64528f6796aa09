import { fileLabel } from '../../core/file-label.js';
import type { Warnings } from '../../core/warn.js';
import type { AdapterConfig } from '../../load/adapter-config.js';
import { warnAccountConflicts } from '../frame-problems.js';
import { locateRows } from './csv-file.js';
import type { DuckdbSession } from './duckdb-session.js';

/**
 * Gives the warnings buildLeadFrame gives while reading outcomes — outcome
 * rows of unknown leads, leads with several outcome rows, wins before the
 * lead was created; then, with revenue keyed by account, leads whose outcome
 * names another account than the leads file — with the same keys, counts, first rows and order.
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
      message: (row: number, lead: unknown) => `${fileLabel(outcomes.file)}: outcome rows for leads not in ${fileLabel(leads.file)} are ignored (first: row ${row}, lead ${JSON.stringify(lead)})` },
    { key: 'outcome-duplicate', count: w.duplicate[0] as number, ord: w.first_duplicate[0] as number | null, lead: w.duplicate_lead_id[0], order: 1,
      message: (row: number, lead: unknown) => `${fileLabel(outcomes.file)}: leads with several outcome rows keep the earliest win (first: row ${row}, lead ${JSON.stringify(lead)})` },
    { key: 'won-before-created', count: Number(w.won_before_created[0] ?? 0), ord: w.first_won_before_created[0] as number | null, lead: w.early_lead_id[0], order: 2,
      message: (row: number, lead: unknown) => `${fileLabel(outcomes.file)}: leads won before they were created (first: row ${row}, lead ${JSON.stringify(lead)}); check the date columns` },
  ].filter((x) => x.count > 0 && x.ord !== null);
  if (found.length > 0) {
    // The TypeScript engine warns row by row: the warning first seen on the earliest row comes first.
    found.sort((a, b) => a.ord! - b.ord! || a.order - b.order);
    const rows = await locateRows(outcomes.file, outcomes.delimiter, found.map((x) => x.ord!));
    for (const x of found) warnings.warn(x.key, x.message(rows.get(x.ord!)!, x.lead), x.count);
  }
  if (config.tables.revenue.columns.account_id && leads.columns.account_id && outcomes.columns.account_id) await accountConflicts(db, config, warnings);
}

/** Leads whose outcome's account differs from their own, as buildLeadFrame warns after reading outcomes. */
async function accountConflicts(db: DuckdbSession, config: AdapterConfig, warnings: Warnings): Promise<void> {
  const { outcomes, leads } = config.tables;
  const c = await db.columns(`SELECT count(*) AS n, min(o.account_ord) AS ord, arg_min(l.ord, o.account_ord) AS lead_ord,
      arg_min(l.lead_id, o.account_ord) AS lead_id, arg_min(o.account_id, o.account_ord) AS outcome_account, arg_min(l.account_id, o.account_ord) AS lead_account
    FROM lead_outcome o JOIN leads l ON l.ord = o.lead_ord
    WHERE o.account_id IS NOT NULL AND l.account_id IS NOT NULL AND o.account_id <> l.account_id`);
  const count = Number(c.n[0]);
  if (count === 0) return;
  const ord = c.ord[0] as number, leadOrd = c.lead_ord[0] as number;
  const outcomeRow = (await locateRows(outcomes.file, outcomes.delimiter, [ord])).get(ord)!;
  const leadRow = (await locateRows(leads.file, leads.delimiter, [leadOrd])).get(leadOrd)!;
  warnAccountConflicts(warnings, {
    outcomes: outcomes.file, outcomeRow, outcomeAccount: c.outcome_account[0] as string,
    leads: leads.file, leadRow, leadAccount: c.lead_account[0] as string, lead: c.lead_id[0] as string,
  }, count);
}
