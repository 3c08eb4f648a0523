import { describe, expect, it } from 'vitest';
import { validateSpans } from '../../src/ingest/validate-spans.js';
import { DEFAULT_SPAN_LIMITS, type LimitCounters } from '../../src/ingest/span-limits.js';
import type { Span } from '../../src/model/index.js';
import { fullFidelityTrace } from '../helpers/span-fixture.js';

const counters = (): LimitCounters => ({ attributesDropped: 0, eventsDropped: 0, linksDropped: 0, valuesTruncated: 0 });

describe('validateSpans', () => {
  const good = fullFidelityTrace()[1]!;
  const cases: [name: string, span: Span, reason: RegExp][] = [
    ['trace id of 15 bytes', { ...good, traceId: new Uint8Array(15).fill(1) }, /trace_id must be 16 bytes, got 15/],
    ['all-zero trace id', { ...good, traceId: new Uint8Array(16) }, /trace_id is all zeros/],
    ['span id of 9 bytes', { ...good, spanId: new Uint8Array(9).fill(1) }, /span_id must be 8 bytes, got 9/],
    ['all-zero span id', { ...good, spanId: new Uint8Array(8) }, /span_id is all zeros/],
    ['parent id of 3 bytes', { ...good, parentSpanId: new Uint8Array(3).fill(1) }, /parent_span_id must be empty or 8 bytes/],
    ['end before start', { ...good, endTimeUnixNano: good.startTimeUnixNano - 1n }, /end_time_unix_nano \d+ is before start_time_unix_nano/],
  ];
  it.each(cases)('rejects a span with %s and keeps the rest', (_name, bad, reason) => {
    const out = validateSpans([good, bad, good], DEFAULT_SPAN_LIMITS, counters());
    expect(out.accepted).toHaveLength(2);
    expect(out.rejected).toBe(1);
    expect(out.errorMessage).toMatch(reason);
    expect(out.errorMessage).toMatch(/span #1/);
  });

  it('drops attributes, events and links beyond the limits and counts them on the span', () => {
    const c = counters();
    const limits = { attributeCountLimit: 2, attributeValueLengthLimit: 3, eventCountLimit: 0, linkCountLimit: 0 };
    const [s] = validateSpans([good], limits, c).accepted;
    expect(s!.attributes.map((a) => a.key)).toEqual(['str', 'bool']);
    expect(s!.droppedAttributesCount).toBe(good.droppedAttributesCount + good.attributes.length - 2);
    expect(s!.attributes[0]!.value).toEqual({ type: 'string', value: 'hél' });
    expect(s!.events).toEqual([]);
    expect(s!.droppedEventsCount).toBe(good.droppedEventsCount + 1);
    expect(s!.droppedLinksCount).toBe(good.droppedLinksCount + 1);
    expect(c).toEqual({ attributesDropped: good.attributes.length - 2, eventsDropped: 1, linksDropped: 1, valuesTruncated: 1 });
  });

  it('returns the very same span object when nothing exceeds the limits', () => {
    const out = validateSpans([good], DEFAULT_SPAN_LIMITS, counters());
    expect(out.accepted[0]).toBe(good);
    expect(out.errorMessage).toBe('');
  });
});
