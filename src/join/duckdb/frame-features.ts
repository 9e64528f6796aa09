import type { AdapterConfig, FeatureDecl, Stage } from '../../load/adapter-config.js';
import type { RawFeature } from '../../load/load-source.js';
import type { DuckdbSession, ResultColumns } from './duckdb-session.js';
import { featureColumn } from './source-sql.js';

/**
 * The frame's features as the TypeScript loader types them: numbers as a
 * Float64Array (NaN = missing), categories as codes into levels in the order
 * first seen in the source file (-1 = missing), date parts as declared.
 * @param db - the session, with `leads` and `outcomes` created
 * @param config - the adapter config
 * @param frame - the `lead_frame` columns, in lead order
 * @returns leads' features, then outcomes' (missing for leads without an outcome)
 */
export async function frameFeatures(db: DuckdbSession, config: AdapterConfig, frame: ResultColumns): Promise<RawFeature[]> {
  const out: RawFeature[] = [];
  for (const role of ['leads', 'outcomes'] as const) {
    const table = config.tables[role];
    for (const f of table.features) {
      const values = frame[f.name];
      const derived = f.derive ? { derive: f.derive, dateFormat: table.dateFormat } : {};
      if (f.kind === 'number') {
        out.push({ ...base(f, f.stage), kind: 'number', transform: f.derive ? 'none' : f.transform, ...derived, values: Float64Array.from(values, (v) => (v === null ? NaN : (v as number))) });
        continue;
      }
      const column = featureColumn(f.name);
      const levels = (await db.columns(`SELECT level FROM (SELECT ${column} AS level, min(ord) AS first FROM ${role} WHERE ${column} IS NOT NULL GROUP BY 1) ORDER BY first`)).level as string[];
      const code = new Map(levels.map((level, i) => [level, i]));
      out.push({ ...base(f, f.stage), kind: 'category', ...derived, codes: Int32Array.from(values, (v) => (v === null ? -1 : code.get(v as string)!)), levels });
    }
  }
  return out;
}

function base(f: FeatureDecl, stage: Stage): { name: string; stage: Stage; column: string } {
  return { name: f.name, stage, column: f.column };
}
