/**
 * OTLP AnyValue, kept with its exact type. int64 is a bigint so values beyond 2^53
 * survive; bytes stay bytes.
 */
export type AnyValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'int'; readonly value: bigint }
  | { readonly type: 'double'; readonly value: number }
  | { readonly type: 'bytes'; readonly value: Uint8Array }
  | { readonly type: 'array'; readonly value: readonly AnyValue[] }
  | { readonly type: 'kvlist'; readonly value: readonly KeyValue[] }
  /** An AnyValue with no field set: OTLP allows it, and it must round-trip as such. */
  | { readonly type: 'empty' };

export interface KeyValue {
  readonly key: string;
  readonly value: AnyValue;
}

export type Attributes = readonly KeyValue[];

/** The value as text, the way Jaeger shows tags and search compares them. */
export function anyValueToString(v: AnyValue): string {
  switch (v.type) {
    case 'string':
      return v.value;
    case 'bool':
    case 'int':
    case 'double':
      return String(v.value);
    case 'bytes':
      return Buffer.from(v.value).toString('base64');
    case 'empty':
      return '';
    case 'array':
    case 'kvlist':
      return JSON.stringify(anyValueToPlain(v));
  }
}

/** A JSON-safe plain form (int64 as string, bytes as base64) for display and search. */
export function anyValueToPlain(v: AnyValue): unknown {
  switch (v.type) {
    case 'int':
      return v.value.toString();
    case 'bytes':
      return Buffer.from(v.value).toString('base64');
    case 'empty':
      return null;
    case 'array':
      return v.value.map(anyValueToPlain);
    case 'kvlist': {
      const out: Record<string, unknown> = {};
      for (const kv of v.value) out[kv.key] = anyValueToPlain(kv.value);
      return out;
    }
    default:
      return v.value;
  }
}

export function findAttribute(attrs: Attributes, key: string): AnyValue | undefined {
  for (const kv of attrs) if (kv.key === key) return kv.value;
  return undefined;
}

export function stringAttribute(attrs: Attributes, key: string): string | undefined {
  const v = findAttribute(attrs, key);
  return v?.type === 'string' ? v.value : undefined;
}
