import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** One open connection and what it carries. */
export interface TrackedConnection {
  socket: Socket;
  /** Requests received on it whose response has not finished (sent in full, or aborted). */
  requests: number;
  /** `socket.bytesRead` when it last had no request in flight: more bytes since then are the start of a request. */
  idleBytes: number;
}

/** The connections of a server, as {@link trackConnections} follows them. */
export interface Connections {
  readonly open: Set<TrackedConnection>;
  /** Called when a response finishes and its connection has no other request in flight (set by closeGracefully). */
  onIdle?: (connection: TrackedConnection) => void;
  /** Responses finished (sent in full) since the server started. */
  answered: number;
  /** Connections accepted since the server started. */
  accepted: number;
  /** Set by closeGracefully: answers say `Connection: close` while the last waiting connections are accepted. */
  stopping: boolean;
}

const tracked = new WeakMap<Server, Connections>();

/**
 * Follows a server's connections and the requests on each, counting a request
 * until its response has been sent in full or aborted: not, as node's
 * `closeIdleConnections` does, until its response was `end()`ed, which for a
 * large answer is long before the last byte leaves. createScoringServer calls
 * it; closeGracefully reads it with {@link connectionsOf}.
 * @param server - a server not yet listening
 * @returns the live record of its connections
 * @example
 * const connections = trackConnections(server);
 */
export function trackConnections(server: Server): Connections {
  const connections: Connections = { open: new Set(), answered: 0, accepted: 0, stopping: false };
  const bySocket = new WeakMap<Socket, TrackedConnection>();
  server.on('connection', (socket: Socket) => {
    const c: TrackedConnection = { socket, requests: 0, idleBytes: 0 };
    bySocket.set(socket, c);
    connections.open.add(c);
    connections.accepted++;
    socket.once('close', () => connections.open.delete(c));
  });
  server.on('request', (req, res) => {
    const c = bySocket.get(req.socket);
    if (!c) return;
    c.requests++;
    let done = false;
    const finished = (sent: boolean) => {
      if (done) return;
      done = true;
      c.requests--;
      if (sent) connections.answered++;
      if (c.requests === 0) {
        c.idleBytes = c.socket.bytesRead;
        connections.onIdle?.(c);
      }
    };
    // 'finish': the last byte was handed to the operating system; 'close' alone: the answer was aborted.
    res.once('finish', () => finished(true));
    res.once('close', () => finished(false));
  });
  tracked.set(server, connections);
  return connections;
}

/**
 * The record {@link trackConnections} keeps for a server, or undefined when it does not follow it.
 * @param server - the server
 * @returns its connections
 */
export function connectionsOf(server: Server): Connections | undefined {
  return tracked.get(server);
}
