// buildModelFile (src/pipeline/train-model.ts) records how the leads table was
// written (date format and delimiter), so scoring reads new leads the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_FORMAT } from '../../src/scoring/load-model.js';
import { removeTempDirs } from '../scoring/demo-model.js';
import { trainEuropeanDemo, type EuropeanDemo } from '../scoring/european-demo.js';

let eu: EuropeanDemo;
beforeAll(async () => {
  eu = await trainEuropeanDemo();
}, 120_000);
afterAll(removeTempDirs);

describe('buildModelFile: input', () => {
  it('records the leads table\'s date format and delimiter from the adapter config, in the current format', () => {
    expect(eu.model.format).toEqual(MODEL_FORMAT);
    expect(eu.model.input).toEqual({ leadId: 'lead_id', createdAt: 'Date Created', dateFormat: 'dd/mm/yyyy', delimiter: ';' });
  });
});
