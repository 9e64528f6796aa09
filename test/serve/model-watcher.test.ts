// Hot reload: which file is served, what replaces it, what is ignored.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { watchModel, type ModelWatcher } from '../../src/serve/model-watcher.js';
import { modelVersions } from '../../src/serve/model-versions.js';
import { DEMO_MODEL, modelsFolder, removeDirs, tempDir, TEXT_A, variant, writeAtomic } from './serve-helpers.js';

afterAll(removeDirs);
const open: ModelWatcher[] = [];
afterEach(() => { for (const w of open.splice(0)) w.close(); });
const watching = (target: string, options: Parameters<typeof watchModel>[1] = {}) => {
  const lines: string[] = [];
  const w = watchModel(target, { pollMs: 0, fsWatch: false, log: (l) => lines.push(l), ...options });
  open.push(w);
  return { w, lines, version: () => w.current().model.model.version };
};
/** Waits until `ok()` or fails after `ms`. */
async function until(ok: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
/** Model A's text with one number changed and the old checksum kept: it does not verify. */
const tampered = (text: string) => text.replace(/"intercept": (-?[\d.]+)/, '"intercept": 0.5');

describe('modelVersions', () => {
  it('orders by semver numbers, not text, and takes only <x.y.z>.json files', () => {
    const dir = modelsFolder('versions');
    for (const f of ['1.10.0.json', '1.9.2.json', '2.0.0.json.4242.tmp', 'notes.json', '1.2.json', 'v1.11.0.json']) writeFileSync(join(dir, f), '{}');
    expect(modelVersions(dir).map((p) => p.slice(dir.length + 1))).toEqual(['1.10.0.json', '1.9.2.json', '1.3.0.json']);
    expect(() => modelVersions(join(dir, 'nope'))).toThrow(/nope: cannot read the models folder \(got ENOENT\)/);
  });
});

describe('watchModel', () => {
  it('serves the highest version of a folder that verifies; at startup a bad one is skipped and logged', () => {
    const dir = modelsFolder('start');
    writeFileSync(join(dir, '1.4.0.json'), variant('1.4.0', 1).text);
    writeFileSync(join(dir, '1.10.0.json'), tampered(variant('1.10.0', 1).text));
    const { w, lines, version } = watching(dir);
    expect(version()).toBe('1.4.0');
    expect(w.folder).toBe(true);
    expect(lines).toEqual([expect.stringMatching(/^leadvalue serve: ignored \S*1\.10\.0\.json: field checksum: does not match the content.*; trying the next version$/)]);
  });

  it('fails when nothing verifies, naming the folder or file', () => {
    const dir = modelsFolder('none');
    writeFileSync(join(dir, '1.3.0.json'), '{"format": ');
    expect(() => watchModel(dir, { pollMs: 0, fsWatch: false })).toThrow(/: no model file in the folder verifies \(got 1 <x\.y\.z>\.json files\); export one with leadvalue train$/);
    expect(() => watchModel(join(dir, '1.3.0.json'), { pollMs: 0, fsWatch: false })).toThrow(/1\.3\.0\.json: not valid JSON/);
    expect(() => watchModel(join(dir, 'missing'), { pollMs: 0, fsWatch: false })).toThrow(/missing: cannot read the model file or folder \(got ENOENT\)/);
  });

  it('swaps in a new version written into the folder, and logs one line', () => {
    const dir = modelsFolder('swap');
    const { w, lines, version } = watching(dir);
    expect(w.check('test')).toBe(false);
    const before = w.current();
    writeAtomic(join(dir, '1.4.0.json'), variant('1.4.0', 1).text);
    expect(w.check('test')).toBe(true);
    expect(version()).toBe('1.4.0');
    expect(before.model.model.version).toBe('1.3.0'); // what a request took before the swap is untouched
    expect(lines).toEqual([expect.stringMatching(/^leadvalue serve: reloaded demo 1\.3\.0 → demo 1\.4\.0 from .*1\.4\.0\.json \(sha256 [0-9a-f]{12}…\) on test$/)]);
    expect(w.check('test')).toBe(false);
  });

  it('ignores a corrupted new file, logs it once, and keeps serving; takes it once it is fixed', () => {
    const dir = modelsFolder('corrupt');
    const { w, lines, version } = watching(dir);
    writeFileSync(join(dir, '1.5.0.json'), tampered(variant('1.5.0', 1).text));
    for (let k = 0; k < 5; k++) expect(w.check('poll')).toBe(false);
    expect(version()).toBe('1.3.0');
    expect(lines).toEqual([expect.stringMatching(/^leadvalue serve: ignored \S*1\.5\.0\.json: field checksum: does not match the content: the file was changed after export .*; still serving demo 1\.3\.0$/)]);
    writeFileSync(join(dir, '1.5.0.json'), variant('1.5.0', 1).text.slice(0, 500)); // a copy still being written: another failure, logged
    expect(w.check('poll')).toBe(false);
    expect(lines[1]).toMatch(/ignored \S*1\.5\.0\.json: not valid JSON/);
    writeFileSync(join(dir, '1.5.0.json'), variant('1.5.0', 1).text.slice(0, 900)); // more of it: the same failure (at another position), not logged again
    expect(w.check('poll')).toBe(false);
    expect(lines).toHaveLength(2);
    writeFileSync(join(dir, '1.5.0.json'), variant('1.5.0', 1).text); // now whole
    expect(w.check('poll')).toBe(true);
    expect(version()).toBe('1.5.0');
  });

  it('does not step down while the served file is there; steps back to the highest left when it is deleted', () => {
    const dir = modelsFolder('rollback');
    writeFileSync(join(dir, '1.4.0.json'), variant('1.4.0', 1).text);
    const { w, lines, version } = watching(dir);
    expect(version()).toBe('1.4.0');
    writeFileSync(join(dir, '1.4.0.json'), '{"half": '); // rewritten in place, not yet whole
    expect(w.check('poll')).toBe(false);
    expect(version()).toBe('1.4.0');
    expect(lines.at(-1)).toMatch(/ignored .*1\.4\.0\.json: .*not valid JSON.*; still serving demo 1\.4\.0$/);
    rmSync(join(dir, '1.4.0.json'));
    expect(w.check('poll')).toBe(true);
    expect(version()).toBe('1.3.0');
    expect(lines.at(-1)).toMatch(/reloaded demo 1\.4\.0 → demo 1\.3\.0 from .*1\.3\.0\.json/);
  });

  it('given a file, follows that file: a new model replaces it; a touch with the same content changes nothing', () => {
    const dir = modelsFolder('file');
    const path = join(dir, '1.3.0.json');
    const { w, lines, version } = watching(path);
    expect(w.folder).toBe(false);
    writeFileSync(join(dir, '1.4.0.json'), variant('1.4.0', 1).text); // another file: not this watcher's business
    expect(w.check()).toBe(false);
    copyFileSync(DEMO_MODEL, path);
    expect(w.check()).toBe(false);
    writeAtomic(path, variant('1.3.0', 1).text); // the same version re-exported: another model file
    expect(w.check()).toBe(true);
    expect(version()).toBe('1.3.0');
    expect(w.current().model.checksum).toBe(variant('1.3.0', 1).model.checksum);
    expect(lines).toEqual([expect.stringMatching(/^leadvalue serve: reloaded demo 1\.3\.0 → demo 1\.3\.0 from \S*1\.3\.0\.json \(sha256 [0-9a-f]{12}…\) on check$/)]);
  });

  // Defect: hot reload went by file name only, and swapped in another model, or an older version under a higher file name.
  it('refuses a file of another model, or whose version is not its file name, logged once with the reason and the fix; keeps serving', () => {
    const dir = modelsFolder('identity');
    const { w, lines, version } = watching(dir);
    writeAtomic(join(dir, '1.9.0.json'), variant('1.0.0', 0, 'olist-ziln').text); // the user's case: another model, copied in as 1.9.0.json
    expect(w.check('change')).toBe(false);
    expect(w.check('poll')).toBe(false);
    expect(w.current().model.model).toEqual(expect.objectContaining({ name: 'demo', version: '1.3.0' }));
    expect(w.name).toBe('demo');
    expect(lines).toEqual([`leadvalue serve: ignored ${join(dir, '1.9.0.json')}: field model.name: another model than the one served, demo (got "olist-ziln"); `
      + 'serve each model from its own models/<name>/ folder or file; still serving demo 1.3.0']);
    writeAtomic(join(dir, '2.0.0.json'), variant('1.0.0', 1).text); // demo, but version 1.0.0 under a higher name: would step down
    expect(w.check('change')).toBe(false);
    expect(w.check('poll')).toBe(false);
    expect(version()).toBe('1.3.0');
    expect(lines.slice(1)).toEqual([`leadvalue serve: ignored ${join(dir, '2.0.0.json')}: field model.version: not the version its file name says, 2.0.0 (got "1.0.0"); `
      + 'name the file 1.0.0.json, as leadvalue train does; still serving demo 1.3.0']);
    expect(w.degraded()).toBeNull(); // the file served is still there: nothing to report on /health
    writeAtomic(join(dir, '2.0.0.json'), variant('2.0.0', 1).text); // fixed: taken
    expect(w.check('change')).toBe(true);
    expect(version()).toBe('2.0.0');
  });

  it('given a file, refuses a replacement of another model, or of another version than its <x.y.z>.json name; any version in a file named otherwise', () => {
    const dir = modelsFolder('file-identity');
    const { w, lines, version } = watching(join(dir, '1.3.0.json'));
    writeAtomic(join(dir, '1.3.0.json'), variant('1.3.1', 1).text);
    expect(w.check()).toBe(false);
    writeAtomic(join(dir, '1.3.0.json'), variant('1.3.0', 1, 'other').text);
    expect(w.check()).toBe(false);
    expect(version()).toBe('1.3.0');
    expect(lines).toEqual([
      expect.stringMatching(/ignored \S*1\.3\.0\.json: field model\.version: not the version its file name says, 1\.3\.0 \(got "1\.3\.1"\); name the file 1\.3\.1\.json/),
      expect.stringMatching(/ignored \S*1\.3\.0\.json: field model\.name: another model than the one served, demo \(got "other"\)/),
    ]);
    // The file served is no longer what is served: /health says so (the log lines above did).
    expect(w.degraded()).toMatch(/^\S*1\.3\.0\.json: changed, and the new file is refused \(field model\.name: .*\); still serving demo 1\.3\.0 as loaded at \d{4}-.*, which a restart would not find$/);
    const current = join(dir, 'current.json');
    copyFileSync(DEMO_MODEL, current);
    const named = watching(current);
    writeAtomic(current, variant('1.2.0', 1).text);
    expect(named.w.check()).toBe(true);
    expect(named.version()).toBe('1.2.0');
  });

  it('at startup on a folder, serves one model: the folder\'s name if it holds it, else the one name of its files; several and none the folder\'s: refuses to start', () => {
    const mixed = modelsFolder('mixed');
    writeFileSync(join(mixed, '1.9.0.json'), variant('1.9.0', 0, 'olist-ziln').text);
    expect(() => watchModel(mixed, { pollMs: 0, fsWatch: false })).toThrow(new RegExp(
      `^${mixed}: holds versions of more than one model, and none has the folder's name \\(got olist-ziln in 1\\.9\\.0\\.json; demo in 1\\.3\\.0\\.json\\); `
      + `keep one model's versions per folder, named for the model \\(models/<name>/\\), or serve one file$`));
    const named = join(tempDir('named'), 'demo');
    mkdirSync(named);
    copyFileSync(DEMO_MODEL, join(named, '1.3.0.json'));
    writeFileSync(join(named, '1.9.0.json'), variant('1.9.0', 0, 'olist-ziln').text);
    writeFileSync(join(named, '2.0.0.json'), variant('1.0.0', 0).text);
    const { w, lines, version } = watching(named);
    expect([w.name, version()]).toEqual(['demo', '1.3.0']);
    expect(lines).toEqual([
      expect.stringMatching(/^leadvalue serve: ignored \S*\/2\.0\.0\.json: field model\.version: not the version its file name says, 2\.0\.0 \(got "1\.0\.0"\).*; trying the next version$/),
      expect.stringMatching(/^leadvalue serve: ignored \S*\/1\.9\.0\.json: field model\.name: another model than the one served, demo \(got "olist-ziln"\).*; trying the next version$/),
    ]);
    const wrongFile = join(tempDir('wrongfile'), '2.0.0.json');
    writeFileSync(wrongFile, variant('1.0.0', 0).text);
    expect(() => watchModel(wrongFile, { pollMs: 0, fsWatch: false })).toThrow(/2\.0\.0\.json, field model\.version: not the version its file name says, 2\.0\.0 \(got "1\.0\.0"\)/);
  });

  // Defect: /health said "ok" after every model file was deleted.
  it('reports itself degraded while it serves a model whose file is gone, and well again once a model file is back', () => {
    const dir = modelsFolder('degraded');
    const { w, lines, version } = watching(dir);
    expect(w.degraded()).toBeNull();
    rmSync(join(dir, '1.3.0.json'));
    expect(w.check('change')).toBe(false);
    expect(w.check('poll')).toBe(false);
    expect(version()).toBe('1.3.0');
    const reason = `${join(dir, '1.3.0.json')}: deleted and no other version of demo in the folder verifies; still serving demo 1.3.0 from memory, which a restart would not find; put a model file back`;
    expect(w.degraded()).toBe(reason);
    expect(lines).toEqual([`leadvalue serve: degraded: ${reason}`]);
    copyFileSync(DEMO_MODEL, join(dir, '1.3.0.json'));
    expect(w.check('change')).toBe(false);
    expect(w.degraded()).toBeNull();
    expect(lines[1]).toBe(`leadvalue serve: ${join(dir, '1.3.0.json')} verifies again; serving demo 1.3.0`);
    rmSync(join(dir, '1.3.0.json'));
    w.check('change');
    writeAtomic(join(dir, '1.4.0.json'), variant('1.4.0', 1).text);
    expect(w.check('change')).toBe(true);
    expect(w.degraded()).toBeNull();
  });

  it('picks changes up by itself: with fs.watch, and with polling alone', async () => {
    const dir = modelsFolder('auto');
    const viaWatch = watching(dir, { fsWatch: true, pollMs: 0 });
    const viaPoll = watching(dir, { fsWatch: false, pollMs: 30 });
    writeAtomic(join(dir, '1.4.0.json'), variant('1.4.0', 1).text);
    await until(() => viaWatch.version() === '1.4.0' && viaPoll.version() === '1.4.0');
    expect(viaWatch.lines[0]).toMatch(/ on change$/);
    expect(viaPoll.lines[0]).toMatch(/ on poll$/);
    expect(TEXT_A).toContain('"version": "1.3.0"');
  });
});
