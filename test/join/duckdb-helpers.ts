// Shared by the DuckDB frame tests: write small CSV files, build a config over them, build both frames.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Warnings } from '../../src/core/warn.js';
import { buildLeadFrame, type LeadFrame } from '../../src/join/build-lead-frame.js';
import { buildLeadFrameDuckdb } from '../../src/join/duckdb/build-lead-frame-duckdb.js';
import { parseAdapterConfig, type AdapterConfig } from '../../src/load/adapter-config.js';
import { loadSource } from '../../src/load/load-source.js';

/** A fresh folder with the given files (a name ending in .gz is gzipped). */
export function writeFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadvalue-duckdb-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), name.endsWith('.gz') ? gzipSync(text) : text);
  return dir;
}

/** An adapter config over files in `dir`; `raw` overrides the defaults key by key. */
export function configFor(dir: string, raw: Record<string, unknown> = {}): AdapterConfig {
  return parseAdapterConfig({
    name: 'edge',
    tables: {
      leads: { file: 'leads.csv', columns: { lead_id: 'lead_id', created_at: 'created_at', account_id: 'account_id' } },
      outcomes: { file: 'outcomes.csv', columns: { lead_id: 'lead_id', won_at: 'won_at' } },
      revenue: { file: 'revenue.csv', columns: { account_id: 'account_id', at: 'at', amount: 'amount' } },
    },
    label: { horizon: '30d', dataEnd: '2024-06-30' },
    ...raw,
  }, { path: join(dir, 'config.json'), baseDir: dir });
}

/** Both engines' frames and warnings for one config. */
export async function bothFrames(config: AdapterConfig): Promise<{ ts: LeadFrame; duck: LeadFrame; tsWarnings: Warnings; duckWarnings: Warnings }> {
  const tsWarnings = new Warnings(), duckWarnings = new Warnings();
  const ts = buildLeadFrame(await loadSource(config, { warnings: tsWarnings }), config.label, tsWarnings);
  const { frame: duck } = await buildLeadFrameDuckdb(config, { warnings: duckWarnings, threads: 2 });
  return { ts, duck, tsWarnings, duckWarnings };
}

/** The value label of a lead by id. */
export const valueOf = (frame: LeadFrame, id: string) => frame.value[frame.leadId.indexOf(id)];
