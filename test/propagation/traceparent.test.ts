import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/model/ids.js';
import { TraceState } from '../../src/propagation/trace-state.js';
import { formatTraceparent, parseTraceparent } from '../../src/propagation/traceparent.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
// The W3C test suite's ids.
const T1 = '12345678901234567890123456789012';
const S1 = '1234567890123456';

describe('parseTraceparent', () => {
  const valid: Array<{ name: string; value: string; version: number; traceId: string; parentId: string; flags: number }> = [
    { name: 'spec example, sampled', value: `00-${TRACE}-${SPAN}-01`, version: 0, traceId: TRACE, parentId: SPAN, flags: 1 },
    { name: 'spec example, not sampled', value: `00-${TRACE}-${SPAN}-00`, version: 0, traceId: TRACE, parentId: SPAN, flags: 0 },
    {
      name: 'spec example from the tracestate section',
      value: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      version: 0,
      traceId: '0af7651916cd43dd8448eb211c80319c',
      parentId: 'b7ad6b7169203331',
      flags: 1,
    },
    { name: 'unknown flag bits are parsed, not rejected', value: `00-${T1}-${S1}-ff`, version: 0, traceId: T1, parentId: S1, flags: 0xff },
    { name: 'flags 09: sampled bit under another bit', value: `00-${T1}-${S1}-09`, version: 0, traceId: T1, parentId: S1, flags: 0x09 },
    { name: 'future version cc, no extra fields', value: `cc-${T1}-${S1}-01`, version: 0xcc, traceId: T1, parentId: S1, flags: 1 },
    {
      name: 'future version cc, extra fields ignored',
      value: `cc-${T1}-${S1}-01-what-the-future-will-be-like`,
      version: 0xcc,
      traceId: T1,
      parentId: S1,
      flags: 1,
    },
    { name: 'version 01 with an extra field', value: `01-${T1}-${S1}-00-xyz`, version: 1, traceId: T1, parentId: S1, flags: 0 },
    { name: 'future version, flags followed by a bare dash', value: `fe-${T1}-${S1}-01-`, version: 0xfe, traceId: T1, parentId: S1, flags: 1 },
    { name: 'leading space', value: ` 00-${T1}-${S1}-01`, version: 0, traceId: T1, parentId: S1, flags: 1 },
    { name: 'leading tab', value: `\t00-${T1}-${S1}-01`, version: 0, traceId: T1, parentId: S1, flags: 1 },
    { name: 'trailing space', value: `00-${T1}-${S1}-01 `, version: 0, traceId: T1, parentId: S1, flags: 1 },
    { name: 'trailing tab', value: `00-${T1}-${S1}-01\t`, version: 0, traceId: T1, parentId: S1, flags: 1 },
    { name: 'OWS on both sides', value: `\t 00-${T1}-${S1}-01 \t`, version: 0, traceId: T1, parentId: S1, flags: 1 },
  ];

  it.each(valid)('accepts: $name', ({ name, value, version, traceId, parentId, flags }) => {
    const tp = parseTraceparent(value);
    expect(tp, name).not.toBeNull();
    expect(tp?.version, name).toBe(version);
    expect(bytesToHex(tp?.traceId ?? new Uint8Array()), name).toBe(traceId);
    expect(bytesToHex(tp?.parentId ?? new Uint8Array()), name).toBe(parentId);
    expect(tp?.traceFlags, name).toBe(flags);
  });

  const invalid: Array<{ name: string; value: string }> = [
    { name: 'empty', value: '' },
    { name: 'whitespace only', value: ' \t ' },
    { name: 'garbage', value: 'not a traceparent' },
    { name: 'version ff is forbidden', value: `ff-${T1}-${S1}-01` },
    { name: 'version ff with extra fields', value: `ff-${T1}-${S1}-01-extra` },
    { name: 'version illegal character first', value: `.0-${T1}-${S1}-01` },
    { name: 'version illegal character second', value: `0.-${T1}-${S1}-01` },
    { name: 'version uppercase hex', value: `0A-${T1}-${S1}-01` },
    { name: 'version too long (3)', value: `000-${T1}-${S1}-01` },
    { name: 'version too long (4)', value: `0000-${T1}-${S1}-01` },
    { name: 'version too short', value: `0-${T1}-${S1}-01` },
    { name: 'trace-id all zero', value: `00-00000000000000000000000000000000-${S1}-01` },
    { name: 'trace-id illegal first character', value: `00-.2345678901234567890123456789012-${S1}-01` },
    { name: 'trace-id illegal last character', value: `00-1234567890123456789012345678901.-${S1}-01` },
    { name: 'trace-id uppercase hex', value: `00-4BF92F3577B34DA6A3CE929D0E0E4736-${SPAN}-01` },
    { name: 'trace-id one uppercase letter', value: `00-4bf92f3577b34da6a3ce929d0e0e473A-${SPAN}-01` },
    { name: 'trace-id too long', value: `00-123456789012345678901234567890123-${S1}-01` },
    { name: 'trace-id too short', value: `00-1234567890123456789012345678901-${S1}-01` },
    { name: 'parent-id all zero', value: `00-${T1}-0000000000000000-01` },
    { name: 'parent-id illegal first character', value: `00-${T1}-.234567890123456-01` },
    { name: 'parent-id illegal last character', value: `00-${T1}-123456789012345.-01` },
    { name: 'parent-id uppercase hex', value: `00-${TRACE}-00F067AA0BA902B7-01` },
    { name: 'parent-id too long', value: `00-${T1}-12345678901234567-01` },
    { name: 'parent-id too short', value: `00-${T1}-123456789012345-01` },
    { name: 'trace-flags illegal first character', value: `00-${T1}-${S1}-.0` },
    { name: 'trace-flags illegal second character', value: `00-${T1}-${S1}-0.` },
    { name: 'trace-flags uppercase hex', value: `00-${T1}-${S1}-0A` },
    { name: 'trace-flags too long', value: `00-${T1}-${S1}-001` },
    { name: 'trace-flags too short', value: `00-${T1}-${S1}-1` },
    { name: 'trace-flags missing', value: `00-${T1}-${S1}` },
    { name: 'version 00 with a trailing character', value: `00-${T1}-${S1}-01.` },
    { name: 'version 00 with extra fields', value: `00-${T1}-${S1}-01-what-the-future-will-be-like` },
    { name: 'version 00 with a trailing dash', value: `00-${T1}-${S1}-01-` },
    { name: 'future version, flags not followed by a dash', value: `cc-${T1}-${S1}-01.what-the-future-will-be-like` },
    { name: 'future version, known trace-id still validated', value: `cc-00000000000000000000000000000000-${S1}-01-x` },
    { name: 'future version, known parent-id still validated', value: `cc-${T1}-123456789012345-01-x` },
    { name: 'future version, uppercase trace-id', value: `cc-4BF92F3577B34DA6A3CE929D0E0E4736-${S1}-01-x` },
    { name: 'future version shorter than 55 characters', value: `cc-${T1}-${S1}-1` },
    { name: 'underscore separators', value: `00_${T1}_${S1}_01` },
    { name: 'whitespace inside', value: `00- ${T1}-${S1}-01` },
    { name: 'newline is not OWS', value: `00-${T1}-${S1}-01\n` },
    { name: 'two values joined by a comma', value: `00-${T1}-${S1}-01, 00-${T1}-${S1}-01` },
  ];

  it.each(invalid)('rejects: $name', ({ name, value }) => {
    expect(parseTraceparent(value), name).toBeNull();
  });
});

