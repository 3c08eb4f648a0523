/**
 * The text Jaeger shows for an array or kvlist attribute: the collector's
 * `pcommon.Value.AsString()`, i.e. Go's `json.Marshal` of the raw value. So ints are
 * JSON numbers (exact, even past 2^53), bytes are base64, kvlist keys are sorted, and
 * `<`, `>`, `&`, U+2028, U+2029 are \u-escaped the way Go escapes them.
 * Unlike Go (which yields "" for the whole value), a NaN or infinite double becomes the
 * string "NaN", "Infinity" or "-Infinity" so that the rest of the value survives.
 */
import type { AnyValue } from '../../model/index.js';

const GO_ESCAPED = /[<>&\u2028\u2029]/g;

/** A JSON string literal as Go's encoding/json writes it. */
export function goJsonString(s: string): string {
  return JSON.stringify(s).replace(GO_ESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function goJsonNumber(n: number): string {
  return Number.isFinite(n) ? JSON.stringify(n) : goJsonString(String(n));
}

/** Go JSON text of a value, iterative so that deep nesting cannot overflow the stack. */
export function anyValueGoJson(root: AnyValue): string {
  let out = '';
  // Work items: a value to write, or a literal piece of punctuation.
  const stack: (AnyValue | string)[] = [root];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item === 'string') {
      out += item;
      continue;
    }
    switch (item.type) {
      case 'string':
        out += goJsonString(item.value);
        break;
      case 'bool':
        out += item.value ? 'true' : 'false';
        break;
      case 'int':
        out += item.value.toString();
        break;
      case 'double':
        out += goJsonNumber(item.value);
        break;
      case 'bytes':
        out += goJsonString(Buffer.from(item.value.buffer, item.value.byteOffset, item.value.byteLength).toString('base64'));
        break;
      case 'empty':
        out += 'null';
        break;
      case 'array': {
        out += '[';
        stack.push(']');
        for (let i = item.value.length - 1; i >= 0; i--) {
          stack.push(item.value[i]!);
          if (i > 0) stack.push(',');
        }
        break;
      }
      case 'kvlist': {
        // Go marshals a map: keys sorted bytewise, a repeated key keeps its last value.
        const byKey = new Map<string, AnyValue>();
        for (const kv of item.value) byKey.set(kv.key, kv.value);
        const entries = [...byKey].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
        out += '{';
        stack.push('}');
        for (let i = entries.length - 1; i >= 0; i--) {
          const [key, value] = entries[i]!;
          stack.push(value);
          stack.push(`${goJsonString(key)}:`);
          if (i > 0) stack.push(',');
        }
        break;
      }
    }
  }
  return out;
}
