/**
 * AnyValue <-> the OTLP/JSON mapping (proto3 JSON with OTLP's exceptions): lowerCamelCase
 * names, int64 as a decimal string (numbers accepted on input), bytes as base64,
 * non-finite doubles as "NaN"/"Infinity"/"-Infinity".
 * Used by the JSON receiver, the store's column encoding and /api/v3.
 */
import type { AnyValue, Attributes, KeyValue } from '../model/index.js';
import { OtlpDecodeError } from './errors.js';

export type JsonAnyValue = Record<string, unknown>;
export interface JsonKeyValue {
  key: string;
  value: JsonAnyValue;
}

export function anyValueToJson(v: AnyValue): JsonAnyValue {
  switch (v.type) {
    case 'string':
      return { stringValue: v.value };
    case 'bool':
      return { boolValue: v.value };
    case 'int':
      return { intValue: v.value.toString() };
    case 'double':
      return { doubleValue: Number.isFinite(v.value) ? v.value : String(v.value) };
    case 'bytes':
      return { bytesValue: Buffer.from(v.value.buffer, v.value.byteOffset, v.value.byteLength).toString('base64') };
    case 'array':
      return { arrayValue: { values: v.value.map(anyValueToJson) } };
    case 'kvlist':
      return { kvlistValue: { values: attributesToJson(v.value) } };
    case 'empty':
      return {};
  }
}

export function attributesToJson(attrs: Attributes): JsonKeyValue[] {
  const out: JsonKeyValue[] = new Array(attrs.length);
  for (let i = 0; i < attrs.length; i++) {
    const kv = attrs[i]!;
    out[i] = { key: kv.key, value: anyValueToJson(kv.value) };
  }
  return out;
}

function fail(path: string, problem: string): never {
  throw new OtlpDecodeError(`${path}: ${problem}`);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** int64 given as a JSON number or decimal string. */
export function int64FromJson(x: unknown, path: string): bigint {
  let n: bigint;
  if (typeof x === 'string' && /^-?\d+$/.test(x)) n = BigInt(x);
  else if (typeof x === 'number' && Number.isInteger(x)) n = BigInt(x);
  else fail(path, 'must be an integer (number or decimal string)');
  if (n < INT64_MIN || n > INT64_MAX) fail(path, 'is out of int64 range');
  return n;
}

/** fixed64/uint64 (timestamps): number or decimal string, never through a float when a string. */
export function uint64FromJson(x: unknown, path: string): bigint {
  if (x === undefined || x === null) return 0n;
  let n: bigint;
  if (typeof x === 'string' && /^\d+$/.test(x)) n = BigInt(x);
  else if (typeof x === 'number' && Number.isInteger(x) && x >= 0) n = BigInt(x);
  else fail(path, 'must be a non-negative integer (number or decimal string)');
  if (n >= 1n << 64n) fail(path, 'is out of uint64 range');
  return n;
}

export function uint32FromJson(x: unknown, path: string): number {
  if (x === undefined || x === null) return 0;
  const n = typeof x === 'string' && /^\d+$/.test(x) ? Number(x) : x;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    fail(path, 'must be an unsigned 32-bit integer');
  }
  return n;
}

export function stringFromJson(x: unknown, path: string): string {
  if (x === undefined || x === null) return '';
  if (typeof x !== 'string') fail(path, 'must be a string');
  return x;
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

export function bytesFromBase64Json(x: unknown, path: string): Uint8Array {
  if (x === undefined || x === null) return new Uint8Array(0);
  if (typeof x !== 'string' || !BASE64.test(x)) fail(path, 'must be base64 text');
  return new Uint8Array(Buffer.from(x, x.includes('-') || x.includes('_') ? 'base64url' : 'base64'));
}

export function doubleFromJson(x: unknown, path: string): number {
  if (typeof x === 'number') return x;
  if (x === 'NaN') return NaN;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  if (typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x))) return Number(x);
  fail(path, 'must be a number');
}

export function anyValueFromJson(x: unknown, path: string): AnyValue {
  if (x === undefined || x === null) return { type: 'empty' };
  if (!isObject(x)) fail(path, 'must be an object');
  // proto3 JSON parsers accept snake_case names too.
  for (const k in x) {
    const v = x[k];
    switch (k) {
      case 'stringValue':
      case 'string_value':
        return { type: 'string', value: stringFromJson(v, `${path}.stringValue`) };
      case 'boolValue':
      case 'bool_value':
        if (typeof v !== 'boolean') fail(`${path}.boolValue`, 'must be true or false');
        return { type: 'bool', value: v };
      case 'intValue':
      case 'int_value':
        return { type: 'int', value: int64FromJson(v, `${path}.intValue`) };
      case 'doubleValue':
      case 'double_value':
        return { type: 'double', value: doubleFromJson(v, `${path}.doubleValue`) };
      case 'bytesValue':
      case 'bytes_value':
        return { type: 'bytes', value: bytesFromBase64Json(v, `${path}.bytesValue`) };
      case 'arrayValue':
      case 'array_value': {
        const values = isObject(v) ? v['values'] : undefined;
        if (values !== undefined && !Array.isArray(values)) fail(`${path}.arrayValue.values`, 'must be an array');
        return {
          type: 'array',
          value: (values ?? []).map((e: unknown, i: number) => anyValueFromJson(e, `${path}.arrayValue.values[${i}]`)),
        };
      }
      case 'kvlistValue':
      case 'kvlist_value': {
        const values = isObject(v) ? v['values'] : undefined;
        return { type: 'kvlist', value: attributesFromJson(values, `${path}.kvlistValue.values`) };
      }
      default:
        fail(`${path}.${k}`, 'is not an AnyValue field');
    }
  }
  return { type: 'empty' };
}

export function attributesFromJson(x: unknown, path: string): KeyValue[] {
  if (x === undefined || x === null) return [];
  if (!Array.isArray(x)) fail(path, 'must be an array');
  const out: KeyValue[] = new Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const e: unknown = x[i];
    if (!isObject(e)) fail(`${path}[${i}]`, 'must be an object');
    out[i] = { key: stringFromJson(e['key'], `${path}[${i}].key`), value: anyValueFromJson(e['value'], `${path}[${i}].value`) };
  }
  return out;
}
