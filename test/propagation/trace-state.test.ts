import { describe, expect, it } from 'vitest';
import {
  MAX_TRACE_STATE_MEMBERS,
  TraceState,
  isValidTraceStateKey,
  isValidTraceStateValue,
} from '../../src/propagation/trace-state.js';

const members = (from: number, to: number): string =>
  Array.from({ length: to - from + 1 }, (_, i) => {
    const n = String(from + i).padStart(2, '0');
    return `bar${n}=${n}`;
  }).join(',');

// Every key and value character the grammar allows (from the W3C test suite).
const ALL_KEY_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789_-*/';
const ALL_VALUE_CHARS = [
  [0x20, 0x2b],
  [0x2d, 0x3c],
  [0x3e, 0x7e],
]
  .flatMap(([a = 0, b = 0]) => Array.from({ length: b - a + 1 }, (_, i) => String.fromCharCode(a + i)))
  .join('');

describe('TraceState.parse', () => {
  const valid: Array<{ name: string; header: string | string[]; serialized: string }> = [
    { name: 'spec example, one vendor', header: 'rojo=00f067aa0ba902b7', serialized: 'rojo=00f067aa0ba902b7' },
    {
      name: 'spec example, two vendors',
      header: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
      serialized: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
    },
    { name: 'OWS around members', header: 'foo=1 \t , \t bar=2, \t baz=3', serialized: 'foo=1,bar=2,baz=3' },
    { name: 'tabs and spaces mixed', header: 'foo=1\t \t,\t \tbar=2,\t \tbaz=3', serialized: 'foo=1,bar=2,baz=3' },
    { name: 'leading OWS', header: ' \tfoo=1', serialized: 'foo=1' },
    { name: 'trailing OWS', header: 'foo=1 \t', serialized: 'foo=1' },
    { name: 'empty header', header: '', serialized: '' },
    { name: 'whitespace-only header', header: ' \t ', serialized: '' },
    { name: 'empty member in the middle', header: 'foo=1,,bar=2', serialized: 'foo=1,bar=2' },
    { name: 'empty members at the edges', header: ',foo=1, ,', serialized: 'foo=1' },
    {
      name: 'several headers combined in order',
      header: ['foo=1,bar=2', 'rojo=1,congo=2', 'baz=3'],
      serialized: 'foo=1,bar=2,rojo=1,congo=2,baz=3',
    },
    { name: 'value header then an empty one', header: ['foo=1', ''], serialized: 'foo=1' },
    { name: 'empty header then a value', header: ['', 'foo=1'], serialized: 'foo=1' },
    { name: '32 members across 4 headers', header: [members(1, 10), members(11, 20), members(21, 30), members(31, 32)], serialized: members(1, 32) },
    { name: 'every allowed key and value character', header: `${ALL_KEY_CHARS}=${ALL_VALUE_CHARS}`, serialized: `${ALL_KEY_CHARS}=${ALL_VALUE_CHARS}` },
    { name: 'multi-tenant key', header: 'fw529a3039@dt=FW4;0;0;0;0;0;0;0', serialized: 'fw529a3039@dt=FW4;0;0;0;0;0;0;0' },
    { name: 'multi-tenant key, tenant starts with a digit', header: '1tenant@sys=1', serialized: '1tenant@sys=1' },
    { name: 'multi-tenant key, every allowed character', header: `${ALL_KEY_CHARS}@a-z0-9_-*/=1`, serialized: `${ALL_KEY_CHARS}@a-z0-9_-*/=1` },
    { name: 'simple key of 256 characters', header: `foo=1,${'z'.repeat(256)}=1`, serialized: `foo=1,${'z'.repeat(256)}=1` },
    { name: 'tenant of 241 and system of 14 characters', header: `foo=1,${'t'.repeat(241)}@${'v'.repeat(14)}=1`, serialized: `foo=1,${'t'.repeat(241)}@${'v'.repeat(14)}=1` },
    { name: 'value with a leading space is kept', header: 'foo= bar', serialized: 'foo= bar' },
    { name: 'value with an inner space', header: 'foo=a b', serialized: 'foo=a b' },
    { name: 'value of 256 characters', header: `foo=${'v'.repeat(256)}`, serialized: `foo=${'v'.repeat(256)}` },
    { name: 'OpenTelemetry ot entry', header: 'ot=th:8;rv:6e6d1a75832a2f', serialized: 'ot=th:8;rv:6e6d1a75832a2f' },
  ];

  it.each(valid)('accepts: $name', ({ name, header, serialized }) => {
    expect(TraceState.parse(header).serialize(), name).toBe(serialized);
  });

  it('reads values by key', () => {
    const ts = TraceState.parse('foo=1 , bar= 2');
    expect(ts.get('foo')).toBe('1');
    expect(ts.get('bar')).toBe(' 2');
    expect(ts.get('baz')).toBeUndefined();
    expect(ts.size).toBe(2);
  });

  it('is empty for an absent header', () => {
    expect(TraceState.parse(undefined)).toBe(TraceState.EMPTY);
    expect(TraceState.parse([])).toBe(TraceState.EMPTY);
  });

  // Any invalid member makes the whole header invalid (W3C test suite, strict level 2).
  const invalid: Array<{ name: string; header: string | string[] }> = [
    { name: '33 members across 4 headers', header: [members(1, 10), members(11, 20), members(21, 30), members(31, 33)] },
    { name: '33 members in one header', header: members(1, 33) },
    { name: 'duplicate key, same value', header: 'foo=1,foo=1' },
    { name: 'duplicate key, different values', header: 'foo=1,foo=2' },
    { name: 'duplicate key across headers', header: ['foo=1', 'foo=2'] },
    { name: 'member without "="', header: 'foo=1,bar' },
    { name: 'space before "="', header: 'foo =1' },
    { name: 'uppercase key', header: 'FOO=1' },
    { name: 'dot in key', header: 'foo.bar=1' },
    { name: 'empty key', header: '=1' },
    { name: 'simple key starting with a digit', header: '1abc=1' },
    { name: 'simple key starting with "_"', header: '_abc=1' },
    { name: 'empty system id', header: 'foo@=1,bar=2' },
    { name: 'empty tenant id', header: '@foo=1,bar=2' },
    { name: 'double "@"', header: 'foo@@bar=1,bar=2' },
    { name: 'two "@"', header: 'foo@bar@baz=1,bar=2' },
    { name: 'system id starting with a digit', header: 't@1abc=1' },
    { name: 'tenant id starting with "-"', header: '-t@abc=1' },
    { name: 'simple key of 257 characters', header: ['foo=1', `${'z'.repeat(257)}=1`] },
    { name: 'tenant id of 242 characters', header: ['foo=1', `${'t'.repeat(242)}@v=1`] },
    { name: 'system id of 15 characters', header: ['foo=1', `t@${'v'.repeat(15)}=1`] },
    { name: 'value containing "="', header: 'foo=bar=baz' },
    { name: 'empty value', header: 'foo=,bar=3' },
    { name: 'value of spaces only', header: 'foo=   ' },
    { name: 'value of 257 characters', header: `foo=${'v'.repeat(257)}` },
    { name: 'value with a tab inside', header: 'foo=a\tb' },
    { name: 'value with DEL', header: 'foo=a\x7f' },
    { name: 'value with a non-ASCII character', header: 'foo=ä' },
    { name: 'one invalid member among valid ones', header: 'foo=1,BAR=2,baz=3' },
  ];

  it.each(invalid)('drops the whole header: $name', ({ name, header }) => {
    const ts = TraceState.parse(header);
    expect(ts.size, name).toBe(0);
    expect(ts.serialize(), name).toBe('');
  });
});

