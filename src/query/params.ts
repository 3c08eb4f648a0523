/** Query-parameter parsing shared by the Jaeger and api_v3 routes. Pure; never throws. */
import { SpanKind, TRACE_ID_BYTES } from '../model/index.js';
import { ok, paramError, type ParseResult } from './errors.js';

const HEX_1_TO_32 = /^[0-9a-fA-F]{1,32}$/;

/**
 * A trace id as Jaeger accepts it in a URL: 1 to 32 hex digits, left-padded with zeros
 * to 128 bits (a 64-bit id `abc` is trace `000...0abc`). Null when it is not that.
 */
export function parseTraceIdText(text: string): Uint8Array | null {
  if (!HEX_1_TO_32.test(text)) return null;
  return new Uint8Array(Buffer.from(text.toLowerCase().padStart(TRACE_ID_BYTES * 2, '0'), 'hex'));
}

/** The span-kind names of Jaeger's `span.kind` tag and operation objects; UNSPECIFIED has none (''). */
const KIND_BY_NAME: ReadonlyMap<string, SpanKind> = new Map([
  ['unspecified', SpanKind.UNSPECIFIED],
  ['internal', SpanKind.INTERNAL],
  ['server', SpanKind.SERVER],
  ['client', SpanKind.CLIENT],
  ['producer', SpanKind.PRODUCER],
  ['consumer', SpanKind.CONSUMER],
]);

const NAME_BY_KIND: readonly string[] = ['', 'internal', 'server', 'client', 'producer', 'consumer'];

/** Jaeger's name of a kind: lowercase, '' for UNSPECIFIED (Jaeger writes no `span.kind` tag then). */
export function jaegerSpanKindName(kind: SpanKind): string {
  return NAME_BY_KIND[kind] ?? '';
}

/** An optional span-kind filter: absent or empty means every kind. Case-insensitive. */
export function parseSpanKindParam(params: URLSearchParams, name: string): ParseResult<SpanKind | undefined> {
  const text = params.get(name);
  if (text === null || text === '') return ok(undefined);
  const kind = KIND_BY_NAME.get(text.toLowerCase());
  if (kind === undefined) {
    return paramError(name, `unknown span kind '${text}'; use one of server, client, producer, consumer, internal, unspecified`);
  }
  return ok(kind);
}

/** Trace count: absent -> `defaultLimit`; a positive integer, capped at `maxLimit`. */
export function parseLimitParam(
  params: URLSearchParams,
  name: string,
  defaultLimit: number,
  maxLimit: number,
): ParseResult<number> {
  const text = params.get(name);
  if (text === null || text === '') return ok(Math.min(defaultLimit, maxLimit));
  if (!/^\+?\d+$/.test(text)) return paramError(name, `cannot parse '${text}' as a positive integer`);
  const n = Number(text);
  if (n < 1) return paramError(name, `must be at least 1, got ${text}`);
  return ok(Math.min(n, maxLimit));
}

/** The attribute filter of a search: key -> value text, compared as the store documents. */
export type AttributeFilter = ReadonlyMap<string, string>;

/** A JSON object of string values, e.g. `{"http.status_code":"500","error":"true"}`. */
export function parseStringMapJson(text: string, param: string): ParseResult<Map<string, string>> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return paramError(param, `cannot parse '${text}' as JSON: ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return paramError(param, `must be a JSON object of string values, got '${text}'`);
  }
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(doc)) {
    if (typeof v !== 'string') return paramError(param, `value of '${k}' must be a string, got ${JSON.stringify(v)}`);
    out.set(k, v);
  }
  return ok(out);
}
