/**
 * Limits applied to every received span, named as in the OpenTelemetry SDK
 * configuration (attribute_count_limit, ...). Excess attributes, events and links are
 * dropped and added to the span's dropped_*_count; long values are truncated.
 */
import type { AnyValue, KeyValue, Span, SpanEvent, SpanLink } from '../model/index.js';

export interface SpanLimits {
  /** Attributes kept per span, event and link; the rest are dropped and counted. */
  readonly attributeCountLimit: number;
  /** Longest string (in characters) or bytes value kept; longer ones are truncated. */
  readonly attributeValueLengthLimit: number;
  readonly eventCountLimit: number;
  readonly linkCountLimit: number;
}

export const DEFAULT_SPAN_LIMITS: SpanLimits = {
  attributeCountLimit: 128,
  attributeValueLengthLimit: 16_384,
  eventCountLimit: 128,
  linkCountLimit: 128,
};

export interface LimitCounters {
  attributesDropped: number;
  eventsDropped: number;
  linksDropped: number;
  valuesTruncated: number;
}

function truncateValue(v: AnyValue, max: number, c: LimitCounters): AnyValue {
  switch (v.type) {
    case 'string':
      if (v.value.length <= max) return v;
      c.valuesTruncated++;
      return { type: 'string', value: v.value.slice(0, max) };
    case 'bytes':
      if (v.value.length <= max) return v;
      c.valuesTruncated++;
      return { type: 'bytes', value: v.value.slice(0, max) };
    case 'array': {
      let changed = false;
      const out = v.value.map((e) => {
        const t = truncateValue(e, max, c);
        if (t !== e) changed = true;
        return t;
      });
      return changed ? { type: 'array', value: out } : v;
    }
    case 'kvlist': {
      const out = limitValues(v.value, max, c);
      return out === v.value ? v : { type: 'kvlist', value: out };
    }
    default:
      return v;
  }
}

function limitValues(attrs: readonly KeyValue[], max: number, c: LimitCounters): readonly KeyValue[] {
  let out: KeyValue[] | undefined;
  for (let i = 0; i < attrs.length; i++) {
    const kv = attrs[i]!;
    const t = truncateValue(kv.value, max, c);
    if (t !== kv.value) {
      out ??= attrs.slice();
      out[i] = { key: kv.key, value: t };
    }
  }
  return out ?? attrs;
}

/** Returns the attributes within limits and how many were dropped. */
export function limitAttributes(attrs: readonly KeyValue[], l: SpanLimits, c: LimitCounters): { attrs: readonly KeyValue[]; dropped: number } {
  let kept = attrs;
  let dropped = 0;
  if (attrs.length > l.attributeCountLimit) {
    dropped = attrs.length - l.attributeCountLimit;
    kept = attrs.slice(0, l.attributeCountLimit);
    c.attributesDropped += dropped;
  }
  return { attrs: limitValues(kept, l.attributeValueLengthLimit, c), dropped };
}

function limitEvent(e: SpanEvent, l: SpanLimits, c: LimitCounters): SpanEvent {
  const a = limitAttributes(e.attributes, l, c);
  return a.attrs === e.attributes ? e : { ...e, attributes: a.attrs, droppedAttributesCount: e.droppedAttributesCount + a.dropped };
}

function limitLink(k: SpanLink, l: SpanLimits, c: LimitCounters): SpanLink {
  const a = limitAttributes(k.attributes, l, c);
  return a.attrs === k.attributes ? k : { ...k, attributes: a.attrs, droppedAttributesCount: k.droppedAttributesCount + a.dropped };
}

/** The span within limits; the same object when nothing had to change (the common case). */
export function applySpanLimits(s: Span, l: SpanLimits, c: LimitCounters): Span {
  const a = limitAttributes(s.attributes, l, c);
  // Most spans have no events or links: nothing to map or compare.
  if (s.events.length === 0 && s.links.length === 0) {
    return a.attrs === s.attributes ? s : { ...s, attributes: a.attrs, droppedAttributesCount: s.droppedAttributesCount + a.dropped };
  }
  let events = s.events;
  let droppedEvents = 0;
  if (events.length > l.eventCountLimit) {
    droppedEvents = events.length - l.eventCountLimit;
    c.eventsDropped += droppedEvents;
    events = events.slice(0, l.eventCountLimit);
  }
  const limitedEvents = events.map((e) => limitEvent(e, l, c));
  let links = s.links;
  let droppedLinks = 0;
  if (links.length > l.linkCountLimit) {
    droppedLinks = links.length - l.linkCountLimit;
    c.linksDropped += droppedLinks;
    links = links.slice(0, l.linkCountLimit);
  }
  const limitedLinks = links.map((k) => limitLink(k, l, c));
  const same =
    a.attrs === s.attributes &&
    events === s.events &&
    links === s.links &&
    limitedEvents.every((e, i) => e === events[i]) &&
    limitedLinks.every((k, i) => k === links[i]);
  if (same) return s;
  return {
    ...s,
    attributes: a.attrs,
    droppedAttributesCount: s.droppedAttributesCount + a.dropped,
    events: limitedEvents,
    droppedEventsCount: s.droppedEventsCount + droppedEvents,
    links: limitedLinks,
    droppedLinksCount: s.droppedLinksCount + droppedLinks,
  };
}
