/**
 * Jaeger's api_v3 over HTTP (jaeger `cmd/query/app/apiv3/http_gateway.go`): OTLP/JSON
 * traces in `{"result": TracesData}`, errors as `{"error":{"httpCode":N,"message":"..."}}`.
 * Nanosecond times and attribute types come out exactly as stored.
 */
import { groupSpansForOtlp, spanToOtlpJson, type OtlpResourceGroup } from '../../otlp/encode-json.js';
import type { Span } from '../../model/index.js';
import { bytesToHex } from '../../model/index.js';
import { QueryParamError, TraceNotFoundError } from '../errors.js';
import { sendJson, StreamingJsonWriter } from '../http/response-writer.js';
import { fromStore, type RouteContext } from '../http/route.js';
import { jaegerSpanKindName, parseTraceIdText } from '../params.js';
import { parseV3FindTracesParams, parseV3GetTraceParams, parseV3OperationsParams } from './params.js';

/** Jaeger's message when GetTrace or FindTraces finds nothing (both answer 404). */
export const NO_TRACES_FOUND = 'No traces found';

/** api_v3's error answer (the gateway's GRPCGatewayError). */
export function v3ErrorBody(status: number, message: string): string {
  return JSON.stringify({ error: { httpCode: status, message } });
}

/** GET /api/v3/services -> {"services":[...]} */
export async function getServicesV3(ctx: RouteContext): Promise<void> {
  const services = await fromStore(() => ctx.settings.store.getServices());
  sendJson(ctx.res, 200, JSON.stringify({ services }), ctx.head);
}

/** GET /api/v3/operations?service=&span_kind= -> {"operations":[{name, spanKind}]} */
export async function getOperationsV3(ctx: RouteContext): Promise<void> {
  const parsed = parseV3OperationsParams(ctx.query);
  if (!parsed.ok) throw parsed.error;
  const { service, spanKind } = parsed.value;
  const operations = await fromStore(() => ctx.settings.store.getOperations(service, spanKind));
  const body = { operations: operations.map((o) => ({ name: o.name, spanKind: jaegerSpanKindName(o.spanKind) })) };
  sendJson(ctx.res, 200, JSON.stringify(body), ctx.head);
}

/** GET /api/v3/traces/{trace_id} */
export async function getTraceV3(ctx: RouteContext): Promise<void> {
  const text = ctx.pathParams[0] ?? '';
  const traceId = parseTraceIdText(text);
  if (traceId === null) throw new QueryParamError('trace_id', `cannot parse '${text}' as a trace id (1 to 32 hex digits)`);
  const hints = parseV3GetTraceParams(ctx.query);
  if (!hints.ok) throw hints.error;
  const spans = await fromStore(() => ctx.settings.store.getTrace(traceId));
  if (spans.length === 0) throw new TraceNotFoundError(NO_TRACES_FOUND);
  await streamTracesData(ctx, [spans]);
}

/** GET /api/v3/traces?query.* : the found traces' resource spans, one trace after another. */
export async function findTracesV3(ctx: RouteContext): Promise<void> {
  const { settings } = ctx;
  const parsed = parseV3FindTracesParams(ctx.query, { defaultLimit: settings.defaultTraceLimit, maxLimit: settings.maxTraceLimit });
  if (!parsed.ok) throw parsed.error;
  const query = parsed.value;
  const summaries = await fromStore(() => settings.store.findTraces(query));
  const ids = summaries.map((s) => s.traceId);
  const byId = ids.length === 0 ? new Map<string, Span[]>() : await fromStore(() => settings.store.getTraces(ids));
  const traces: Span[][] = [];
  for (const id of ids) {
    const spans = byId.get(bytesToHex(id));
    if (spans !== undefined && spans.length > 0) traces.push(spans);
  }
  if (traces.length === 0) throw new TraceNotFoundError(NO_TRACES_FOUND);
  await streamTracesData(ctx, traces);
}

/** Writes {"result":{"resourceSpans":[...]}}, encoding spans a chunk at a time. */
async function streamTracesData(ctx: RouteContext, traces: readonly Span[][]): Promise<void> {
  const out = new StreamingJsonWriter(ctx.res);
  out.start(200);
  if (ctx.head) {
    await out.end();
    return;
  }
  if (!(await out.push('{"result":{"resourceSpans":['))) return;
  let firstResource = true;
  for (const spans of traces) {
    for (const group of groupSpansForOtlp(spans)) {
      if (!(await writeResourceGroup(out, group, firstResource, ctx.settings.streamChunkSpans))) return;
      firstResource = false;
    }
  }
  if (await out.push(']}}')) await out.end();
}

async function writeResourceGroup(out: StreamingJsonWriter, group: OtlpResourceGroup, first: boolean, chunkSpans: number): Promise<boolean> {
  if (!(await out.push(`${first ? '' : ','}{"resource":${JSON.stringify(group.resource)},"scopeSpans":[`))) return false;
  for (let j = 0; j < group.scopes.length; j++) {
    const sg = group.scopes[j]!;
    if (!(await out.push(`${j === 0 ? '' : ','}{"scope":${JSON.stringify(sg.scope)},"spans":[`))) return false;
    for (let from = 0; from < sg.spans.length; from += chunkSpans) {
      const chunk = sg.spans.slice(from, from + chunkSpans).map((s) => JSON.stringify(spanToOtlpJson(s)));
      if (!(await out.push((from === 0 ? '' : ',') + chunk.join(',')))) return false;
    }
    const schema = sg.schemaUrl !== '' ? `,"schemaUrl":${JSON.stringify(sg.schemaUrl)}` : '';
    if (!(await out.push(`]${schema}}`))) return false;
  }
  const schema = group.schemaUrl !== '' ? `,"schemaUrl":${JSON.stringify(group.schemaUrl)}` : '';
  return out.push(`]${schema}}`);
}
