import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/model/ids.js';
import { extractB3Multi, injectB3Multi } from '../../src/propagation/b3-multi.js';
import { headerGetter, recordSetter, type HeaderRecord } from '../../src/propagation/headers.js';
import type { B3SamplingState } from '../../src/propagation/span-context.js';

const TRACE = '463ac35c9f6413ad48485a3953bb6124';
const SPAN = 'a2fb4a1d1a96d312';
const PARENT = '0020000000000001';
const TRACE64 = '48485a3953bb6124';

const extract = (headers: HeaderRecord) => extractB3Multi(headerGetter(headers));

describe('extractB3Multi', () => {
  const valid: Array<{
    name: string;
    headers: HeaderRecord;
    traceId: string;
    parentSpanId?: string;
    state: B3SamplingState;
    sampled: boolean | undefined;
    debug: boolean | undefined;
  }> = [
    {
      name: 'README example headers, accept',
      headers: { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-parentspanid': PARENT, 'x-b3-sampled': '1' },
      traceId: TRACE,
      parentSpanId: PARENT,
      state: 'accept',
      sampled: true,
      debug: undefined,
    },
    {
      name: 'canonical header casing',
      headers: { 'X-B3-TraceId': TRACE, 'X-B3-SpanId': SPAN, 'X-B3-Sampled': '1' },
      traceId: TRACE,
      state: 'accept',
      sampled: true,
      debug: undefined,
    },
    {
      name: 'deny',
      headers: { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-sampled': '0' },
      traceId: TRACE,
      state: 'deny',
      sampled: false,
      debug: undefined,
    },
    {
      name: 'lenient "true"',
      headers: { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-sampled': 'true' },
      traceId: TRACE,
      state: 'accept',
      sampled: true,
      debug: undefined,
    },
    {
      name: 'lenient "false"',
      headers: { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-sampled': 'false' },
      traceId: TRACE,
      state: 'deny',
      sampled: false,
      debug: undefined,
    },
    {
      name: 'lenient "True"',
      headers: { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-sampled': 'True' },
      traceId: TRACE,
      state: 'accept',
      sampled: true,
      debug: undefined,
    },
    {
      name: 'Flags 1 is debug',
      headers: { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-flags': '1' },
      traceId: TRACE,
      state: 'debug',
      sampled: true,
      debug: true,
    },
    {
      name: 'debug overrides Sampled 0',
      headers: { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-sampled': '0', 'x-b3-flags': '1' },
      traceId: TRACE,
      state: 'debug',
      sampled: true,
      debug: true,
    },
    {
      name: 'Flags other than 1 is not debug',
      headers: { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-flags': '0', 'x-b3-sampled': '1' },
      traceId: TRACE,
      state: 'accept',
      sampled: true,
      debug: undefined,
    },
    {
      name: 'no Sampled: defer',
      headers: { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN },
      traceId: TRACE,
      state: 'defer',
      sampled: undefined,
      debug: undefined,
    },
    {
      name: 'unknown Sampled value: defer',
      headers: { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-sampled': '2' },
      traceId: TRACE,
      state: 'defer',
      sampled: undefined,
      debug: undefined,
    },
    {
      name: '64-bit trace id is left-padded',
      headers: { 'x-b3-traceid': TRACE64, 'x-b3-spanid': SPAN, 'x-b3-sampled': '1' },
      traceId: `0000000000000000${TRACE64}`,
      state: 'accept',
      sampled: true,
      debug: undefined,
    },
    {
      name: 'first field wins',
      headers: { 'x-b3-traceid': [TRACE, TRACE64], 'x-b3-spanid': SPAN, 'x-b3-sampled': ['1', '0'] },
      traceId: TRACE,
      state: 'accept',
      sampled: true,
      debug: undefined,
    },
    {
      name: 'OWS trimmed',
      headers: { 'x-b3-traceid': ` ${TRACE}\t`, 'x-b3-spanid': `\t${SPAN} `, 'x-b3-sampled': ' 1 ' },
      traceId: TRACE,
      state: 'accept',
      sampled: true,
      debug: undefined,
    },
    {
      name: 'empty ParentSpanId is absent',
      headers: { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-parentspanid': '' },
      traceId: TRACE,
      state: 'defer',
      sampled: undefined,
      debug: undefined,
    },
  ];

  it.each(valid)('accepts: $name', ({ name, headers, traceId, parentSpanId, state, sampled, debug }) => {
    const r = extract(headers);
    const ctx = r?.context;
    expect(ctx, name).toBeTruthy();
    if (!ctx) return;
    expect(r?.samplingState, name).toBe(state);
    expect(bytesToHex(ctx.traceId), name).toBe(traceId);
    expect(bytesToHex(ctx.spanId), name).toBe(SPAN);
    expect(ctx.parentSpanId && bytesToHex(ctx.parentSpanId), name).toBe(parentSpanId);
    expect(ctx.sampled, name).toBe(sampled);
    expect(ctx.debug, name).toBe(debug);
    expect(ctx.traceFlags, name).toBe(sampled === true ? 1 : 0);
  });

  const stateOnly: Array<{ name: string; headers: HeaderRecord; state: B3SamplingState }> = [
    { name: 'Sampled 0 alone', headers: { 'x-b3-sampled': '0' }, state: 'deny' },
    { name: 'Sampled 1 alone', headers: { 'x-b3-sampled': '1' }, state: 'accept' },
    { name: 'Flags 1 alone', headers: { 'x-b3-flags': '1' }, state: 'debug' },
  ];

  it.each(stateOnly)('sampling state on its own: $name', ({ name, headers, state }) => {
    expect(extract(headers), name).toEqual({ context: null, samplingState: state });
  });

  const invalid: Array<{ name: string; headers: HeaderRecord }> = [
    { name: 'no headers', headers: {} },
    { name: 'unknown Sampled alone', headers: { 'x-b3-sampled': 'yes' } },
    { name: 'TraceId without SpanId', headers: { 'x-b3-traceid': TRACE, 'x-b3-sampled': '1' } },
    { name: 'SpanId without TraceId', headers: { 'x-b3-spanid': SPAN, 'x-b3-sampled': '1' } },
    { name: 'uppercase TraceId', headers: { 'x-b3-traceid': TRACE.toUpperCase(), 'x-b3-spanid': SPAN } },
    { name: 'uppercase SpanId', headers: { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN.toUpperCase() } },
    { name: 'TraceId of 20 characters', headers: { 'x-b3-traceid': `0000${TRACE64}`, 'x-b3-spanid': SPAN } },
    { name: 'TraceId of 31 characters', headers: { 'x-b3-traceid': TRACE.slice(1), 'x-b3-spanid': SPAN } },
    { name: 'SpanId of 32 characters', headers: { 'x-b3-traceid': TRACE, 'x-b3-spanid': TRACE } },
    { name: 'all-zero TraceId', headers: { 'x-b3-traceid': '0'.repeat(32), 'x-b3-spanid': SPAN } },
    { name: 'all-zero SpanId', headers: { 'x-b3-traceid': TRACE, 'x-b3-spanid': '0'.repeat(16) } },
    { name: 'invalid ParentSpanId', headers: { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-parentspanid': 'xyz' } },
    { name: 'all-zero ParentSpanId', headers: { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-parentspanid': '0'.repeat(16) } },
  ];

  it.each(invalid)('rejects: $name', ({ name, headers }) => {
    expect(extract(headers), name).toBeNull();
  });
});

describe('injectB3Multi', () => {
  const inject = (headers: HeaderRecord) => {
    const ctx = extract(headers)?.context;
    if (!ctx) throw new Error('expected a context');
    const out: Record<string, string> = {};
    injectB3Multi(ctx, recordSetter(out));
    return out;
  };

  it('writes every field in lowercase', () => {
    expect(inject({ 'X-B3-TraceId': TRACE, 'X-B3-SpanId': SPAN, 'X-B3-ParentSpanId': PARENT, 'X-B3-Sampled': '1' })).toEqual({
      'x-b3-traceid': TRACE,
      'x-b3-spanid': SPAN,
      'x-b3-parentspanid': PARENT,
      'x-b3-sampled': '1',
    });
  });

  it('writes deny as Sampled 0', () => {
    expect(inject({ 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-sampled': 'false' })).toEqual({
      'x-b3-traceid': TRACE,
      'x-b3-spanid': SPAN,
      'x-b3-sampled': '0',
    });
  });

  it('writes debug as Flags 1 without Sampled', () => {
    expect(inject({ 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-flags': '1' })).toEqual({
      'x-b3-traceid': TRACE,
      'x-b3-spanid': SPAN,
      'x-b3-flags': '1',
    });
  });

  it('writes no sampling header for defer, and 64-bit ids as 128 bits', () => {
    expect(inject({ 'x-b3-traceid': TRACE64, 'x-b3-spanid': SPAN })).toEqual({
      'x-b3-traceid': `0000000000000000${TRACE64}`,
      'x-b3-spanid': SPAN,
    });
  });
});
