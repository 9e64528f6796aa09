// warnConstantParts (src/pipeline/train-model.ts) speaks of the exported model
// too: train evaluates the fit on the training period and exports the refit on
// all leads, and the two can keep different pair terms. The case that prompted
// it: the demo with `"win": {"kind": "ebm", "interactions": 3, "bags": 3}` kept
// 3 pairs on the training period, none in the refit it exports, and train said
// nothing (`win: EBM, 19 rounds`).
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Warnings } from '../../src/core/warn.js';
import { parseAdapterConfig } from '../../src/load/adapter-config.js';
import { prepareData, trainModel } from '../../src/pipeline/train-model.js';
import type { EbmState } from '../../src/scoring/model-types.js';
import { DEMO_CONFIG } from '../scoring/demo-model.js';

const raw = JSON.parse(readFileSync(DEMO_CONFIG, 'utf8'));
const where = { path: DEMO_CONFIG, baseDir: dirname(DEMO_CONFIG) };

describe('train warns about the exported EBM part, not only the evaluated one', () => {
  it('the demo\'s EBM win part with 3 pairs asked: 3 kept on the training period, 0 in the exported refit, said in one warning', async () => {
    const config = parseAdapterConfig({ ...raw, model: { ...raw.model, win: { kind: 'ebm', interactions: 3, bags: 3 } } }, where);
    const warnings = new Warnings();
    const data = await prepareData(config, { warnings });
    const trained = trainModel({ ...data, warnings }, { resamples: 20 });
    const evaluated = trained.evaluated.win as EbmState, final = trained.final.win as EbmState;
    expect([evaluated.pairs.length, evaluated.rounds.mains]).toEqual([3, 15]);
    expect([final.pairs.length, final.rounds.mains]).toEqual([0, 19]);
    const pairs = warnings.list().filter((w) => w.key.startsWith('ebm-'));
    expect(pairs.map((w) => w.key)).toEqual(['ebm-no-pairs-win']);
    expect(pairs[0].message).toBe('model.win: 3 pair terms asked (interactions); the model evaluated on the training period kept 3, ' +
      'the refit on all leads that is exported kept none: no pair improved its validation loss over the main effects, ' +
      'so the exported part is additive in single features and the held-out metrics describe pair terms it does not have; ' +
      'set model.refit false to export the evaluated model, or drop interactions');
  }, 60_000);
});
