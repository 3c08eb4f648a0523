import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/model/ids.js';
import { extractB3Single, formatB3Single, injectB3Single, parseB3Single } from '../../src/propagation/b3-single.js';
import { headerGetter, recordSetter } from '../../src/propagation/headers.js';
import type { B3SamplingState } from '../../src/propagation/span-context.js';

const TRACE = '80f198ee56343ba864fe8b2a57d3eff7';
const SPAN = '05e3ac9a4f6e3b90';
const PARENT = 'e457b5a2e4d86bd1';
const TRACE64 = 'a3ce929d0e0e4736';

interface Expected {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  state: B3SamplingState;
  sampled: boolean | undefined;
  debug: boolean | undefined;
  traceFlags: number;
}

describe('parseB3Single', () => {
  const withIds: Array<{ name: string; value: string; expected: Expected }> = [
    {
      name: 'README example: accept with parent',
      value: `${TRACE}-${SPAN}-1-${PARENT}`,
      expected: { traceId: TRACE, spanId: SPAN, parentSpanId: PARENT, state: 'accept', sampled: true, debug: undefined, traceFlags: 1 },
    },
    {
      name: 'README example: accept without parent',
      value: `${TRACE}-${SPAN}-1`,
      expected: { traceId: TRACE, spanId: SPAN, state: 'accept', sampled: true, debug: undefined, traceFlags: 1 },
    },
    {
      name: 'README example: debug',
      value: `${TRACE}-${SPAN}-d`,
      expected: { traceId: TRACE, spanId: SPAN, state: 'debug', sampled: true, debug: true, traceFlags: 1 },
    },
    {
      name: 'deny with ids',
      value: `${TRACE}-${SPAN}-0`,
      expected: { traceId: TRACE, spanId: SPAN, state: 'deny', sampled: false, debug: undefined, traceFlags: 0 },
    },
    {
      name: 'deny with parent',
      value: `${TRACE}-${SPAN}-0-${PARENT}`,
      expected: { traceId: TRACE, spanId: SPAN, parentSpanId: PARENT, state: 'deny', sampled: false, debug: undefined, traceFlags: 0 },
    },
    {
      name: 'debug with parent',
      value: `${TRACE}-${SPAN}-d-${PARENT}`,
      expected: { traceId: TRACE, spanId: SPAN, parentSpanId: PARENT, state: 'debug', sampled: true, debug: true, traceFlags: 1 },
    },
    {
      name: 'ids only: defer',
      value: `${TRACE}-${SPAN}`,
      expected: { traceId: TRACE, spanId: SPAN, state: 'defer', sampled: undefined, debug: undefined, traceFlags: 0 },
    },
    {
      name: '64-bit trace id is left-padded to 128 bits',
      value: `${TRACE64}-${SPAN}-1`,
      expected: { traceId: `0000000000000000${TRACE64}`, spanId: SPAN, state: 'accept', sampled: true, debug: undefined, traceFlags: 1 },
    },
    {
      name: '128-bit trace id with zero high bits',
      value: `0000000000000000${TRACE64}-${SPAN}`,
      expected: { traceId: `0000000000000000${TRACE64}`, spanId: SPAN, state: 'defer', sampled: undefined, debug: undefined, traceFlags: 0 },
    },
    {
      name: 'surrounding OWS',
      value: ` \t${TRACE}-${SPAN}-1\t `,
      expected: { traceId: TRACE, spanId: SPAN, state: 'accept', sampled: true, debug: undefined, traceFlags: 1 },
    },
  ];

  it.each(withIds)('accepts: $name', ({ name, value, expected }) => {
    const r = parseB3Single(value);
    expect(r?.context, name).not.toBeNull();
    const ctx = r?.context;
    if (ctx === null || ctx === undefined) return;
    expect(r?.samplingState, name).toBe(expected.state);
    expect(bytesToHex(ctx.traceId), name).toBe(expected.traceId);
    expect(bytesToHex(ctx.spanId), name).toBe(expected.spanId);
    expect(ctx.parentSpanId && bytesToHex(ctx.parentSpanId), name).toBe(expected.parentSpanId);
    expect(ctx.sampled, name).toBe(expected.sampled);
    expect(ctx.debug, name).toBe(expected.debug);
    expect(ctx.traceFlags, name).toBe(expected.traceFlags);
    expect(ctx.isRemote, name).toBe(true);
    expect(ctx.traceState.size, name).toBe(0);
  });

  const stateOnly: Array<{ name: string; value: string; state: B3SamplingState }> = [
    { name: 'deny alone (b3: 0)', value: '0', state: 'deny' },
    { name: 'accept alone (b3: 1)', value: '1', state: 'accept' },
    { name: 'debug alone (b3: d)', value: 'd', state: 'debug' },
    { name: 'deny alone with OWS', value: ' 0 ', state: 'deny' },
  ];

  it.each(stateOnly)('sampling state on its own: $name', ({ name, value, state }) => {
    expect(parseB3Single(value), name).toEqual({ context: null, samplingState: state });
  });

  const invalid: Array<{ name: string; value: string }> = [
    { name: 'empty', value: '' },
    { name: 'dash only', value: '-' },
    { name: 'unknown state alone', value: '2' },
    { name: 'uppercase debug alone', value: 'D' },
    { name: '"true" alone', value: 'true' },
    { name: 'two-character state alone', value: '01' },
    { name: 'uppercase trace id', value: `${TRACE.toUpperCase()}-${SPAN}-1` },
    { name: 'uppercase span id', value: `${TRACE}-${SPAN.toUpperCase()}-1` },
    { name: 'uppercase parent id', value: `${TRACE}-${SPAN}-1-${PARENT.toUpperCase()}` },
    { name: 'trace id of 15 characters', value: `${TRACE64.slice(1)}-${SPAN}` },
    { name: 'trace id of 17 characters', value: `0${TRACE64}-${SPAN}` },
    { name: 'trace id of 20 characters', value: `0000${TRACE64}-${SPAN}` },
    { name: 'trace id of 31 characters', value: `${TRACE.slice(1)}-${SPAN}` },
    { name: 'trace id of 33 characters', value: `0${TRACE}-${SPAN}` },
    { name: 'span id of 15 characters', value: `${TRACE}-${SPAN.slice(1)}` },
    { name: 'span id of 17 characters', value: `${TRACE}-0${SPAN}` },
    { name: 'parent id of 15 characters', value: `${TRACE}-${SPAN}-1-${PARENT.slice(1)}` },
    { name: 'all-zero 128-bit trace id', value: `${'0'.repeat(32)}-${SPAN}-1` },
    { name: 'all-zero 64-bit trace id', value: `${'0'.repeat(16)}-${SPAN}-1` },
    { name: 'all-zero span id', value: `${TRACE}-${'0'.repeat(16)}-1` },
    { name: 'all-zero parent id', value: `${TRACE}-${SPAN}-1-${'0'.repeat(16)}` },
    { name: 'unknown sampling state', value: `${TRACE}-${SPAN}-2` },
    { name: 'uppercase debug state', value: `${TRACE}-${SPAN}-D` },
    { name: '"true" as sampling state', value: `${TRACE}-${SPAN}-true` },
    { name: 'parent in the sampling position', value: `${TRACE}-${SPAN}-${PARENT}` },
    { name: 'empty sampling state before parent', value: `${TRACE}-${SPAN}--${PARENT}` },
    { name: 'trailing dash', value: `${TRACE}-${SPAN}-` },
    { name: 'trailing dash after state', value: `${TRACE}-${SPAN}-1-` },
    { name: 'fifth field', value: `${TRACE}-${SPAN}-1-${PARENT}-x` },
    { name: 'trace id only', value: TRACE },
    { name: 'space inside', value: `${TRACE}- ${SPAN}` },
  ];

  it.each(invalid)('rejects: $name', ({ name, value }) => {
    expect(parseB3Single(value), name).toBeNull();
  });
});

