import { describe, expect, it } from 'vitest';
import { anyValueToString, type Attributes } from '../../../src/model/index.js';
import { attributeNeedle, decodeAttributeText, encodeAttributeText } from '../../../src/store/duckdb/attribute-text.js';
import { ALL_VALUE_TYPES } from '../fixtures.js';

const HOSTILE = ['\x01', '\x02', '\x03', '\x04', '\x04A', 'a\x01b\x02c\x03d\x04e', '\x00', '日本語 🚀', "'; DROP TABLE spans; --"];

describe('attribute text', () => {
  const roundTrips: { name: string; attrs: Attributes }[] = [
    { name: 'every AnyValue type', attrs: ALL_VALUE_TYPES },
    { name: 'none', attrs: [] },
    { name: 'negative zero', attrs: [{ key: 'z', value: { type: 'double', value: -0 } }] },
    { name: 'doubles at the edges', attrs: [5e-324, 1e21, -1.7976931348623157e308, 0.1 + 0.2].map((d, i) => ({ key: `d${i}`, value: { type: 'double', value: d } })) },
    { name: 'separators in keys and values', attrs: HOSTILE.map((h) => ({ key: h, value: { type: 'string', value: h } })) },
    { name: 'separators inside a kvlist', attrs: [{ key: 'k', value: { type: 'kvlist', value: HOSTILE.map((h) => ({ key: h, value: { type: 'string', value: h } })) } }] },
    { name: 'duplicate keys kept in order', attrs: [{ key: 'a', value: { type: 'int', value: 1n } }, { key: 'a', value: { type: 'int', value: 2n } }] },
  ];
  for (const c of roundTrips) {
    it(`round-trips exactly: ${c.name}`, () => {
      expect(decodeAttributeText(encodeAttributeText(c.attrs)), c.name).toStrictEqual(c.attrs);
    });
  }

  it('finds every attribute by its key and text form, and nothing else', () => {
    const text = encodeAttributeText([...ALL_VALUE_TYPES, ...HOSTILE.map((h) => ({ key: h, value: { type: 'string' as const, value: h } }))]);
    for (const kv of ALL_VALUE_TYPES) {
      expect(text.includes(attributeNeedle(kv.key, anyValueToString(kv.value))), kv.key).toBe(true);
    }
    for (const h of HOSTILE) expect(text.includes(attributeNeedle(h, h)), JSON.stringify(h)).toBe(true);
    const misses: [string, string][] = [
      ['http.method', 'GE'],
      ['http.method', 'GET '],
      ['method', 'GET'],
      ['http.method', 'GET\x01http.status_code'],
      ['\x04', '\x04A'],
      ['a', 'b'],
    ];
    for (const [k, v] of misses) expect(text.includes(attributeNeedle(k, v)), JSON.stringify([k, v])).toBe(false);
  });
});
