import { describe, expect, it } from 'vitest';
import { selectFeatures } from '../../src/features/select-features.js';
import type { RawFeature } from '../../src/load/load-source.js';
import { category, number } from './raw.js';

describe('selectFeatures', () => {
  const features: RawFeature[] = [
    category('origin', ['a', 'b']),
    number('declared_revenue', [1, 2], 'none', 'deal'),
    number('pages', [3, 4]),
  ];

  it('refuses a deal-stage feature in a lead-stage model as leakage, naming the feature', () => {
    expect(() => selectFeatures(features, 'lead', ['origin', 'declared_revenue'])).toThrow(/^feature declared_revenue: is known only at the deal stage.*leakage/);
    expect(() => selectFeatures(features, 'lead', ['declared_revenue'])).toThrow(/\(got stage "deal"\); remove "declared_revenue" from model\.features/);
  });

  it('refuses an unknown feature name and lists the declared ones', () => {
    expect(() => selectFeatures(features, 'lead', ['origin', 'orgin'])).toThrow(/^model\.features: unknown feature \(got "orgin"\); declared features are origin, declared_revenue, pages$/);
    expect(() => selectFeatures(features, 'deal', ['nope'])).toThrow(/unknown feature \(got "nope"\)/);
  });

  it('defaults to every feature the stage may use, in declared order', () => {
    expect(selectFeatures(features, 'lead').map((f) => f.name)).toEqual(['origin', 'pages']);
    expect(selectFeatures(features, 'deal').map((f) => f.name)).toEqual(['origin', 'declared_revenue', 'pages']);
  });

  it('lets a deal-stage model use deal features, in the order asked, returning the same columns', () => {
    const picked = selectFeatures(features, 'deal', ['pages', 'declared_revenue']);
    expect(picked.map((f) => f.name)).toEqual(['pages', 'declared_revenue']);
    expect(picked[0]).toBe(features[2]);
  });
});
