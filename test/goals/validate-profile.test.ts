// Goal profile validation (src/scoring/goal-profile.ts validateGoalProfile;
// src/goals/read-goal-profile.ts): one test per kind of bad input, each
// matching the message `where, field path: what (got X); fix`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeModel, sealModel } from '../../src/export/write-model-file.js';
import { parseGoalProfile, readGoalProfile } from '../../src/goals/read-goal-profile.js';
import { validateGoalProfile } from '../../src/scoring/goal-profile.js';
import { parseModel } from '../../src/scoring/load-model.js';
import { scoreBatch } from '../../src/scoring/score-batch.js';
import { scoreLead } from '../../src/scoring/score-lead.js';
import type { ModelFile } from '../../src/scoring/model-types.js';
import { ROOT } from '../scoring/demo-model.js';
import { TINY_LEADS, tinyModel } from './tiny-model.js';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const good = () => ({
  name: 'grow', description: 'd',
  weights: { expectedValue: 1, winProbability: 0.5 },
  segments: [{ name: 'finance', feature: 'industry', levels: ['finance'], multiplier: 1.5 }, { name: 'large', feature: 'employees', range: { min: 200 } }],
  capacity: { leads: 10, per: 'week' },
  minimums: [{ segment: 'large', share: 0.2 }],
});
/** Validates `good()` edited by `edit`, as the file goals.json, against the tiny model. */
const check = (edit: (p: any) => void, withModel = true) => {
  const p = good();
  edit(p);
  return () => validateGoalProfile(p, 'goals.json', withModel ? tinyModel() : undefined);
};

describe('a valid profile', () => {
  it('is returned cleaned: weights filled with 0, multipliers with 1, fixed key order', () => {
    const p = validateGoalProfile({ minimums: [{ share: 0.2, segment: 'large' }], weights: { winProbability: 1 }, name: 'x', segments: [{ feature: 'employees', range: { max: 50 }, name: 'large' }] }, 'g.json', tinyModel());
    expect(JSON.stringify(p)).toBe(JSON.stringify({
      name: 'x', weights: { expectedValue: 0, winProbability: 1 }, segments: [{ name: 'large', feature: 'employees', range: { max: 50 }, multiplier: 1 }], minimums: [{ segment: 'large', share: 0.2 }],
    }));
  });

  it('the example profiles in configs/goals/ are valid for the demo features, and differ in what they optimise', () => {
    const demoFeatures = { features: tinyModel().features.slice(0, 0).concat(
      [{ name: 'source', stage: 'lead', kind: 'category', column: 'source', levels: ['cold_outbound', 'content_download', 'organic_search', 'paid_search', 'partner', 'referral', 'webinar'], minLevelCount: 1, missing: 'own-slot', unseen: 'other-slot' },
        { name: 'industry', stage: 'lead', kind: 'category', column: 'industry', levels: ['finance', 'healthcare', 'logistics', 'manufacturing', 'other', 'retail', 'saas'], minLevelCount: 1, missing: 'own-slot', unseen: 'other-slot' },
        { name: 'employees', stage: 'lead', kind: 'number', column: 'employees', transform: 'log1p', center: 4, scale: 1, missing: 'own-term', missingShare: 0 }] as ModelFile['features']) };
    const a = readGoalProfile(join(ROOT, 'configs/goals/grow-enterprise-value.json'), demoFeatures);
    const b = readGoalProfile(join(ROOT, 'configs/goals/fill-the-pipeline.json'), demoFeatures);
    expect(a.name).toBe('grow-enterprise-value');
    expect(b.name).toBe('fill-the-pipeline');
    expect(a.weights.winProbability).toBe(0);
    expect(b.weights.winProbability).toBeGreaterThan(b.weights.expectedValue);
    expect(a.capacity).toEqual(b.capacity);
  });

  it('YAML gives the same profile as JSON (comments allowed)', () => {
    const yaml = `# what we optimise this year
name: grow
description: d
weights: { expectedValue: 1, winProbability: 0.5 }
segments:
  - { name: finance, feature: industry, levels: [finance], multiplier: 1.5 }
  - name: large
    feature: employees
    range: { min: 200 }
capacity: { leads: 10, per: week }
minimums:
  - { segment: large, share: 0.2 }
`;
    expect(parseGoalProfile(yaml, 'goals.yaml', { model: tinyModel() })).toEqual(validateGoalProfile(good(), 'g', tinyModel()));
  });
});

