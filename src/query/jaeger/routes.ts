/**
 * Jaeger's UI API (jaeger-query `cmd/query/app/http_handler.go`): same paths, parameters
 * and JSON envelope `{data, total, limit, offset, errors}`.
 */
import { bytesToHex, type Span } from '../../model/index.js';
import type { DependencyLink } from '../../store/index.js';
import { QueryParamError, TraceNotFoundError } from '../errors.js';
import { sendJson, StreamingJsonWriter } from '../http/response-writer.js';
import { fromStore, type RouteContext } from '../http/route.js';
import { jaegerSpanKindName, parseTraceIdText } from '../params.js';
import { parseDependenciesParams, parseJaegerSearchParams, parseOperationsParams } from './params.js';
import { formatJaegerTraceId } from './to-jaeger.js';
import type { JaegerDependencyLink, JaegerError, JaegerOperation, JaegerResponse } from './types.js';
import { writeJaegerTraces } from './write-traces.js';

export function jaegerEnvelope<T>(data: T, total = 0, errors: JaegerError[] | null = null): JaegerResponse<T> {
  return { data, total, limit: 0, offset: 0, errors };
}

/** Jaeger's error answer: `{"data":null,...,"errors":[{"code":400,"msg":"..."}]}`. */
export function jaegerErrorBody(status: number, msg: string): string {
  return JSON.stringify(jaegerEnvelope(null, 0, [{ code: status, msg }]));
}

function sendEnvelope<T>(ctx: RouteContext, data: T, total = 0): void {
  sendJson(ctx.res, 200, JSON.stringify(jaegerEnvelope(data, total)), ctx.head);
}

/** GET /api/services */
export async function getServices(ctx: RouteContext): Promise<void> {
  const services = await fromStore(() => ctx.settings.store.getServices());
  sendEnvelope(ctx, services, services.length);
}

/** GET /api/services/{service}/operations: unique operation names of every kind, sorted. */
export async function getServiceOperationNames(ctx: RouteContext): Promise<void> {
  const service = ctx.pathParams[0] ?? '';
  const operations = await fromStore(() => ctx.settings.store.getOperations(service));
  const names = [...new Set(operations.map((o) => o.name))].sort();
  sendEnvelope(ctx, names, names.length);
}

/** GET /api/operations?service=&spanKind= */
export async function getOperations(ctx: RouteContext): Promise<void> {
  const parsed = parseOperationsParams(ctx.query);
  if (!parsed.ok) throw parsed.error;
  const { service, spanKind } = parsed.value;
  const operations = await fromStore(() => ctx.settings.store.getOperations(service, spanKind));
  const data: JaegerOperation[] = operations.map((o) => ({ name: o.name, spanKind: jaegerSpanKindName(o.spanKind) }));
  sendEnvelope(ctx, data, data.length);
}

/** GET /api/traces/{traceID}: 1-32 hex digits, left-padded; streamed. */
export async function getTrace(ctx: RouteContext): Promise<void> {
  const text = ctx.pathParams[0] ?? '';
  const traceId = parseTraceIdText(text);
  if (traceId === null) throw new QueryParamError('traceID', `cannot parse '${text}' as a trace id (1 to 32 hex digits)`);
  const spans = await fromStore(() => ctx.settings.store.getTrace(traceId));
  if (spans.length === 0) throw new TraceNotFoundError();
  await streamTraces(ctx, [spans], null);
}

/** GET /api/traces?service=...: summaries from findTraces, full traces in that order. */
export async function searchTraces(ctx: RouteContext): Promise<void> {
  const { settings } = ctx;
  const parsed = parseJaegerSearchParams(ctx.query, {
    nowNs: settings.now(),
    defaultLimit: settings.defaultTraceLimit,
    maxLimit: settings.maxTraceLimit,
  });
  if (!parsed.ok) throw parsed.error;
  const request = parsed.value;

  const ids = request.kind === 'ids' ? request.traceIds : (await fromStore(() => settings.store.findTraces(request.query))).map((s) => s.traceId);
  const byId = ids.length === 0 ? new Map<string, Span[]>() : await fromStore(() => settings.store.getTraces(ids));
  const traces: Span[][] = [];
  const errors: JaegerError[] = [];
  for (const id of ids) {
    const spans = byId.get(bytesToHex(id));
    if (spans !== undefined && spans.length > 0) traces.push(spans);
    // A trace searched by id and not found is reported, as Jaeger does; one that
    // vanished between search and fetch (retention) is just left out.
    else if (request.kind === 'ids') errors.push({ msg: 'trace not found', traceID: formatJaegerTraceId(id) });
  }
  await streamTraces(ctx, traces, errors);
}

async function streamTraces(ctx: RouteContext, traces: readonly (readonly Span[])[], errors: JaegerError[] | null): Promise<void> {
  const out = new StreamingJsonWriter(ctx.res);
  out.start(200);
  if (ctx.head) {
    await out.end();
    return;
  }
  if (await writeJaegerTraces(out, traces, errors, ctx.settings.streamChunkSpans)) await out.end();
}

/** Sums duplicate parent/child pairs (Jaeger's deduplicateDependencies); sorted for a stable answer. */
export function mergeDependencyLinks(links: readonly DependencyLink[], service?: string): JaegerDependencyLink[] {
  const merged = new Map<string, JaegerDependencyLink>();
  for (const l of links) {
    if (service !== undefined && l.parent !== service && l.child !== service) continue;
    const key = JSON.stringify([l.parent, l.child]);
    const seen = merged.get(key);
    if (seen === undefined) merged.set(key, { parent: l.parent, child: l.child, callCount: l.callCount });
    else seen.callCount += l.callCount;
  }
  return [...merged.values()].sort((a, b) => (a.parent < b.parent ? -1 : a.parent > b.parent ? 1 : a.child < b.child ? -1 : a.child > b.child ? 1 : 0));
}

/** GET /api/dependencies?endTs=&lookback=&service= (milliseconds). */
export async function getDependencies(ctx: RouteContext): Promise<void> {
  const parsed = parseDependenciesParams(ctx.query, ctx.settings.now());
  if (!parsed.ok) throw parsed.error;
  const { endNs, lookbackNs, service } = parsed.value;
  const links = await fromStore(() => ctx.settings.store.getDependencies(endNs, lookbackNs));
  sendEnvelope(ctx, mergeDependencyLinks(links, service));
}
