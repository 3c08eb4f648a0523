/** A stored log record as the API's JSON: the OTLP/JSON log fields plus its resource and scope. */
import { bytesToHex, serviceNameOf, type LogRecord } from '../../model/index.js';
import { anyValueToJson, attributesToJson } from '../../otlp/json-values.js';

export function logRecordJson(r: LogRecord): Record<string, unknown> {
  return {
    timeUnixNano: r.timeUnixNano.toString(),
    observedTimeUnixNano: r.observedTimeUnixNano.toString(),
    severityNumber: r.severityNumber,
    severityText: r.severityText,
    body: anyValueToJson(r.body),
    attributes: attributesToJson(r.attributes),
    droppedAttributesCount: r.droppedAttributesCount,
    flags: r.flags,
    traceId: bytesToHex(r.traceId),
    spanId: bytesToHex(r.spanId),
    ...(r.eventName !== '' ? { eventName: r.eventName } : {}),
    serviceName: serviceNameOf(r.resource),
    resource: { attributes: attributesToJson(r.resource.attributes), droppedAttributesCount: r.resource.droppedAttributesCount },
    scope: { name: r.scope.name, version: r.scope.version },
  };
}
