import type { AnyValue, Attributes } from './any-value.js';
import type { InstrumentationScope, Resource } from './span.js';

/**
 * One OTLP log record with its resource and scope attached, like Span.
 * Ids are empty (length 0) when the record carries no trace context.
 */
export interface LogRecord {
  /** Unix nanoseconds, exact; 0 when the source did not know it. */
  readonly timeUnixNano: bigint;
  readonly observedTimeUnixNano: bigint;
  /** OTLP SeverityNumber, 0 (unspecified) to 24 (FATAL4). */
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: AnyValue;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
  /** W3C trace flags in the low byte. */
  readonly flags: number;
  readonly traceId: Uint8Array;
  readonly spanId: Uint8Array;
  readonly eventName: string;
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
}

/** SeverityNumber ranges of the OTLP log data model: 1-4 TRACE ... 21-24 FATAL. */
export const SEVERITY_NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type SeverityName = (typeof SEVERITY_NAMES)[number];

/** The lowest SeverityNumber of a named range (`error` -> 17); undefined for an unknown name. */
export function severityFloor(name: string): number | undefined {
  const i = SEVERITY_NAMES.indexOf(name.toUpperCase() as SeverityName);
  return i < 0 ? undefined : i * 4 + 1;
}

/** SEVERITY_NUMBER_ERROR: records at or above it are error-level. */
export const SEVERITY_ERROR = 17;
