// closeGracefully: every request the service has begun to receive is answered in full,
// then it stops; what is still open at the timeout is cut and counted.
import { Agent, request, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { closeGracefully } from '../../src/serve/close-server.js';
import { createScoringServer } from '../../src/serve/create-server.js';
import { LEAD, listen, MODEL_A } from './serve-helpers.js';

const servers: Server[] = [];
afterAll(() => { for (const s of servers) s.closeAllConnections(); });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function start(): Promise<{ server: Server; url: string; port: number }> {
  const server = createScoringServer({ source: { current: () => ({ model: MODEL_A, path: 'A', loadedAt: '' }) } });
  servers.push(server);
  const url = await listen(server);
  return { server, url, port: Number(new URL(url).port) };
}

interface Received { status: number; connection?: string; bytes: number; declared: number }
/** A POST /score whose answer is read to its end: its byte count, or the error that cut it. */
function post(url: string, body: string, agent?: Agent, sent?: Promise<void>[]): Promise<Received> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/score`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => { bytes += c.length; });
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, bytes, declared: Number(res.headers['content-length']) }));
      res.on('error', (e: NodeJS.ErrnoException) => reject(new Error(`cut after ${bytes} bytes: ${e.code ?? e.message}`)));
    });
    req.on('error', reject);
    if (sent) sent.push(new Promise((done) => req.on('finish', done))); // the body handed whole to the OS
    req.end(body);
  });
}

/** A raw connection; `answer()` resolves with all it received once the service closes it. */
function raw(port: number): { socket: Socket; answer: () => Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  let got = '';
  const closed = new Promise<string>((resolve) => {
    socket.on('data', (c: Buffer) => { got += c; });
    socket.on('error', (e: NodeJS.ErrnoException) => { got += `[${e.code}]`; });
    socket.on('close', () => resolve(got));
  });
  return { socket, answer: () => closed };
}
const scoreRequest = (body: string) => `POST /score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('closeGracefully', () => {
  // Defect: 8 batches of 10,000 leads in flight at SIGTERM were all reset after their 200 headers (partial
  // bodies of ~4 MB of 6.7 MB), while the service logged "stopped": closeIdleConnections counted a connection
  // whose answer was end()ed but not yet sent as idle, and destroyed it.
  it('answers large batches in flight in full, with Connection: close, then resolves', async () => {
    const { server, url } = await start();
    const body = JSON.stringify({ leads: Array.from({ length: 10_000 }, (_, i) => ({ ...LEAD, lead_id: `N${i}` })) });
    const agent = new Agent({ keepAlive: true });
    const expected = await post(url, body, agent); // the same answer, without a shutdown
    expect(expected).toMatchObject({ status: 200, bytes: expected.declared });
    expect(expected.bytes).toBeGreaterThan(6_000_000);
    // Stop once every body is sent, so the service has begun to receive each (on a loaded machine 150 ms was not always enough).
    const sent: Promise<void>[] = [];
    const answers = Promise.allSettled(Array.from({ length: 8 }, () => post(url, body, agent, sent)));
    await Promise.all(sent);
    const result = await closeGracefully(server, 30_000);
    const got = await answers;
    expect(got.map((a) => (a.status === 'fulfilled' ? a.value : String(a.reason)))).toEqual(Array(8).fill({ status: 200, connection: 'close', bytes: expected.bytes, declared: expected.bytes }));
    expect(result).toEqual({ answered: 8, cut: 0 });
    agent.destroy();
  }, 60_000);

  // Defect: under load, SIGTERM reset about one request per connection: requests that had reached the service
  // (on a keep-alive connection or a new one) but that it had not read yet were dropped with their connection.
  it('answers a request that has reached the service when it stops, on a keep-alive connection and on a new one', async () => {
    const { server, port } = await start();
    const body = JSON.stringify({ lead: LEAD });
    const kept = raw(port);
    let first = '';
    kept.socket.on('data', (c: Buffer) => { first += c; });
    kept.socket.write(scoreRequest(body));
    while (!first.includes('"leadId":"L-1"')) await sleep(5); // answered once: now an idle keep-alive connection
    const fresh = raw(port);
    await new Promise((r) => fresh.socket.once('connect', r));
    await sleep(20); // accepted by the service, nothing sent yet
    // Both send a whole request, and the service stops in the same turn, before it has read either.
    kept.socket.write(scoreRequest(body));
    fresh.socket.write(scoreRequest(body));
    const closing = closeGracefully(server, 5000);
    const [k, f] = [await kept.answer(), await fresh.answer()];
    expect(k.split('HTTP/1.1 200 OK').length).toBe(3);
    expect(k.slice(k.lastIndexOf('HTTP/1.1'))).toMatch(/\r\nConnection: close\r\n[\s\S]*"leadId":"L-1"[\s\S]*\}$/);
    expect(f).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\nConnection: close\r\n[\s\S]*"leadId":"L-1"[\s\S]*\}$/);
    expect(await closing).toEqual({ answered: 2, cut: 0 });
  });

  it('answers a request whose headers had begun to arrive, and closes an idle keep-alive connection at once', async () => {
    const { server, url, port } = await start();
    const agent = new Agent({ keepAlive: true });
    await post(url, JSON.stringify({ lead: LEAD }), agent); // leaves an idle keep-alive connection
    const begun = raw(port);
    const text = scoreRequest(JSON.stringify({ lead: LEAD }));
    begun.socket.write(text.slice(0, 20)); // part of the request line only
    await sleep(50);
    const t0 = Date.now();
    const closing = closeGracefully(server, 5000);
    await sleep(100);
    begun.socket.write(text.slice(20));
    expect(await begun.answer()).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\nConnection: close\r\n[\s\S]*"leadId":"L-1"/);
    expect(await closing).toEqual({ answered: 1, cut: 0 });
    expect(Date.now() - t0).toBeLessThan(1000);
    agent.destroy();
  });

  it('cuts and counts what is still unanswered at the timeout: a body not sent whole, headers not sent whole', async () => {
    const { server, port } = await start();
    const text = scoreRequest(JSON.stringify({ lead: LEAD }));
    const body = raw(port), headers = raw(port);
    body.socket.write(text.slice(0, text.length - 5));
    headers.socket.write(text.slice(0, 20));
    await sleep(50);
    const t0 = Date.now();
    expect(await closeGracefully(server, 200)).toEqual({ answered: 0, cut: 2 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(await body.answer()).toBe('');
    expect(await headers.answer()).toBe('');
  });

  it('refuses a server it does not follow, rather than wait for connections it cannot see', async () => {
    const { createServer } = await import('node:http');
    expect(() => closeGracefully(createServer())).toThrow(/^closeGracefully: the server was not made by createScoringServer/);
  });
});
