// exportModel when the final rename fails (disk full, permissions, a crash
// between write and rename): no temporary file is left behind, no target
// appears, and the next export works. The failure is injected by wrapping
// node:fs's renameSync for this file only.
import * as fs from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportModel } from '../../src/export/write-model-file.js';
import { readModel } from '../../src/scoring/load-model.js';
import { removeTempDirs, tempDir, trainDemo, type DemoModel } from '../scoring/demo-model.js';

const failing = vi.hoisted(() => ({ rename: false }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const renameSync: typeof real.renameSync = (from, to) => {
    if (failing.rename) throw Object.assign(new Error(`ENOSPC: no space left on device, rename '${String(from)}'`), { code: 'ENOSPC' });
    return real.renameSync(from, to);
  };
  return { ...real, default: { ...real, renameSync }, renameSync };
});

let demo: DemoModel;
beforeAll(async () => {
  demo = await trainDemo();
}, 120_000);
afterAll(removeTempDirs);

describe('exportModel with a failing rename', () => {
  it('raises, leaves no temporary file and no model file; the next export works', () => {
    const dir = tempDir('export-fail');
    failing.rename = true;
    try {
      expect(() => exportModel(demo.built, dir)).toThrow(/ENOSPC/);
    } finally {
      failing.rename = false;
    }
    expect(fs.readdirSync(join(dir, 'demo'))).toEqual([]);
    expect(exportModel(demo.built, dir)).toMatchObject({ version: '1.0.0', written: true });
    expect(fs.readdirSync(join(dir, 'demo'))).toEqual(['1.0.0.json']);
    expect(readModel(join(dir, 'demo', '1.0.0.json')).checksum).toBe(demo.model.checksum);
  });

  it('a failed bump leaves the previous version as it was', () => {
    const dir = tempDir('export-fail');
    exportModel(demo.built, dir);
    const before = fs.readFileSync(join(dir, 'demo', '1.0.0.json'), 'utf8');
    failing.rename = true;
    try {
      expect(() => exportModel({ ...demo.built, goals: { ...demo.built.goals, name: 'other' } }, dir)).toThrow(/ENOSPC/);
    } finally {
      failing.rename = false;
    }
    expect(fs.readdirSync(join(dir, 'demo'))).toEqual(['1.0.0.json']);
    expect(fs.readFileSync(join(dir, 'demo', '1.0.0.json'), 'utf8')).toBe(before);
  });
});
