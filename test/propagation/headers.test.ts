import { describe, expect, it } from 'vitest';
import {
  combinedHeader,
  firstHeader,
  headerGetter,
  recordSetter,
  singleHeader,
  trimOws,
} from '../../src/propagation/headers.js';

describe('headerGetter', () => {
  it('reads a Node-style record with lowercase keys', () => {
    expect(headerGetter({ traceparent: 'x' }).get('traceparent')).toBe('x');
  });

  const casings = ['TraceParent', 'TrAcEpArEnT', 'TRACEPARENT'];
  it.each(casings)('matches the name case-insensitively: %s', (key) => {
    expect(headerGetter({ [key]: 'x' }).get('traceparent'), key).toBe('x');
  });

  it('collects fields whose names differ only in case', () => {
    expect(headerGetter({ tracestate: 'a=1', TraceState: 'b=2' }).get('tracestate')).toEqual(['a=1', 'b=2']);
  });

  it('passes arrays through and ignores undefined values', () => {
    expect(headerGetter({ baggage: ['a=1', 'b=2'] }).get('baggage')).toEqual(['a=1', 'b=2']);
    expect(headerGetter({ baggage: undefined }).get('baggage')).toBeUndefined();
  });

  it('does not match other names', () => {
    const g = headerGetter({ 'trace-parent': 'x', 'trace.parent': 'y' });
    expect(g.get('traceparent')).toBeUndefined();
  });

  it('uses a getter carrier as is', () => {
    const carrier = { get: (name: string) => (name === 'b3' ? '0' : undefined) };
    expect(headerGetter(carrier)).toBe(carrier);
  });
});

describe('header value shapes', () => {
  const single: Array<{ name: string; value: string | string[] | undefined; expected: string | undefined | null }> = [
    { name: 'absent', value: undefined, expected: undefined },
    { name: 'string', value: 'a', expected: 'a' },
    { name: 'one-element array', value: ['a'], expected: 'a' },
    { name: 'empty array', value: [], expected: undefined },
    { name: 'duplicate fields are invalid', value: ['a', 'b'], expected: null },
  ];
  it.each(single)('singleHeader: $name', ({ name, value, expected }) => {
    expect(singleHeader(value), name).toBe(expected);
  });

  const combined: Array<{ name: string; value: string | string[] | undefined; expected: string | undefined }> = [
    { name: 'absent', value: undefined, expected: undefined },
    { name: 'string', value: 'a=1', expected: 'a=1' },
    { name: 'fields joined in order', value: ['a=1', 'b=2'], expected: 'a=1,b=2' },
  ];
  it.each(combined)('combinedHeader: $name', ({ name, value, expected }) => {
    expect(combinedHeader(value), name).toBe(expected);
  });

  const first: Array<{ name: string; value: string | string[] | undefined; expected: string | undefined }> = [
    { name: 'absent', value: undefined, expected: undefined },
    { name: 'string', value: '1', expected: '1' },
    { name: 'first field wins', value: ['1', '0'], expected: '1' },
    { name: 'Node-joined fields: first wins', value: '1, 0', expected: '1' },
  ];
  it.each(first)('firstHeader: $name', ({ name, value, expected }) => {
    expect(firstHeader(value), name).toBe(expected);
  });

  it('trims spaces and tabs only', () => {
    expect(trimOws(' \t a b \t ')).toBe('a b');
    expect(trimOws('\na\n')).toBe('\na\n');
  });

  it('recordSetter writes into a record', () => {
    const out: Record<string, string> = {};
    recordSetter(out).set('b3', '0');
    expect(out).toEqual({ b3: '0' });
  });
});
