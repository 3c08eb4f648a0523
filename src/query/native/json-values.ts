/**
 * Attribute values for the UI: the value keeps its OTLP type (the UI shows it), int64
 * travels as a decimal string (exact beyond 2^53), bytes as base64, non-finite doubles
 * as their names, since JSON has no NaN.
 */
import type { AnyValue, Attributes } from '../../model/index.js';

export type TypedValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'int'; readonly value: string }
  | { readonly type: 'double'; readonly value: number | 'NaN' | 'Infinity' | '-Infinity' }
  | { readonly type: 'bytes'; readonly value: string }
  | { readonly type: 'array'; readonly value: readonly TypedValue[] }
  | { readonly type: 'kvlist'; readonly value: readonly TypedAttribute[] }
  | { readonly type: 'empty' };

export interface TypedAttribute {
  readonly key: string;
  readonly value: TypedValue;
}

/** Iterative over nesting, so a hostile, deeply nested value cannot overflow the stack. */
export function typedValue(root: AnyValue): TypedValue {
  let result: TypedValue = { type: 'empty' };
  const stack: { src: AnyValue; assign: (v: TypedValue) => void }[] = [{ src: root, assign: (v) => (result = v) }];
  while (stack.length > 0) {
    const { src, assign } = stack.pop()!;
    switch (src.type) {
      case 'string':
      case 'bool':
        assign(src);
        break;
      case 'int':
        assign({ type: 'int', value: src.value.toString() });
        break;
      case 'double':
        assign({ type: 'double', value: Number.isFinite(src.value) ? src.value : (String(src.value) as 'NaN' | 'Infinity' | '-Infinity') });
        break;
      case 'bytes':
        assign({ type: 'bytes', value: Buffer.from(src.value.buffer, src.value.byteOffset, src.value.byteLength).toString('base64') });
        break;
      case 'empty':
        assign({ type: 'empty' });
        break;
      case 'array': {
        const items: TypedValue[] = new Array<TypedValue>(src.value.length);
        assign({ type: 'array', value: items });
        src.value.forEach((item, i) => stack.push({ src: item, assign: (v) => (items[i] = v) }));
        break;
      }
      case 'kvlist': {
        const items: TypedAttribute[] = new Array<TypedAttribute>(src.value.length);
        assign({ type: 'kvlist', value: items });
        src.value.forEach((kv, i) => stack.push({ src: kv.value, assign: (v) => (items[i] = { key: kv.key, value: v }) }));
        break;
      }
    }
  }
  return result;
}

export function typedAttributes(attrs: Attributes): TypedAttribute[] {
  return attrs.map((kv) => ({ key: kv.key, value: typedValue(kv.value) }));
}
