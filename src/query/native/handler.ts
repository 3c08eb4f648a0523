/**
 * The native API as one request handler for everything under `/api/v1/`; it returns
 * false for any other path, so it sits in front of the Jaeger-compatible router
 * (which answers every other `/api/...` path) on the same server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../../store/index.js';
import { MethodNotAllowedError, QueryError, QueryParamError, RouteNotFoundError } from '../errors.js';
import { sendJson } from '../http/response-writer.js';
import type { QuerySettings, RouteContext, RouteHandler } from '../http/route.js';
import { getServiceStats, getSpanDetail, getTraceOutline, nativeErrorBody, searchInTrace, searchSummaries } from './routes.js';

export interface NativeApiOptions {
  readonly store: Store;
  /** Most traces one search returns. Default 1500. */
  readonly maxTraceLimit?: number;
  /** Traces a search returns without `limit`. Default 20. */
  readonly defaultTraceLimit?: number;
  /** Clock in unix nanoseconds. Default: the system clock. */
  readonly now?: () => bigint;
  /** Told about every 5xx answer. Default: one line on stderr. */
  readonly onInternalError?: (err: QueryError) => void;
}

export type NativeApiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

const PREFIX = ['api', 'v1'];

const ROUTES: readonly { readonly pattern: readonly string[]; readonly handler: RouteHandler }[] = [
  { pattern: ['search'], handler: searchSummaries },
  { pattern: ['traces', ':traceId'], handler: getTraceOutline },
  { pattern: ['traces', ':traceId', 'search'], handler: searchInTrace },
  { pattern: ['traces', ':traceId', 'spans', ':spanId'], handler: getSpanDetail },
  { pattern: ['services', 'stats'], handler: getServiceStats },
];

function match(segments: readonly string[]): { handler: RouteHandler; params: string[] } | undefined {
  outer: for (const route of ROUTES) {
    if (route.pattern.length !== segments.length) continue;
    const params: string[] = [];
    for (let i = 0; i < segments.length; i++) {
      const want = route.pattern[i]!;
      const got = segments[i]!;
      if (!want.startsWith(':')) {
        if (want !== got) continue outer;
        continue;
      }
      if (got === '') continue outer;
      try {
        params.push(decodeURIComponent(got));
      } catch {
        throw new QueryParamError(want.slice(1), `malformed percent-encoding in '${got}'`);
      }
    }
    return { handler: route.handler, params };
  }
  return undefined;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`native API option ${name} must be a positive integer, got ${value}`);
  return value;
}

export function createNativeApiHandler(options: NativeApiOptions): NativeApiHandler {
  const maxTraceLimit = positive('maxTraceLimit', options.maxTraceLimit, 1500);
  const settings: QuerySettings = {
    store: options.store,
    maxTraceLimit,
    defaultTraceLimit: Math.min(positive('defaultTraceLimit', options.defaultTraceLimit, 20), maxTraceLimit),
    now: options.now ?? (() => BigInt(Date.now()) * 1_000_000n),
    streamChunkSpans: 500,
  };
  const onInternalError = options.onInternalError ?? ((err: QueryError) => void process.stderr.write(`ariadne api: ${err.code}: ${err.message}\n`));

  return async (req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://native.invalid');
    } catch {
      return false;
    }
    const segments = url.pathname.split('/').slice(1);
    if (segments[0] !== PREFIX[0] || segments[1] !== PREFIX[1]) return false;
    const head = req.method === 'HEAD';
    try {
      const found = match(segments.slice(PREFIX.length));
      if (found === undefined) throw new RouteNotFoundError(url.pathname);
      if (req.method !== 'GET' && !head) throw new MethodNotAllowedError(req.method ?? '');
      const ctx: RouteContext = { req, res, query: url.searchParams, pathParams: found.params, head, settings };
      await found.handler(ctx);
    } catch (thrown) {
      const err = thrown instanceof QueryError ? thrown : new QueryError(`internal error: ${String(thrown)}`, 'ERR_QUERY_INTERNAL', 500, { cause: thrown });
      if (err.httpStatus >= 500) onInternalError(err);
      if (res.headersSent) res.destroy(err);
      else sendJson(res, err.httpStatus, nativeErrorBody(err), head, err instanceof MethodNotAllowedError ? { Allow: 'GET, HEAD' } : {});
    }
    return true;
  };
}
