import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAdapterConfig, readAdapterConfig } from '../../src/load/adapter-config.js';

const WHERE = { path: 'crm.json', baseDir: '/data' };

/** A small valid config; tests change one thing at a time. */
function base(): any {
  return {
    name: 'crm',
    tables: {
      leads: {
        file: 'leads.csv', columns: { lead_id: 'Id', created_at: 'Created' }, dateFormat: 'dd/mm/yyyy', delimiter: ';',
        features: {
          source: { kind: 'category', stage: 'lead' },
          employees: { kind: 'number', stage: 'lead', transform: 'log1p' },
          created_month: { kind: 'category', stage: 'lead', from: 'Created', derive: 'month' },
        },
      },
      outcomes: { file: 'deals.csv.gz', columns: { lead_id: 'Id', won_at: 'Won', account_id: 'Acct' }, features: { plan: { kind: 'category', stage: 'deal' } } },
      revenue: { file: 'invoices.csv', columns: { account_id: 'Acct', at: 'Date', amount: 'Net' } },
    },
    label: { horizon: '6m', dataEnd: 'auto' },
    split: { quantile: 0.8 },
    model: { seed: 7, l2: 3 },
  };
}

describe('parseAdapterConfig', () => {
  it('reads a valid config: paths resolved against the base folder, defaults filled in', () => {
    const c = parseAdapterConfig(base(), WHERE);
    expect(c.tables.leads.file).toBe('/data/leads.csv');
    expect(c.tables.leads.delimiter).toBe(';');
    expect(c.tables.leads.dateFormat).toBe('dd/mm/yyyy');
    expect(c.tables.outcomes.dateFormat).toBe('iso');
    expect(c.label.horizon).toEqual({ amount: 6, unit: 'months' });
    expect(c.split).toEqual({ quantile: 0.8 });
    expect(c.model).toMatchObject({ name: 'crm', seed: 7, stage: 'lead', l2: [3], minLevelCount: 10, refit: true, calibration: 'none', minPositives: 40, minNegatives: 40 });
    expect(c.tables.leads.features.map((f) => [f.name, f.column, f.derive ?? null])).toEqual([
      ['source', 'source', null], ['employees', 'employees', null], ['created_month', 'Created', 'month'],
    ]);
  });

  // One case per kind of bad input; each message names the file and the field.
  const cases: [string, (c: any) => void, RegExp][] = [
    ['misspelt top-level key', (c) => { c.lable = c.label; delete c.label; }, /crm\.json, field lable: unknown field \(got "lable"\); did you mean "label"\?/],
    ['misspelt table key', (c) => { c.tables.leads.Features = c.tables.leads.features; delete c.tables.leads.features; }, /field tables\.leads\.Features: unknown field .*did you mean "features"/],
    ['misspelt feature key', (c) => { c.tables.leads.features.employees.tranform = 'log1p'; }, /field tables\.leads\.features\.employees\.tranform: unknown field .*did you mean "transform"/],
    ['misspelt split key', (c) => { c.split = { cutof: '2024-01-01' }; }, /field split\.cutof: unknown field .*did you mean "cutoff"/],
    ['misspelt model key', (c) => { c.model.minLevelcount = 3; }, /field model\.minLevelcount: unknown field .*did you mean "minLevelCount"/],
    ['unknown table', (c) => { c.tables.contacts = {}; }, /field tables\.contacts: unknown field/],
    ['unknown role', (c) => { c.tables.leads.columns.owner = 'Owner'; }, /field tables\.leads\.columns\.owner: unknown role/],
    ['unmapped required role', (c) => { delete c.tables.leads.columns.created_at; }, /field tables\.leads\.columns: the created_at role is not mapped/],
    ['revenue without a key', (c) => { delete c.tables.revenue.columns.account_id; }, /revenue needs account_id or lead_id/],
    ['feature without stage', (c) => { delete c.tables.leads.features.source.stage; }, /features\.source\.stage: every feature must say when it is known/],
    ['outcome field at lead stage', (c) => { c.tables.outcomes.features.plan.stage = 'lead'; }, /features\.plan\.stage: outcome fields are recorded when a deal closes/],
    ['transform on a category', (c) => { c.tables.leads.features.source.transform = 'log1p'; }, /features\.source\.transform: only number features take a transform/],
    ['unknown date part', (c) => { c.tables.leads.features.created_month.derive = 'week'; }, /created_month\.derive: unknown date part \(got "week"\)/],
    ['unknown date format', (c) => { c.tables.leads.dateFormat = 'dd.mm.yy'; }, /tables\.leads\.dateFormat: unknown date format/],
    ['bad horizon', (c) => { c.label.horizon = '90 days later'; }, /field label\.horizon: not a duration/],
    ['bad data end', (c) => { c.label.dataEnd = '31/12/2024'; }, /field label\.dataEnd: not a date/],
    ['bad split quantile', (c) => { c.split = { quantile: 70 }; }, /field split\.quantile: not a fraction between 0 and 1 \(got 70\)/],
    ['deal-stage model', (c) => { c.model.stage = 'deal'; }, /field model\.stage: models score new leads at the lead stage \(got "deal"\)/],
    ['model name that is a path', (c) => { c.model.name = '../../evil'; }, /field model\.name: not a usable model name .*\(got "\.\.\/\.\.\/evil"\)/],
    ['config name that is a path', (c) => { c.name = 'a/b'; }, /field name: not a usable model name/],
    ['refit not a boolean', (c) => { c.model.refit = 'no'; }, /field model\.refit: expected true or false \(got "no"\)/],
    ['negative L2', (c) => { c.model.l2 = [-1]; }, /field model\.l2: not a non-negative number \(got -1\)/],
    ['unknown feature in model.features', (c) => { c.model.features = ['source', 'sorce']; }, /field model\.features: unknown feature \(got "sorce"\)/],
    ['an empty model.features', (c) => { c.model.features = []; },
      /^crm\.json, field model\.features: empty: a model without features gives every lead the same score \(got \[\]\); list the features to use, or leave model\.features out to use every lead-stage feature \(the default\)$/],
    ['both split.cutoff and split.quantile', (c) => { c.split = { cutoff: '2025-01-01', quantile: 0.7 }; },
      /^crm\.json, field split: both cutoff and quantile given \(got \{"cutoff":"2025-01-01","quantile":0\.7\}\); give one of cutoff \(train on leads created before that day\) or quantile \(train on the oldest share of leads\)$/],
    ['unknown calibration', (c) => { c.model.calibration = 'beta'; }, /field model\.calibration: unknown calibration \(got "beta"\); use "none" \(default\), "platt" .* or "isotonic"/],
    ['negative sufficiency floor', (c) => { c.model.minPositives = -1; }, /field model\.minPositives: not a whole number ≥ 0 \(got -1\); e\.g\. 40 \(the default\); 0 turns the check off/],
    ['fractional sufficiency floor', (c) => { c.model.minNegatives = 2.5; }, /field model\.minNegatives: not a whole number ≥ 0 \(got 2\.5\)/],
    ['feature declared twice', (c) => { c.tables.outcomes.features.source = { kind: 'category', stage: 'deal' }; }, /features\.source: feature declared twice/],
  ];
  for (const [name, mutate, message] of cases) {
    it(`refuses ${name}`, () => {
      const c = base();
      mutate(c);
      expect(() => parseAdapterConfig(c, WHERE)).toThrow(message);
    });
  }

  it('reads model.calibration and the sufficiency floors', () => {
    const c = base();
    Object.assign(c.model, { calibration: 'isotonic', minPositives: 100, minNegatives: 0 });
    expect(parseAdapterConfig(c, WHERE).model).toMatchObject({ calibration: 'isotonic', minPositives: 100, minNegatives: 0 });
  });

  it('accepts "$comment" keys anywhere', () => {
    const c = base();
    c.$comment = 'exported from the CRM on Mondays';
    c.tables.leads.features.source.$why = 'marketing channel';
    expect(() => parseAdapterConfig(c, WHERE)).not.toThrow();
  });
});

