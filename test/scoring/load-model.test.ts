// parseModel (src/scoring/load-model.ts): the source format of the leads in
// `input` (format 1.2), the migration of older 1.x files, and failing closed
// on a source format the reader does not know.
import { describe, expect, it } from 'vitest';
import { sealModel, serializeModel } from '../../src/export/write-model-file.js';
import { MODEL_FORMAT, modelChecksum, newerFormatWarning, parseModel } from '../../src/scoring/load-model.js';
import type { ModelFile } from '../../src/scoring/model-types.js';
import { tinyModel } from '../goals/tiny-model.js';

/** The tiny model with its content changed, resealed. */
function edited(change: (content: Record<string, any>) => void): string {
  const { checksum: _c, ...content } = structuredClone(tinyModel()) as Record<string, any>;
  change(content);
  return serializeModel(sealModel(content as Omit<ModelFile, 'checksum'>));
}
/** A file of an older format: no input.dateFormat or input.delimiter. */
const older = (version: string, change: (content: Record<string, any>) => void = () => {}) => edited((c) => {
  c.format.version = version;
  delete c.input.dateFormat;
  delete c.input.delimiter;
  change(c);
});

describe('format 1.2: the source format of the leads', () => {
  it('is read by this reader, which writes 1.3 (1.3 adds the optional params.calibration; see test/scoring/calibration-scoring.test.ts)', () => {
    expect(MODEL_FORMAT).toEqual({ name: 'leadvalue-model', version: '1.3.0' });
  });

  it('input.dateFormat and input.delimiter are read as written; save → load → save is byte-identical', () => {
    const text = edited((c) => { c.input.dateFormat = 'dd/mm/yyyy'; c.input.delimiter = ';'; });
    const model = parseModel(text, 'm.json');
    expect(model.input).toEqual({ leadId: 'lead_id', createdAt: 'created_at', dateFormat: 'dd/mm/yyyy', delimiter: ';' });
    expect(serializeModel(model)).toBe(text);
    expect(parseModel(edited((c) => { c.input.delimiter = 'whitespace'; })).input.delimiter).toBe('whitespace');
    expect(parseModel(edited((c) => { c.input.delimiter = '\t'; })).input.delimiter).toBe('\t');
  });

  it('an unknown date format is refused, naming the field and the formats known', () => {
    expect(() => parseModel(edited((c) => { c.input.dateFormat = 'dd.mm.yy'; }), 'm.json'))
      .toThrow(/^m\.json, field input\.dateFormat: unknown date format \(got "dd\.mm\.yy"\); this reader knows iso, yyyymmdd, dd\/mm\/yyyy, mm\/dd\/yyyy/);
  });

  it('a delimiter that is not one ASCII character (or "whitespace") is refused', () => {
    for (const bad of [';;', '', '"', '\n', 'é']) {
      expect(() => parseModel(edited((c) => { c.input.delimiter = bad; }), 'm.json')).toThrow(/^m\.json, field input\.delimiter: not a single-byte separator/);
    }
    expect(() => parseModel(edited((c) => { c.input.delimiter = 59; }), 'm.json')).toThrow(/^m\.json, field input\.delimiter: not a single-byte separator \(got 59\)/);
  });

  it('a 1.2 file without them is refused: they are required from 1.2 on', () => {
    expect(() => parseModel(edited((c) => { delete c.input.dateFormat; }), 'm.json')).toThrow(/^m\.json, field input\.dateFormat: missing; .*re-export/);
    expect(() => parseModel(edited((c) => { delete c.input.delimiter; }), 'm.json')).toThrow(/^m\.json, field input\.delimiter: missing; .*re-export/);
    expect(() => parseModel(edited((c) => { delete c.input; }), 'm.json')).toThrow(/^m\.json, field input: not an object/);
  });

  it('a newer minor version of the format is held to the same fields', () => {
    expect(() => parseModel(older('1.3.0'), 'm.json')).toThrow(/field input\.dateFormat: missing/);
  });
});

describe('older 1.x files are migrated on read', () => {
  it('a 1.1 file is read with ISO dates and "," (checksum verified on the file as written)', () => {
    const model = parseModel(older('1.1.0'), 'old.json');
    expect(model.input).toEqual({ leadId: 'lead_id', createdAt: 'created_at', dateFormat: 'iso', delimiter: ',' });
    // The migrated document is consistent: its checksum covers what it now holds, so it verifies again.
    expect(model.checksum).toBe(modelChecksum(model));
    expect(parseModel(model).input.dateFormat).toBe('iso');
  });

  it('a 1.0 file too (and keeps its references of 1)', () => {
    const model = parseModel(older('1.0.0', (c) => { delete c.params.reference; }), 'old.json');
    expect(model.input).toMatchObject({ dateFormat: 'iso', delimiter: ',' });
    expect(model.params.reference).toBeUndefined();
  });

  it('a 1.1 file whose creation date feeds a date-part feature keeps that feature\'s date format: it is how the column was written', () => {
    const model = parseModel(older('1.1.0', (c) => {
      c.features[1] = { ...c.features[1], column: 'created_at', derive: 'month', dateFormat: 'dd/mm/yyyy' };
    }), 'old.json');
    expect(model.input.dateFormat).toBe('dd/mm/yyyy');
  });

  it('an older file that holds an unknown value is still refused', () => {
    expect(() => parseModel(older('1.1.0', (c) => { c.input.dateFormat = 'julian'; }), 'old.json')).toThrow(/field input\.dateFormat: unknown date format \(got "julian"\)/);
  });
});

describe('what the loader refuses that the schema cannot say, and what it warns about', () => {
  it('a feature listed twice (before: read, and its term counted twice in every score)', () => {
    const text = edited((c) => { c.features.push(structuredClone(c.features[2])); });
    expect(() => parseModel(text, 'm.json')).toThrow(
      /^m\.json, field features\[3\]\.name: a feature name already given at features\[2\]: its term would count twice \(got "employees"\); each feature is listed once; re-export the model with leadvalue train$/);
  });

  it('an unknown field under params is an unknown field (before: "field params.prior.kind: unknown model kind (got nothing)")', () => {
    const text = edited((c) => { c.params.prior = 1; });
    expect(() => parseModel(text, 'm.json')).toThrow(
      /^m\.json, field params\.prior: unknown field; known fields here: win, value, reference, calibration; the file does not follow the model file schema/);
  });

  it('a newer minor format (1.9.0) is read, with one warning that names the file and both versions (before: read silently)', () => {
    const seen: [string, string][] = [];
    const model = parseModel(edited((c) => { c.format.version = '1.9.0'; }), 'm.json', { warnings: { warn: (key, message) => { seen.push([key, message]); } } });
    expect(model.format.version).toBe('1.9.0');
    expect(seen).toEqual([['newer-model-format', "m.json: model file format 1.9.0 is newer than this reader's 1.3.0: a newer minor version can change what a field means, " +
      'so the scores may not be what its writer computes; read it with a leadvalue that knows format 1.9 (leadvalue 0.0.0 wrote it), or re-export the model with this one']]);
    expect(newerFormatWarning(model, 'm.json')).toBe(seen[0][1]);
    // Formats up to this reader's, patch versions included, give none.
    for (const version of ['1.2.0', '1.3.0', '1.3.7']) {
      const quiet: string[] = [];
      parseModel(edited((c) => { c.format.version = version; }), 'm.json', { warnings: { warn: (_k, m) => { quiet.push(m); } } });
      expect(quiet, version).toEqual([]);
    }
  });
});
