/**
 * The query HTTP API as one request handler: Jaeger's UI API under `/api/...` and
 * Jaeger's api_v3 under `/api/v3/...`. It answers everything under `/api` (unknown
 * paths with a JSON 404) and returns false for any other path, so the caller can
 * serve `/metrics`, `/healthz` or the UI from the same server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../store/index.js';
import { MethodNotAllowedError, QueryError, QueryParamError, RouteNotFoundError } from './errors.js';
import { sendJson } from './http/response-writer.js';
import type { QuerySettings, RouteContext, RouteHandler } from './http/route.js';
import {
  getDependencies,
  getOperations,
  getServiceOperationNames,
  getServices,
  getTrace,
  jaegerErrorBody,
  searchTraces,
} from './jaeger/routes.js';
import { findTracesV3, getOperationsV3, getServicesV3, getTraceV3, v3ErrorBody } from './v3/routes.js';

export interface QueryRouterOptions {
  readonly store: Store;
  /** Most traces one search returns; a larger `limit` (or `query.num_traces`) is capped to it. Default 1500. */
  readonly maxTraceLimit?: number;
  /** Traces a search returns when it gives no limit. Default 20 (the Jaeger UI's default). */
  readonly defaultTraceLimit?: number;
  /** Path prefix the API lives under, e.g. `/jaeger` for `/jaeger/api/traces`. Default '' (none). */
  readonly basePath?: string;
  /** Clock in unix nanoseconds, for default time windows. Default: the system clock. */
  readonly now?: () => bigint;
  /** Spans encoded per step while streaming a trace. Default 500. */
  readonly streamChunkSpans?: number;
  /** Told about every 5xx answer (store failures, bugs). Default: one line on stderr. */
  readonly onInternalError?: (err: QueryError) => void;
}

/** Resolves true when it answered the request, false when the path is not under the API. */
export type QueryRouter = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

type Api = 'jaeger' | 'v3';

interface Route {
  readonly api: Api;
  /** Path segments after the base path; `:name` captures one non-empty segment. */
  readonly pattern: readonly string[];
  readonly handler: RouteHandler;
}

const ROUTES: readonly Route[] = [
  { api: 'v3', pattern: ['api', 'v3', 'services'], handler: getServicesV3 },
  { api: 'v3', pattern: ['api', 'v3', 'operations'], handler: getOperationsV3 },
  { api: 'v3', pattern: ['api', 'v3', 'traces'], handler: findTracesV3 },
  { api: 'v3', pattern: ['api', 'v3', 'traces', ':trace_id'], handler: getTraceV3 },
  { api: 'jaeger', pattern: ['api', 'services'], handler: getServices },
  { api: 'jaeger', pattern: ['api', 'services', ':service', 'operations'], handler: getServiceOperationNames },
  { api: 'jaeger', pattern: ['api', 'operations'], handler: getOperations },
  { api: 'jaeger', pattern: ['api', 'traces'], handler: searchTraces },
  { api: 'jaeger', pattern: ['api', 'traces', ':traceID'], handler: getTrace },
  { api: 'jaeger', pattern: ['api', 'dependencies'], handler: getDependencies },
];

const ALLOW = 'GET, HEAD';

function matchRoute(segments: readonly string[]): { route: Route; params: string[] } | undefined {
  outer: for (const route of ROUTES) {
    if (route.pattern.length !== segments.length) continue;
    const params: string[] = [];
    for (let i = 0; i < segments.length; i++) {
      const want = route.pattern[i]!;
      const got = segments[i]!;
      if (want.startsWith(':')) {
        if (got === '') continue outer;
        let decoded: string;
        try {
          decoded = decodeURIComponent(got);
        } catch {
          throw new QueryParamError(want.slice(1), `malformed percent-encoding in '${got}'`);
        }
        params.push(decoded);
      } else if (want !== got) {
        continue outer;
      }
    }
    return { route, params };
  }
  return undefined;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`query router option ${name} must be a positive integer, got ${value}`);
  return value;
}

function normalizeBasePath(basePath: string | undefined): string {
  if (basePath === undefined || basePath === '' || basePath === '/') return '';
  const withSlash = basePath.startsWith('/') ? basePath : `/${basePath}`;
  return withSlash.replace(/\/+$/, '');
}

function defaultOnInternalError(err: QueryError): void {
  process.stderr.write(`ariadne query: ${err.code}: ${err.message}\n`);
}

export function createQueryRouter(options: QueryRouterOptions): QueryRouter {
  const maxTraceLimit = positiveInteger('maxTraceLimit', options.maxTraceLimit, 1500);
  const settings: QuerySettings = {
    store: options.store,
    maxTraceLimit,
    defaultTraceLimit: Math.min(positiveInteger('defaultTraceLimit', options.defaultTraceLimit, 20), maxTraceLimit),
    now: options.now ?? (() => BigInt(Date.now()) * 1_000_000n),
    streamChunkSpans: positiveInteger('streamChunkSpans', options.streamChunkSpans, 500),
  };
  const basePath = normalizeBasePath(options.basePath);
  const onInternalError = options.onInternalError ?? defaultOnInternalError;

  function respondError(res: ServerResponse, api: Api, head: boolean, thrown: unknown): void {
    const err = thrown instanceof QueryError ? thrown : new QueryError(`internal error: ${String(thrown)}`, 'ERR_QUERY_INTERNAL', 500, { cause: thrown });
    if (err.httpStatus >= 500) onInternalError(err);
    if (res.headersSent) {
      // Mid-stream: the status is gone; cutting the connection is the only honest signal.
      res.destroy(err);
      return;
    }
    const body = api === 'v3' ? v3ErrorBody(err.httpStatus, err.message) : jaegerErrorBody(err.httpStatus, err.message);
    sendJson(res, err.httpStatus, body, head, err instanceof MethodNotAllowedError ? { Allow: ALLOW } : {});
  }

  return async (req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://query.invalid');
    } catch {
      return false;
    }
    let path = url.pathname;
    if (basePath !== '') {
      if (path !== basePath && !path.startsWith(`${basePath}/`)) return false;
      path = path.slice(basePath.length);
    }
    const segments = path.split('/').slice(1);
    if (segments[0] !== 'api') return false;
    const api: Api = segments[1] === 'v3' ? 'v3' : 'jaeger';
    const head = req.method === 'HEAD';
    try {
      const match = matchRoute(segments);
      if (match === undefined) throw new RouteNotFoundError(url.pathname);
      if (req.method !== 'GET' && !head) throw new MethodNotAllowedError(req.method ?? '');
      const ctx: RouteContext = { req, res, query: url.searchParams, pathParams: match.params, head, settings };
      await match.route.handler(ctx);
    } catch (err) {
      respondError(res, api, head, err);
    }
    return true;
  };
}
