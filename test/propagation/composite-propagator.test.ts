import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/model/ids.js';
import { Baggage } from '../../src/propagation/baggage.js';
import {
  createPropagator,
  propagatorNamesFromList,
  validatePropagatorConfig,
  type PropagatorName,
} from '../../src/propagation/composite-propagator.js';
import { PropagatorConfigError } from '../../src/propagation/errors.js';
import { recordSetter, type HeaderRecord } from '../../src/propagation/headers.js';
import { TraceState } from '../../src/propagation/trace-state.js';

const W3C_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const B3_TRACE = '80f198ee56343ba864fe8b2a57d3eff7';
const MULTI_TRACE = '463ac35c9f6413ad48485a3953bb6124';
const SPAN = '00f067aa0ba902b7';
const PARENT = 'e457b5a2e4d86bd1';

const W3C = { traceparent: `00-${W3C_TRACE}-${SPAN}-01`, tracestate: 'congo=t61rcWkgMzE' };
const B3 = { b3: `${B3_TRACE}-${SPAN}-1` };
const MULTI = { 'x-b3-traceid': MULTI_TRACE, 'x-b3-spanid': SPAN, 'x-b3-sampled': '1' };

const traceHex = (headers: HeaderRecord, extract?: PropagatorName[]) => {
  const ctx = createPropagator(extract === undefined ? {} : { extract }).extract(headers).context;
  return ctx === null ? null : bytesToHex(ctx.traceId);
};

describe('extraction order', () => {
  const cases: Array<{ name: string; headers: HeaderRecord; extract?: PropagatorName[]; expected: string | null }> = [
    { name: 'W3C wins over both B3 encodings', headers: { ...W3C, ...B3, ...MULTI }, expected: W3C_TRACE },
    { name: 'invalid W3C falls back to B3 single', headers: { traceparent: `ff-${W3C_TRACE}-${SPAN}-01`, ...B3, ...MULTI }, expected: B3_TRACE },
    { name: 'B3 single takes precedence over multi', headers: { ...B3, ...MULTI }, expected: B3_TRACE },
    { name: 'invalid B3 single falls back to multi', headers: { b3: 'garbage', ...MULTI }, expected: MULTI_TRACE },
    { name: 'multi alone', headers: MULTI, expected: MULTI_TRACE },
    { name: 'nothing valid', headers: { traceparent: 'x', b3: 'y', 'x-b3-traceid': 'z' }, expected: null },
    { name: 'configured order: multi first', headers: { ...W3C, ...B3, ...MULTI }, extract: ['b3multi', 'b3', 'tracecontext'], expected: MULTI_TRACE },
    { name: 'configured without W3C', headers: { ...W3C, ...B3 }, extract: ['b3'], expected: B3_TRACE },
    { name: 'configured with nothing', headers: { ...W3C, ...B3 }, extract: [], expected: null },
  ];

  it.each(cases)('$name', ({ name, headers, extract, expected }) => {
    expect(traceHex(headers, extract), name).toBe(expected);
  });

  it('B3 id-less deny is reported when no context is found', () => {
    const r = createPropagator().extract({ b3: '0' });
    expect(r.context).toBeNull();
    expect(r.samplingState).toBe('deny');
  });

  it('a later context wins over an earlier id-less decision', () => {
    const r = createPropagator().extract({ b3: '0', ...MULTI });
    expect(r.context && bytesToHex(r.context.traceId)).toBe(MULTI_TRACE);
    expect(r.samplingState).toBeUndefined();
  });

  it('extracts baggage alongside the context', () => {
    const r = createPropagator().extract({ ...W3C, baggage: 'userId=alice,bad key=1' });
    expect(r.baggage.get('userId')?.value).toBe('alice');
    expect(r.droppedBaggageMembers).toBe(1);
  });

  it('ignores baggage when it is not configured', () => {
    const r = createPropagator({ extract: ['tracecontext'] }).extract({ ...W3C, baggage: 'userId=alice' });
    expect(r.baggage).toBe(Baggage.EMPTY);
  });

  it('never throws on hostile input', () => {
    const hostile: HeaderRecord = {
      traceparent: ['\u0000', '\ud800'],
      tracestate: '='.repeat(10_000),
      baggage: '%'.repeat(10_000),
      b3: '-'.repeat(10_000),
      'x-b3-traceid': '\ud800',
      'x-b3-spanid': [],
    };
    expect(() => createPropagator().extract(hostile)).not.toThrow();
  });
});

