import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/model/index.js';
import { decodeTraceRequestJson } from '../../src/otlp/decode-json.js';
import { groupSpansForOtlp, spansToOtlpJson, spanToOtlpJson } from '../../src/otlp/encode-json.js';
import { fullFidelityTrace } from '../helpers/span-fixture.js';
import { EMPTY_SCOPE, makeSpan, resourceOf, TRACE_A } from '../query/helpers/spans.js';

/** Comparable form of spans: bytes as hex, bigints as text (resource/scope by value). */
function plain(x: unknown): unknown {
  return JSON.parse(
    JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)),
  );
}

describe('spansToOtlpJson', () => {
  it('round-trips every field through the OTLP/JSON decoder', () => {
    const spans = fullFidelityTrace();
    const decoded = decodeTraceRequestJson(JSON.stringify(spansToOtlpJson(spans)));
    expect(plain(decoded)).toEqual(plain(spans));
  });

  it('writes times as exact decimal strings, ids as hex, kind and status as integers', () => {
    const span = makeSpan({
      parentSpanId: '00f067aa0ba902b7',
      kind: 3,
      statusCode: 2,
      statusMessage: 'boom',
      startTimeUnixNano: 1_732_000_000_123_456_789n,
      endTimeUnixNano: 18_446_744_073_709_551_615n,
      flags: 0x301,
      traceState: 'a=b',
      attributes: [{ key: 'n', value: { type: 'int', value: 9_007_199_254_740_993n } }],
      events: [{ timeUnixNano: 5n, name: 'e', attributes: [], droppedAttributesCount: 1 }],
      droppedEventsCount: 2,
    });
    expect(spanToOtlpJson(span)).toEqual({
      traceId: TRACE_A,
      spanId: 'b7ad6b7169203331',
      parentSpanId: '00f067aa0ba902b7',
      traceState: 'a=b',
      flags: 0x301,
      name: 'op',
      kind: 3,
      startTimeUnixNano: '1732000000123456789',
      endTimeUnixNano: '18446744073709551615',
      attributes: [{ key: 'n', value: { intValue: '9007199254740993' } }],
      events: [{ timeUnixNano: '5', name: 'e', droppedAttributesCount: 1 }],
      droppedEventsCount: 2,
      status: { code: 2, message: 'boom' },
    });
  });

  it('leaves defaults out of a bare span but keeps ids, name, kind, times and status', () => {
    expect(Object.keys(spanToOtlpJson(makeSpan()))).toEqual(['traceId', 'spanId', 'name', 'kind', 'startTimeUnixNano', 'endTimeUnixNano', 'status']);
  });

  it('groups by resource then scope in order of first appearance, equal copies together', () => {
    const web1 = resourceOf('web');
    const web2 = resourceOf('web'); // equal content, another object
    const db = { ...resourceOf('db'), schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' };
    const http = { ...EMPTY_SCOPE, name: 'http' };
    const sql = { ...EMPTY_SCOPE, name: 'sql', version: '2', schemaUrl: 'https://s' };
    const spans: Span[] = [
      makeSpan({ spanId: '0000000000000001', resource: web1, scope: http }),
      makeSpan({ spanId: '0000000000000002', resource: db, scope: sql }),
      makeSpan({ spanId: '0000000000000003', resource: web2, scope: sql }),
      makeSpan({ spanId: '0000000000000004', resource: web2, scope: { ...http } }),
    ];
    const out = spansToOtlpJson(spans);
    const shape = out.resourceSpans.map((rs) => ({
      service: rs.resource.attributes?.[0]?.value,
      schemaUrl: rs.schemaUrl,
      scopes: rs.scopeSpans.map((ss) => [ss.scope.name, ss.schemaUrl, ss.spans.map((s) => s.spanId.slice(-1))]),
    }));
    expect(shape).toEqual([
      { service: { stringValue: 'web' }, schemaUrl: undefined, scopes: [['http', undefined, ['1', '4']], ['sql', 'https://s', ['3']]] },
      { service: { stringValue: 'db' }, schemaUrl: 'https://opentelemetry.io/schemas/1.26.0', scopes: [['sql', 'https://s', ['2']]] },
    ]);
    expect(out.resourceSpans[1]!.scopeSpans[0]!.scope).toEqual({ name: 'sql', version: '2' });
  });

  it('no spans: no resource spans', () => {
    expect(spansToOtlpJson([])).toEqual({ resourceSpans: [] });
    expect(groupSpansForOtlp([])).toEqual([]);
  });
});
