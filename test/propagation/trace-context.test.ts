import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/model/ids.js';
import type { HeaderRecord } from '../../src/propagation/headers.js';
import { headerGetter, recordSetter } from '../../src/propagation/headers.js';
import { extractTraceContext, injectTraceContext } from '../../src/propagation/trace-context.js';

const T1 = '12345678901234567890123456789012';
const S1 = '1234567890123456';
const TP = `00-${T1}-${S1}-01`;

const extract = (headers: HeaderRecord) => extractTraceContext(headerGetter(headers));

describe('extractTraceContext', () => {
  it('reads traceparent and tracestate', () => {
    const ctx = extract({ traceparent: `00-${T1}-${S1}-00`, tracestate: 'foo=1,bar=2' });
    expect(ctx).not.toBeNull();
    expect(bytesToHex(ctx?.traceId ?? new Uint8Array())).toBe(T1);
    expect(bytesToHex(ctx?.spanId ?? new Uint8Array())).toBe(S1);
    expect(ctx?.traceFlags).toBe(0);
    expect(ctx?.sampled).toBe(false);
    expect(ctx?.isRemote).toBe(true);
    expect(ctx?.traceState.serialize()).toBe('foo=1,bar=2');
  });

  it('reports the sampled flag', () => {
    expect(extract({ traceparent: TP })?.sampled).toBe(true);
    expect(extract({ traceparent: `00-${T1}-${S1}-09` })?.sampled).toBe(true);
    expect(extract({ traceparent: `00-${T1}-${S1}-02` })?.sampled).toBe(false);
  });

  const noContext: Array<{ name: string; headers: HeaderRecord }> = [
    { name: 'no headers', headers: {} },
    { name: 'tracestate without traceparent', headers: { tracestate: 'foo=1' } },
    { name: 'duplicate traceparent fields', headers: { traceparent: [TP, `00-${T1.replace('1', '9')}-${S1}-01`] } },
    { name: 'duplicate identical traceparent fields', headers: { traceparent: [TP, TP] } },
    { name: 'duplicate fields under different casings', headers: { traceparent: TP, TraceParent: TP } },
    { name: 'duplicates joined by Node with ", "', headers: { traceparent: `${TP}, ${TP}` } },
    { name: 'wrong header name trace-parent', headers: { 'trace-parent': TP } },
    { name: 'wrong header name trace.parent', headers: { 'trace.parent': TP } },
    { name: 'invalid traceparent with a valid tracestate', headers: { traceparent: `ff-${T1}-${S1}-01`, tracestate: 'foo=1' } },
  ];

  it.each(noContext)('no context: $name', ({ name, headers }) => {
    expect(extract(headers), name).toBeNull();
  });

  const casings = ['traceparent', 'TraceParent', 'TrAcEpArEnT', 'TRACEPARENT'];
  it.each(casings)('header name in any case: %s', (key) => {
    expect(bytesToHex(extract({ [key]: TP })?.traceId ?? new Uint8Array()), key).toBe(T1);
  });

  const states: Array<{ name: string; headers: HeaderRecord; serialized: string }> = [
    { name: 'tracestate name in mixed case', headers: { traceparent: TP, TrAcEsTaTe: 'foo=1' }, serialized: 'foo=1' },
    { name: 'wrong tracestate name trace-state', headers: { traceparent: TP, 'trace-state': 'foo=1' }, serialized: '' },
    { name: 'invalid tracestate leaves traceparent valid', headers: { traceparent: TP, tracestate: 'foo=1,foo=2' }, serialized: '' },
    { name: 'combined tracestate fields', headers: { traceparent: TP, tracestate: ['foo=1,bar=2', 'rojo=1'] }, serialized: 'foo=1,bar=2,rojo=1' },
    { name: 'tracestate fields under two casings', headers: { traceparent: TP, tracestate: 'a=1', TraceState: 'b=2' }, serialized: 'a=1,b=2' },
    { name: 'one array traceparent field is fine', headers: { traceparent: [TP], tracestate: 'a=1' }, serialized: 'a=1' },
  ];

  it.each(states)('tracestate: $name', ({ name, headers, serialized }) => {
    const ctx = extract(headers);
    expect(ctx, name).not.toBeNull();
    expect(ctx?.traceState.serialize(), name).toBe(serialized);
  });

  it('reads through a getter carrier', () => {
    const map = new Map([
      ['traceparent', TP],
      ['tracestate', 'congo=t61rcWkgMzE'],
    ]);
    const ctx = extractTraceContext({ get: (name) => map.get(name) });
    expect(ctx?.traceState.get('congo')).toBe('t61rcWkgMzE');
  });
});

describe('injectTraceContext', () => {
  it('writes traceparent and tracestate exactly', () => {
    const ctx = extract({ traceparent: `cc-${T1}-${S1}-01-future`, tracestate: ' rojo=00f067aa0ba902b7 ,, congo=t61rcWkgMzE' });
    expect(ctx).not.toBeNull();
    if (ctx === null) return;
    const out: Record<string, string> = {};
    injectTraceContext(ctx, recordSetter(out));
    expect(out).toEqual({
      traceparent: `00-${T1}-${S1}-01`,
      tracestate: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
    });
  });

  it('omits an empty tracestate', () => {
    const ctx = extract({ traceparent: `00-${T1}-${S1}-00` });
    if (ctx === null) throw new Error('expected a context');
    const out: Record<string, string> = {};
    injectTraceContext(ctx, recordSetter(out));
    expect(out).toEqual({ traceparent: `00-${T1}-${S1}-00` });
  });
});
