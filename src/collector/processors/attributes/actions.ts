/**
 * The attributes processor's actions on span attributes (the Collector's attraction
 * package): insert (only when absent), update (only when present), upsert, delete,
 * hash (SHA-256 hex of the value's text, to pseudonymize PII), extract (named regexp
 * groups of a string value into new attributes) and convert (to int, double or string).
 * Actions run in order; spans that need no change are passed on as they are.
 */
import { createHash } from 'node:crypto';
import { anyValueToString, type AnyValue, type KeyValue } from '../../../model/index.js';
import type { ConfigNode } from '../../config/config-node.js';

type Attrs = KeyValue[];
export type AttributeAction = (attrs: Attrs) => void;

const ACTIONS = ['insert', 'update', 'upsert', 'delete', 'hash', 'extract', 'convert'] as const;

/** A YAML value as an attribute value: integers become int, other numbers double. */
export function yamlToAnyValue(v: unknown): AnyValue | undefined {
  if (typeof v === 'string') return { type: 'string', value: v };
  if (typeof v === 'boolean') return { type: 'bool', value: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { type: 'int', value: BigInt(v) } : { type: 'double', value: v };
  if (Array.isArray(v)) {
    const items = v.map(yamlToAnyValue);
    return items.every((x) => x !== undefined) ? { type: 'array', value: items as AnyValue[] } : undefined;
  }
  return undefined;
}

function indexOf(attrs: Attrs, key: string): number {
  for (let i = 0; i < attrs.length; i++) if (attrs[i]!.key === key) return i;
  return -1;
}

function set(attrs: Attrs, key: string, value: AnyValue, mode: 'insert' | 'update' | 'upsert'): void {
  const i = indexOf(attrs, key);
  if (i === -1) {
    if (mode !== 'update') attrs.push({ key, value });
  } else if (mode !== 'insert') {
    attrs[i] = { key, value };
  }
}

export function hashValue(v: AnyValue): AnyValue {
  return { type: 'string', value: createHash('sha256').update(anyValueToString(v)).digest('hex') };
}

function convert(v: AnyValue, to: 'int' | 'double' | 'string'): AnyValue | undefined {
  const text = anyValueToString(v);
  if (to === 'string') return { type: 'string', value: text };
  if (to === 'int') {
    if (v.type === 'int') return v;
    if (v.type === 'double') return Number.isFinite(v.value) ? { type: 'int', value: BigInt(Math.trunc(v.value)) } : undefined;
    if (v.type === 'bool') return { type: 'int', value: v.value ? 1n : 0n };
    return /^-?\d+$/.test(text.trim()) ? { type: 'int', value: BigInt(text.trim()) } : undefined;
  }
  if (v.type === 'double') return v;
  if (v.type === 'int') return { type: 'double', value: Number(v.value) };
  if (v.type === 'bool') return { type: 'double', value: v.value ? 1 : 0 };
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? { type: 'double', value: n } : undefined;
}

export function parseActions(node: ConfigNode, key = 'actions'): AttributeAction[] {
  const list = node.list(key);
  if (list.length === 0) node.fail(key, 'must have at least one action');
  return list.map((a): AttributeAction => {
    const action = a.string('action', '');
    if (action === '') a.fail('action', 'is required (one of insert, update, upsert, delete, hash, extract, convert)');
    if (!(ACTIONS as readonly string[]).includes(action)) a.fail('action', `unsupported action '${action}'; use one of ${ACTIONS.join(', ')}`);
    const attrKey = a.string('key', '');
    const patternText = a.string('pattern', '');
    a.unsupported('from_context', 'request metadata is not kept by Ariadne receivers');
    let pattern: RegExp | undefined;
    if (patternText !== '') {
      try {
        pattern = new RegExp(patternText);
      } catch (err) {
        a.fail('pattern', `'${patternText}' is not a valid regular expression: ${(err as Error).message}`);
      }
    }
    switch (action) {
      case 'insert':
      case 'update':
      case 'upsert': {
        if (attrKey === '') a.fail('key', 'is required');
        const raw = a.raw('value');
        const from = a.string('from_attribute', '');
        if ((raw === undefined || raw === null) && from === '') a.fail('value', 'either value or from_attribute must be set');
        if (raw !== undefined && raw !== null && from !== '') a.fail('from_attribute', 'cannot be set together with value');
        const value = raw === undefined || raw === null ? undefined : yamlToAnyValue(raw);
        if (raw !== undefined && raw !== null && !value) a.fail('value', 'must be a string, number, boolean or list of them');
        return (attrs) => {
          let v = value;
          if (!v) {
            const i = indexOf(attrs, from);
            if (i === -1) return;
            v = attrs[i]!.value;
          }
          set(attrs, attrKey, v, action);
        };
      }
      case 'delete':
      case 'hash': {
        if (attrKey === '' && !pattern) a.fail('key', 'is required (or set pattern)');
        const hit = (k: string): boolean => k === attrKey || (pattern !== undefined && pattern.test(k));
        return action === 'delete'
          ? (attrs) => {
              for (let i = attrs.length - 1; i >= 0; i--) if (hit(attrs[i]!.key)) attrs.splice(i, 1);
            }
          : (attrs) => {
              for (let i = 0; i < attrs.length; i++) if (hit(attrs[i]!.key)) attrs[i] = { key: attrs[i]!.key, value: hashValue(attrs[i]!.value) };
            };
      }
      case 'extract': {
        if (attrKey === '') a.fail('key', 'is required');
        if (!pattern) a.fail('pattern', 'is required for extract');
        const groups = /\(\?<([A-Za-z_][A-Za-z0-9_]*)>/.test(patternText);
        if (!groups) a.fail('pattern', 'must have named groups (?<name>...) for extract');
        const re: RegExp = pattern!;
        return (attrs) => {
          const i = indexOf(attrs, attrKey);
          if (i === -1 || attrs[i]!.value.type !== 'string') return;
          const m = re.exec(anyValueToString(attrs[i]!.value));
          if (!m?.groups) return;
          for (const [g, v] of Object.entries(m.groups)) if (v !== undefined) set(attrs, g, { type: 'string', value: v }, 'upsert');
        };
      }
      default: {
        if (attrKey === '') a.fail('key', 'is required');
        const to = a.enumOf('converted_type', ['int', 'double', 'string'] as const, 'string');
        if (!a.has('converted_type')) a.fail('converted_type', 'is required for convert (int, double or string)');
        return (attrs) => {
          const i = indexOf(attrs, attrKey);
          if (i === -1) return;
          const v = convert(attrs[i]!.value, to);
          if (v) attrs[i] = { key: attrKey, value: v };
        };
      }
    }
  });
}
