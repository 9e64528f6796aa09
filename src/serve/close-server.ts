import type { Server } from 'node:http';

/**
 * Stops a server gracefully: no new connections, requests in flight finish
 * and are answered (with `Connection: close`), idle keep-alive connections
 * are closed as soon as they are idle. After `timeoutMs`, whatever is still
 * open is cut.
 * @param server - a listening server
 * @param timeoutMs - the most to wait for requests in flight (default 10 000)
 * @returns true when every request finished, false when some were cut at the timeout
 * @example
 * process.on('SIGTERM', async () => { await closeGracefully(server); process.exit(0); });
 */
export function closeGracefully(server: Server, timeoutMs = 10_000): Promise<boolean> {
  return new Promise((resolve) => {
    let forced = false;
    // A connection busy with a request becomes idle once answered; close it then.
    const sweep = setInterval(() => server.closeIdleConnections(), 25);
    const deadline = setTimeout(() => { forced = true; server.closeAllConnections(); }, timeoutMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve(!forced);
    });
    server.closeIdleConnections();
  });
}
