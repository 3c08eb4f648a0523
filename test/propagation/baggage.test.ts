import { describe, expect, it } from 'vitest';
import { Baggage, isValidBaggageKey } from '../../src/propagation/baggage.js';

describe('Baggage', () => {
  const b = Baggage.EMPTY.set('userId', 'alice').set('serverNode', 'DF 28', [{ key: 'p1' }, { key: 'p2', value: 'x' }]);

  it('sets and gets entries with properties', () => {
    expect(b.size).toBe(2);
    expect(b.get('userId')).toEqual({ value: 'alice', properties: [] });
    expect(b.get('serverNode')).toEqual({ value: 'DF 28', properties: [{ key: 'p1' }, { key: 'p2', value: 'x' }] });
  });

  it('keeps the position of an updated key', () => {
    expect(b.set('userId', 'bob').entries().map(([k]) => k)).toEqual(['userId', 'serverNode']);
  });

  it('never mutates the original', () => {
    b.set('x', '1');
    b.delete('userId');
    expect(b.size).toBe(2);
    expect(b.get('userId')?.value).toBe('alice');
  });

  it('deletes keys', () => {
    expect(b.delete('userId').entries().map(([k]) => k)).toEqual(['serverNode']);
    expect(b.delete('nope')).toBe(b);
  });

  const invalidSets: Array<{ name: string; key: string; properties?: Array<{ key: string; value?: string }> }> = [
    { name: 'empty key', key: '' },
    { name: 'key with a space', key: 'a b' },
    { name: 'key with "="', key: 'a=b' },
    { name: 'key with a non-ASCII letter', key: 'clé' },
    { name: 'property key not a token', key: 'ok', properties: [{ key: 'p q' }] },
    { name: 'property value with a comma', key: 'ok', properties: [{ key: 'p', value: 'a,b' }] },
  ];

  it.each(invalidSets)('set leaves baggage unchanged: $name', ({ name, key, properties }) => {
    expect(b.set(key, 'v', properties), name).toBe(b);
  });

  const tokens: Array<{ name: string; key: string; valid: boolean }> = [
    { name: 'every tchar symbol', key: "!#$%&'*+-.^_`|~", valid: true },
    { name: 'letters and digits', key: 'aZ09', valid: true },
    { name: 'double quote', key: 'a"b', valid: false },
    { name: 'semicolon', key: 'a;b', valid: false },
    { name: 'comma', key: 'a,b', valid: false },
  ];
  it.each(tokens)('key grammar: $name', ({ name, key, valid }) => {
    expect(isValidBaggageKey(key), name).toBe(valid);
  });
});