describe('the document', () => {
  it('not an object', () => {
    expect(() => validateGoalProfile([1], 'goals.json')).toThrow(/^goals\.json: not an object \(got \[1\]\); a goal profile is an object/);
  });
  it('an unknown field (a typo) is named, with the known ones', () => {
    expect(check((p) => { p.weight = p.weights; })).toThrow(/^goals\.json, field weight: unknown field; known fields here: name, description, weights, segments, capacity, minimums$/);
  });
  it('invalid JSON', () => {
    expect(() => parseGoalProfile('{"name": "x",}', 'goals.json')).toThrow(/^goals\.json: not valid JSON \(got ".*"\); check commas and quotes/);
  });
  it('invalid YAML names the line and column', () => {
    expect(() => parseGoalProfile('name: x\nweights: {expectedValue: 1\n', 'goals.yaml')).toThrow(/^goals\.yaml line \d+, column \d+: not valid YAML/);
  });
  it('duplicate YAML keys', () => {
    expect(() => parseGoalProfile('name: x\nname: y\nweights: {expectedValue: 1}\n', 'goals.yml')).toThrow(/^goals\.yml line 2, column 1: not valid YAML.*unique/);
  });
  it('an already-parsed object is validated as the text would be, against the model too', () => {
    const parsed = parseGoalProfile(good(), 'my profile', { model: tinyModel() });
    expect(parsed).toEqual(parseGoalProfile(JSON.stringify(good()), 'goals.json', { model: tinyModel() }));
    expect(parsed).toMatchObject({ name: 'grow', weights: { expectedValue: 1, winProbability: 0.5 }, capacity: { leads: 10, per: 'week' } });
    expect(() => parseGoalProfile({ ...good(), weights: { expectedValue: 'high' } }, 'my profile'))
      .toThrow(/^my profile, field weights\.expectedValue: not a number \(got "high"\)/);
    expect(() => parseGoalProfile({ ...good(), segments: [{ name: 'x', feature: 'nope', levels: ['a'] }] }, 'my profile', { model: tinyModel() }))
      .toThrow(/^my profile, field segments\[0\]\.feature: /);
  });
  it('a file that cannot be read', () => {
    expect(() => readGoalProfile('/nonexistent/goals.json')).toThrow(/^\/nonexistent\/goals\.json: cannot read the goal profile \(got ENOENT\)/);
  });
});

describe('name and weights', () => {
  it('a missing name', () => expect(check((p) => { delete p.name; })).toThrow(/^goals\.json, field name: missing or not a text \(got nothing\)/));
  it('a name over two lines', () => expect(check((p) => { p.name = 'a\nb'; })).toThrow(/field name: must be a non-empty single line/));
  it('missing weights', () => expect(check((p) => { delete p.weights; })).toThrow(/^goals\.json, field weights: missing; give weights/));
  it('a weight that is not a number', () => {
    expect(check((p) => { p.weights.expectedValue = 'high'; })).toThrow(/^goals\.json, field weights\.expectedValue: not a number \(got "high"\); use a number ≥ 0/);
  });
  it('a negative weight', () => expect(check((p) => { p.weights.winProbability = -1; })).toThrow(/^goals\.json, field weights\.winProbability: must be 0 or more \(got -1\); to favour fewer leads of a kind, give its segment a multiplier below 1/));
  it('an unknown output', () => expect(check((p) => { p.weights.conversion = 1; })).toThrow(/^goals\.json, field weights\.conversion: unknown field; known fields here: expectedValue, winProbability, valueIfWon/));
  it('every weight 0', () => expect(check((p) => { p.weights = { expectedValue: 0 }; })).toThrow(/^goals\.json, field weights: every weight is 0 or absent \(got \{"expectedValue":0\}\)/));
  it('a non-finite weight (Infinity from a model file)', () => expect(check((p) => { p.weights.expectedValue = Infinity; })).toThrow(/field weights\.expectedValue: not a finite number/));
});

