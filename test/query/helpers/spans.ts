/** Small, deterministic model spans for query tests. */
import type { InstrumentationScope, Resource, Span } from '../../../src/model/index.js';

export function hexBytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function resourceOf(service: string, extra: Resource['attributes'] = []): Resource {
  return {
    attributes: [{ key: 'service.name', value: { type: 'string', value: service } }, ...extra],
    droppedAttributesCount: 0,
    schemaUrl: '',
  };
}

export const EMPTY_SCOPE: InstrumentationScope = { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };

export const TRACE_A = '0af7651916cd43dd8448eb211c80319c';
export const TRACE_B = '4bf92f3577b34da6a3ce929d0e0e4736';

/** A span with plain defaults; ids are hex strings for readability. */
export function makeSpan(
  o: Partial<Omit<Span, 'traceId' | 'spanId' | 'parentSpanId'>> & { traceId?: string; spanId?: string; parentSpanId?: string } = {},
): Span {
  const { traceId = TRACE_A, spanId = 'b7ad6b7169203331', parentSpanId = '', ...rest } = o;
  return {
    traceId: hexBytes(traceId),
    spanId: hexBytes(spanId),
    parentSpanId: hexBytes(parentSpanId),
    traceState: '',
    flags: 0,
    name: 'op',
    kind: 0,
    startTimeUnixNano: 1_700_000_000_000_000_000n,
    endTimeUnixNano: 1_700_000_000_001_000_000n,
    attributes: [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    statusCode: 0,
    statusMessage: '',
    resource: resourceOf('frontend'),
    scope: EMPTY_SCOPE,
    ...rest,
  };
}
