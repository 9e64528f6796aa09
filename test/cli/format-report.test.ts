// formatIndicators (src/cli/format-report.ts): which effects a line shows and
// how their labels are cut. The lists are leadingIndicators output of real
// fits on configs/demo.json: the EBM win part with 3 pairs (`interactions: 3,
// bags: 3`, `refit: false`), and the EBM value part (employees).
import { describe, expect, it } from 'vitest';
import { formatIndicators, formatLabels } from '../../src/cli/format-report.js';
import type { LeadingIndicator } from '../../src/explain/leading-indicators.js';

const pair: LeadingIndicator = {
  feature: 'industry × demo_requested', stage: 'lead', part: 'win', importance: 0.017607515669502936,
  effects: [
    { level: 'industry = healthcare, demo_requested > 0.5', contribution: 0.05704690108198214, count: 49 },
    { level: 'industry = saas, demo_requested > 0.5', contribution: 0.03207727320836648, count: 141 },
    { level: 'industry = logistics, demo_requested > 0.5', contribution: 0.021985588493826966, count: 66 },
    { level: 'industry = logistics, demo_requested ≤ 0.5', contribution: -0.015720786985324774, count: 215 },
    { level: 'industry = healthcare, demo_requested ≤ 0.5', contribution: -0.019474681806475547, count: 243 },
    { level: 'industry = saas, demo_requested ≤ 0.5', contribution: -0.019578234522306743, count: 529 },
  ],
};

describe('formatIndicators', () => {
  it('pair cells whose cut labels would read the same are shown whole, separated by ";"', () => {
    // Was: `industry = healthcare… +0.06, industry = saas, demo… +0.03, industry = saas, demo… -0.02`.
    expect(formatIndicators([pair])).toEqual([
      '  industry × demo_requested    spread 0.018   industry = healthcare… +0.06; industry = saas, demo_requested > 0.5 +0.03; industry = saas, demo_requested ≤ 0.5 -0.02',
    ]);
  });

  it('an EBM number (bins in value order): the 2 most positive bins and the most negative; (missing) only when it is one of them', () => {
    // The demo's EBM value part (win and value { kind: 'ebm' }, refit on all leads): employees over the won leads, to 4 decimals.
    const shape: [string, number, number][] = [
      ['≤ 8.49', -1.588, 21],
      ['8.49 – 13.5', -1.5811, 17],
      ['13.5 – 18.5', -1.4205, 16],
      ['18.5 – 21.5', -1.4205, 14],
      ['21.5 – 27.5', -1.1138, 17],
      ['27.5 – 31.5', -0.671, 14],
      ['31.5 – 37.5', -0.671, 15],
      ['37.5 – 43.5', -0.671, 15],
      ['43.5 – 49.5', -0.6867, 15],
      ['49.5 – 55.5', -0.6867, 14],
      ['55.5 – 62', -0.6867, 13],
      ['62 – 67.5', -0.6616, 13],
      ['67.5 – 73.5', -0.0746, 12],
      ['73.5 – 79.5', -0.0128, 12],
      ['79.5 – 88.5', -0.0128, 13],
      ['88.5 – 99.5', 0.2153, 12],
      ['99.5 – 109', 0.2153, 12],
      ['109 – 122', 0.2153, 12],
      ['122 – 143', 0.2153, 12],
      ['143 – 155', 0.5375, 14],
      ['155 – 175', 0.7623, 12],
      ['175 – 203', 0.7623, 12],
      ['203 – 218', 0.7916, 13],
      ['218 – 235', 1.0037, 11],
      ['235 – 281', 1.192, 11],
      ['281 – 355', 1.2615, 11],
      ['355 – 401', 1.1617, 11],
      ['401 – 450', 1.1144, 11],
      ['450 – 517', 1.6162, 11],
      ['517 – 637', 1.6162, 11],
      ['637 – 860', 1.8456, 11],
      ['> 860', 1.7623, 10],
    ];
    const bins = (missing: number): LeadingIndicator => ({
      feature: 'employees', stage: 'lead', part: 'value', importance: 1.0082930339681253,
      effects: [...shape, ['(missing)', missing, 26] as [string, number, number]].map(([level, contribution, count]) => ({ level, contribution, count })),
    });
    expect(formatIndicators([bins(0.2679)])).toEqual(['  employees                    spread 1.008   637 – 860 +1.85, > 860 +1.76, ≤ 8.49 -1.59']);
    // Had (missing) been the most negative effect, it would be shown.
    expect(formatIndicators([bins(-2)])).toEqual(['  employees                    spread 1.008   637 – 860 +1.85, > 860 +1.76, (missing) -2.00']);
    // Up to 3 effects are shown whole, in their order (a GLM number's slope and missing term).
    const glm: LeadingIndicator = { feature: 'employees', stage: 'lead', part: 'value', importance: 0.846,
      effects: [{ level: '+1 sd of log1p (1.26)', contribution: 0.88, count: 3700 }, { level: '(missing)', contribution: 0.03, count: 300 }] };
    expect(formatIndicators([glm])).toEqual(['  employees                    spread 0.846   +1 sd of log1p (1.26) +0.88, (missing) +0.03']);
  });
});

describe('formatLabels: revenue rows of unknown ids apart from accounts that never won', () => {
  it('counts the warned rows of unknown or empty ids apart (Olist: all 107606 unattributed rows are of sellers not in the files)', () => {
    const report = {
      horizon: '90d', dataEnd: '2018-08-31', dataEndSource: 'revenue' as const, revenueOutliers: 0, revenueOutlierDates: [], revenueThinTail: 0,
      leads: 8000, won: 842, censored: 175, wonWithValue: 274, wonWithoutValue: 393, wonWithAnyRevenue: 380, totalValue: 1,
      revenueRows: 112650, revenueInHorizon: 2182, revenueUnmatched: 107610, revenueUnknownKey: 107606, revenueBeforeWin: 3,
      dateRange: { from: '2017-06-14', to: '2018-05-31' },
    };
    // By hand: 107610 unattributed − 107606 of unknown ids = 4 of sellers in the files that never won.
    expect(formatLabels(report)[3]).toBe("revenue rows: 112650; in a won lead's horizon 2182; of accounts or leads never won here 4; of unknown or empty ids 107606; dated before the win 3");
    expect(formatLabels({ ...report, revenueUnknownKey: 0 })[3]).toBe("revenue rows: 112650; in a won lead's horizon 2182; of accounts or leads never won here 107610; dated before the win 3");
  });
});
