// Random model files and leads for the scoreColumns property tests: every part
// kind the scorer reads (GLM, EBM with pairs, linear ZILN, ZILN MLP), calibration,
// goal profiles with segments, and leads with missing values, unseen levels,
// padded and literal "(missing)" texts, date texts and epoch milliseconds. Each
// lead is given both as an object (for scoreLead) and as columns (for scoreColumns).
import { createRng, type Rng } from '../../src/core/rng.js';
import type { LeadColumns } from '../../src/scoring/encode-columns.js';
import type { EbmState, FeatureSpec, GlmState, GoalProfile, ModelFile, ModelState } from '../../src/scoring/model-types.js';
import type { ZilnState } from '../../src/scoring/ziln-types.js';
import { inputOffsets } from '../../src/scoring/ziln-terms.js';
import type { Calibration } from '../../src/scoring/calibration.js';

export type WinKind = 'glm' | 'ebm';
export type ValueKind = 'glm' | 'ebm' | 'ziln' | 'mlp';

const INDUSTRIES = ['finance', 'health', 'logistics', 'retail', 'saas', 'telco'];
const MONTHS = ['apr', 'aug', 'dec', 'feb', 'jan', 'jul', 'jun', 'mar', 'may', 'nov', 'oct', 'sep'];
const QUARTERS = ['q1', 'q2', 'q3', 'q4'];

const u = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng.next();
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];
const subset = (rng: Rng, xs: readonly string[], min: number) => {
  const kept = xs.filter(() => rng.next() < 0.7);
  return (kept.length >= min ? kept : xs.slice(0, min)).slice().sort();
};

/** The features: two categories, two numbers, three date parts on two date columns (one dd/mm/yyyy). */
function randomFeatures(rng: Rng): FeatureSpec[] {
  const cat = (name: string, column: string, levels: string[], extra: Partial<FeatureSpec> = {}) =>
    ({ name, stage: 'lead', kind: 'category', column, levels, minLevelCount: 10, missing: 'own-slot', unseen: 'other-slot', ...extra }) as FeatureSpec;
  const num = (name: string, column: string, transform: 'none' | 'log1p', extra: Partial<FeatureSpec> = {}) =>
    ({ name, stage: 'lead', kind: 'number', column, transform, center: u(rng, -1, 3), scale: u(rng, 0.3, 2), missing: 'own-term', missingShare: 0.1, ...extra }) as FeatureSpec;
  return [
    cat('industry', 'industry', subset(rng, INDUSTRIES, 2)),
    num('employees', 'employees', 'log1p'),
    cat('source', 'source', ['ads', 'partner', 'referral']),
    num('pages', 'pages', 'none'),
    cat('created_month', 'created_at', subset(rng, MONTHS, 3), { derive: 'month', dateFormat: 'iso' }),
    num('created_hour', 'created_at', 'none', { derive: 'hour', dateFormat: 'iso' }),
    cat('touched_quarter', 'touched_at', subset(rng, QUARTERS, 2), { derive: 'quarter', dateFormat: 'dd/mm/yyyy' }),
  ];
}

const values = (rng: Rng, n: number, sd = 1) => Array.from({ length: n }, () => sd * rng.normal());
const sortedEdges = (rng: Rng, n: number) => values(rng, n, 1.5).sort((a, b) => a - b).filter((x, i, xs) => i === 0 || x > xs[i - 1]);

function randomGlm(rng: Rng, specs: FeatureSpec[], link: 'logit' | 'log'): GlmState {
  const terms = Object.fromEntries(specs.map((s) => [s.name, s.kind === 'number'
    ? { kind: 'number', weight: rng.normal(), offset: 0.3 * rng.normal(), missing: rng.normal() }
    : { kind: 'category', values: values(rng, s.levels.length + 2) }]));
  return { kind: 'glm', link, target: link === 'logit' ? 'P(win)' : 'E[value | won]', intercept: link === 'log' ? 6 + rng.normal() : rng.normal(), terms, l2: 1, l2Choice: null, rows: 100, iterations: 10, converged: true } as GlmState;
}

