// Goals in the model file (DESIGN.md, "Model file contract"): the profile in
// force and the reference means it is combined on are stored, covered by the
// checksum, survive save → load → save byte for byte, and can be replaced
// without retraining. On the demo data: the two example profiles in
// configs/goals/ re-rank the new leads as their goals say.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportModel, sealModel, serializeModel } from '../../src/export/write-model-file.js';
import { compareProfiles } from '../../src/goals/compare-profiles.js';
import { readGoalProfile } from '../../src/goals/read-goal-profile.js';
import { withGoals } from '../../src/goals/with-goals.js';
import { buildModelFile } from '../../src/pipeline/train-model.js';
import { parseModel, readModel } from '../../src/scoring/load-model.js';
import { scoreBatch } from '../../src/scoring/score-batch.js';
import type { GoalProfile, ModelFile } from '../../src/scoring/model-types.js';
import { CREATED_AT, DEMO_LEADS, DEMO_NEW_LEADS, readPlainCsv, relativeGap, removeTempDirs, ROOT, tempDir, trainDemo, type DemoModel } from '../scoring/demo-model.js';

let demo: DemoModel;
let grow: GoalProfile, pipeline: GoalProfile;
let stored: { path: string; text: string; model: ModelFile };
beforeAll(async () => {
  demo = await trainDemo();
  grow = readGoalProfile(join(ROOT, 'configs/goals/grow-enterprise-value.json'), demo.model);
  pipeline = readGoalProfile(join(ROOT, 'configs/goals/fill-the-pipeline.json'), demo.model);
  const built = await buildModelFile(demo.data, demo.trained, { createdAt: CREATED_AT, goals: grow });
  const { path } = exportModel(built, tempDir('goals-models'));
  stored = { path, text: readFileSync(path, 'utf8'), model: readModel(path) };
}, 120_000);
afterAll(removeTempDirs);

describe('params.reference', () => {
  it('holds the means of the outputs over the fit leads: the scorer on all 4000 demo leads agrees (relative 1e-12)', () => {
    const ref = demo.model.params.reference!;
    expect(ref.rows).toBe(4000);
    expect(demo.model.data.rows.fit).toBe(4000);
    const { scores } = scoreBatch(demo.model, readPlainCsv(DEMO_LEADS).rows);
    const mean = (f: (s: (typeof scores)[number]) => number) => scores.reduce((a, s) => a + f(s), 0) / scores.length;
    expect(relativeGap(mean((s) => s.pWin), ref.winProbability)).toBeLessThan(1e-12);
    expect(relativeGap(mean((s) => s.valueIfWon), ref.valueIfWon)).toBeLessThan(1e-12);
    expect(relativeGap(mean((s) => s.expectedValue), ref.expectedValue)).toBeLessThan(1e-12);
    // So the default profile's scores average 1 over those leads.
    expect(mean((s) => s.score)).toBeCloseTo(1, 12);
  });

  it('is covered by the checksum', () => {
    const doc = JSON.parse(demo.text) as ModelFile;
    doc.params.reference!.expectedValue *= 2;
    expect(() => parseModel(JSON.stringify(doc), 'm.json')).toThrow(/^m\.json, field checksum: does not match/);
  });
});

describe('a stored goal profile', () => {
  it('is in the file as validated, and scores as the same profile given as an override', () => {
    expect(stored.model.goals).toEqual(grow);
    const leads = readPlainCsv(DEMO_NEW_LEADS).rows;
    expect(scoreBatch(stored.model, leads).scores).toEqual(scoreBatch(demo.model, leads, { goals: grow }).scores);
  });

  it('survives save → load → save byte for byte', () => {
    expect(serializeModel(stored.model)).toBe(stored.text);
    expect(serializeModel(parseModel(serializeModel(parseModel(stored.text))))).toBe(stored.text);
  });

  it('is covered by the checksum: a changed multiplier is refused', () => {
    const doc = JSON.parse(stored.text) as ModelFile;
    doc.goals.segments![0].multiplier = 3;
    expect(() => parseModel(JSON.stringify(doc), 'm.json')).toThrow(/^m\.json, field checksum: does not match the content.*use a goal override at scoring time/);
  });

  it('withGoals replaces it without retraining: exported as the next minor version, everything but goals and checksum the same', () => {
    const dir = tempDir('goals-swap');
    exportModel(demo.built, dir);
    const next = exportModel(withGoals(readModel(join(dir, 'demo', '1.0.0.json')), pipeline), dir);
    expect(next.version).toBe('1.1.0');
    const before = readModel(join(dir, 'demo', '1.0.0.json')), after = readModel(next.path);
    expect(after.goals).toEqual(pipeline);
    const { goals: _g1, checksum: _c1, model: m1, ...rest1 } = before;
    const { goals: _g2, checksum: _c2, model: m2, ...rest2 } = after;
    expect(rest2).toEqual(rest1);
    expect({ ...m2, version: '' }).toEqual({ ...m1, version: '' });
  });

  it('a profile whose segment names a feature the model lacks cannot be stored', () => {
    expect(() => withGoals(demo.model, { ...grow, segments: [{ name: 'x', feature: 'country', levels: ['de'], multiplier: 2 }] })).toThrow(/^goals, field segments\[0\]\.feature: not a feature of the model \(got "country"\)/);
  });

  it('a resealed file whose goals name a feature the model lacks is refused on load', () => {
    const { checksum: _c, ...content } = JSON.parse(stored.text) as ModelFile;
    content.goals.segments![0].feature = 'country';
    expect(() => parseModel(serializeModel(sealModel(content)), 'm.json')).toThrow(/^m\.json, field goals\.segments\[0\]\.feature: not a feature of the model/);
  });
});

describe('the example profiles on the demo\'s new leads (10 a week over 2026-04-01 … 30: 30/7 weeks → 43 leads)', () => {
  it('grow-enterprise-value works more expected value, fill-the-pipeline more expected wins; both beat random on their own goal', () => {
    const leads = readPlainCsv(DEMO_NEW_LEADS).rows;
    const cmp = compareProfiles(demo.model, leads, grow, pipeline);
    const a = cmp.a.cutoff, b = cmp.b.cutoff;
    expect(a.target).toBe(43);
    expect(b.target).toBe(43);
    expect(a.delivers.expectedValue).toBeGreaterThan(b.delivers.expectedValue);
    expect(b.delivers.expectedWins).toBeGreaterThan(a.delivers.expectedWins);
    expect(a.delivers.expectedValue).toBeGreaterThan(2 * a.random.expectedValue);
    expect(b.delivers.expectedWins).toBeGreaterThan(2 * b.random.expectedWins);
    expect(cmp.overlap.jaccard).toBeGreaterThan(0);
    expect(cmp.overlap.jaccard).toBeLessThan(0.6);
    expect(cmp.movedIn).toHaveLength(cmp.overlap.onlyB);
    // The minimums hold: ≥ 25% of A's worked leads large, ≥ 30% of B's small.
    const share = (g: typeof cmp.a, seg: string) => g.cutoff.worked.filter((i) => g.scores[i].segments.includes(seg)).length / g.cutoff.worked.length;
    expect(share(cmp.a, 'large accounts')).toBeGreaterThanOrEqual(0.25);
    expect(share(cmp.b, 'small companies')).toBeGreaterThanOrEqual(0.3);
  });
});
