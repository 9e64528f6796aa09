// The scorer's EBM lookups (src/scoring/ebm-terms.ts): bins, exact reasons with pair terms,
// and a reader that fails closed on malformed tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { sealModel, serializeModel } from '../../src/export/write-model-file.js';
import { fitEbm } from '../../src/models/ebm/fit-ebm.js';
import { ebmLinearPredictor } from '../../src/models/ebm/predict-ebm.js';
import { ebmBin } from '../../src/scoring/ebm-terms.js';
import { parseModel } from '../../src/scoring/load-model.js';
import type { EbmState, ModelFile } from '../../src/scoring/model-types.js';
import { scoreLead } from '../../src/scoring/score-lead.js';
import { contractData } from '../models/contract-data.js';
import { removeTempDirs, trainDemo } from './demo-model.js';

const data = contractData(1500, 21, 2); // with a planted tier × x interaction
const win = fitEbm(data.matrix, data.won, { loss: 'log-loss', target: 'P(win)', interactions: 2 }, createRng(1));
const value = fitEbm(data.matrix, data.amount, { loss: 'poisson', target: 'E[value | won]' }, createRng(1));

let template: Omit<ModelFile, 'checksum'>;
beforeAll(async () => { template = (await trainDemo()).built; }, 120_000);
afterAll(removeTempDirs);

/** A sealed model file with the EBM parts (optionally edited), as text. */
function fileText(edit: (w: EbmState) => unknown = (w) => w): string {
  const edited = edit(structuredClone(win)) as EbmState;
  return serializeModel(sealModel({ ...template, features: data.specs, params: { ...template.params, win: edited, value } }));
}

describe('ebmBin', () => {
  it('counts the edges below z: a value equal to an edge falls in the lower bin', () => {
    const edges = [-1, 0, 2];
    expect([-2, -1, -0.5, 0, 1, 2, 3].map((z) => ebmBin(edges, z))).toEqual([0, 0, 1, 1, 2, 2, 3]);
    expect(ebmBin([], 5)).toBe(0);
  });
});

describe('scoreLead with EBM parts', () => {
  it('the fit has pair terms to score', () => {
    expect(win.pairs.length).toBeGreaterThan(0);
  });

  it('reasons are exact: intercept + every reason (mains and pairs `a × b`) = the log-odds; matches the library', () => {
    const model = parseModel(fileText(), 'ebm.json');
    const eta = ebmLinearPredictor(win, data.matrix);
    data.leads.forEach((lead, i) => {
      const s = scoreLead(model, lead, { topReasons: 100 });
      const reasons = s.reasons.filter((r) => r.part === 'win');
      const total = model.params.win.intercept + reasons.reduce((sum, r) => sum + r.contribution, 0);
      expect(total).toBeCloseTo(eta[i], 12);
      expect(Math.log(s.pWin / (1 - s.pWin))).toBeCloseTo(eta[i], 9);
    });
    const pairName = `${win.pairs[0].features[0]} × ${win.pairs[0].features[1]}`;
    const withPair = data.leads.map((l) => scoreLead(model, l, { topReasons: 100 }).reasons.find((r) => r.feature === pairName && r.contribution !== 0)).find(Boolean)!;
    expect(withPair.text).toMatch(new RegExp(`^${pairName} = [^,]+, [^:]+: [+−]\\d+\\.\\d\\d to the log-odds of winning$`));
  });
});

describe('reading an EBM part fails closed on malformed tables', () => {
  it.each([
    ['bin edges out of order', (w: EbmState) => { const t = w.terms.x; if (t.kind === 'number') [t.edges[0], t.edges[1]] = [t.edges[1], t.edges[0]]; return w; },
      /ebm\.json, field params\.win\.terms\.x\.edges\.1: bin edges must be finite and strictly ascending/],
    ['a value missing', (w: EbmState) => { const t = w.terms.w; if (t.kind === 'number') t.values.pop(); return w; },
      /field params\.win\.terms\.w\.values: has the wrong number of bins \(got \d+, expected \d+\)/],
    ['a non-finite value', (w: EbmState) => { const t = w.terms.tier; t.values[0] = NaN; return w; },
      /field params\.win\.terms\.tier\.values\.0: not a finite number \(got "NaN"\)/],
    ['a slot too many', (w: EbmState) => { w.terms.tier.values.push(0); return w; },
      /field params\.win\.terms\.tier\.values: has the wrong number of bins \(got 7, expected 6\)/],
    ['no missing value', (w: EbmState) => { const t = w.terms.x as { missing?: number }; delete t.missing; return w; },
      /field params\.win\.terms\.x\.missing: not a finite number \(got nothing\)/],
    ['a term missing', (w: EbmState) => { delete (w.terms as Record<string, unknown>).x; return w; },
      /field params\.win\.terms\.x: missing or of the wrong kind for its feature/],
    ['a pair over an unknown feature', (w: EbmState) => { w.pairs[0].features[0] = 'nope'; return w; },
      /field params\.win\.pairs\.0\.features\.0: not a feature of the model \(got "nope"\)/],
    ['a pair row too short', (w: EbmState) => { w.pairs[0].values[1].pop(); return w; },
      /field params\.win\.pairs\.0\.values\.1: has the wrong number of bins/],
    ['an unknown link', (w: EbmState) => ({ ...w, link: 'probit' }), /field params\.win\.link: unknown link \(got "probit"\)/],
    ['an unknown kind', (w: EbmState) => ({ ...w, kind: 'gbm' }), /field params\.win\.kind: unknown model kind \(got "gbm"\); this reader knows "glm", "ebm" and "ziln"/],
  ])('%s', (_, edit, message) => {
    expect(() => parseModel(fileText(edit), 'ebm.json')).toThrow(message);
  });

  it('a well-formed file reads, and save → load → save is byte-identical', () => {
    const text = fileText();
    expect(serializeModel(parseModel(text, 'ebm.json'))).toBe(text);
  });
});
