import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { LeadvalueError } from '../core/errors.js';
import { scoreLead, type LeadScore } from '../scoring/score-lead.js';
import { DEFAULT_MAX_BATCH, defaultMaxBodyBytes } from './default-max-body.js';
import type { LoadedModel } from './load-verified-model.js';
import { modelMetadata } from './model-metadata.js';
import type { ModelSource } from './model-watcher.js';
import { readJsonBody } from './request-body.js';
import { RequestError } from './request-error.js';
import { scoreInSlices } from './score-in-slices.js';
import { trackConnections } from './track-connections.js';
import { validateScoreRequest } from './validate-request.js';

/** Options of {@link createScoringServer}. */
export interface ScoringServerOptions {
  /** Where each request takes its model from: a {@link watchModel} watcher, or `{ current: () => loaded }` for a fixed model. */
  source: ModelSource;
  /** Most request body bytes (default: 1 KiB per lead of `maxBatch`, at least 1 MiB; see defaultMaxBodyBytes). */
  maxBodyBytes?: number;
  /** Most leads per request (default 10 000). */
  maxBatch?: number;
  /**
   * A request whose headers have not all arrived this long after they started, or
   * whose body has not all arrived this long after its headers, is answered 408 and
   * its connection closed (default 30 000).
   */
  requestTimeoutMs?: number;
  /** Reasons per lead when a request does not say (default 3). */
  reasons?: number;
  /** Where unexpected errors (answered 500) are logged (default: console.error). */
  log?: (line: string) => void;
}

/** The routes and the methods each allows. */
const ROUTES: Record<string, string[]> = { '/score': ['POST'], '/health': ['GET', 'HEAD'], '/model': ['GET', 'HEAD'] };

/**
 * The scoring service as a node:http server, not yet listening:
 * `POST /score` scores `{"lead": {…}}` or `{"leads": [{…}, …]}` (optional
 * `goals` override and `reasons`) with the production scorer; `GET /health`
 * and `GET /model` describe it. Each request takes the model from `source`
 * once, when it arrives, so a hot reload never changes the model under a
 * request, and every answer names the model that scored it. Refusals are
 * `{"error": {"status", "message", "field"}}` with the 4xx status that fits
 * (see the README's "Scoring service").
 * @param options - the model source and limits
 * @returns the server: call `listen(port, host)`; close it with closeGracefully
 * @example
 * const server = createScoringServer({ source: watchModel('models/demo') });
 * server.listen(8080, '127.0.0.1');
 */