function randomEbm(rng: Rng, specs: FeatureSpec[], link: 'logit' | 'log'): EbmState {
  const terms = Object.fromEntries(specs.map((s) => {
    if (s.kind === 'category') return [s.name, { kind: 'category', values: values(rng, s.levels.length + 2, 0.5) }];
    const edges = sortedEdges(rng, 1 + rng.int(12));
    return [s.name, { kind: 'number', edges, values: values(rng, edges.length + 1, 0.5), missing: rng.normal() }];
  }));
  // Pairs: number × category, number × number, category × category (date part).
  const pairs = [['employees', 'industry'], ['pages', 'created_hour'], ['source', 'created_month']].filter(() => rng.next() < 0.8).map(([a, b]) => {
    const axis = (name: string) => { const s = specs.find((f) => f.name === name)!; return s.kind === 'number' ? sortedEdges(rng, 1 + rng.int(5)) : null; };
    const edges = [axis(a), axis(b)] as [number[] | null, number[] | null];
    const size = (name: string, e: number[] | null) => (e ? e.length + 2 : (specs.find((f) => f.name === name) as { levels: string[] }).levels.length + 2);
    return { features: [a, b] as [string, string], edges, values: Array.from({ length: size(a, edges[0]) }, () => values(rng, size(b, edges[1]), 0.3)) };
  });
  return { kind: 'ebm', link, target: '', intercept: link === 'log' ? 6 + rng.normal() : rng.normal(), terms, pairs, settings: {} as EbmState['settings'], rounds: { mains: 10, pairs: 5 }, validation: null, rows: 100 } as EbmState;
}

function randomZiln(rng: Rng, specs: FeatureSpec[], hidden: number[]): ZilnState {
  const inputs = specs.map((s) => (s.kind === 'number' ? { name: s.name, kind: 'number' as const } : { name: s.name, kind: 'category' as const, size: s.levels.length + 2 }));
  const width = inputOffsets(inputs)[inputs.length];
  const sizes = [width, ...hidden, 3];
  const layers = sizes.slice(1).map((out, l) => ({
    weights: Array.from({ length: sizes[l] }, () => values(rng, out, 0.4)),
    bias: l === sizes.length - 2 ? [rng.normal(), 5 + rng.normal(), rng.normal()] : values(rng, out, 0.4),
    activation: (l === sizes.length - 2 ? 'linear' : 'relu') as 'linear' | 'relu',
  }));
  let linearTerms: ZilnState['linearTerms'] = null;
  if (hidden.length === 0) {
    // The heads as additive terms equal to the layer (offset 0), as checkZilnState requires.
    const offsets = inputOffsets(inputs), w = layers[0].weights;
    const head = (j: number) => ({
      intercept: layers[0].bias[j],
      terms: Object.fromEntries(specs.map((s, k) => [s.name, s.kind === 'number'
        ? { kind: 'number', weight: w[offsets[k]][j], offset: 0, missing: w[offsets[k] + 1][j] }
        : { kind: 'category', values: Array.from({ length: s.levels.length + 2 }, (_, slot) => w[offsets[k] + slot][j]) }])),
    });
    linearTerms = { logit: head(0), mu: head(1), sigmaRaw: head(2) } as ZilnState['linearTerms'];
  }
  return {
    kind: 'ziln', architecture: { inputs, hidden, outputs: ['logit', 'mu', 'sigmaRaw'], sigmaFloor: 3e-4, sigmaCeiling: 2.5 },
    layers, linearTerms, backend: 'cpu', tfjsVersion: '4.22.0', epochsRun: 1, bestEpoch: 1, validationLoss: null, trainLoss: 1,
    rows: { fit: 100, validation: 0, positive: 50 }, params: {} as ZilnState['params'], seed: 1,
  };
}

function randomCalibration(rng: Rng): Calibration | undefined {
  const r = rng.int(3);
  if (r === 0) return undefined;
  if (r === 1) return { kind: 'platt', a: u(rng, 0.5, 1.5), b: rng.normal() * 0.3, rows: 100, positives: 20 };
  const x = [0.02, 0.1, 0.3, 0.6, 0.9], y = [0.01, 0.12, 0.25, 0.7, 0.8];
  return { kind: 'isotonic', x, y, rows: 100, positives: 20 };
}

/** A goal profile with segments on a category (some with `(missing)`), a date part and a number range. */
export function randomGoals(rng: Rng, specs: FeatureSpec[], name = 'random-goals'): GoalProfile {
  const industry = (specs[0] as { levels: string[] }).levels;
  const months = (specs[4] as { levels: string[] }).levels;
  return {
    name,
    weights: { expectedValue: rng.int(3), winProbability: 1 + rng.int(2), valueIfWon: rng.int(2) },
    segments: [
      { name: 'some-industries', feature: 'industry', levels: [industry[0], '(missing)'], multiplier: u(rng, 0.5, 2) },
      { name: 'a-month', feature: 'created_month', levels: [months[months.length - 1]], multiplier: u(rng, 0.5, 2) },
      { name: 'mid-size', feature: 'employees', range: { min: 10, max: 200 }, multiplier: u(rng, 0.5, 2) },
      { name: 'morning', feature: 'created_hour', range: { max: 12 }, multiplier: u(rng, 0.5, 2) },
    ],
  };
}

