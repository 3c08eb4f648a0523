import { describe, expect, it } from 'vitest';
import {
  jaegerSpanKindName,
  parseLimitParam,
  parseSpanKindParam,
  parseStringMapJson,
  parseTraceIdText,
} from '../../src/query/params.js';

const hex = (b: Uint8Array | null): string | null => (b === null ? null : Buffer.from(b).toString('hex'));

describe('parseTraceIdText', () => {
  const cases: [name: string, text: string, want: string | null][] = [
    ['128-bit lowercase', '0af7651916cd43dd8448eb211c80319c', '0af7651916cd43dd8448eb211c80319c'],
    ['uppercase is lowered', '0AF7651916CD43DD8448EB211C80319C', '0af7651916cd43dd8448eb211c80319c'],
    ['64-bit id is left-padded', '8448eb211c80319c', '00000000000000008448eb211c80319c'],
    ['one digit', 'a', '0000000000000000000000000000000a'],
    ['odd length', '123', '00000000000000000000000000000123'],
    ['empty', '', null],
    ['33 digits', '10af7651916cd43dd8448eb211c80319c', null],
    ['non-hex', 'xyz', null],
    ['0x prefix', '0x8448eb211c80319c', null],
    ['sign', '-1', null],
    ['space', '8448eb211c80319c ', null],
  ];
  it.each(cases)('%s', (name, text, want) => {
    expect(hex(parseTraceIdText(text)), name).toBe(want);
  });
});

describe('parseLimitParam', () => {
  const cases: [name: string, query: string, want: number | string][] = [
    ['absent -> default', '', 20],
    ['empty -> default', 'limit=', 20],
    ['given', 'limit=5', 5],
    ['plus sign', 'limit=%2B7', 7],
    ['capped at max', 'limit=100000', 1500],
    ['zero', 'limit=0', "parameter 'limit': must be at least 1, got 0"],
    ['negative', 'limit=-3', "parameter 'limit': cannot parse '-3' as a positive integer"],
    ['fraction', 'limit=1.5', "parameter 'limit': cannot parse '1.5' as a positive integer"],
    ['word', 'limit=all', "parameter 'limit': cannot parse 'all' as a positive integer"],
  ];
  it.each(cases)('%s', (name, query, want) => {
    const r = parseLimitParam(new URLSearchParams(query), 'limit', 20, 1500);
    expect(r.ok ? r.value : r.error.message, name).toBe(want);
  });
});

describe('parseSpanKindParam', () => {
  const cases: [name: string, query: string, want: number | undefined | string][] = [
    ['absent: every kind', '', undefined],
    ['empty: every kind', 'spanKind=', undefined],
    ['server', 'spanKind=server', 2],
    ['client', 'spanKind=client', 3],
    ['producer', 'spanKind=producer', 4],
    ['consumer', 'spanKind=consumer', 5],
    ['internal', 'spanKind=internal', 1],
    ['unspecified', 'spanKind=unspecified', 0],
    ['case-insensitive', 'spanKind=SERVER', 2],
    ['unknown', 'spanKind=gateway', "parameter 'spanKind': unknown span kind 'gateway'; use one of server, client, producer, consumer, internal, unspecified"],
  ];
  it.each(cases)('%s', (name, query, want) => {
    const r = parseSpanKindParam(new URLSearchParams(query), 'spanKind');
    expect(r.ok ? r.value : r.error.message, name).toBe(want);
  });

  it('names kinds as Jaeger does, unspecified as empty', () => {
    expect([0, 1, 2, 3, 4, 5].map((k) => jaegerSpanKindName(k as 0))).toEqual(['', 'internal', 'server', 'client', 'producer', 'consumer']);
  });
});

describe('parseStringMapJson', () => {
  const cases: [name: string, text: string, want: Record<string, string> | RegExp][] = [
    ['object of strings', '{"error":"true","http.status_code":"500"}', { error: 'true', 'http.status_code': '500' }],
    ['empty object', '{}', {}],
    ['not JSON', '{error:true}', /^parameter 'tags': cannot parse '\{error:true\}' as JSON/],
    ['array', '["a"]', /must be a JSON object of string values/],
    ['null', 'null', /must be a JSON object of string values/],
    ['number value', '{"a":1}', /value of 'a' must be a string, got 1/],
    ['nested value', '{"a":{"b":"c"}}', /value of 'a' must be a string/],
  ];
  it.each(cases)('%s', (name, text, want) => {
    const r = parseStringMapJson(text, 'tags');
    if (want instanceof RegExp) {
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.error.message, name).toMatch(want);
    } else {
      expect(r.ok && Object.fromEntries(r.value), name).toEqual(want);
    }
  });
});
