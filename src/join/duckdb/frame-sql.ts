import { formatDuration, type Duration } from '../../core/dates.js';
import type { AdapterConfig } from '../../load/adapter-config.js';
import { addDurationSql } from './parse-sql.js';
import { featureColumn } from './source-sql.js';
import { sqlIdent } from './sql-text.js';

/**
 * SQL that creates `lead_labels`: every lead, its win, horizon end, censoring
 * and the key its revenue is found by.
 * @returns one CREATE TABLE statement, commented
 */
export function leadLabelsSql(config: AdapterConfig, horizon: Duration): string {
  const leadAccount = config.tables.leads.columns.account_id ? 'l.account_id' : 'NULL::VARCHAR';
  const key = config.tables.revenue.columns.account_id ? `coalesce(o.account_id, ${leadAccount})` : 'l.lead_id';
  const end = addDurationSql('o.won_at', horizon);
  return `-- lead_labels: every lead with its win and its value horizon [won_at, won_at + ${formatDuration(horizon)}).
-- A won lead is censored when the horizon's last instant is after the data's end: its value is unknown.
CREATE OR REPLACE TEMP TABLE lead_labels AS
SELECT l.ord AS lead_ord, l.lead_id, l.created_at, o.outcome_ord, o.won_at,
  o.won_at IS NOT NULL AS won,
  ${end} AS horizon_end,
  coalesce(${end} - INTERVAL 1 MILLISECOND > (SELECT end_at FROM data_end), false) AS censored,
  ${key} AS revenue_key
FROM leads l LEFT JOIN lead_outcome o ON o.lead_ord = l.ord;`;
}

/**
 * SQL that attributes revenue to wins point in time and sums it per lead:
 * `win_periods` (each won lead owns its key's revenue from its win until the
 * key's next win), `revenue_by_lead` (first revenue date, value in the
 * horizon summed in file order, rows in the horizon, its negative rows and
 * the sum of its absolute amounts) and `revenue_counts`
 * (rows in all, with a won key, attributed).
 * @returns three CREATE TABLE statements, commented
 */
export function revenueSql(): string {
  return `-- win_periods: revenue keyed by account goes to the account's latest win at or before the revenue date,
-- so each won lead owns its key's revenue from its win until the next win of the same key. Two wins at the
-- same instant: the later lead in the file owns it (the earlier one's period is empty).
CREATE OR REPLACE TEMP TABLE win_periods AS
SELECT revenue_key, lead_ord, won_at, horizon_end, censored,
  lead(won_at) OVER (PARTITION BY revenue_key ORDER BY won_at, lead_ord) AS next_won_at
FROM lead_labels WHERE won AND revenue_key IS NOT NULL;

-- revenue_by_lead: the point-in-time join. Value = revenue in [won_at, horizon_end), added in file order
-- (ORDER BY ord) so the sum is the same double as the TypeScript engine's; first_revenue_at at any date.
-- Negative rows (refunds) are netted in; the first of them and the sum of absolute amounts tell a value
-- that nets below 0 (refused) from one that refunds cancel up to rounding (0).
CREATE OR REPLACE TEMP TABLE revenue_by_lead AS
SELECT p.lead_ord, min(r."at") AS first_revenue_at,
  sum(r.amount ORDER BY r.ord) FILTER (WHERE r."at" < p.horizon_end AND NOT p.censored) AS value,
  count(*) FILTER (WHERE r."at" < p.horizon_end AND NOT p.censored) AS rows_in_horizon,
  count(*) AS rows_attributed,
  sum(abs(r.amount)) FILTER (WHERE r."at" < p.horizon_end AND NOT p.censored) AS absolute_sum,
  count(*) FILTER (WHERE r."at" < p.horizon_end AND NOT p.censored AND r.amount < 0) AS negative_rows,
  min(r.ord) FILTER (WHERE r."at" < p.horizon_end AND NOT p.censored AND r.amount < 0) AS first_negative_ord
FROM revenue r JOIN win_periods p
  ON p.revenue_key = r.key AND r."at" >= p.won_at AND (p.next_won_at IS NULL OR r."at" < p.next_won_at)
GROUP BY p.lead_ord;

-- revenue_counts: rows in all and rows whose key has a win (the rest are unmatched; of those with a won
-- key, the rows not attributed are dated before the key's first win).
CREATE OR REPLACE TEMP TABLE revenue_counts AS
SELECT count(*) AS rows,
  count(*) FILTER (WHERE key IN (SELECT revenue_key FROM win_periods)) AS rows_with_won_key
FROM revenue;`;
}

/**
 * SQL that creates `lead_frame`: one row per lead in file order, with the
 * labels and every declared feature (outcome features from the outcome row
 * that counts; missing for leads without one).
 * @returns one CREATE TABLE statement, commented
 */
export function leadFrameSql(config: AdapterConfig): string {
  const features = [
    ...config.tables.leads.features.map((f) => `l.${featureColumn(f.name)} AS ${sqlIdent(f.name)}`),
    ...config.tables.outcomes.features.map((f) => `o.${featureColumn(f.name)} AS ${sqlIdent(f.name)}`),
  ];
  return `-- lead_frame: the training table. value: revenue in the horizon; 0 when never won; NULL when censored;
-- 0 when refunds cancel it up to rounding (below 0 by at most 1e-9 of the absolute amounts).
CREATE OR REPLACE TEMP TABLE lead_frame AS
SELECT b.lead_ord, b.lead_id, b.created_at, b.won_at, b.won,
  CASE WHEN b.censored THEN NULL WHEN NOT b.won THEN 0
    WHEN v.value < 0 AND -v.value <= 1e-9::DOUBLE * v.absolute_sum THEN 0 ELSE coalesce(v.value, 0) END AS value,
  b.censored, v.first_revenue_at${features.length ? ',\n  ' + features.join(',\n  ') : ''}
FROM lead_labels b
JOIN leads l ON l.ord = b.lead_ord
LEFT JOIN outcomes o ON o.ord = b.outcome_ord
LEFT JOIN revenue_by_lead v ON v.lead_ord = b.lead_ord
ORDER BY b.lead_ord;

-- frame_report: the counts build-lead-frame reports (total_value unrounded, summed in lead order).
CREATE OR REPLACE TEMP TABLE frame_report AS
SELECT count(*) AS leads,
  count(*) FILTER (WHERE won) AS won,
  count(*) FILTER (WHERE censored) AS censored,
  count(*) FILTER (WHERE won AND NOT censored AND value > 0) AS won_with_value,
  count(*) FILTER (WHERE won AND NOT censored AND NOT value > 0) AS won_without_value,
  count(*) FILTER (WHERE first_revenue_at IS NOT NULL) AS won_with_any_revenue,
  coalesce(sum(value ORDER BY lead_ord) FILTER (WHERE NOT censored), 0) AS total_value,
  (SELECT rows FROM revenue_counts) AS revenue_rows,
  (SELECT coalesce(sum(rows_in_horizon), 0) FROM revenue_by_lead) AS revenue_in_horizon,
  (SELECT rows - rows_with_won_key FROM revenue_counts) AS revenue_unmatched,
  (SELECT rows_with_won_key FROM revenue_counts) - (SELECT coalesce(sum(rows_attributed), 0) FROM revenue_by_lead) AS revenue_before_win,
  min(created_at) AS created_from, max(created_at) AS created_to
FROM lead_frame;`;
}
