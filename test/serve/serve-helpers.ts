// Shared by the service tests: a model A (models/demo/1.3.0.json as shipped)
// and a model B (the same file as version 1.4.0 with a shifted win intercept,
// resealed), a server on a free loopback port, and a small HTTP client on
// node:http (deliberately not the service's code).
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { request, type Agent, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelChecksum, parseModel } from '../../src/scoring/load-model.js';
import type { ModelFile } from '../../src/scoring/model-types.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEMO_MODEL = join(ROOT, 'models/demo/1.3.0.json');
export const TEXT_A = readFileSync(DEMO_MODEL, 'utf8');
export const MODEL_A: ModelFile = parseModel(TEXT_A, DEMO_MODEL);

/** Model A as another version (and optionally another model name), with its win intercept moved by `shift` (so P(win) differs), resealed: a file that verifies. */
export function variant(version: string, shift: number, name = MODEL_A.model.name): { text: string; model: ModelFile } {
  const doc = JSON.parse(TEXT_A) as ModelFile;
  doc.model.version = version;
  doc.model.name = name;
  (doc.params.win as { intercept: number }).intercept += shift;
  doc.checksum = modelChecksum(doc);
  const text = JSON.stringify(doc, null, 2) + '\n';
  return { text, model: parseModel(text, `${version}.json`) };
}

/** The demo lead of the README. */
export const LEAD = {
  lead_id: 'L-1', source: 'referral', industry: 'finance', employees: 250, job_level: 'vp',
  pages_viewed: 6, demo_requested: 1, free_email: 0, created_at: '2026-04-02',
};

const dirs: string[] = [];
/** A new temporary folder, removed by {@link removeDirs}. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `leadvalue-serve-${prefix}-`));
  dirs.push(dir);
  return dir;
}
export function removeDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A models folder holding model A as 1.3.0.json. */
export function modelsFolder(prefix: string): string {
  const dir = tempDir(prefix);
  copyFileSync(DEMO_MODEL, join(dir, '1.3.0.json'));
  return dir;
}

/** Writes a file as an exporter does: a temporary file in the same folder, then a rename. */
export function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.${process.pid}.tmp`, text);
  renameSync(`${path}.${process.pid}.tmp`, path);
}

/** Listens on a free loopback port. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export interface Answer { status: number; headers: IncomingHttpHeaders; text: string; json: any }

/** One HTTP request; `body` an object is sent as JSON with Content-Type application/json unless headers say otherwise. */
export function call(url: string, method: string, body?: unknown, headers: Record<string, string> = {}, agent?: Agent): Promise<Answer> {
  const data = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method, agent,
      headers: { ...(data !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(data)) } : {}), ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}
