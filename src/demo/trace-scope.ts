/**
 * How a demo service carries the trace to the calls it makes. An uninstrumented service
 * just copies the incoming trace headers onto its outgoing calls, which is all it takes
 * for its sidecar to connect the trace; an SDK-instrumented one injects its own spans.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Headers an uninstrumented service copies from its request onto its calls. */
export const TRACE_HEADERS = [
  'traceparent',
  'tracestate',
  'baggage',
  'b3',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-parentspanid',
  'x-b3-sampled',
  'x-b3-flags',
];

export interface TraceScope {
  /** Headers that carry the current trace context to an outgoing call. */
  traceHeaders(): Record<string, string>;
  /** Runs one step of the work; with the SDK it is an INTERNAL span. */
  step<T>(name: string, fn: (scope: TraceScope) => Promise<T>): Promise<T>;
  setAttribute(key: string, value: string | number | boolean): void;
  /** Marks the work failed (a no-op without the SDK: the sidecar sees the status code). */
  fail(message: string): void;
}

export function headerForwardingScope(headers: IncomingHttpHeaders): TraceScope {
  const forwarded: Record<string, string> = {};
  for (const name of TRACE_HEADERS) {
    const v = headers[name];
    if (typeof v === 'string') forwarded[name] = v;
    else if (Array.isArray(v)) forwarded[name] = v.join(',');
  }
  const scope: TraceScope = {
    traceHeaders: () => ({ ...forwarded }),
    step: (_name, fn) => fn(scope),
    setAttribute: () => {},
    fail: () => {},
  };
  return scope;
}
