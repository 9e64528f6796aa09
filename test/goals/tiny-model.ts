// A hand-built model file with four leads whose outputs are chosen by hand,
// so goal-weighted scores can be computed on paper. Shared by test/goals/.
//
// Feature `who` (category p, q, r, s) gives each lead its own terms:
//   lead   P(win)   E[value | won]   expected value   industry   employees
//   p       0.5        1 000              500          finance        20
//   q       0.2        4 000              800          retail        300
//   r       0.1       10 000            1 000          retail         50
//   s       0.4          500              200          finance      1 000
// Win terms are logit(P): 0, ln(1/4), ln(1/9), ln(2/3); value terms are
// ln(value): the intercepts are 0. `industry` and `employees` have zero terms:
// they only carry segments. The reference means (params.reference) are set
// by hand to P(win) 0.3, value if won 4 000, expected value 500.
import { sealModel } from '../../src/export/write-model-file.js';
import type { GlmState, GoalProfile, ModelFile } from '../../src/scoring/model-types.js';

const glm = (link: 'logit' | 'log', who: number[]): GlmState => ({
  kind: 'glm', link, target: link === 'logit' ? 'P(win)' : 'E[value | won]', intercept: 0,
  terms: {
    who: { kind: 'category', values: [...who, 0, 0] },
    industry: { kind: 'category', values: [0, 0, 0, 0] },
    employees: { kind: 'number', weight: 0, offset: 0, missing: 0 },
  },
  l2: 1, l2Choice: null, rows: 4, iterations: 0, converged: true,
});

/** The profile the tiny model file carries: expected value only. */
export const EV_ONLY: GoalProfile = { name: 'ev', weights: { expectedValue: 1, winProbability: 0 } };

/** The tiny model file, sealed (checksum set), format 1.2: leads read from a comma-separated file, ISO dates. */
export function tinyModel(goals: GoalProfile = EV_ONLY): ModelFile {
  return sealModel({
    format: { name: 'leadvalue-model', version: '1.2.0' },
    model: { name: 'tiny', version: '1.0.0', createdAt: '2026-01-01T00:00:00.000Z', seed: 1, producer: { name: 'leadvalue', version: '0.0.0' }, stage: 'lead', kind: 'two-part' },
    data: {
      fingerprint: '0'.repeat(64), files: [], rows: { leads: 4, won: 1, censored: 0, train: 4, test: 0, fit: 4 },
      dateRange: { from: '2024-01-01', to: '2024-01-31' }, dataEnd: '2024-12-31', horizon: '90d', splitCutoff: '2024-02-01',
    },
    input: { leadId: 'lead_id', createdAt: 'created_at', dateFormat: 'iso', delimiter: ',' },
    features: [
      { name: 'who', stage: 'lead', kind: 'category', column: 'who', levels: ['p', 'q', 'r', 's'], minLevelCount: 1, missing: 'own-slot', unseen: 'other-slot' },
      { name: 'industry', stage: 'lead', kind: 'category', column: 'industry', levels: ['finance', 'retail'], minLevelCount: 1, missing: 'own-slot', unseen: 'other-slot' },
      { name: 'employees', stage: 'lead', kind: 'number', column: 'employees', transform: 'none', center: 0, scale: 1, missing: 'own-term', missingShare: 0 },
    ],
    params: {
      win: glm('logit', [0, Math.log(1 / 4), Math.log(1 / 9), Math.log(2 / 3)]),
      value: glm('log', [Math.log(1000), Math.log(4000), Math.log(10000), Math.log(500)]),
      reference: { winProbability: 0.3, valueIfWon: 4000, expectedValue: 500, rows: 4 },
    },
    goals,
    metrics: {},
  });
}

/** The four leads, created on four days of one week (Monday 2024-01-01 …). */
export const TINY_LEADS = [
  { lead_id: 'p', created_at: '2024-01-01', who: 'p', industry: 'finance', employees: '20' },
  { lead_id: 'q', created_at: '2024-01-02', who: 'q', industry: 'retail', employees: '300' },
  { lead_id: 'r', created_at: '2024-01-03', who: 'r', industry: 'retail', employees: '50' },
  { lead_id: 's', created_at: '2024-01-04', who: 's', industry: 'finance', employees: '1000' },
];

/** Lead ids ordered by score, best first (ties broken by id). */
export function rankIds(scores: { score: number }[], ids = TINY_LEADS.map((l) => l.lead_id)): string[] {
  return ids.map((id, i) => ({ id, s: scores[i].score })).sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : 1)).map((x) => x.id);
}
