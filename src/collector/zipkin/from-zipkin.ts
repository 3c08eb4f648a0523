/**
 * Zipkin v2 spans (JSON or protobuf) -> model spans, the way the Collector's zipkin
 * receiver translates them: localEndpoint.serviceName becomes the resource's
 * service.name, remoteEndpoint becomes peer.service / net.peer.*, annotations become
 * events, and the otel.* / error tags become status, scope and tracestate. Microsecond
 * times become nanoseconds.
 */
import type { AnyValue, InstrumentationScope, KeyValue, Resource, Span, SpanEvent } from '../../model/index.js';
import { SpanKind, StatusCode } from '../../model/index.js';
import { OtlpDecodeError } from '../../otlp/errors.js';
import { longToBigInt, type LongLike } from '../../otlp/long.js';
import * as Z from './zipkin-span.js';
import { zipkinListOfSpans } from './zipkin-proto.js';

const EMPTY = new Uint8Array(0);
const HEX = /^[0-9a-fA-F]+$/;

function hexId(x: unknown, bytes: number, path: string, optional: boolean): Uint8Array {
  if ((x === undefined || x === null || x === '') && optional) return EMPTY;
  if (typeof x !== 'string' || !HEX.test(x) || x.length > bytes * 2) {
    throw new OtlpDecodeError(`${path}: must be up to ${bytes * 2} hex characters`);
  }
  return new Uint8Array(Buffer.from(x.padStart(bytes * 2, '0'), 'hex'));
}

function padBytes(b: Uint8Array | undefined, n: number): Uint8Array {
  if (!b || b.length === 0) return EMPTY;
  if (b.length >= n) return new Uint8Array(b.subarray(b.length - n));
  const out = new Uint8Array(n);
  out.set(b, n - b.length);
  return out;
}

const KINDS: Record<string, SpanKind> = { CLIENT: SpanKind.CLIENT, SERVER: SpanKind.SERVER, PRODUCER: SpanKind.PRODUCER, CONSUMER: SpanKind.CONSUMER };

/** With parse_string_tags, "12" becomes an int, "1.5" a double, "true" a bool. */
function tagValue(v: string, parse: boolean): AnyValue {
  if (parse) {
    if (/^-?\d{1,18}$/.test(v)) return { type: 'int', value: BigInt(v) };
    if (/^-?\d*\.\d+(?:[eE][-+]?\d+)?$/.test(v)) return { type: 'double', value: Number(v) };
    if (v === 'true' || v === 'false') return { type: 'bool', value: v === 'true' };
  }
  return { type: 'string', value: v };
}

/** Resources and scopes are shared between spans of one request, like OTLP's grouping. */
class Interner {
  private readonly resources = new Map<string, Resource>();
  private readonly scopes = new Map<string, InstrumentationScope>();

  resource(service: string): Resource {
    let r = this.resources.get(service);
    if (!r) {
      r = { attributes: [{ key: 'service.name', value: { type: 'string', value: service } }], droppedAttributesCount: 0, schemaUrl: '' };
      this.resources.set(service, r);
    }
    return r;
  }