describe('formatTraceparent', () => {
  const traceId = Uint8Array.from(Buffer.from(TRACE, 'hex'));
  const spanId = Uint8Array.from(Buffer.from(SPAN, 'hex'));
  const base = { traceId, spanId, traceState: TraceState.EMPTY, isRemote: false };

  const cases: Array<{ name: string; ctx: Parameters<typeof formatTraceparent>[0]; expected: string }> = [
    { name: 'sampled', ctx: { ...base, traceFlags: 1, sampled: true }, expected: `00-${TRACE}-${SPAN}-01` },
    { name: 'not sampled', ctx: { ...base, traceFlags: 0, sampled: false }, expected: `00-${TRACE}-${SPAN}-00` },
    { name: 'unknown flag bits are zeroed', ctx: { ...base, traceFlags: 0xff }, expected: `00-${TRACE}-${SPAN}-01` },
    { name: 'only an unknown flag bit', ctx: { ...base, traceFlags: 0x02 }, expected: `00-${TRACE}-${SPAN}-00` },
    { name: 'B3 debug is sampled', ctx: { ...base, traceFlags: 0, debug: true }, expected: `00-${TRACE}-${SPAN}-01` },
    { name: 'B3 deferred is not sampled', ctx: { ...base, traceFlags: 0 }, expected: `00-${TRACE}-${SPAN}-00` },
  ];

  it.each(cases)('writes version 00: $name', ({ name, ctx, expected }) => {
    expect(formatTraceparent(ctx), name).toBe(expected);
  });

  it('round-trips through parseTraceparent', () => {
    const tp = parseTraceparent(`cc-${TRACE}-${SPAN}-01-future`);
    expect(tp).not.toBeNull();
    if (tp === null) return;
    expect(formatTraceparent({ traceId: tp.traceId, spanId: tp.parentId, traceFlags: tp.traceFlags })).toBe(
      `00-${TRACE}-${SPAN}-01`,
    );
  });
});