describe('segments', () => {
  it('not a list', () => expect(check((p) => { p.segments = { finance: 1.5 }; })).toThrow(/^goals\.json, field segments: not a list/));
  it('neither levels nor range', () => expect(check((p) => { delete p.segments[0].levels; })).toThrow(/^goals\.json, field segments\[0\]: has neither levels nor range; give levels/));
  it('both levels and range', () => expect(check((p) => { p.segments[1].levels = ['x']; })).toThrow(/field segments\[1\]: has both levels and range/));
  it('empty levels', () => expect(check((p) => { p.segments[0].levels = []; })).toThrow(/field segments\[0\]\.levels: not a non-empty list \(got \[\]\)/));
  it('a level that is not a text', () => expect(check((p) => { p.segments[0].levels = [1]; })).toThrow(/field segments\[0\]\.levels\[0\]: not a non-empty text \(got 1\); .*quote numbers/));
  it('a level listed twice', () => expect(check((p) => { p.segments[0].levels = ['finance', 'finance']; })).toThrow(/field segments\[0\]\.levels\[1\]: listed twice/));
  it('a range with min not below max', () => expect(check((p) => { p.segments[1].range = { min: 5, max: 5 }; })).toThrow(/field segments\[1\]\.range: min must be below max \(got 5 and 5\); the range is min ≤ x < max/));
  it('a range without bounds', () => expect(check((p) => { p.segments[1].range = {}; })).toThrow(/field segments\[1\]\.range: has neither min nor max/));
  it('a range bound that is not a number', () => expect(check((p) => { p.segments[1].range = { min: '200' }; })).toThrow(/field segments\[1\]\.range\.min: not a finite number \(got "200"\)/));
  it('a negative multiplier', () => expect(check((p) => { p.segments[0].multiplier = -0.5; })).toThrow(/field segments\[0\]\.multiplier: must be 0 or more \(got -0\.5\)/));
  it('a multiplier that is not a number', () => expect(check((p) => { p.segments[0].multiplier = 'more'; })).toThrow(/field segments\[0\]\.multiplier: not a finite number \(got "more"\)/));
  it('two segments with one name', () => expect(check((p) => { p.segments[1].name = 'finance'; })).toThrow(/field segments\[1\]\.name: used by an earlier segment \(got "finance"\)/));
  it('an unknown segment field', () => expect(check((p) => { p.segments[0].weight = 2; })).toThrow(/field segments\[0\]\.weight: unknown field; known fields here: name, feature, levels, range, multiplier/));
});

