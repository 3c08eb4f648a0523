/**
 * The native API's routes: what the web UI needs and Jaeger's API does not give
 * cheaply (summaries without whole traces, a compact trace for 100,000-span
 * waterfalls, one span at a time, search inside a trace, per-service statistics).
 */
import { hexToBytes, SPAN_ID_BYTES } from '../../model/index.js';
import { spansToOtlpJson } from '../../otlp/encode-json.js';
import { QueryError, QueryParamError, TraceNotFoundError } from '../errors.js';
import { sendJson, StreamingJsonWriter } from '../http/response-writer.js';
import { fromStore, type RouteContext } from '../http/route.js';
import { parseTraceIdText } from '../params.js';
import { SpanNotFoundError } from './errors.js';
import { writeOutlineJson } from './outline-json.js';
import { parseNativeSearchParams, parseWindowParams } from './params.js';
import { spanDetailJson } from './span-json.js';
import { serviceStatsJson, traceSummaryJson } from './summary-json.js';

/** The native API's error body: `{"error":{"code":"ERR_...","message":"..."}}`. */
export function nativeErrorBody(err: QueryError): string {
  return JSON.stringify({ error: { code: err.code, message: err.message } });
}

function traceIdParam(ctx: RouteContext): Uint8Array {
  const text = ctx.pathParams[0] ?? '';
  const id = parseTraceIdText(text);
  if (id === null) throw new QueryParamError('traceId', `cannot parse '${text}' as a trace id (1 to 32 hex digits)`);
  return id;
}

function sendData(ctx: RouteContext, data: unknown, headers: Record<string, string> = {}): void {
  sendJson(ctx.res, 200, JSON.stringify(data), ctx.head, { 'Cache-Control': 'no-store', ...headers });
}

/** GET /api/v1/search: trace summaries, most recent first (the UI sorts them otherwise). */
export async function searchSummaries(ctx: RouteContext): Promise<void> {
  const { settings } = ctx;
  const parsed = parseNativeSearchParams(ctx.query, { nowNs: settings.now(), defaultLimit: settings.defaultTraceLimit, maxLimit: settings.maxTraceLimit });
  if (!parsed.ok) throw parsed.error;
  const { query, window } = parsed.value;
  const summaries = await fromStore(() => settings.store.findTraces(query));
  sendData(ctx, {
    traces: summaries.map(traceSummaryJson),
    limit: query.limit,
    window: { startUnixNano: window.startNs.toString(), endUnixNano: window.endNs.toString() },
  });
}

/** GET /api/v1/traces/{traceId}: the compact outline, streamed. */
export async function getTraceOutline(ctx: RouteContext): Promise<void> {
  const traceId = traceIdParam(ctx);
  const outline = await fromStore(() => ctx.settings.store.getTraceOutline(traceId));
  if (outline === undefined) throw new TraceNotFoundError();
  const out = new StreamingJsonWriter(ctx.res);
  out.start(200, { 'Cache-Control': 'no-store' });
  if (ctx.head) {
    await out.end();
    return;
  }
  if (await writeOutlineJson(out, outline, ctx.settings.streamChunkSpans * 10)) await out.end();
}

/**
 * GET /api/v1/traces/{traceId}/spans/{spanId}: the span with typed attributes,
 * events, links (with the linked trace's summary when stored), resource and scope,
 * and its OTLP/JSON. `?download=1` answers the OTLP/JSON alone, as an attachment.
 */
export async function getSpanDetail(ctx: RouteContext): Promise<void> {
  const traceId = traceIdParam(ctx);
  const spanText = ctx.pathParams[1] ?? '';
  const spanId = hexToBytes(spanText, SPAN_ID_BYTES);
  if (spanId === null) throw new QueryParamError('spanId', `cannot parse '${spanText}' as a span id (16 hex digits)`);
  const [span] = await fromStore(() => ctx.settings.store.getSpans(traceId, [spanId]));
  if (span === undefined) {
    const known = await fromStore(() => ctx.settings.store.getTraceSummaries([traceId]));
    throw known.size === 0 ? new TraceNotFoundError() : new SpanNotFoundError();
  }
  const otlp = spansToOtlpJson([span]);
  if (ctx.query.get('download') !== null) {
    // The file name is built from validated hex only.
    sendData(ctx, otlp, { 'Content-Disposition': `attachment; filename="span-${spanText.toLowerCase()}.json"` });
    return;
  }
  const linkedIds = span.links.map((l) => l.traceId);
  const linked = linkedIds.length === 0 ? new Map() : await fromStore(() => ctx.settings.store.getTraceSummaries(linkedIds));
  sendData(ctx, { span: spanDetailJson(span, linked), otlp });
}

/** Most span ids one in-trace search answers; the UI says when there were more. */
export const MAX_SEARCH_MATCHES = 10_000;

/** GET /api/v1/traces/{traceId}/search?q=: ids of the spans whose name or attributes contain q. */
export async function searchInTrace(ctx: RouteContext): Promise<void> {
  const traceId = traceIdParam(ctx);
  const q = ctx.query.get('q') ?? '';
  if (q.length > 1000) throw new QueryParamError('q', 'must be at most 1000 characters');
  const ids = q.trim() === '' ? [] : await fromStore(() => ctx.settings.store.searchTraceSpans(traceId, q.trim()));
  sendData(ctx, {
    spanIds: ids.slice(0, MAX_SEARCH_MATCHES).map((id) => Buffer.from(id).toString('hex')),
    truncated: ids.length > MAX_SEARCH_MATCHES,
  });
}

/** GET /api/v1/services/stats?lookback=1h (or start/end, unix ms). */
export async function getServiceStats(ctx: RouteContext): Promise<void> {
  const window = parseWindowParams(ctx.query, ctx.settings.now());
  if (!window.ok) throw window.error;
  const { startNs, endNs } = window.value;
  const stats = await fromStore(() => ctx.settings.store.getServiceStats(startNs, endNs));
  sendData(ctx, { services: stats.map(serviceStatsJson), window: { startUnixNano: startNs.toString(), endUnixNano: endNs.toString() } });
}