/** A model file (unsealed: scoreLead and scoreColumns do not check the checksum) with the given part kinds. */
export function randomModel(seed: number, win: WinKind, value: ValueKind): ModelFile {
  const rng = createRng(seed);
  const features = randomFeatures(rng);
  const valuePart: ModelState = value === 'glm' ? randomGlm(rng, features, 'log') : value === 'ebm' ? randomEbm(rng, features, 'log')
    : randomZiln(rng, features, value === 'ziln' ? [] : pick(rng, [[4], [3, 2]]));
  const params: ModelFile['params'] = {
    win: win === 'glm' ? randomGlm(rng, features, 'logit') : randomEbm(rng, features, 'logit'), value: valuePart,
    reference: { winProbability: u(rng, 0.1, 0.5), valueIfWon: u(rng, 100, 2000), expectedValue: u(rng, 20, 400), rows: 100 },
  };
  const calibration = randomCalibration(rng);
  if (calibration) params.calibration = calibration;
  return {
    format: { name: 'leadvalue-model', version: '1.3.0' },
    model: { name: 'random', version: '1.0.0', createdAt: '2026-01-01T00:00:00.000Z', seed, producer: { name: 'leadvalue', version: '0.1.0' }, stage: 'lead', kind: 'two-part' },
    data: {} as ModelFile['data'],
    input: { leadId: 'lead_id', createdAt: 'created_at', dateFormat: 'iso', delimiter: ',' },
    features, params, goals: randomGoals(rng, features, 'model-goals'), metrics: {}, checksum: '',
  };
}

/** Leads as objects and the same leads as columns, in the shapes chosen by `shape` (0–3: texts or dictionaries, ms or date texts, arrays or typed arrays). */
export function randomLeads(seed: number, n: number, shape: number): { leads: Record<string, unknown>[]; columns: LeadColumns } {
  const rng = createRng(seed);
  const industryTexts = [...INDUSTRIES, 'mining', ' saas ', '(missing)', '', 'Finance'];
  const leads = Array.from({ length: n }, () => {
    const r = rng.next();
    const industry = r < 0.1 ? null : r < 0.35 ? pick(rng, industryTexts) : pick(rng, INDUSTRIES);
    const employees = rng.next() < 0.1 ? null : rng.next() < 0.05 ? u(rng, -0.99, 0) : Math.round(Math.exp(u(rng, 0, 9)));
    const source = rng.next() < 0.1 ? null : pick(rng, ['ads', 'partner', 'referral', 'events']);
    const pages = rng.next() < 0.1 ? null : rng.int(40) - 2;
    // Instants from 1960 to 2040, some with fractions of a millisecond, a few before 1970.
    const ms = rng.next() < 0.08 ? null : Math.floor(u(rng, -315_619_200_000, 2_208_988_800_000)) + (rng.next() < 0.1 ? 0.5 : 0);
    const touched = rng.next() < 0.08 ? null : Date.UTC(1990 + rng.int(40), rng.int(12), 1 + rng.int(28), rng.int(24), rng.int(60));
    return { industry, employees, source, pages, ms, touched };
  });
  const iso = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 19);
  const dmy = (t: number) => { const d = new Date(t); return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()} ${iso(t).slice(11, 16)}`; };
  const dictionary = (texts: (string | null)[]) => {
    const levels = [...new Set(texts.filter((t): t is string => t !== null))];
    return { codes: Int32Array.from(texts, (t) => (t === null ? -1 : levels.indexOf(t))), levels };
  };
  const dictLevels = shape % 2 === 1, msDates = shape >= 2;
  // Date texts lose fractions of a millisecond: only epoch ms carry them.
  const createdRaw = leads.map((l) => (l.ms === null ? null : msDates ? l.ms : iso(Math.floor(l.ms))));
  const touchedRaw = leads.map((l) => (l.touched === null ? null : rng.next() < 0.5 ? dmy(l.touched) : iso(l.touched)));
  const columns: LeadColumns = {
    industry: dictLevels ? dictionary(leads.map((l) => l.industry)) : leads.map((l) => l.industry),
    employees: Float64Array.from(leads, (l) => l.employees ?? NaN),
    source: dictLevels ? dictionary(leads.map((l) => l.source)) : leads.map((l) => l.source),
    pages: msDates ? leads.map((l) => l.pages) : Float64Array.from(leads, (l) => l.pages ?? NaN),
    created_at: msDates ? Float64Array.from(createdRaw, (t) => (t === null ? NaN : (t as number))) : createdRaw,
    touched_at: dictLevels ? dictionary(touchedRaw) : touchedRaw,
  };
  const objects = leads.map((l, i) => ({
    industry: l.industry, employees: l.employees, source: l.source, pages: l.pages, created_at: createdRaw[i], touched_at: touchedRaw[i],
  }));
  return { leads: objects, columns };
}
