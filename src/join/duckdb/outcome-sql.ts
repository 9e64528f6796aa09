import type { AdapterConfig } from '../../load/adapter-config.js';

/**
 * SQL that creates `lead_outcome`: per lead with outcome rows, the row that
 * counts (the earliest win; the first row when none is a win), as
 * buildLeadFrame picks it, and the account the win belongs to (the outcome's
 * account when it has one, else the lead's; `account_ord`: the outcome row it comes
 * from). Also counts what the warnings name.
 * @returns one CREATE TABLE statement, commented
 */
export function leadOutcomeSql(config: AdapterConfig): string {
  const account = config.tables.outcomes.columns.account_id ? 'o.account_id' : 'NULL::VARCHAR';
  return `-- lead_outcome: one row per lead that has outcome rows. A later row replaces the kept one only when it
-- is a strictly earlier win ("replaces" = assigned); the last assigned row is the outcome that counts.
CREATE OR REPLACE TEMP TABLE lead_outcome AS
WITH matched AS (
  SELECT o.ord, o.won_at, ${account} AS account_id, l.ord AS lead_ord, l.created_at,
    row_number() OVER (PARTITION BY l.ord ORDER BY o.ord) AS nth,
    min(o.won_at) OVER (PARTITION BY l.ord ORDER BY o.ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier_win
  FROM outcomes o JOIN leads l ON l.lead_id = o.lead_id
), assigned AS (
  SELECT * FROM matched WHERE nth = 1 OR (won_at IS NOT NULL AND (earlier_win IS NULL OR won_at < earlier_win))
)
SELECT lead_ord, max(ord) AS outcome_ord, max_by(won_at, ord) AS won_at,
  max_by(account_id, ord) FILTER (WHERE account_id IS NOT NULL) AS account_id,
  max(ord) FILTER (WHERE account_id IS NOT NULL) AS account_ord,
  count(*) FILTER (WHERE won_at < created_at) AS won_before_created,
  min(ord) FILTER (WHERE won_at < created_at) AS first_won_before_created
FROM assigned GROUP BY lead_ord;`;
}

/**
 * SQL that creates `outcome_warnings`: outcome rows whose lead is not in the
 * leads file, and extra outcome rows of a lead (the first of each by ord), for
 * the warnings buildLeadFrame gives.
 * @returns one CREATE TABLE statement, commented
 */
export function outcomeWarningsSql(): string {
  return `-- outcome_warnings: outcome rows of unknown leads, and leads with several outcome rows.
CREATE OR REPLACE TEMP TABLE outcome_warnings AS
SELECT
  (SELECT count(*) FROM outcomes o WHERE NOT EXISTS (SELECT 1 FROM leads l WHERE l.lead_id = o.lead_id)) AS unknown_lead,
  (SELECT min(ord) FROM outcomes o WHERE NOT EXISTS (SELECT 1 FROM leads l WHERE l.lead_id = o.lead_id)) AS first_unknown_lead,
  (SELECT count(*) - count(DISTINCT o.lead_id) FROM outcomes o JOIN leads l ON l.lead_id = o.lead_id) AS duplicate,
  (SELECT min(ord) FROM (SELECT o.ord, row_number() OVER (PARTITION BY o.lead_id ORDER BY o.ord) AS nth
     FROM outcomes o JOIN leads l ON l.lead_id = o.lead_id) WHERE nth > 1) AS first_duplicate;`;
}
