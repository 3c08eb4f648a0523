import { describe, expect, it } from 'vitest';
import type { AnyValue } from '../../../src/model/index.js';
import { typedValue } from '../../../src/query/native/index.js';

describe('typedValue', () => {
  const cases: { name: string; value: AnyValue; json: unknown }[] = [
    { name: 'string', value: { type: 'string', value: '<b>x</b>' }, json: { type: 'string', value: '<b>x</b>' } },
    { name: 'int64 beyond 2^53 as digits', value: { type: 'int', value: 9007199254740993n }, json: { type: 'int', value: '9007199254740993' } },
    { name: 'NaN double by name', value: { type: 'double', value: NaN }, json: { type: 'double', value: 'NaN' } },
    { name: '-Infinity by name', value: { type: 'double', value: -Infinity }, json: { type: 'double', value: '-Infinity' } },
    { name: 'bytes as base64', value: { type: 'bytes', value: new Uint8Array([0, 255]) }, json: { type: 'bytes', value: 'AP8=' } },
    { name: 'empty', value: { type: 'empty' }, json: { type: 'empty' } },
    {
      name: 'nested array and kvlist in order',
      value: { type: 'array', value: [{ type: 'bool', value: true }, { type: 'kvlist', value: [{ key: 'a', value: { type: 'int', value: 1n } }, { key: 'b', value: { type: 'array', value: [] } }] }] },
      json: { type: 'array', value: [{ type: 'bool', value: true }, { type: 'kvlist', value: [{ key: 'a', value: { type: 'int', value: '1' } }, { key: 'b', value: { type: 'array', value: [] } }] }] },
    },
  ];
  for (const c of cases) it(c.name, () => expect(JSON.parse(JSON.stringify(typedValue(c.value)))).toEqual(c.json));

  it('converts a 100,000-deep value without recursion', () => {
    let v: AnyValue = { type: 'string', value: 'leaf' };
    for (let i = 0; i < 100_000; i++) v = { type: 'array', value: [v] };
    let t = typedValue(v);
    let depth = 0;
    while (t.type === 'array') {
      t = t.value[0]!;
      depth++;
    }
    expect(depth).toBe(100_000);
    expect(t).toEqual({ type: 'string', value: 'leaf' });
  });
});
