/** The handlers of the logs and series routes. */
import { bytesToHex, IDENTITY_KEYS, type MetricPoint } from '../../model/index.js';
import type { LogStore } from '../../store/log-store.js';
import type { MetricStore } from '../../store/metric-store.js';
import { QueryParamError } from '../errors.js';
import { sendJson } from '../http/response-writer.js';
import { fromStore, type RouteContext } from '../http/route.js';
import { parseTraceIdText } from '../params.js';
import { logRecordJson } from './log-json.js';
import { parseLogSearchParams, parseSeriesParams, parseSpanIdParam } from './params.js';
import { seriesOf } from './series.js';

export interface SignalsContext {
  readonly ctx: RouteContext;
  readonly logs: LogStore;
  readonly metrics: MetricStore;
}

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: QueryParamError }): T {
  if (!r.ok) throw r.error;
  return r.value;
}

/** GET /api/traces/{traceID}/logs[?spanID=] */
export async function getTraceLogs({ ctx, logs }: SignalsContext): Promise<void> {
  const text = ctx.pathParams[0]!;
  const traceId = parseTraceIdText(text);
  if (traceId === null) throw new QueryParamError('traceID', `'${text}' is not a trace id (1 to 32 hex digits)`);
  const spanId = unwrap(parseSpanIdParam(ctx.query, 'spanID'));
  const records = await fromStore(() => logs.getTraceLogs(traceId, spanId));
  const body = {
    data: records.map(logRecordJson),
    // What was looked for, so an empty answer tells the user which ids to check.
    query: { traceId: bytesToHex(traceId), ...(spanId ? { spanId: bytesToHex(spanId) } : {}) },
  };
  sendJson(ctx.res, 200, JSON.stringify(body), ctx.head);
}

/** GET /api/logs?service=&severity=&q=&start=&end=&limit= */
export async function searchLogs({ ctx, logs }: SignalsContext): Promise<void> {
  const p = unwrap(parseLogSearchParams(ctx.query));
  const records = await fromStore(() =>
    logs.findLogs({
      ...(p.service !== undefined ? { service: p.service } : {}),
      ...(p.minSeverityNumber !== undefined ? { minSeverityNumber: p.minSeverityNumber } : {}),
      ...(p.text !== undefined ? { bodyContains: p.text } : {}),
      ...(p.startNs !== undefined ? { startTimeMinNs: p.startNs } : {}),
      ...(p.endNs !== undefined ? { startTimeMaxNs: p.endNs } : {}),
      limit: p.limit,
    }),
  );
  sendJson(ctx.res, 200, JSON.stringify({ data: records.map(logRecordJson), limit: p.limit }), ctx.head);
}

/** GET /api/series?name=&resource.KEY=VALUE...&start=&end=&step= */
export async function getSeries({ ctx, metrics }: SignalsContext): Promise<void> {
  const p = unwrap(parseSeriesParams(ctx.query, ctx.settings.now()));
  const points: MetricPoint[] = await fromStore(() =>
    metrics.getMetricPoints({ name: p.name, resource: p.resource, startTimeMinNs: p.startNs, startTimeMaxNs: p.endNs }),
  );
  const last = points[points.length - 1];
  const body = {
    name: p.name,
    unit: last?.unit ?? '',
    description: last?.description ?? '',
    type: last?.data.type ?? null,
    resource: Object.fromEntries(p.resource),
    start: Number(p.startNs / 1_000n),
    end: Number(p.endNs / 1_000n),
    step: Number(p.stepNs / 1_000n),
    pointCount: points.length,
    // The attributes that identify a resource, in the order the store tries them.
    identityKeys: IDENTITY_KEYS.map((g) => [...g]),
    series: seriesOf(points, p.startNs, p.stepNs),
  };
  sendJson(ctx.res, 200, JSON.stringify(body), ctx.head);
}
