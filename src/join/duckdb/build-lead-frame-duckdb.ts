import { DAY_MS, formatDay, formatDuration } from '../../core/dates.js';
import { fileLabel } from '../../core/file-label.js';
import { LeadvalueError } from '../../core/errors.js';
import { Warnings } from '../../core/warn.js';
import type { AdapterConfig } from '../../load/adapter-config.js';
import type { LeadFrame } from '../build-lead-frame.js';
import { checkSources, createSourceTable } from './check-sources.js';
import { openDuckdb, type DuckdbSession, type DuckdbSettings } from './duckdb-session.js';
import { frameFeatures } from './frame-features.js';
import { leadFrameScript, readSourceFiles } from './frame-script.js';
import { outcomeWarnings } from './outcome-warnings.js';
import { checkPastDataEnd, checkRevenue } from './revenue-checks.js';

/** Where each source came from and how many rows it had (what the model file's fingerprint needs). */
export interface SourceSummary {
  leads: { file: string; rows: number };
  outcomes: { file: string; rows: number };
  revenue: { file: string; rows: number };
}

/** Options of {@link buildLeadFrameDuckdb}. */
export interface DuckdbFrameOptions extends DuckdbSettings {
  /** Where soft problems are counted (the same warnings as buildLeadFrame). */
  warnings?: Warnings;
  /** Called with the DuckDB session once `lead_frame` exists, before it is closed (e.g. to COPY it to a file). */
  onFrame?: (db: DuckdbSession) => Promise<void>;
}

const ms = (column: string) => `epoch_ms(${column})::DOUBLE AS ${column}`;

/**
 * Builds the lead frame in DuckDB: the same joins, labels and report as
 * buildLeadFrame, run as SQL over the config's files (CSV or CSV.gz), so the
 * revenue table never has to fit in memory (DuckDB spills joins and sorts to
 * `tempDirectory` beyond `memoryLimit`). Only the frame — one row per lead —
 * comes back into JavaScript.
 * @param config - the adapter config (its tables, label horizon and data end)
 * @param options - DuckDB's memory limit, spill folder and threads; the warnings channel
 * @returns the lead frame (equal to buildLeadFrame's on the same files) and the source row counts
 * @throws LeadvalueError naming file, row and column on bad input, as the TypeScript loader does
 * @example
 * const { frame } = await buildLeadFrameDuckdb(readAdapterConfig('configs/olist.json'), { memoryLimit: '1GB' });
 * frame.report.censored; // won leads whose horizon is not complete
 */
export async function buildLeadFrameDuckdb(config: AdapterConfig, options: DuckdbFrameOptions = {}): Promise<{ frame: LeadFrame; tables: SourceSummary }> {
  const warnings = options.warnings ?? new Warnings();
  const files = await readSourceFiles(config);
  const steps = leadFrameScript(config, files);
  const db = await openDuckdb(options);
  try {
    for (const role of ['leads', 'outcomes', 'revenue'] as const) {
      await createSourceTable(db, role, config.tables[role], steps.find((s) => s.table === role)!.sql);
    }
    await checkSources(db, config);
    for (const step of steps.slice(3)) await db.run(step.sql);

    const end = await db.columns(`SELECT ${ms('end_at')}, source, outliers, thin_tail, outlier_dates, ${ms('last_revenue_at')} FROM data_end`);
    const endAt = (end.end_at[0] as number | null) ?? NaN;
    if (Number.isNaN(endAt)) throw new LeadvalueError(fileLabel(config.tables.revenue.file), 'cannot find the end of the data: the revenue table has no dates', undefined, 'set label.dataEnd in the config');
    await outcomeWarnings(db, config, warnings);
    if (config.label.dataEnd !== 'auto') {
      const last = (end.last_revenue_at[0] as number | null) ?? -Infinity;
      if (endAt - last > 31 * DAY_MS) {
        warnings.warn('data-end-late', `label.dataEnd ${formatDay(config.label.dataEnd)} is more than 31 days after the last revenue row on or before it (${Number.isFinite(last) ? formatDay(last) : 'none'}): horizons that end in the gap count as complete although nothing was recorded there; set it to when the revenue export really ends, or "auto"`);
      }
    }
    await checkPastDataEnd(db, config, warnings);
    const { unknownKey } = await checkRevenue(db, config, warnings);

    const cols = await db.columns(`SELECT * REPLACE (${['created_at', 'won_at', 'first_revenue_at'].map(ms).join(', ')}) FROM lead_frame ORDER BY lead_ord`);
    const report = await db.columns(`SELECT *, ${ms('created_from')}, ${ms('created_to')} FROM frame_report`);
    const sources = await db.columns('SELECT (SELECT count(*) FROM leads) AS leads, (SELECT count(*) FROM outcomes) AS outcomes, (SELECT rows FROM revenue_counts) AS revenue');
    const r = (name: string) => report[name][0] as number;
    const num = (name: string) => Float64Array.from(cols[name], (v) => (v === null ? NaN : (v as number)));
    const flag = (name: string) => Uint8Array.from(cols[name], (v) => (v ? 1 : 0));
    const frame: LeadFrame = {
      rows: cols.lead_id.length, leadId: cols.lead_id as string[], createdAt: num('created_at'), wonAt: num('won_at'),
      won: flag('won'), value: num('value'), censored: flag('censored'), firstRevenueAt: num('first_revenue_at'),
      features: await frameFeatures(db, config, cols),
      horizon: config.label.horizon, dataEnd: endAt,
      report: {
        horizon: formatDuration(config.label.horizon), dataEnd: formatDay(endAt), dataEndSource: end.source[0] as 'config' | 'revenue',
        revenueOutliers: end.outliers[0] as number, revenueOutlierDates: end.outlier_dates[0] as string[], revenueThinTail: end.thin_tail[0] as number,
        leads: r('leads'), won: r('won'), censored: r('censored'), wonWithValue: r('won_with_value'), wonWithoutValue: r('won_without_value'),
        wonWithAnyRevenue: r('won_with_any_revenue'), totalValue: Math.round(r('total_value') * 100) / 100,
        revenueRows: r('revenue_rows'), revenueInHorizon: r('revenue_in_horizon'), revenueUnmatched: r('revenue_unmatched'), revenueUnknownKey: unknownKey,
        revenueBeforeWin: r('revenue_before_win'),
        dateRange: { from: formatDay(r('created_from')), to: formatDay(r('created_to')) },
      },
    };
    if (options.onFrame) await options.onFrame(db);
    const rows = (role: 'leads' | 'outcomes' | 'revenue') => ({ file: config.tables[role].file, rows: sources[role][0] as number });
    return { frame, tables: { leads: rows('leads'), outcomes: rows('outcomes'), revenue: rows('revenue') } };
  } finally {
    db.close();
  }
}