describe('segments against the model', () => {
  it('a feature the model does not have, listing those it has, with the nearest when one is close', () => {
    expect(check((p) => { p.segments[0].feature = 'industy'; })).toThrow(/^goals\.json, field segments\[0\]\.feature: not a feature of the model \(got "industy"\); did you mean "industry"\? the model's features: who, industry, employees$/);
    expect(check((p) => { p.segments[1].feature = 'employes'; })).toThrow(/^goals\.json, field segments\[1\]\.feature: not a feature of the model \(got "employes"\); did you mean "employees"\? the model's features: who, industry, employees$/);
    expect(check((p) => { p.segments[0].feature = 'Industry'; })).toThrow(/\(got "Industry"\); did you mean "industry"\? \(names are case-sensitive\) the model's features/);
    expect(check((p) => { p.segments[0].feature = 'country'; })).toThrow(/\(got "country"\); the model's features: who, industry, employees$/);
  });
  it('without a model the feature is not checked', () => expect(check((p) => { p.segments[0].feature = 'industy'; }, false)).not.toThrow());
  it('levels on a number feature', () => expect(check((p) => { p.segments[0].feature = 'employees'; })).toThrow(/field segments\[0\]\.levels: employees is a number feature, so levels cannot match it; use range/));
  it('a range on a category feature', () => expect(check((p) => { p.segments[1].feature = 'industry'; })).toThrow(/field segments\[1\]\.range: industry is a category feature, so a range cannot match it; use levels/));
  it('a level the model does not know, listing those it knows', () => {
    expect(check((p) => { p.segments[0].levels = ['Finance']; })).toThrow(/field segments\[0\]\.levels\[0\]: not a level the model knows for industry \(got "Finance"\); known levels: finance, retail; "\(missing\)" matches a missing value/);
  });
  it('a deal-stage feature', () => {
    const model = tinyModel();
    const features = model.features.map((f) => (f.name === 'industry' ? { ...f, stage: 'deal' as const } : f));
    expect(() => validateGoalProfile(good(), 'goals.json', { features })).toThrow(/field segments\[0\]\.feature: is known only at the deal stage/);
  });
});

describe('capacity and minimums', () => {
  it('capacity leads not a whole number above 0', () => expect(check((p) => { p.capacity.leads = 0; })).toThrow(/^goals\.json, field capacity\.leads: not a whole number of leads above 0 \(got 0\)/));
  it('capacity leads fractional', () => expect(check((p) => { p.capacity.leads = 2.5; })).toThrow(/field capacity\.leads: not a whole number/));
  it('an unknown period', () => expect(check((p) => { p.capacity.per = 'day'; })).toThrow(/field capacity\.per: unknown period \(got "day"\); use "week" or "month"/));
  it('a minimum for a segment the profile does not define', () => expect(check((p) => { p.minimums[0].segment = 'smb'; })).toThrow(/field minimums\[0\]\.segment: not the name of a segment of this profile \(got "smb"\); segments: finance, large/));
  it('a share written as a percentage', () => expect(check((p) => { p.minimums[0].share = 20; })).toThrow(/field minimums\[0\]\.share: must be above 0 and at most 1 \(got 20\); a share is a fraction: write 0\.2 for 20%/));
  it('a share of 0', () => expect(check((p) => { p.minimums[0].share = 0; })).toThrow(/field minimums\[0\]\.share: must be above 0 and at most 1 \(got 0\)/));
  it('two minimums for one segment', () => expect(check((p) => { p.minimums.push({ segment: 'large', share: 0.1 }); })).toThrow(/field minimums\[1\]\.segment: has a minimum already/));
});

describe('the scorer fails closed on a bad override, and the loader on bad goals in a file', () => {
  it('scoreLead and scoreBatch (even with no leads) throw naming the override\'s field', () => {
    const bad = { name: 'x', weights: { expectedValue: 'high', winProbability: 0 } } as never;
    expect(() => scoreLead(tinyModel(), TINY_LEADS[0], { goals: bad })).toThrow(/^goals override, field weights\.expectedValue: not a number \(got "high"\)/);
    expect(() => scoreBatch(tinyModel(), [], { goals: bad })).toThrow(/^goals override, field weights\.expectedValue/);
    const wrongFeature = { name: 'x', weights: { expectedValue: 1, winProbability: 0 }, segments: [{ name: 's', feature: 'nope', levels: ['a'], multiplier: 2 }] };
    expect(() => scoreLead(tinyModel(), TINY_LEADS[0], { goals: wrongFeature })).toThrow(/^goals override, field segments\[0\]\.feature: not a feature of the model/);
  });

  it('a model file whose goals are invalid (yet checksummed) is refused, naming goals.<field>', () => {
    const { checksum: _c, ...m } = tinyModel();
    const text = serializeModel(sealModel({ ...m, goals: { name: 'x', weights: { expectedValue: -1, winProbability: 0 } } }));
    expect(() => parseModel(text, 'm.json')).toThrow(/^m\.json, field goals\.weights\.expectedValue: must be 0 or more \(got -1\)/);
  });

  it('a model file whose reference is not a number above 0 is refused, naming the field', () => {
    const { checksum: _c, ...m } = tinyModel();
    const text = serializeModel(sealModel({ ...m, params: { ...m.params, reference: { ...m.params.reference!, valueIfWon: 0 } } }));
    expect(() => parseModel(text, 'm.json')).toThrow(/^m\.json, field params\.reference\.valueIfWon: not a finite number above 0 \(got 0\)/);
  });
});

describe('readGoalProfile reads files by extension', () => {
  it('.json and .yaml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadvalue-goals-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'a.json'), JSON.stringify(good()));
    writeFileSync(join(dir, 'a.yaml'), 'name: grow\nweights:\n  expectedValue: high\n');
    expect(readGoalProfile(join(dir, 'a.json'), tinyModel()).name).toBe('grow');
    expect(() => readGoalProfile(join(dir, 'a.yaml'))).toThrow(new RegExp(`^${join(dir, 'a.yaml').replace(/[.]/g, '\\.')}, field weights\\.expectedValue: not a number \\(got "high"\\)`));
  });
});
