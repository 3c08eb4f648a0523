/**
 * The one-letter value types both stores keep next to an attribute's text form (DuckDB's
 * attribute-text.ts, ClickHouse's attributes.ts): s string, b bool, i int, d double,
 * z -0, y bytes as base64, e empty, j array or kvlist (with its OTLP/JSON). The text
 * form and the letter are the whole value of every scalar.
 */
import type { AnyValue } from '../model/index.js';
import { anyValueFromJson } from '../otlp/json-values.js';

/** The value of `text` typed by `letter`; `json` gives the OTLP/JSON of a 'j' value. */
export function valueFromLetter(text: string, letter: string, json: () => string): AnyValue {
  switch (letter) {
    case 's':
      return { type: 'string', value: text };
    case 'b':
      return { type: 'bool', value: text === 'true' };
    case 'i':
      return { type: 'int', value: BigInt(text) };
    case 'd':
      return { type: 'double', value: Number(text) };
    case 'z':
      return { type: 'double', value: -0 };
    case 'y':
      return { type: 'bytes', value: new Uint8Array(Buffer.from(text, 'base64')) };
    case 'e':
      return { type: 'empty' };
    default:
      return anyValueFromJson(JSON.parse(json()), 'attribute');
  }
}
