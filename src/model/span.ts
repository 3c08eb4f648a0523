import type { Attributes } from './any-value.js';

/** OTLP SpanKind numbers. */
export const SpanKind = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];

export const SPAN_KIND_NAMES = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
export type SpanKindName = (typeof SPAN_KIND_NAMES)[number];

/** OTLP Status.code numbers. */
export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

export interface Resource {
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
  readonly schemaUrl: string;
}

export interface InstrumentationScope {
  readonly name: string;
  readonly version: string;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
  readonly schemaUrl: string;
}

export interface SpanEvent {
  /** Unix nanoseconds, exact. */
  readonly timeUnixNano: bigint;
  readonly name: string;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
}

export interface SpanLink {
  readonly traceId: Uint8Array;
  readonly spanId: Uint8Array;
  readonly traceState: string;
  readonly flags: number;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
}

/**
 * The one internal span: everything OTLP carries, with its resource and scope
 * attached so a span stands alone once it leaves its request.
 * Resource and scope objects are shared between the spans of one request.
 */
export interface Span {
  readonly traceId: Uint8Array; // 16 bytes
  readonly spanId: Uint8Array; // 8 bytes
  /** Empty (length 0) for a root span. */
  readonly parentSpanId: Uint8Array;
  readonly traceState: string;
  readonly flags: number;
  readonly name: string;
  readonly kind: SpanKind;
  /** Unix nanoseconds, exact (never through a float). */
  readonly startTimeUnixNano: bigint;
  readonly endTimeUnixNano: bigint;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
  readonly events: readonly SpanEvent[];
  readonly droppedEventsCount: number;
  readonly links: readonly SpanLink[];
  readonly droppedLinksCount: number;
  readonly statusCode: StatusCode;
  readonly statusMessage: string;
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
}

export const SERVICE_NAME_KEY = 'service.name';
export const UNKNOWN_SERVICE = 'unknown_service';