  scope(name: string, version: string): InstrumentationScope {
    const key = `${name}\u0000${version}`;
    let s = this.scopes.get(key);
    if (!s) {
      s = { name, version, attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
      this.scopes.set(key, s);
    }
    return s;
  }
}

function toModel(z: Z.ZipkinSpan, traceId: Uint8Array, spanId: Uint8Array, parentId: Uint8Array, names: Interner, parseTags: boolean): Span {
  const tags = { ...(z.tags ?? {}) };
  const take = (k: string): string | undefined => {
    const v = tags[k];
    delete tags[k];
    return v;
  };
  let statusCode: StatusCode = StatusCode.UNSET;
  const code = take(Z.TAG_STATUS_CODE);
  if (code === 'ERROR') statusCode = StatusCode.ERROR;
  else if (code === 'OK') statusCode = StatusCode.OK;
  let statusMessage = take(Z.TAG_STATUS_DESCRIPTION) ?? '';
  const error = take(Z.TAG_ERROR);
  if (error !== undefined) {
    statusCode = StatusCode.ERROR;
    if (statusMessage === '' && error !== 'true' && error !== '') statusMessage = error;
  }
  const scopeName = take(Z.TAG_SCOPE_NAME) ?? take(Z.TAG_LIBRARY_NAME) ?? '';
  const scopeVersion = take(Z.TAG_SCOPE_VERSION) ?? take(Z.TAG_LIBRARY_VERSION) ?? '';
  const traceState = take(Z.TAG_TRACE_STATE) ?? '';
  const attributes: KeyValue[] = Object.entries(tags).map(([key, v]) => ({ key, value: tagValue(String(v), parseTags) }));
  const remote = z.remoteEndpoint;
  if (remote?.serviceName) attributes.push({ key: Z.ATTR_PEER_SERVICE, value: { type: 'string', value: remote.serviceName } });
  const remoteIp = remote?.ipv4 || remote?.ipv6;
  if (remoteIp) attributes.push({ key: Z.ATTR_NET_PEER_IP, value: { type: 'string', value: remoteIp } });
  if (remote?.port) attributes.push({ key: Z.ATTR_NET_PEER_PORT, value: { type: 'int', value: BigInt(remote.port) } });
  const local = z.localEndpoint;
  const localIp = local?.ipv4 || local?.ipv6;
  if (localIp) attributes.push({ key: Z.ATTR_NET_HOST_IP, value: { type: 'string', value: localIp } });
  if (local?.port) attributes.push({ key: Z.ATTR_NET_HOST_PORT, value: { type: 'int', value: BigInt(local.port) } });
  const start = BigInt(Math.trunc(z.timestamp ?? 0)) * 1000n;
  const events: SpanEvent[] = (z.annotations ?? []).map((a) => ({
    timeUnixNano: BigInt(Math.trunc(a.timestamp)) * 1000n,
    name: a.value,
    attributes: [],
    droppedAttributesCount: 0,
  }));
  return {
    traceId,
    spanId,
    parentSpanId: parentId,
    traceState,
    flags: 0,
    name: z.name ?? '',
    kind: (z.kind && KINDS[z.kind]) ?? SpanKind.UNSPECIFIED,
    startTimeUnixNano: start,
    endTimeUnixNano: start + BigInt(Math.trunc(z.duration ?? 0)) * 1000n,
    attributes,
    droppedAttributesCount: 0,
    events,
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    statusCode,
    statusMessage,
    resource: names.resource(local?.serviceName || 'unknown_service'),
    scope: names.scope(scopeName, scopeVersion),
  };
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** POST /api/v2/spans with application/json. Throws OtlpDecodeError naming the bad span. */
export function decodeZipkinJson(body: Uint8Array, parseStringTags = false): Span[] {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (err) {
    throw new OtlpDecodeError(`body is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (!Array.isArray(doc)) throw new OtlpDecodeError('body must be a JSON array of Zipkin v2 spans');
  const names = new Interner();
  return doc.map((x, i) => {
    if (!isObj(x)) throw new OtlpDecodeError(`[${i}]: must be a span object`);
    const z = x as unknown as Z.ZipkinSpan;
    if (z.tags !== undefined && !isObj(z.tags)) throw new OtlpDecodeError(`[${i}].tags: must be an object of strings`);
    if (z.annotations !== undefined && !Array.isArray(z.annotations)) throw new OtlpDecodeError(`[${i}].annotations: must be an array`);
    for (const [k, v] of [['timestamp', z.timestamp], ['duration', z.duration]] as const) {
      if (v !== undefined && (typeof v !== 'number' || !(v >= 0))) throw new OtlpDecodeError(`[${i}].${k}: must be a non-negative number of microseconds`);
    }
    return toModel(z, hexId(z.traceId, 16, `[${i}].traceId`, false), hexId(z.id, 8, `[${i}].id`, false), hexId(z.parentId, 8, `[${i}].parentId`, true), names, parseStringTags);
  });
}

interface PbEndpoint {
  serviceName?: string;
  ipv4?: Uint8Array;
  ipv6?: Uint8Array;
  port?: number;
}
interface PbSpan {
  traceId?: Uint8Array;
  parentId?: Uint8Array;
  id?: Uint8Array;
  kind?: number;
  name?: string;
  timestamp?: LongLike | number;
  duration?: LongLike | number;
  localEndpoint?: PbEndpoint;
  remoteEndpoint?: PbEndpoint;
  annotations?: { timestamp?: LongLike | number; value?: string }[];
  tags?: Record<string, string>;
}

const PB_KINDS: (Z.ZipkinSpan['kind'] | undefined)[] = [undefined, 'CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER'];

function ipText(b: Uint8Array | undefined): string | undefined {
  if (!b || b.length === 0) return undefined;
  if (b.length === 4) return Array.from(b).join('.');
  if (b.length === 16) return Array.from({ length: 8 }, (_, i) => ((b[2 * i]! << 8) | b[2 * i + 1]!).toString(16)).join(':');
  return undefined;
}

function endpoint(e: PbEndpoint | undefined): Z.ZipkinEndpoint | undefined {
  if (!e) return undefined;
  const out: Z.ZipkinEndpoint = {};
  if (e.serviceName) out.serviceName = e.serviceName;
  const v4 = ipText(e.ipv4);
  if (v4) out.ipv4 = v4;
  const v6 = ipText(e.ipv6);
  if (v6) out.ipv6 = v6;
  if (e.port) out.port = e.port;
  return out;
}

/** POST /api/v2/spans with application/x-protobuf (zipkin.proto3.ListOfSpans). */
export function decodeZipkinProto(body: Uint8Array, parseStringTags = false): Span[] {
  let list: { spans?: PbSpan[] };
  try {
    list = zipkinListOfSpans().decode(body) as unknown as { spans?: PbSpan[] };
  } catch (err) {
    throw new OtlpDecodeError(`body is not a valid protobuf zipkin ListOfSpans: ${(err as Error).message}`, { cause: err });
  }
  const names = new Interner();
  return (list.spans ?? []).map((s) => {
    const z: Z.ZipkinSpan = {
      traceId: '',
      id: '',
      name: s.name ?? '',
      ...(PB_KINDS[s.kind ?? 0] ? { kind: PB_KINDS[s.kind ?? 0]! } : {}),
      timestamp: Number(longToBigInt(s.timestamp, false)),
      duration: Number(longToBigInt(s.duration, false)),
      ...(s.localEndpoint ? { localEndpoint: endpoint(s.localEndpoint)! } : {}),
      ...(s.remoteEndpoint ? { remoteEndpoint: endpoint(s.remoteEndpoint)! } : {}),
      annotations: (s.annotations ?? []).map((a) => ({ timestamp: Number(longToBigInt(a.timestamp, false)), value: a.value ?? '' })),
      tags: s.tags ?? {},
    };
    return toModel(z, padBytes(s.traceId, 16), padBytes(s.id, 8), padBytes(s.parentId, 8), names, parseStringTags);
  });
}
