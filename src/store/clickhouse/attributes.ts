/**
 * Attributes as parallel arrays, exact and searchable:
 *
 *   keys    ['http.method', 'http.status_code', 'list']
 *   values  ['GET',         '200',              '["a",-5]']   text form (anyValueToString),
 *                                                             what search compares
 *   types   'sij'                                             one letter per attribute
 *   json    ['{"arrayValue":...}']                           OTLP/JSON of each 'j' value
 *
 * The text form and the letter are the whole value for every scalar (the letters of
 * src/store/value-letters.ts, shared with DuckDB: s string, b bool, i int, d double, z -0,
 * y bytes as base64, e empty); arrays and kvlists, whose text form drops types, add
 * their OTLP/JSON. An attribute filter key=value is then "some i with keys[i] = key
 * and values[i] = value": whole entries, never a prefix.
 */
import { anyValueToString, type AnyValue, type Attributes, type KeyValue } from '../../model/index.js';
import { anyValueJsonText } from '../../otlp/otlp-json-writer.js';
import { valueFromLetter } from '../value-letters.js';

export interface AttributeArrays {
  readonly keys: string[];
  readonly values: string[];
  readonly types: string;
  readonly json: string[];
}

const EMPTY: AttributeArrays = { keys: [], values: [], types: '', json: [] };

function letterOf(v: AnyValue): string {
  switch (v.type) {
    case 'string':
      return 's';
    case 'bool':
      return 'b';
    case 'int':
      return 'i';
    case 'double':
      return Object.is(v.value, -0) ? 'z' : 'd';
    case 'bytes':
      return 'y';
    case 'empty':
      return 'e';
    case 'array':
    case 'kvlist':
      return 'j';
  }
}

export function encodeAttributes(attrs: Attributes): AttributeArrays {
  if (attrs.length === 0) return EMPTY;
  const keys = new Array<string>(attrs.length);
  const values = new Array<string>(attrs.length);
  const json: string[] = [];
  let types = '';
  for (let i = 0; i < attrs.length; i++) {
    const kv = attrs[i]!;
    const letter = letterOf(kv.value);
    keys[i] = kv.key;
    values[i] = kv.value.type === 'string' ? kv.value.value : anyValueToString(kv.value);
    types += letter;
    if (letter === 'j') json.push(anyValueJsonText(kv.value));
  }
  return { keys, values, types, json };
}

export function decodeAttributes(keys: readonly string[], values: readonly string[], types: string, json: readonly string[]): KeyValue[] {
  const out = new Array<KeyValue>(keys.length);
  let j = 0;
  for (let i = 0; i < keys.length; i++) {
    out[i] = { key: keys[i]!, value: valueFromLetter(values[i] ?? '', types.charAt(i), () => json[j++] ?? '{}') };
  }
  return out;
}
