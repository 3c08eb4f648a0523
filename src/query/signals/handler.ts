/**
 * The logs and metrics routes as one request handler, mounted before the Jaeger router
 * (which answers every other `/api/...` path):
 *
 *   GET /api/traces/{traceID}/logs[?spanID=]
 *   GET /api/logs?service=&severity=&q=&start=&end=&limit=
 *   GET /api/series?name=&resource.KEY=VALUE...&start=&end=&step=
 *
 * Returns false for every other path, and for all three when the store keeps no logs
 * or metrics (then the paths are simply not there: 404 from the router behind).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../../store/index.js';
import { isLogStore } from '../../store/log-store.js';
import { isMetricStore } from '../../store/metric-store.js';
import { MethodNotAllowedError, QueryError, QueryParamError } from '../errors.js';
import { sendJson } from '../http/response-writer.js';
import type { QuerySettings, RouteContext } from '../http/route.js';
import { getSeries, getTraceLogs, searchLogs, type SignalsContext } from './routes.js';

export interface SignalsApiOptions {
  readonly store: Store;
  /** Unix nanoseconds. Default: the system clock. */
  readonly now?: () => bigint;
  readonly onInternalError?: (err: QueryError) => void;
}

type Route = (c: SignalsContext) => Promise<void>;

function match(segments: readonly string[]): { route: Route; params: string[] } | undefined {
  // segments after the leading '' of the path
  if (segments.length === 2 && segments[0] === 'api' && segments[1] === 'logs') return { route: searchLogs, params: [] };
  if (segments.length === 2 && segments[0] === 'api' && segments[1] === 'series') return { route: getSeries, params: [] };
  if (segments.length === 4 && segments[0] === 'api' && segments[1] === 'traces' && segments[3] === 'logs' && segments[2] !== '') {
    let id: string;
    try {
      id = decodeURIComponent(segments[2]!);
    } catch {
      throw new QueryParamError('traceID', `malformed percent-encoding in '${segments[2]}'`);
    }
    return { route: getTraceLogs, params: [id] };
  }
  return undefined;
}

export function createSignalsApiHandler(options: SignalsApiOptions): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const store = options.store;
  const onInternalError = options.onInternalError ?? ((err: QueryError) => void process.stderr.write(`ariadne api: ${err.code}: ${err.message}\n`));
  const settings: QuerySettings = {
    store,
    defaultTraceLimit: 20,
    maxTraceLimit: 1500,
    now: options.now ?? (() => BigInt(Date.now()) * 1_000_000n),
    streamChunkSpans: 500,
  };
  return async (req, res) => {
    if (!isLogStore(store) || !isMetricStore(store)) return false;
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://signals.invalid');
    } catch {
      return false;
    }
    const head = req.method === 'HEAD';
    try {
      const found = match(url.pathname.split('/').slice(1));
      if (found === undefined) return false;
      if (req.method !== 'GET' && !head) throw new MethodNotAllowedError(req.method ?? '');
      const ctx: RouteContext = { req, res, query: url.searchParams, pathParams: found.params, head, settings };
      await found.route({ ctx, logs: store, metrics: store });
    } catch (thrown) {
      const err = thrown instanceof QueryError ? thrown : new QueryError(`internal error: ${String(thrown)}`, 'ERR_QUERY_INTERNAL', 500, { cause: thrown });
      if (err.httpStatus >= 500) onInternalError(err);
      if (res.headersSent) res.destroy(err);
      else sendJson(res, err.httpStatus, JSON.stringify({ error: { code: err.code, message: err.message } }), head, err instanceof MethodNotAllowedError ? { Allow: 'GET, HEAD' } : {});
    }
    return true;
  };
}