describe('injection', () => {
  const ctx = createPropagator().extract({ ...W3C }).context;
  if (ctx === null) throw new Error('expected a context');
  const baggage = Baggage.EMPTY.set('userId', 'alice').set('serverNode', 'DF 28');

  it('writes W3C, baggage and B3 multi by default, exactly', () => {
    const out: Record<string, string> = {};
    const r = createPropagator().inject({ context: ctx, baggage }, recordSetter(out));
    expect(out).toEqual({
      traceparent: `00-${W3C_TRACE}-${SPAN}-01`,
      tracestate: 'congo=t61rcWkgMzE',
      baggage: 'userId=alice,serverNode=DF%2028',
      'x-b3-traceid': W3C_TRACE,
      'x-b3-spanid': SPAN,
      'x-b3-sampled': '1',
    });
    expect(r.droppedBaggageMembers).toBe(0);
  });

  it('lists the fields it may write', () => {
    expect(createPropagator().fields).toEqual([
      'traceparent',
      'tracestate',
      'baggage',
      'x-b3-traceid',
      'x-b3-spanid',
      'x-b3-parentspanid',
      'x-b3-sampled',
      'x-b3-flags',
    ]);
  });

  it('writes B3 single when configured', () => {
    const b3ctx = createPropagator().extract({ b3: `${B3_TRACE}-${SPAN}-d-${PARENT}` }).context;
    if (b3ctx === null) throw new Error('expected a context');
    const out: Record<string, string> = {};
    createPropagator({ inject: ['b3', 'tracecontext'] }).inject({ context: b3ctx }, recordSetter(out));
    expect(out).toEqual({ b3: `${B3_TRACE}-${SPAN}-d-${PARENT}`, traceparent: `00-${B3_TRACE}-${SPAN}-01` });
  });

  it('writes a B3 debug context as Flags 1 in multi', () => {
    const b3ctx = createPropagator().extract({ b3: `${B3_TRACE}-${SPAN}-d` }).context;
    if (b3ctx === null) throw new Error('expected a context');
    const out: Record<string, string> = {};
    createPropagator({ inject: ['b3multi'] }).inject({ context: b3ctx }, recordSetter(out));
    expect(out).toEqual({ 'x-b3-traceid': B3_TRACE, 'x-b3-spanid': SPAN, 'x-b3-flags': '1' });
  });

  it('passes an id-less B3 decision on', () => {
    const extracted = createPropagator().extract({ b3: '0' });
    const out: Record<string, string> = {};
    createPropagator({ inject: ['tracecontext', 'b3', 'b3multi'] }).inject(extracted, recordSetter(out));
    expect(out).toEqual({ b3: '0', 'x-b3-sampled': '0' });
  });

  it('writes no context headers for an invalid context', () => {
    const out: Record<string, string> = {};
    const zero = { ...ctx, traceId: new Uint8Array(16) };
    createPropagator({ inject: ['tracecontext', 'b3', 'b3multi'] }).inject({ context: zero }, recordSetter(out));
    expect(out).toEqual({});
  });

  it('omits empty baggage and reports baggage dropped past the limits', () => {
    let big = Baggage.EMPTY;
    for (let i = 0; i < 66; i++) big = big.set(`k${i}`, 'v');
    const p = createPropagator({ inject: ['baggage'] });
    const none: Record<string, string> = {};
    p.inject({ context: null, baggage: Baggage.EMPTY }, recordSetter(none));
    expect(none).toEqual({});
    const out: Record<string, string> = {};
    expect(p.inject({ context: null, baggage: big }, recordSetter(out)).droppedBaggageMembers).toBe(2);
  });

  it('round-trips W3C through inject and extract', () => {
    const out: Record<string, string> = {};
    const p = createPropagator();
    p.inject({ context: ctx, baggage }, recordSetter(out));
    const back = p.extract(out);
    expect(back.context).toEqual(ctx);
    expect(back.baggage.entries()).toEqual(baggage.entries());
  });

  it('injects a deferred B3 context as not sampled in W3C and without Sampled in multi', () => {
    const deferred = createPropagator().extract({ b3: `${B3_TRACE}-${SPAN}` }).context;
    if (deferred === null) throw new Error('expected a context');
    expect(deferred.traceState).toBe(TraceState.EMPTY);
    const out: Record<string, string> = {};
    createPropagator().inject({ context: deferred }, recordSetter(out));
    expect(out).toEqual({
      traceparent: `00-${B3_TRACE}-${SPAN}-00`,
      'x-b3-traceid': B3_TRACE,
      'x-b3-spanid': SPAN,
    });
  });
});

describe('configuration', () => {
  const problems: Array<{ name: string; config: { extract?: string[]; inject?: string[] }; expected: string[] }> = [
    { name: 'defaults are valid', config: {}, expected: [] },
    { name: 'every known name', config: { extract: ['tracecontext', 'baggage', 'b3', 'b3multi'] }, expected: [] },
    {
      name: 'unknown name',
      config: { extract: ['tracecontext', 'jaeger'] },
      expected: ["extract[1]: unknown propagator 'jaeger'; use one of tracecontext, baggage, b3, b3multi"],
    },
    { name: 'repeated name', config: { inject: ['b3', 'b3'] }, expected: ["inject[1]: propagator 'b3' is listed twice"] },
    {
      name: 'names are case-sensitive here',
      config: { inject: ['B3'] },
      expected: ["inject[0]: unknown propagator 'B3'; use one of tracecontext, baggage, b3, b3multi"],
    },
  ];

  it.each(problems)('validate: $name', ({ name, config, expected }) => {
    expect(validatePropagatorConfig(config), name).toEqual(expected);
  });

  it('createPropagator throws a coded error for a bad configuration', () => {
    const bad = { extract: ['xray'] } as unknown as { extract: PropagatorName[] };
    expect(() => createPropagator(bad)).toThrow(PropagatorConfigError);
    try {
      createPropagator(bad);
    } catch (e) {
      expect((e as PropagatorConfigError).code).toBe('ERR_PROPAGATOR_CONFIG');
    }
  });

  const lists: Array<{ name: string; list: string; expected: string[] }> = [
    { name: 'OpenTelemetry default', list: 'tracecontext,baggage', expected: ['tracecontext', 'baggage'] },
    { name: 'spaces, case and empty items', list: ' TraceContext , B3Multi,, b3 ', expected: ['tracecontext', 'b3multi', 'b3'] },
    { name: 'duplicates removed', list: 'b3,b3', expected: ['b3'] },
    { name: 'none means no propagator', list: 'none', expected: [] },
    { name: 'empty', list: '', expected: [] },
  ];

  it.each(lists)('OTEL_PROPAGATORS list: $name', ({ name, list, expected }) => {
    expect(propagatorNamesFromList(list), name).toEqual(expected);
  });
});