describe('extractB3Single', () => {
  it('takes the first of several fields', () => {
    const r = extractB3Single(headerGetter({ b3: [`${TRACE}-${SPAN}-1`, '0'] }));
    expect(r?.samplingState).toBe('accept');
  });

  it('takes the first of Node-joined fields', () => {
    expect(extractB3Single(headerGetter({ b3: `0, ${TRACE}-${SPAN}-1` }))).toEqual({ context: null, samplingState: 'deny' });
  });

  it('matches the header name in any case', () => {
    expect(extractB3Single(headerGetter({ B3: '0' }))?.samplingState).toBe('deny');
  });

  it('is null without the header', () => {
    expect(extractB3Single(headerGetter({}))).toBeNull();
  });
});

describe('formatB3Single', () => {
  const values = [
    `${TRACE}-${SPAN}-1-${PARENT}`,
    `${TRACE}-${SPAN}-0-${PARENT}`,
    `${TRACE}-${SPAN}-d-${PARENT}`,
    `${TRACE}-${SPAN}-1`,
    `${TRACE}-${SPAN}-d`,
    `${TRACE}-${SPAN}`,
  ];

  it.each(values)('round-trips %s', (value) => {
    const ctx = parseB3Single(value)?.context;
    if (ctx === null || ctx === undefined) throw new Error('expected a context');
    expect(formatB3Single(ctx), value).toBe(value);
  });

  it('writes a 64-bit trace id as 128 bits', () => {
    const ctx = parseB3Single(`${TRACE64}-${SPAN}-1`)?.context;
    if (!ctx) throw new Error('expected a context');
    const out: Record<string, string> = {};
    injectB3Single(ctx, recordSetter(out));
    expect(out).toEqual({ b3: `0000000000000000${TRACE64}-${SPAN}-1` });
  });

  it('drops the parent when the decision is deferred (it has no position without a state)', () => {
    const ctx = parseB3Single(`${TRACE}-${SPAN}-1-${PARENT}`)?.context;
    if (!ctx) throw new Error('expected a context');
    const { sampled: _s, ...deferred } = { ...ctx, traceFlags: 0 };
    expect(formatB3Single(deferred)).toBe(`${TRACE}-${SPAN}`);
  });
});