export function createScoringServer(options: ScoringServerOptions): Server {
  const { source, maxBatch = DEFAULT_MAX_BATCH, maxBodyBytes = defaultMaxBodyBytes(maxBatch), reasons = 3, requestTimeoutMs = 30_000, log = console.error } = options;
  const started = Date.now();
  let served = 0, leadsScored = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse, loaded: LoadedModel): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    const methods = ROUTES[path];
    const route = `${req.method} ${path}`;
    if (!methods) throw new RequestError(404, null, route, 'no such route', undefined, 'the service answers POST /score, GET /health and GET /model');
    if (!methods.includes(req.method ?? '')) {
      throw new RequestError(405, null, route, 'method not allowed', undefined, `use ${methods.join(' or ')} ${path}`, { Allow: methods.join(', ') });
    }
    const model = { name: loaded.model.model.name, version: loaded.model.model.version };
    if (path === '/health') {
      // Degraded (the file served is gone or refused) still answers 200: the service scores, and a load balancer should keep it.
      const reason = source.degraded?.() ?? null;
      return send(res, 200, { status: reason === null ? 'ok' : 'degraded', reason, model: { ...model, path: loaded.path, loadedAt: loaded.loadedAt, ...(loaded.warnings?.length ? { warnings: loaded.warnings } : {}) }, uptimeSeconds: Math.round((Date.now() - started) / 1000), requestsServed: served, leadsScored });
    }
    if (path === '/model') return send(res, 200, modelMetadata(loaded));
    const body = await readJsonBody(req, maxBodyBytes, requestTimeoutMs);
    const request = validateScoreRequest(body, loaded.model, { maxBatch, reasons });
    const scoreOptions = { goals: request.goals, topReasons: request.reasons };
    const idColumn = loaded.model.input.leadId;
    const withId = (lead: Record<string, unknown>, s: LeadScore) => (lead[idColumn] === undefined || lead[idColumn] === null ? s : { leadId: lead[idColumn], ...s });
    if (request.single) {
      const lead = request.leads[0];
      const s = scoreLead(loaded.model, lead, { ...scoreOptions, where: 'lead' });
      leadsScored++;
      return send(res, 200, { model, lead: withId(lead, s) });
    }
    const batch = await scoreInSlices(loaded.model, request.leads, { ...scoreOptions, where: 'leads', firstRow: 0 }, 500, () => req.socket.destroyed);
    if (!batch) return; // the client went away
    leadsScored += batch.scores.length;
    send(res, 200, { model, goalProfile: batch.goalProfile, leads: batch.scores.map((s, i) => withId(request.leads[i], s)), unseen: batch.unseen, missing: batch.missing, extreme: batch.extreme });
  };

  const fail = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    if (res.headersSent) { res.destroy(); return; }
    if (req.socket.destroyed) return; // the client went away (an aborted upload): nobody to answer, nothing wrong with the service
    let status = 500, field: string | null = null, headers: Record<string, string> = {}, message = 'internal error; the service logged it';
    if (error instanceof RequestError) ({ status, field, headers, message } = error);
    else if (error instanceof LeadvalueError) {
      // The scorer's own refusals (a goals override, a value it cannot read): the request, not the service, is at fault.
      status = 422;
      message = error.message;
      field = /, field (.+)$/.exec(error.where)?.[1] ?? null;
      // A refusal of a whole lead (an output that is not finite): `leads 3` as the request's path, leads[3].
      const lead = field === null ? /^(lead|leads (\d+))$/.exec(error.where) : null;
      if (lead) {
        field = lead[2] === undefined ? 'lead' : `leads[${lead[2]}]`;
        message = field + message.slice(error.where.length);
      }
    } else log(`leadvalue serve: ${req.method} ${req.url}: ${(error as Error)?.stack ?? String(error)}`);
    // A body not read to its end (a refusal, a timeout) is not read at all: close the connection rather than drain it.
    if (!req.complete) headers = { ...headers, Connection: 'close' };
    send(res, status, { error: { status, message, field } }, headers);
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)), 'Cache-Control': 'no-store',
      // Closing (SIGTERM): tell keep-alive clients not to send more on this connection.
      ...(server.listening && !connections.stopping ? {} : { Connection: 'close' }),
      ...headers,
    });
    res.end(text);
  };

  // Node's own request timeout answers a bare 408 and is checked only every 30 s: the body's deadline is
  // readJsonBody's; the headers' is Node's, checked often enough to be on time, and answered below in JSON.
  const server = createServer({ requestTimeout: 0, headersTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.min(1000, Math.max(10, requestTimeoutMs >> 3)) }, (req, res) => {
    const loaded = source.current(); // taken once: a reload during this request does not change it
    res.on('finish', () => { served++; });
    handle(req, res, loaded).catch((e: unknown) => fail(req, res, e));
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket, requestTimeoutMs));
  const connections = trackConnections(server);
  return server;
}

/**
 * Answers a request node:http could not parse or that timed out before its
 * headers were whole, in the service's JSON refusal format, and closes the
 * connection (node's own answer would be a bare status line).
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket, requestTimeoutMs: number): void {
  // Nobody to answer, or an answer already under way on this connection (writing now would corrupt it).
  const answering = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
  if (!socket.writable || error.code === 'ECONNRESET' || answering?.headersSent) { socket.destroy(); return; }
  const [status, message]: [number, string] = error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
    ? [408, `request headers: not received in full within ${requestTimeoutMs / 1000} s; send the whole request at once`]
    : error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'request headers: larger than the service accepts; send shorter headers']
      : [400, `request: not a valid HTTP/1.1 request (got ${error.code ?? error.message}); send an HTTP/1.1 request`];
  const text = JSON.stringify({ error: { status, message, field: null } });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n`
    + `Cache-Control: no-store\r\nConnection: close\r\n\r\n${text}`);
  socket.destroySoon();
}
