/**
 * Events and links as OTLP/JSON text, NULL when there are none (most spans):
 * a NULL costs the appender no string copy. Written by string building
 * (otlp-json-writer.ts), read back through json-values' attributesFromJson.
 */
import { bytesToHex, type SpanEvent, type SpanLink } from '../model/index.js';
import { attributesFromJson } from '../otlp/json-values.js';
import { attributesJsonText } from '../otlp/otlp-json-writer.js';

export function encodeEvents(events: readonly SpanEvent[]): string | null {
  if (events.length === 0) return null;
  let out = '[';
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    out +=
      `${i > 0 ? ',' : ''}{"timeUnixNano":"${e.timeUnixNano.toString()}","name":${JSON.stringify(e.name)},` +
      `"attributes":${attributesJsonText(e.attributes)},"droppedAttributesCount":${e.droppedAttributesCount}}`;
  }
  return `${out}]`;
}

interface StoredEvent {
  timeUnixNano: string;
  name: string;
  attributes: unknown;
  droppedAttributesCount: number;
}

export function decodeEvents(text: string | null): SpanEvent[] {
  if (text === null) return [];
  return (JSON.parse(text) as StoredEvent[]).map((e, i) => ({
    timeUnixNano: BigInt(e.timeUnixNano),
    name: e.name,
    attributes: attributesFromJson(e.attributes, `events[${i}].attributes`),
    droppedAttributesCount: e.droppedAttributesCount,
  }));
}

export function encodeLinks(links: readonly SpanLink[]): string | null {
  if (links.length === 0) return null;
  let out = '[';
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    // Hex as in OTLP/JSON; decoded without a length check so even a malformed id round-trips.
    out +=
      `${i > 0 ? ',' : ''}{"traceId":"${bytesToHex(l.traceId)}","spanId":"${bytesToHex(l.spanId)}",` +
      `"traceState":${JSON.stringify(l.traceState)},"flags":${l.flags},` +
      `"attributes":${attributesJsonText(l.attributes)},"droppedAttributesCount":${l.droppedAttributesCount}}`;
  }
  return `${out}]`;
}

interface StoredLink {
  traceId: string;
  spanId: string;
  traceState: string;
  flags: number;
  attributes: unknown;
  droppedAttributesCount: number;
}

function hexBytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function decodeLinks(text: string | null): SpanLink[] {
  if (text === null) return [];
  return (JSON.parse(text) as StoredLink[]).map((l, i) => ({
    traceId: hexBytes(l.traceId),
    spanId: hexBytes(l.spanId),
    traceState: l.traceState,
    flags: l.flags,
    attributes: attributesFromJson(l.attributes, `links[${i}].attributes`),
    droppedAttributesCount: l.droppedAttributesCount,
  }));
}