describe('readAdapterConfig', () => {
  it('names the file on unreadable or invalid JSON, and resolves data paths against the config folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lv-config-'));
    expect(() => readAdapterConfig(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read the config file \(got ENOENT\)/);
    writeFileSync(join(dir, 'bad.json'), '{ "name": "x", }');
    expect(() => readAdapterConfig(join(dir, 'bad.json'))).toThrow(/bad\.json: not valid JSON/);
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(base()));
    expect(readAdapterConfig(join(dir, 'ok.json')).tables.leads.file).toBe(join(dir, 'leads.csv'));
    expect(readAdapterConfig(join(dir, 'ok.json'), { dataDir: '/elsewhere' }).tables.leads.file).toBe('/elsewhere/leads.csv');
  });

  it('dataDir: data files resolve against it (relative to the config\'s folder); --data-dir replaces it (relative to the working directory)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lv-config-'));
    writeFileSync(join(dir, 'with-dir.json'), JSON.stringify({ ...base(), dataDir: '../data/crm' }));
    expect(readAdapterConfig(join(dir, 'with-dir.json')).tables.leads.file).toBe(join(dir, '../data/crm/leads.csv'));
    expect(readAdapterConfig(join(dir, 'with-dir.json'), { dataDir: '/mnt/export' }).tables.leads.file).toBe('/mnt/export/leads.csv');
    expect(readAdapterConfig(join(dir, 'with-dir.json'), { dataDir: 'exports' }).tables.leads.file).toBe(join(process.cwd(), 'exports/leads.csv'));
    writeFileSync(join(dir, 'bad-dir.json'), JSON.stringify({ ...base(), dataDir: 3 }));
    expect(() => readAdapterConfig(join(dir, 'bad-dir.json'))).toThrow(/bad-dir\.json, field dataDir: .*\(got 3\)/);
    // The shipped configs: the Olist files by name in ../shared/data/olist, so --data-dir can point at any copy of them.
    const olist = readAdapterConfig(join(__dirname, '../../configs/olist.json'), { dataDir: '/data/olist' });
    expect(olist.tables.leads.file).toBe('/data/olist/olist_marketing_qualified_leads_dataset.csv.gz');
    expect(readAdapterConfig(join(__dirname, '../../configs/demo.json')).tables.revenue.file).toBe(join(__dirname, '../../data/demo/revenue.csv'));
  });
});
