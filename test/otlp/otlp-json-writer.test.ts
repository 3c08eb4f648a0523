import { describe, expect, it } from 'vitest';
import type { Attributes } from '../../src/model/index.js';
import { attributesToJson } from '../../src/otlp/json-values.js';
import { attributesJsonText } from '../../src/otlp/otlp-json-writer.js';
import { ALL_VALUE_TYPES } from '../store/fixtures.js';

describe('attributesJsonText', () => {
  const cases: { name: string; attrs: Attributes }[] = [
    { name: 'every AnyValue type', attrs: ALL_VALUE_TYPES },
    { name: 'no attributes', attrs: [] },
    { name: 'negative zero and tiny doubles', attrs: [{ key: 'd', value: { type: 'array', value: [{ type: 'double', value: -0 }, { type: 'double', value: 5e-324 }, { type: 'double', value: 1e21 }] } }] },
    { name: 'hostile key and value', attrs: [{ key: '"\\\x01\u2028', value: { type: 'string', value: '</script>"\n\x00🚀' } }] },
  ];
  for (const c of cases) {
    it(`writes what JSON.stringify(attributesToJson()) writes: ${c.name}`, () => {
      expect(attributesJsonText(c.attrs), c.name).toBe(JSON.stringify(attributesToJson(c.attrs)));
    });
  }
});
