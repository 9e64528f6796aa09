// The DuckDB lead-frame engine (config `engine: "duckdb"`) feeds training the same frame as the
// in-memory engine, so the trained model is the same, parameter for parameter.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readAdapterConfig } from '../../src/load/adapter-config.js';
import { buildModelFile, prepareData, trainModel } from '../../src/pipeline/train-model.js';
import { canonicalJson } from '../../src/core/canonical-json.js';

const CONFIG = fileURLToPath(new URL('../../configs/demo.json', import.meta.url));

describe('training with engine "duckdb"', () => {
  it('gives the demo model the in-memory engine gives: same parameters, metrics and data section', async () => {
    const config = readAdapterConfig(CONFIG);
    const [memory, duck] = await Promise.all([prepareData(config), prepareData({ ...config, engine: 'duckdb' })]);
    expect(duck.frame.leadId).toEqual(memory.frame.leadId);
    const a = trainModel(memory, { resamples: 20 }), b = trainModel(duck, { resamples: 20 });
    const createdAt = '2026-01-01T00:00:00.000Z';
    const fileA = await buildModelFile(memory, a, { createdAt }), fileB = await buildModelFile(duck, b, { createdAt });
    expect(canonicalJson(fileB.params)).toBe(canonicalJson(fileA.params));
    expect(canonicalJson(fileB.metrics)).toBe(canonicalJson(fileA.metrics));
    expect(fileB.data).toEqual(fileA.data);
    expect(fileA.data.rows.won).toBeGreaterThan(100);
  }, 120_000);
});
