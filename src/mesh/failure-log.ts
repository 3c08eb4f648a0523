/**
 * A log record for a request that failed, in the trace context of the span that
 * records it (https://opentelemetry.io/docs/specs/otel/logs/data-model/#trace-context-fields),
 * so a user looking at the span sees why, and a user searching logs finds the trace.
 * Successful requests are not logged: a proxy's access log at 500 req/s would cost more
 * than the request, and the spans already hold it.
 *
 *   upstream failed, no usable answer (timeout, refused, reset)  -> ERROR
 *   upstream answered 5xx                                         -> ERROR
 *   client went away, or a client span's 4xx                      -> WARN
 */
import type { KeyValue } from '../model/index.js';
import { SpanKind } from '../model/index.js';
import { Severity, type MeshLogRecord } from './export/log-proto-writer.js';
import type { HttpExchange } from './http-span.js';
import { isErrorStatus } from './http-span.js';

const str = (key: string, value: string): KeyValue => ({ key, value: { type: 'string', value } });
const int = (key: string, value: number): KeyValue => ({ key, value: { type: 'int', value: BigInt(value) } });

/** `undefined` when the exchange did not fail. */
export function failureLog(x: HttpExchange, listener: string, observedTimeUnixNano: bigint): MeshLogRecord | undefined {
  const failedStatus = x.statusCode > 0 && isErrorStatus(x.kind, x.statusCode);
  if (x.errorType === undefined && !failedStatus) return undefined;
  const error = x.statusCode >= 500 || (x.errorType !== undefined && x.errorType !== 'client_aborted' && x.statusCode === 0);
  const where = x.kind === SpanKind.CLIENT && x.peerService !== undefined ? ` (upstream ${x.peerService})` : '';
  const status = x.statusCode > 0 ? String(x.statusCode) : 'no response';
  const why = x.errorType !== undefined && x.errorType !== String(x.statusCode) ? ` ${x.errorType}` : '';
  const message = x.statusMessage !== undefined && x.statusMessage !== '' ? `: ${x.statusMessage}` : '';
  const attributes: KeyValue[] = [str('ariadne.mesh.listener', listener), str('http.request.method', x.method), str('url.path', x.urlPath)];
  if (x.statusCode > 0) attributes.push(int('http.response.status_code', x.statusCode));
  attributes.push(str('error.type', x.errorType ?? String(x.statusCode)));
  if (x.peerService !== undefined) attributes.push(str('peer.service', x.peerService));
  if (x.serverAddress !== undefined) attributes.push(str('server.address', x.serverAddress));
  return {
    timeUnixNano: x.endTimeUnixNano,
    observedTimeUnixNano,
    severityNumber: error ? Severity.ERROR : Severity.WARN,
    severityText: error ? 'ERROR' : 'WARN',
    body: `${listener} ${x.method} ${x.urlPath}${where} -> ${status}${why}${message}`,
    attributes,
    traceId: x.hop.context.traceId,
    spanId: x.hop.context.spanId,
    flags: x.hop.context.traceFlags & 0xff,
  };
}
