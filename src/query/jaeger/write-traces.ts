/**
 * Streams `{"data":[trace, ...],"total":0,"limit":0,"offset":0,"errors":...}` span by
 * span: each trace's processes are built first (one pass over distinct resources), then
 * its spans are converted and written a chunk at a time, waiting on backpressure.
 * Key order follows Jaeger's: traceID, spans, processes, warnings.
 */
import type { Span } from '../../model/index.js';
import type { StreamingJsonWriter } from '../http/response-writer.js';
import { buildJaegerProcesses, formatJaegerTraceId, spanToJaegerSpan } from './to-jaeger.js';
import type { JaegerError } from './types.js';

/** Resolves false if the client went away (the caller then stops). */
export async function writeJaegerTraces(
  out: StreamingJsonWriter,
  traces: readonly (readonly Span[])[],
  errors: readonly JaegerError[] | null,
  chunkSpans: number,
): Promise<boolean> {
  if (!(await out.push('{"data":['))) return false;
  let firstTrace = true;
  for (const spans of traces) {
    const first = spans[0];
    if (first === undefined) continue;
    const { processIds, processes } = buildJaegerProcesses(spans);
    const head = `${firstTrace ? '' : ','}{"traceID":${JSON.stringify(formatJaegerTraceId(first.traceId))},"spans":[`;
    firstTrace = false;
    if (!(await out.push(head))) return false;
    for (let from = 0; from < spans.length; from += chunkSpans) {
      const to = Math.min(from + chunkSpans, spans.length);
      const parts: string[] = new Array(to - from);
      for (let i = from; i < to; i++) parts[i - from] = JSON.stringify(spanToJaegerSpan(spans[i]!, processIds[i] ?? 'p1'));
      if (!(await out.push((from === 0 ? '' : ',') + parts.join(',')))) return false;
    }
    if (!(await out.push(`],"processes":${JSON.stringify(processes)},"warnings":null}`))) return false;
  }
  return out.push(`],"total":0,"limit":0,"offset":0,"errors":${JSON.stringify(errors !== null && errors.length > 0 ? errors : null)}}`);
}
