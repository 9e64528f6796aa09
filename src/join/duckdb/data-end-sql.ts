import { DAY_MS } from '../../core/dates.js';

/**
 * SQL that creates `data_end`, one row: `end_at` (the last instant the data
 * covers), `outliers`, `thin_tail` and `outlier_dates` (the first ten dates
 * set aside, one per row as `deriveDataEnd` lists them), `last_revenue_at`
 * (the last revenue on or before the end, for the "end set too late" warning).
 *
 * With `auto`, the end is derived from the revenue dates as `deriveDataEnd`
 * does (src/join/data-end.ts): far-future outliers after a gap of more than 31
 * days among the top 0.5% of rows are set aside; then the end is the last day
 * whose row count is at least 20% of the mean daily count of the 28 days before it.
 * @param dataEnd - `auto`, or the configured last day (epoch ms, UTC midnight)
 * @returns one CREATE TABLE statement, commented
 */
export function dataEndSql(dataEnd: 'auto' | number): string {
  if (dataEnd !== 'auto') {
    const end = new Date(dataEnd + DAY_MS - 1).toISOString().replace('T', ' ').replace('Z', '');
    return `-- data_end: the configured label.dataEnd, to its last millisecond.
CREATE OR REPLACE TEMP TABLE data_end AS
SELECT TIMESTAMP '${end}' AS end_at, 'config' AS source, 0 AS outliers, 0 AS thin_tail, []::VARCHAR[] AS outlier_dates,
  (SELECT max("at") FROM revenue WHERE "at" <= TIMESTAMP '${end}') AS last_revenue_at;`;
  }
  return `-- data_end, derived from the revenue dates (as deriveDataEnd in src/join/data-end.ts).
-- 1. Outliers: among the newest 0.5% of rows (at least one), the lowest row index that follows a gap of
--    more than 31 days; it and everything after it are far-future typos, left out of the end.
-- 2. Thin tail: the end is the last day whose row count is at least 20% of the mean count of the 28 days
--    before it (exports end with partly recorded days); days after it are the thin tail.
CREATE OR REPLACE TEMP TABLE data_end AS
WITH total AS (
  SELECT count(*) AS n, greatest(1, floor(count(*) * 0.005)::BIGINT) AS max_drop FROM revenue
), moments AS (               -- each distinct revenue instant, with the rows before it in date order
  SELECT "at", lag("at") OVER (ORDER BY "at") AS previous,
    coalesce(sum(rows) OVER (ORDER BY "at" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS rows_before
  FROM (SELECT "at", count(*) AS rows FROM revenue GROUP BY "at")
), cut AS (                   -- the first outlier instant (NULL: none)
  SELECT min(m."at") AS cut_at, coalesce(min(m.rows_before), any_value(t.n)) AS kept
  FROM total t LEFT JOIN moments m
    ON m.previous + INTERVAL 31 DAY < m."at" AND m.rows_before >= greatest(1, t.n - t.max_drop)
), days AS (                  -- revenue rows per day, outliers left out
  SELECT CAST("at" AS DATE) AS day, count(*) AS rows
  FROM revenue, cut WHERE cut.cut_at IS NULL OR "at" < cut.cut_at
  GROUP BY 1
), calendar AS (              -- every day from the first to the last, k = 0, 1, …
  SELECT CAST(d AS DATE) AS day, row_number() OVER (ORDER BY d) - 1 AS k
  FROM range((SELECT min(day) FROM days), (SELECT max(day) FROM days) + 1, INTERVAL 1 DAY) AS r(d)
), daily AS (
  SELECT c.day, c.k, coalesce(d.rows, 0) AS rows,
    sum(coalesce(d.rows, 0)) OVER (ORDER BY c.k ROWS BETWEEN 28 PRECEDING AND 1 PRECEDING) AS rows_28_before
  FROM calendar c LEFT JOIN days d ON d.day = c.day
), end_day AS (               -- scanning back from the last day, the first well-covered one (k ≥ 28)
  SELECT CASE WHEN max(k) < 28 THEN max(k)
    ELSE coalesce(max(k) FILTER (WHERE k >= 28 AND rows >= 0.2::DOUBLE * (CAST(rows_28_before AS DOUBLE) / 28)), 27) END AS k
  FROM daily
)
SELECT (SELECT min(day) FROM daily) + CAST(e.k + 1 AS INTEGER) - INTERVAL 1 MILLISECOND AS end_at,
  'revenue' AS source,
  (SELECT n FROM total) - (SELECT kept FROM cut) AS outliers,
  (SELECT coalesce(sum(rows), 0) FROM daily WHERE k > e.k) AS thin_tail,
  (SELECT coalesce(list(strftime("at", '%Y-%m-%d') ORDER BY "at"), []) FROM
    (SELECT "at" FROM revenue, cut WHERE "at" >= cut.cut_at ORDER BY "at" LIMIT 10)) AS outlier_dates,
  NULL::TIMESTAMP AS last_revenue_at
FROM end_day e;`;
}
