import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import { connectionsOf, type TrackedConnection } from './track-connections.js';

/** What {@link closeGracefully} did. */
export interface CloseResult {
  /** Requests answered in full while stopping. */
  answered: number;
  /** Requests cut at the timeout: received (or begun) but not answered in full. 0 when every one was answered. */
  cut: number;
}

/** How often connections with no request are checked for the start of one. */
const SWEEP_MS = 25;
/** The longest the listener stays open after the stop to accept connections already waiting (sent before it). */
const ACCEPT_WINDOW_MS = 2000;

/**
 * Stops a server made by createScoringServer gracefully: it takes no new
 * connections (after accepting those already waiting to be, for at most
 * 2 s); every request it has begun to receive is answered in full
 * (those answered from now on with `Connection: close`), and each connection
 * is closed once its last answer has been sent. A connection with no request
 * is closed when no byte of a new one has arrived for 25 ms. After
 * `timeoutMs`, whatever is still open is cut, and counted.
 *
 * A request a client sends on a keep-alive connection at the moment the
 * service closes it can still be lost (the connection is reset or refused):
 * `POST /score` is idempotent, so clients retry it.
 * @param server - a listening server from createScoringServer
 * @param timeoutMs - the most to wait for requests in flight (default 10 000)
 * @returns how many requests were answered while stopping, and how many were cut at the timeout (0: none)
 * @throws TypeError when the server was not made by createScoringServer (its connections are not followed)
 * @example
 * process.on('SIGTERM', async () => { const { cut } = await closeGracefully(server); process.exit(cut ? 1 : 0); });
 */
export function closeGracefully(server: Server, timeoutMs = 10_000): Promise<CloseResult> {
  const connections = connectionsOf(server);
  if (!connections) throw new TypeError('closeGracefully: the server was not made by createScoringServer (its connections are not followed); close it with server.close()');
  const answeredBefore = connections.answered;
  return new Promise((resolve) => {
    let cut = 0;
    // A connection with no request and no new byte since the last look is closed; one whose bytes
    // have grown is receiving a request, which will be answered.
    const quiet = (c: TrackedConnection, bytes: number) => c.requests === 0 && c.socket.bytesRead === bytes && bytes === c.idleBytes;
    const closeIfIdle = (c: TrackedConnection, lastBytes: Map<TrackedConnection, number>) => {
      if (c.requests > 0) return;
      const bytes = c.socket.bytesRead;
      if (bytes !== c.idleBytes || lastBytes.get(c) !== bytes) { lastBytes.set(c, bytes); return; }
      // Look again after the event loop's next poll for I/O: a timer that fires after a long synchronous
      // stretch (scoring a large batch) runs before the bytes that arrived meanwhile have been read.
      setImmediate(() => { if (quiet(c, bytes)) c.socket.destroy(); });
    };
    const lastBytes = new Map<TrackedConnection, number>();
    // An answer sent in full on a connection with nothing else to do: close it (its client may not have been told to).
    connections.onIdle = (c) => c.socket.destroySoon();
    const sweep = setInterval(() => { for (const c of connections.open) closeIfIdle(c, lastBytes); }, SWEEP_MS);
    const deadline = setTimeout(() => {
      for (const c of connections.open) {
        cut += c.requests + (c.requests === 0 && c.socket.bytesRead > c.idleBytes ? 1 : 0);
        c.socket.destroy();
      }
    }, timeoutMs);
    // net's close, not http's: http's first calls closeIdleConnections, which destroys a connection whose
    // answer was end()ed but not yet sent (a large batch: megabytes cut after the headers).
    const closeListener = () => NetServer.prototype.close.call(server, () => {
      clearInterval(sweep);
      clearTimeout(deadline);
      connections.onIdle = undefined;
      resolve({ answered: connections.answered - answeredBefore, cut });
    });
    // Closing the listener resets the connections still waiting in its backlog, requests already sent
    // included, and a busy event loop accepts one connection per turn (8 concurrent 1.7 MB batches: 7 were
    // reset so). So the listener stays open until a turn of the loop accepts none (at most ACCEPT_WINDOW_MS).
    connections.stopping = true;
    const started = Date.now();
    const drain = (accepted: number) => setImmediate(() => {
      if (connections.accepted === accepted || Date.now() - started > Math.min(ACCEPT_WINDOW_MS, timeoutMs)) closeListener();
      else drain(connections.accepted);
    });
    setImmediate(() => drain(connections.accepted));
    // Connections with nothing in flight and nothing arriving are closed at the next look.
    for (const c of connections.open) closeIfIdle(c, lastBytes);
  });
}
