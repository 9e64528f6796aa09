// `leadvalue serve` as users run it (build first: `npx tsc -p tsconfig.json`):
// startup line, hot reload and SIGHUP, graceful SIGTERM with a request in flight.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, LEAD, modelsFolder, removeDirs, ROOT, variant, writeAtomic } from './serve-helpers.js';

const MAIN = join(ROOT, 'dist/cli/main.js');
beforeAll(() => {
  if (!existsSync(MAIN)) execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
});
// A test that fails half-way must not leave its service running.
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  removeDirs();
});

/** Starts `leadvalue serve`; resolves once it prints its startup line. */
async function serve(args: string[]): Promise<{ child: ChildProcess; url: string; out: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [MAIN, 'serve', ...args], { cwd: ROOT, env: { ...process.env, TZ: 'UTC' } });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => { out += c; });
  child.stderr!.on('data', (c: Buffer) => { out += c; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await waitFor(() => out, / on (http:\/\/\S+);/);
  return { child, url: / on (http:\/\/[^;\s]+);/.exec(out)![1], out: () => out, exited };
}
async function waitFor(text: () => string, pattern: RegExp, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pattern.test(text())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${pattern} in:\n${text()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('leadvalue serve', () => {
  it('starts on the highest version, reloads a new one, answers SIGHUP, and stops on SIGTERM after the request in flight (exit 0)', async () => {
    const dir = modelsFolder('cli');
    const s = await serve(['--model', dir, '--port', '0', '--max-body', '256kb', '--max-batch', '50']);
    expect(s.out()).toMatch(new RegExp(`^leadvalue serve: demo 1\\.3\\.0 \\(${dir}/1\\.3\\.0\\.json\\) on http://127\\.0\\.0\\.1:\\d+; serving the highest version in ${dir}; limits 262144 bytes, 50 leads per request, 30 s to send one\\n$`));
    expect((await call(`${s.url}/health`, 'GET')).json.model.version).toBe('1.3.0');
    expect((await call(`${s.url}/score`, 'POST', { leads: Array.from({ length: 51 }, () => LEAD) })).status).toBe(413);

    writeAtomic(join(dir, '1.4.0.json'), variant('1.4.0', 1).text);
    await waitFor(s.out, /reloaded demo 1\.3\.0 → demo 1\.4\.0/);
    expect((await call(`${s.url}/score`, 'POST', { lead: LEAD })).json.model).toEqual({ name: 'demo', version: '1.4.0' });
    s.child.kill('SIGHUP');
    await waitFor(s.out, /SIGHUP: no new model; serving demo 1\.4\.0/);

    // A request in flight: headers and half the body sent, then SIGTERM, then the rest.
    const body = JSON.stringify({ lead: LEAD });
    const req = request(`${s.url}/score`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length) } });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.on('response', (res) => { let t = ''; res.on('data', (c) => { t += c; }); res.on('end', () => resolve({ status: res.statusCode!, text: t })); });
      req.on('error', reject);
    });
    req.write(body.slice(0, 40));
    await new Promise((r) => setTimeout(r, 100));
    s.child.kill('SIGTERM');
    await waitFor(s.out, /SIGTERM: finishing the requests in flight, then stopping/);
    req.end(body.slice(40));
    const a = await answer;
    expect(a.status).toBe(200);
    expect(JSON.parse(a.text).model.version).toBe('1.4.0');
    expect(await s.exited).toBe(0);
    expect(s.out().split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^leadvalue serve: demo 1\.3\.0 /),
      expect.stringMatching(/^leadvalue serve: reloaded demo 1\.3\.0 → demo 1\.4\.0 from .*1\.4\.0\.json \(sha256 [0-9a-f]{12}…\) on (change|poll)$/),
      'leadvalue serve: SIGHUP: no new model; serving demo 1.4.0',
      'leadvalue serve: SIGTERM: finishing the requests in flight, then stopping',
      'leadvalue serve: stopped',
    ]);
  }, 30_000);

  // Defect: 8 batches of 10,000 leads in flight at SIGTERM were reset after their 200 headers (~4 of 6.7 MB),
  // while the log said "stopped" and the exit code was 0.
  it('SIGTERM with large batches in flight: each answered in full (Connection: close), then "stopped", exit 0', async () => {
    const s = await serve(['--model', join(modelsFolder('inflight'), '1.3.0.json'), '--port', '0']);
    const body = JSON.stringify({ leads: Array.from({ length: 10_000 }, (_, i) => ({ ...LEAD, lead_id: `N${i}` })) });
    const agent = new Agent({ keepAlive: true });
    // Each body handed whole to the OS: the service has begun to receive every request (a request still unsent at
    // the stop meets the race any keep-alive client has, which the README tells clients to retry).
    const sent: Promise<void>[] = [];
    const post = () => new Promise<{ status: number; connection?: string; bytes: number }>((resolve, reject) => {
      const req = request(`${s.url}/score`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => { bytes += c.length; });
        res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, bytes }));
        res.on('error', (e: NodeJS.ErrnoException) => reject(new Error(`cut after ${bytes} bytes: ${e.code}`)));
      });
      req.on('error', reject);
      sent.push(new Promise((done) => req.on('finish', done)));
      req.end(body);
    });
    const expected = await post(); // the same answer, without a shutdown
    expect(expected.bytes).toBeGreaterThan(6_000_000);
    const answers = Promise.allSettled(Array.from({ length: 8 }, post));
    await Promise.all(sent);
    s.child.kill('SIGTERM');
    const got = (await answers).map((a) => (a.status === 'fulfilled' ? a.value : String(a.reason)));
    expect(got).toEqual(Array(8).fill({ status: 200, connection: 'close', bytes: expected.bytes }));
    expect(await s.exited).toBe(0);
    expect(s.out().split('\n').filter(Boolean).slice(1)).toEqual([
      'leadvalue serve: SIGTERM: finishing the requests in flight, then stopping',
      'leadvalue serve: stopped',
    ]);
    agent.destroy();
  }, 60_000);

  it('SIGTERM: a request still unanswered after --shutdown-timeout is cut, counted in the log, and the exit code is 1', async () => {
    const s = await serve(['--model', modelsFolder('cut'), '--port', '0', '--shutdown-timeout', '0.3']);
    const { hostname, port } = new URL(s.url);
    const socket = connect(Number(port), hostname, () => socket.write('POST /score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"lead":'));
    socket.on('error', () => {});
    await new Promise((r) => setTimeout(r, 100));
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(1);
    expect(s.out().split('\n').filter(Boolean).slice(1)).toEqual([
      'leadvalue serve: SIGTERM: finishing the requests in flight, then stopping',
      'leadvalue serve: stopped, cutting 1 request not answered in full within 0.3 s; a longer --shutdown-timeout gives them more time',
    ]);
  }, 30_000);

  it('SIGINT stops it too, with exit 0', async () => {
    const s = await serve(['--model', join(modelsFolder('sigint'), '1.3.0.json'), '--port', '0']);
    // Defect: the default body limit (1 MiB) could not hold a default batch (10,000 demo leads are 2,133,504 bytes): 1 KiB per lead now.
    expect(s.out()).toMatch(/; watching .*1\.3\.0\.json; limits 10240000 bytes, 10000 leads per request, 30 s to send one\n$/);
    s.child.kill('SIGINT');
    expect(await s.exited).toBe(0);
  }, 30_000);

  it('derives the body limit from --max-batch unless given, and cuts a request not sent whole within --request-timeout (a JSON 408)', async () => {
    const small = await serve(['--model', modelsFolder('limits'), '--port', '0', '--max-batch', '50']);
    expect(small.out()).toMatch(/; limits 1048576 bytes, 50 leads per request, 30 s to send one\n$/);
    small.child.kill('SIGTERM');
    const s = await serve(['--model', modelsFolder('limits2'), '--port', '0', '--max-batch', '20000', '--request-timeout', '0.3']);
    expect(s.out()).toMatch(/; limits 20480000 bytes, 20000 leads per request, 0\.3 s to send one\n$/);
    const { hostname, port } = new URL(s.url);
    const t0 = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      let got = '';
      const socket = connect(Number(port), hostname, () => socket.write('POST /score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"lead":'));
      socket.on('data', (c: Buffer) => { got += c; });
      socket.on('close', () => resolve(got));
      socket.on('error', reject);
    });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(JSON.parse(answer.split('\r\n\r\n')[1])).toEqual({ error: { status: 408, field: null,
      message: 'request body: not received in full within 0.3 s (got 8 of 100 bytes); send the whole body at once, or start the service with a longer --request-timeout' } });
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(await small.exited).toBe(0);
  }, 30_000);

  it('refuses bad options and a model that does not verify, with exit 2 and a message naming the option', () => {
    const run = (args: string[]) => spawnSync(process.execPath, [MAIN, 'serve', ...args], { cwd: ROOT, encoding: 'utf8' });
    const dir = modelsFolder('bad');
    const cases: [string[], RegExp][] = [
      [['--port', '0'], /^leadvalue: --model is required; see leadvalue serve --help$/m],
      [['--model', dir, '--port', 'http'], /^leadvalue: --port: not a port number from 0 to 65535 \(got "http"\); e\.g\. --port 8080/m],
      [['--model', dir, '--port', '70000'], /^leadvalue: --port: not a port number from 0 to 65535 \(got "70000"\)/m],
      [['--model', dir, '--max-body', '1 mega'], /^leadvalue: --max-body: not a size \(got "1 mega"\); e\.g\. --max-body 1mb, 512kb or 100000 \(bytes\)$/m],
      [['--model', dir, '--max-batch', '0'], /^leadvalue: --max-batch: must be at least 1 \(got 0\)/m],
      [['--model', dir, '--reasons', '101'], /^leadvalue: --reasons: must be at most 100 \(got 101\); ask for 0 \(none\) to 100 reasons per lead$/m],
      // Defect: a negative value gave the option parser's own text ("Option '--max-body' argument is ambiguous…").
      [['--model', dir, '--max-body', '-1'], /^leadvalue: --max-body: not a size \(got "-1"\); e\.g\. --max-body 1mb, 512kb or 100000 \(bytes\)$/m],
      [['--model', dir, '--max-batch', '-5'], /^leadvalue: --max-batch: not a whole number \(got "-5"\)$/m],
      [['--model', dir, '--reasons', '-2'], /^leadvalue: --reasons: not a whole number \(got "-2"\)$/m],
      [['--model', dir, '--port', '-1'], /^leadvalue: --port: not a port number from 0 to 65535 \(got "-1"\)/m],
      [['--model', dir, '--request-timeout', '-0.5'], /^leadvalue: --request-timeout: not a number of seconds above 0 \(got "-0\.5"\); e\.g\. --request-timeout 30$/m],
      [['--model', dir, '--request-timeout', '0'], /^leadvalue: --request-timeout: not a number of seconds above 0 \(got "0"\)/m],
      [['--model', dir, '--shutdown-timeout', '1m'], /^leadvalue: --shutdown-timeout: not a number of seconds above 0 \(got "1m"\); e\.g\. --shutdown-timeout 10$/m],
      [['--model', join(dir, 'nope')], /^leadvalue: .*nope: cannot read the model file or folder \(got ENOENT\)/m],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const help = run(['--help']).stdout;
    expect(help).toMatch(/^usage: leadvalue serve --model <file\.json \| models\/<name>\/> \[options\]/);
    // Defect: the help listed unseen and missing per lead, not extreme, which the service returns too.
    expect(help).toMatch(/reasons, unseen, missing, extreme per lead/);
    expect(help).toMatch(/--shutdown-timeout <s> +seconds SIGINT\/SIGTERM waits for the requests in flight before cutting them \(default 10\)/);
   }, 60_000);

  it('says so when the port is taken', async () => {
    const s = await serve(['--model', modelsFolder('port'), '--port', '0']);
    const port = new URL(s.url).port;
    const r = spawnSync(process.execPath, [MAIN, 'serve', '--model', modelsFolder('port2'), '--port', port], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^leadvalue: --host 127\\.0\\.0\\.1 --port ${port}: cannot listen \\(got EADDRINUSE\\); another process uses the port; choose another --port$`, 'm'));
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 30_000);
});
