/**
 * A string-building twin of attributesToJson + JSON.stringify for the write path:
 * the same OTLP/JSON text without the intermediate objects, which were most of
 * the encoding time and GC pressure at ingest rates. Reading goes back through
 * json-values' attributesFromJson, and a test pins this output to
 * JSON.stringify(attributesToJson(x)).
 */
import type { AnyValue, Attributes } from '../model/index.js';

function bytesBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

export function anyValueJsonText(v: AnyValue): string {
  switch (v.type) {
    case 'string':
      return `{"stringValue":${JSON.stringify(v.value)}}`;
    case 'bool':
      return v.value ? '{"boolValue":true}' : '{"boolValue":false}';
    case 'int':
      return `{"intValue":"${v.value.toString()}"}`;
    case 'double':
      // Non-finite doubles are strings in OTLP/JSON: "NaN", "Infinity", "-Infinity".
      return Number.isFinite(v.value) ? `{"doubleValue":${JSON.stringify(v.value)}}` : `{"doubleValue":"${String(v.value)}"}`;
    case 'bytes':
      return `{"bytesValue":"${bytesBase64(v.value)}"}`;
    case 'array': {
      let out = '{"arrayValue":{"values":[';
      for (let i = 0; i < v.value.length; i++) out += (i > 0 ? ',' : '') + anyValueJsonText(v.value[i]!);
      return `${out}]}}`;
    }
    case 'kvlist':
      return `{"kvlistValue":{"values":${attributesJsonText(v.value)}}}`;
    case 'empty':
      return '{}';
  }
}

export function attributesJsonText(attrs: Attributes): string {
  let out = '[';
  for (let i = 0; i < attrs.length; i++) {
    const kv = attrs[i]!;
    out += `${i > 0 ? ',' : ''}{"key":${JSON.stringify(kv.key)},"value":${anyValueJsonText(kv.value)}}`;
  }
  return `${out}]`;
}
