import { describe, expect, it } from 'vitest';
import type { AnyValue } from '../../../src/model/index.js';
import { anyValueGoJson, goJsonString } from '../../../src/query/jaeger/value-text.js';

const s = (value: string): AnyValue => ({ type: 'string', value });
const i = (value: bigint): AnyValue => ({ type: 'int', value });
const d = (value: number): AnyValue => ({ type: 'double', value });

describe('anyValueGoJson (pcommon Value.AsString of arrays and maps)', () => {
  const cases: [name: string, value: AnyValue, text: string][] = [
    ['empty array', { type: 'array', value: [] }, '[]'],
    ['mixed array', { type: 'array', value: [s('a'), i(7n), d(0.5), { type: 'bool', value: true }, { type: 'empty' }] }, '["a",7,0.5,true,null]'],
    ['int beyond 2^53 stays exact', { type: 'array', value: [i(9_007_199_254_740_993n), i(-(1n << 63n))] }, '[9007199254740993,-9223372036854775808]'],
    ['bytes as base64', { type: 'array', value: [{ type: 'bytes', value: new Uint8Array([0, 1, 254, 255]) }] }, '["AAH+/w=="]'],
    ['whole double', { type: 'array', value: [d(3)] }, '[3]'],
    ['large double uses exponent', { type: 'array', value: [d(1e21), d(1e-7)] }, '[1e+21,1e-7]'],
    ['non-finite double kept as text', { type: 'array', value: [d(NaN), d(-Infinity)] }, '["NaN","-Infinity"]'],
    [
      'kvlist keys sorted',
      { type: 'kvlist', value: [{ key: 'b', value: i(2n) }, { key: 'a', value: s('x') }, { key: 'B', value: i(1n) }] },
      '{"B":1,"a":"x","b":2}',
    ],
    ['kvlist repeated key keeps the last', { type: 'kvlist', value: [{ key: 'k', value: i(1n) }, { key: 'k', value: i(2n) }] }, '{"k":2}'],
    [
      'nested',
      { type: 'kvlist', value: [{ key: 'list', value: { type: 'array', value: [{ type: 'kvlist', value: [{ key: 'z', value: s('') }] }] } }] },
      '{"list":[{"z":""}]}',
    ],
    ['HTML characters escaped as Go does', { type: 'array', value: [s('<b>&"\u2028')] }, '["\\u003cb\\u003e\\u0026\\"\\u2028"]'],
    ['control characters', { type: 'array', value: [s('a\nb\tc\u0001')] }, '["a\\nb\\tc\\u0001"]'],
    ['unicode passes through', { type: 'array', value: [s('héllo ✓')] }, '["héllo ✓"]'],
  ];
  it.each(cases)('%s', (name, value, text) => {
    expect(anyValueGoJson(value), name).toBe(text);
  });

  it('survives nesting deeper than the call stack', () => {
    let v: AnyValue = i(1n);
    for (let n = 0; n < 100_000; n++) v = { type: 'array', value: [v] };
    const text = anyValueGoJson(v);
    expect(text.length).toBe(200_001);
    expect(text.startsWith('[[[')).toBe(true);
  });

  it('goJsonString escapes like encoding/json', () => {
    expect(goJsonString('a<b>&c')).toBe('"a\\u003cb\\u003e\\u0026c"');
  });
});