describe('TraceState mutation', () => {
  const base = TraceState.parse('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE');

  it('adds a new key at the front', () => {
    expect(base.set('ot', 'th:8').serialize()).toBe('ot=th:8,rojo=00f067aa0ba902b7,congo=t61rcWkgMzE');
  });

  it('moves an updated key to the front (the spec example)', () => {
    expect(base.set('congo', 'ucfJifl5GOE').serialize()).toBe('congo=ucfJifl5GOE,rojo=00f067aa0ba902b7');
  });

  it('never mutates the original', () => {
    base.set('x', '1');
    base.delete('rojo');
    expect(base.serialize()).toBe('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE');
  });

  it('drops the right-most entry past 32 members', () => {
    const full = TraceState.parse(members(1, 32));
    const next = full.set('new', 'x');
    expect(next.size).toBe(MAX_TRACE_STATE_MEMBERS);
    expect(next.get('new')).toBe('x');
    expect(next.get('bar32')).toBeUndefined();
    expect(next.get('bar31')).toBe('31');
    expect(next.entries()[0]).toEqual(['new', 'x']);
  });

  it('updating a key of a full state drops nothing', () => {
    const next = TraceState.parse(members(1, 32)).set('bar32', 'y');
    expect(next.size).toBe(32);
    expect(next.entries()[0]).toEqual(['bar32', 'y']);
    expect(next.get('bar31')).toBe('31');
  });

  const invalidSets: Array<{ name: string; key: string; value: string }> = [
    { name: 'uppercase key', key: 'Foo', value: '1' },
    { name: 'value with a comma', key: 'foo', value: 'a,b' },
    { name: 'value with "="', key: 'foo', value: 'a=b' },
    { name: 'empty value', key: 'foo', value: '' },
    { name: 'trailing space in value', key: 'foo', value: 'a ' },
  ];

  it.each(invalidSets)('set leaves the state unchanged: $name', ({ name, key, value }) => {
    expect(base.set(key, value), name).toBe(base);
  });

  it('deletes a key, keeping the order of the rest', () => {
    const ts = TraceState.parse('a=1,b=2,c=3').delete('b');
    expect(ts.serialize()).toBe('a=1,c=3');
  });

  it('deleting an absent key returns the same state', () => {
    expect(base.delete('nope')).toBe(base);
  });

  it('deleting the last key gives the empty state', () => {
    expect(TraceState.parse('a=1').delete('a')).toBe(TraceState.EMPTY);
  });

  it('builds from entries, or null for invalid ones', () => {
    expect(TraceState.fromEntries([['a', '1'], ['b', '2']])?.serialize()).toBe('a=1,b=2');
    expect(TraceState.fromEntries([['a', '1'], ['a', '2']])).toBeNull();
    expect(TraceState.fromEntries([['A', '1']])).toBeNull();
  });
});

describe('tracestate key and value grammar', () => {
  const keys: Array<{ name: string; key: string; valid: boolean }> = [
    { name: 'one letter', key: 'a', valid: true },
    { name: 'all simple-key characters', key: 'a0_-*/', valid: true },
    { name: 'multi-tenant', key: 'tenant@system', valid: true },
    { name: 'empty', key: '', valid: false },
    { name: '"@" alone', key: '@', valid: false },
    { name: 'space', key: 'a b', valid: false },
  ];
  it.each(keys)('key: $name', ({ name, key, valid }) => {
    expect(isValidTraceStateKey(key), name).toBe(valid);
  });

  const values: Array<{ name: string; value: string; valid: boolean }> = [
    { name: 'printable ASCII', value: '!~', valid: true },
    { name: 'leading space', value: ' x', valid: true },
    { name: 'trailing space', value: 'x ', valid: false },
    { name: 'comma', value: 'x,y', valid: false },
    { name: 'equals', value: 'x=y', valid: false },
  ];
  it.each(values)('value: $name', ({ name, value, valid }) => {
    expect(isValidTraceStateValue(value), name).toBe(valid);
  });
});
