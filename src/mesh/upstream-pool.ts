/**
 * Keep-alive connections to upstreams, on node's own HTTP client (`http.Agent`): its
 * parser is the llhttp built into node, native code, where undici's is llhttp compiled
 * to WebAssembly, whose instance and compiled code cost a proxy ~19 MiB of RSS.
 *
 * The agent keeps at most `maxConnections` sockets per endpoint (host:port), busy or
 * idle; requests beyond that wait for a socket inside the agent (the headers timeout
 * still runs). An idle socket goes when the upstream closes it, or a second before the
 * upstream's announced `Keep-Alive: timeout=N` (node's agent reads the hint), so a
 * request is rarely written to a socket the upstream is closing; forward() retries
 * once when that happens to a request without a body.
 */
import http from 'node:http';

export interface UpstreamPoolOptions {
  /** Sockets per endpoint at most, busy or idle. */
  readonly maxConnections: number;
  /** TCP connect, ms; beyond it 504. 0: none (the OS's own). */
  readonly connectTimeoutMs: number;
  /** Longest pause between two response body chunks, ms; beyond it the exchange is cut. 0: none. */
  readonly bodyTimeoutMs: number;
}

export class UpstreamPool {
  readonly agent: http.Agent;

  constructor(readonly options: UpstreamPoolOptions) {
    this.agent = new http.Agent({
      keepAlive: true,
      maxSockets: options.maxConnections,
      maxFreeSockets: options.maxConnections,
      // The most recently used socket first: the fewest sockets stay warm.
      scheduling: 'lifo',
    });
  }

  /** Closes every socket, idle or busy. Idempotent. */
  destroy(): void {
    this.agent.destroy();
  }
}
