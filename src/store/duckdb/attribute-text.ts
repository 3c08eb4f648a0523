/**
 * The attribute column format: exact like OTLP/JSON, about a third of its size,
 * and searchable with one substring test. Each attribute is one entry:
 *
 *   \x01 key \x02 text \x03 type [json]      ... and the list ends with \x01
 *
 * `text` is the value's text form (anyValueToString, how Jaeger search compares
 * tags) and, with the one-letter `type`, is the whole value for scalars; arrays
 * and kvlists, whose text form drops types, add their OTLP/JSON after the type.
 * An attribute filter key=value is then `contains(column, needle(key, value))`:
 * the needle `\x01 key \x02 value \x03` matches exactly one whole entry.
 *
 * Keys and texts are escaped with \x04 (\x01..\x04 -> \x04 'A'..'D') so data
 * cannot forge a separator; JSON never holds raw control characters.
 * The volume matters: this column is most of a span's bytes, and bytes are what
 * the appender, the WAL and the checkpoint spend their time on.
 */
import { anyValueToString, type AnyValue, type Attributes, type KeyValue } from '../../model/index.js';
import { anyValueJsonText } from '../../otlp/otlp-json-writer.js';
import { valueFromLetter } from '../value-letters.js';

const ENTRY = '\x01';
const TEXT = '\x02';
const TYPE = '\x03';
const SPECIAL = /[\x01-\x04]/;
const SPECIAL_ALL = /[\x01-\x04]/g;
const ESCAPED_ALL = /\x04([A-D])/g;

function escape(s: string): string {
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, (c) => `\x04${String.fromCharCode(c.charCodeAt(0) + 0x40)}`) : s;
}

function unescape(s: string): string {
  return s.includes('\x04') ? s.replace(ESCAPED_ALL, (_, c: string) => String.fromCharCode(c.charCodeAt(0) - 0x40)) : s;
}

function bytesBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/** text, TYPE, type letter and payload of one value. */
function valueText(v: AnyValue): string {
  switch (v.type) {
    case 'string':
      return `${escape(v.value)}${TYPE}s`;
    case 'bool':
      return v.value ? `true${TYPE}b` : `false${TYPE}b`;
    case 'int':
      return `${v.value.toString()}${TYPE}i`;
    case 'double':
      // String(n) round-trips every double (NaN and the infinities too) except -0.
      return Object.is(v.value, -0) ? `0${TYPE}z` : `${String(v.value)}${TYPE}d`;
    case 'bytes':
      return `${bytesBase64(v.value)}${TYPE}y`;
    case 'empty':
      return `${TYPE}e`;
    case 'array':
    case 'kvlist':
      return `${escape(anyValueToString(v))}${TYPE}j${anyValueJsonText(v)}`;
  }
}

/** The column value of an attribute list; '' for none. */
export function encodeAttributeText(attrs: Attributes): string {
  if (attrs.length === 0) return '';
  let out = ENTRY;
  for (let i = 0; i < attrs.length; i++) {
    const kv = attrs[i]!;
    out += `${escape(kv.key)}${TEXT}${valueText(kv.value)}${ENTRY}`;
  }
  return out;
}

function decodeValue(text: string, type: string, payload: string): AnyValue {
  // Only string texts can hold escaped separators.
  return type === 's' ? { type: 'string', value: unescape(text) } : valueFromLetter(text, type, () => payload);
}

export function decodeAttributeText(column: string | null): KeyValue[] {
  if (column === null || column === '') return [];
  const out: KeyValue[] = [];
  // Separators never occur raw inside keys, texts or JSON, so plain splits are exact.
  const entries = column.split(ENTRY);
  for (let i = 1; i < entries.length - 1; i++) {
    const e = entries[i]!;
    const textAt = e.indexOf(TEXT);
    const typeAt = e.indexOf(TYPE, textAt + 1);
    out.push({
      key: unescape(e.slice(0, textAt)),
      value: decodeValue(e.slice(textAt + 1, typeAt), e.charAt(typeAt + 1), e.slice(typeAt + 2)),
    });
  }
  return out;
}

/** What `contains(column, needle)` finds exactly when an attribute `key` has text form `value`. */
export function attributeNeedle(key: string, value: string): string {
  return `${ENTRY}${escape(key)}${TEXT}${escape(value)}${TYPE}`;
}
