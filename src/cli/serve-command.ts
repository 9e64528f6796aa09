import type { AddressInfo } from 'node:net';
import { LeadvalueError } from '../core/errors.js';
import { checkReasonsOption } from '../scoring/reasons-option.js';
import { closeGracefully } from '../serve/close-server.js';
import { createScoringServer } from '../serve/create-server.js';
import { DEFAULT_MAX_BATCH, defaultMaxBodyBytes } from '../serve/default-max-body.js';
import { watchModel } from '../serve/model-watcher.js';

/** Options of `leadvalue serve`, as given on the command line. */
export interface ServeCommand {
  /** A model file, or a `models/<name>/` folder (the highest version is served). */
  model: string;
  port?: string;
  host?: string;
  /** Body size limit: bytes, or with a unit: `512kb`, `1mb` (1 kb = 1024 bytes); default 1 kb per lead of maxBatch, at least 1 mb. */
  maxBody?: string;
  maxBatch?: number;
  reasons?: number;
  /** Seconds a request has to send its headers, and then its body (default 30). */
  requestTimeout?: string;
  /** Seconds a stop (SIGINT, SIGTERM) waits for the requests in flight before cutting them (default 10). */
  shutdownTimeout?: string;
}

/**
 * `leadvalue serve`: scores leads over HTTP until SIGINT or SIGTERM, then
 * finishes the requests in flight and returns. Reloads the model when its
 * file or folder changes, and on SIGHUP. Logs one line at startup, per reload
 * and at shutdown; nothing per request.
 * @param o - the options
 * @param log - where the lines go
 * @returns the exit code once the service has stopped: 0 when every request was answered,
 * 1 when some were cut at the shutdown timeout (the last line says how many)
 * @throws LeadvalueError when an option is invalid, the model does not verify, or the port cannot be bound
 */
export async function serveCommand(o: ServeCommand, log: (line: string) => void): Promise<number> {
  const port = o.port === undefined ? 8080 : Number(o.port);
  if (!/^\d+$/.test(o.port ?? '0') || port > 65535) throw new LeadvalueError('--port', 'not a port number from 0 to 65535', JSON.stringify(o.port), 'e.g. --port 8080 (0: any free port)');
  const host = o.host ?? '127.0.0.1';
  if (o.maxBatch !== undefined && o.maxBatch < 1) throw new LeadvalueError('--max-batch', 'must be at least 1', String(o.maxBatch), 'e.g. --max-batch 10000');
  const maxBatch = o.maxBatch ?? DEFAULT_MAX_BATCH;
  // The body limit follows the batch limit unless given, so that a full batch always fits.
  const maxBodyBytes = o.maxBody === undefined ? defaultMaxBodyBytes(maxBatch) : parseSize(o.maxBody);
  const timeoutSeconds = Number(o.requestTimeout ?? '30');
  if (!/^\d+(\.\d+)?$/.test(o.requestTimeout ?? '30') || Math.round(timeoutSeconds * 1000) < 1) {
    throw new LeadvalueError('--request-timeout', 'not a number of seconds above 0', JSON.stringify(o.requestTimeout), 'e.g. --request-timeout 30');
  }
  const shutdownSeconds = Number(o.shutdownTimeout ?? '10');
  if (!/^\d+(\.\d+)?$/.test(o.shutdownTimeout ?? '10') || Math.round(shutdownSeconds * 1000) < 1) {
    throw new LeadvalueError('--shutdown-timeout', 'not a number of seconds above 0', JSON.stringify(o.shutdownTimeout), 'e.g. --shutdown-timeout 10');
  }
  checkReasonsOption(o.reasons);

  const watcher = watchModel(o.model, { log });
  const server = createScoringServer({ source: watcher, maxBodyBytes, maxBatch, reasons: o.reasons, requestTimeoutMs: Math.round(timeoutSeconds * 1000), log });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => { server.off('error', reject); resolve(); });
    });
  } catch (e) {
    watcher.close();
    const code = (e as NodeJS.ErrnoException).code;
    throw new LeadvalueError(`--host ${host} --port ${port}`, 'cannot listen', code, code === 'EADDRINUSE' ? 'another process uses the port; choose another --port' : 'check the host and port');
  }
  const address = server.address() as AddressInfo;
  const { model } = watcher.current();
  log(`leadvalue serve: ${model.model.name} ${model.model.version} (${watcher.current().path}) on http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
    + `; ${watcher.folder ? `serving the highest version in ${o.model}` : `watching ${o.model}`}; limits ${maxBodyBytes} bytes, ${maxBatch} leads per request, ${timeoutSeconds} s to send one`);
  for (const w of watcher.current().warnings ?? []) log(`leadvalue serve: warning: ${w}`);

  // The CLI's own SIGINT/SIGTERM handlers exit at once (they exist to remove temporary files, which serve never writes):
  // replace them with a graceful stop.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(signal);
  const reload = () => {
    if (!watcher.check('SIGHUP')) log(`leadvalue serve: SIGHUP: no new model; serving ${watcher.current().model.model.name} ${watcher.current().model.model.version}`);
  };
  process.on('SIGHUP', reload);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log(`leadvalue serve: ${signal}: finishing the requests in flight, then stopping`);
      watcher.close();
      const { cut } = await closeGracefully(server, Math.round(shutdownSeconds * 1000));
      process.off('SIGHUP', reload);
      if (cut === 0) {
        log('leadvalue serve: stopped');
        resolve(0);
      } else {
        log(`leadvalue serve: stopped, cutting ${cut} request${cut === 1 ? '' : 's'} not answered in full within ${shutdownSeconds} s; a longer --shutdown-timeout gives them more time`);
        resolve(1);
      }
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * A size in bytes: `1048576`, `512kb`, `1mb`, `1.5mb` (1 kb = 1024 bytes, case-insensitive).
 * @throws LeadvalueError naming --max-body when it is not a size
 */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(text.trim());
  const bytes = m ? Math.floor(Number(m[1]) * 1024 ** ['b', 'kb', 'mb', 'gb'].indexOf((m[2] ?? 'b').toLowerCase())) : NaN;
  if (!m || bytes < 1) throw new LeadvalueError('--max-body', 'not a size', JSON.stringify(text), 'e.g. --max-body 1mb, 512kb or 100000 (bytes)');
  return bytes;
}
