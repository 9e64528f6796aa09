import type { IncomingMessage } from 'node:http';
import { shown } from '../core/errors.js';
import { jsonErrorPosition } from './json-error-position.js';
import { RequestError } from './request-error.js';

/**
 * Reads a request's JSON body, refusing what the service will not take before
 * it reads (or keeps) more than it has to: a declared `Content-Length` over the
 * limit is refused unread, a body streamed past the limit stops being read
 * at the chunk that crosses it, and a body not whole within `timeoutMs` stops
 * being waited for. The caller answers with `Connection: close` so the rest is
 * never read.
 * @param req - the request
 * @param maxBytes - the most body bytes accepted
 * @param timeoutMs - the most time the whole body may take to arrive, from now (default 30 000)
 * @returns the parsed document
 * @throws RequestError 415 when the content type is not JSON (or a charset other than UTF-8) or the body
 * is compressed (a Content-Encoding other than identity),
 * 413 over the limit, 408 when the body is not whole in time, 400 when the body is not valid JSON
 * (naming the position, line and column)
 * @example
 * const body = await readJsonBody(req, 1024 * 1024);
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number, timeoutMs = 30_000): Promise<unknown> {
  checkContentType(req.headers['content-type']);
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    throw new RequestError(415, null, 'request header Content-Encoding', 'compressed bodies are not accepted', shown(encoding), 'send the JSON body uncompressed, without Content-Encoding');
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) throw tooLarge(`${declared} bytes`, maxBytes);
  const text = await readText(req, maxBytes, timeoutMs);
  try {
    return JSON.parse(text);
  } catch {
    const at = jsonErrorPosition(text);
    throw new RequestError(400, null, 'request body', `not valid JSON: unexpected ${at.found} at position ${at.position} (line ${at.line}, column ${at.column})`,
      undefined, 'send one JSON document');
  }
}

/** `application/json`, optionally with `charset=utf-8`; anything else is a 415. */
function checkContentType(header: string | undefined): void {
  const [type, ...params] = (header ?? '').split(';').map((s) => s.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '');
  if (type !== 'application/json') {
    throw new RequestError(415, null, 'request header Content-Type', 'not JSON', header === undefined ? 'nothing' : shown(header), 'send Content-Type: application/json');
  }
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new RequestError(415, null, 'request header Content-Type', 'the service reads UTF-8 only', shown(header), 'send Content-Type: application/json (UTF-8)');
  }
}

function tooLarge(got: string, maxBytes: number): RequestError {
  return new RequestError(413, null, 'request body', `larger than the service accepts (${maxBytes} bytes)`, got, 'send fewer leads per request, or start the service with a larger --max-body');
}

/** The body as UTF-8 text; rejects as soon as it grows past the limit or the time is up, and stops reading. */
function readText(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      cleanup();
      req.pause(); // no more reads: the answer closes the connection
      const declared = req.headers['content-length'];
      reject(new RequestError(408, null, 'request body', `not received in full within ${timeoutMs / 1000} s`,
        `${size}${declared === undefined ? '' : ` of ${declared}`} bytes`, 'send the whole body at once, or start the service with a longer --request-timeout'));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        req.pause(); // no more reads: the answer closes the connection
        chunks.length = 0;
        reject(tooLarge(`more than ${maxBytes} bytes, still sending`, maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => { cleanup(); resolve(Buffer.concat(chunks, size).toString('utf8')); };
    const onError = (e: Error) => { cleanup(); reject(e); };
    const cleanup = () => { clearTimeout(timer); req.off('data', onData); req.off('end', onEnd); req.off('error', onError); };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
