// Hot reload: which file is served, what replaces it, what is ignored.
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { watchModel, type ModelWatcher } from '../../src/serve/model-watcher.js';
import { modelVersions } from '../../src/serve/model-versions.js';
import { DEMO_MODEL, modelsFolder, removeDirs, TEXT_A, variant, writeAtomic } from './serve-helpers.js';

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
    writeFileSync(join(dir, '1.5.0.json'), variant('1.5.0', 1).text.slice(0, 500)); // a copy still being written
    expect(w.check('poll')).toBe(false);
    expect(lines[1]).toMatch(/ignored \S*1\.5\.0\.json: not valid JSON/);
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
    writeAtomic(path, variant('1.3.1', 1).text);
    expect(w.check()).toBe(true);
    expect(version()).toBe('1.3.1');
    expect(lines).toHaveLength(1);
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
