// Choosing a model kind per part in the adapter config (`model.win`, `model.value`):
// validated with messages naming the field; existing configs keep GLMs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAdapterConfig, readAdapterConfig } from '../../src/load/adapter-config.js';
import { describePart, parseModelPart } from '../../src/models/model-part.js';

const DEMO = fileURLToPath(new URL('../../configs/demo.json', import.meta.url));
const raw = JSON.parse(readFileSync(DEMO, 'utf8'));
const withModel = (model: object) => parseAdapterConfig({ ...raw, model: { ...raw.model, ...model } }, { path: 'configs/x.json', baseDir: '/tmp' });

describe('adapter config: model kind per part', () => {
  it('existing configs are unchanged: both parts GLM', () => {
    const config = readAdapterConfig(DEMO);
    expect([config.model.win, config.model.value]).toEqual([{ kind: 'glm' }, { kind: 'glm' }]);
  });

  it('EBM for both parts, with settings; the value loss defaults to poisson', () => {
    const config = withModel({ win: { kind: 'ebm', maxBins: 64, interactions: 3 }, value: { kind: 'ebm' } });
    expect(config.model.win).toEqual({ kind: 'ebm', loss: 'log-loss', maxBins: 64, interactions: 3 });
    expect(config.model.value).toEqual({ kind: 'ebm', loss: 'poisson' });
    expect(withModel({ value: { kind: 'ebm', loss: 'log1p-squared' } }).model.value).toEqual({ kind: 'ebm', loss: 'log1p-squared' });
  });

  it('a GLM part may carry its own L2 candidates', () => {
    expect(withModel({ value: { kind: 'glm', l2: 3 } }).model.value).toEqual({ kind: 'glm', l2: [3] });
  });

  it.each([
    [{ win: { kind: 'gbm' } }, /configs\/x\.json, field model\.win\.kind: unknown model kind \(got "gbm"\); use "glm" or "ebm"/],
    [{ win: 'ebm' }, /configs\/x\.json, field model\.win: expected an object \(got "ebm"\)/],
    [{ win: { kind: 'ebm', maxBins: 1 } }, /configs\/x\.json, field model\.win\.maxBins: not a whole number from 2 to 65535 \(got 1\)/],
    [{ win: { kind: 'ebm', loss: 'poisson' } }, /field model\.win\.loss: not a loss for the win part \(got "poisson"\); use "log-loss"/],
    [{ value: { kind: 'ebm', loss: 'log-loss' } }, /field model\.value\.loss: not a loss for the value part \(got "log-loss"\); use "poisson", "tweedie" or "log1p-squared"/],
    [{ value: { kind: 'ebm', learning_rate: 0.1 } }, /field model\.value\.learning_rate: unknown EBM setting \(got "learning_rate"\)/],
    [{ value: { kind: 'glm', maxBins: 8 } }, /field model\.value\.maxBins: unknown GLM setting/],
    [{ value: { kind: 'glm', l2: [-1] } }, /field model\.value\.l2: not a non-negative number or a list of them/],
  ])('%j fails naming the field', (model, message) => {
    expect(() => withModel(model)).toThrow(message);
  });

  it('parseModelPart alone: undefined is the default GLM', () => {
    expect(parseModelPart(undefined, 'x', 'win')).toEqual({ kind: 'glm' });
  });

  it('describePart says what was fit, for progress lines', () => {
    expect(describePart({ kind: 'glm', l2: 3 } as never)).toBe('L2 3');
    expect(describePart({ kind: 'ebm', rounds: { mains: 12, pairs: 0 }, pairs: [] } as never)).toBe('EBM, 12 rounds');
  });
});
