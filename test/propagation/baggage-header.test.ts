import { describe, expect, it } from 'vitest';
import { Baggage } from '../../src/propagation/baggage.js';
import {
  MAX_BAGGAGE_BYTES,
  MAX_BAGGAGE_MEMBERS,
  formatBaggage,
  parseBaggage,
  percentDecode,
  percentEncode,
} from '../../src/propagation/baggage-header.js';

const plain = (b: Baggage) => Object.fromEntries(b.entries().map(([k, e]) => [k, e.value]));

describe('parseBaggage', () => {
  it('reads the spec example with properties and OWS', () => {
    const { baggage, dropped } = parseBaggage(
      'key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue',
    );
    expect(dropped).toBe(0);
    expect(baggage.get('key1')).toEqual({ value: 'value1', properties: [{ key: 'property1' }, { key: 'property2' }] });
    expect(baggage.get('key2')).toEqual({ value: 'value2', properties: [] });
    expect(baggage.get('key3')).toEqual({ value: 'value3', properties: [{ key: 'propertyKey', value: 'propertyValue' }] });
  });

  const valid: Array<{ name: string; header: string | string[]; expected: Record<string, string> }> = [
    {
      name: 'spec example, single header',
      header: 'userId=alice,serverNode=DF%2028,isProduction=false',
      expected: { userId: 'alice', serverNode: 'DF 28', isProduction: 'false' },
    },
    {
      name: 'spec example, split across headers',
      header: ['userId=alice', 'serverNode=DF%2028,isProduction=false'],
      expected: { userId: 'alice', serverNode: 'DF 28', isProduction: 'false' },
    },
    {
      name: 'spec example, spaces around names and values',
      header: ['userId =   alice', 'serverNode = DF%2028, isProduction = false'],
      expected: { userId: 'alice', serverNode: 'DF 28', isProduction: 'false' },
    },
    { name: 'value containing "="', header: 'k=a=b', expected: { k: 'a=b' } },
    { name: 'empty value', header: 'k=', expected: { k: '' } },
    { name: 'percent-encoded UTF-8', header: 'k=%E2%9C%93%20ok', expected: { k: '✓ ok' } },
    { name: 'percent-encoded delimiters', header: 'k=%2C%3B%3D%25', expected: { k: ',;=%' } },
    { name: '"+" is not a space', header: 'k=a+b', expected: { k: 'a+b' } },
    { name: 'empty members skipped', header: ',, k=v ,', expected: { k: 'v' } },
    { name: 'tabs as OWS', header: '\tk\t=\tv\t', expected: { k: 'v' } },
    { name: 'token key symbols', header: "!#$%&'*+-.^_`|~=v", expected: { "!#$%&'*+-.^_`|~": 'v' } },
  ];

  it.each(valid)('accepts: $name', ({ name, header, expected }) => {
    const { baggage, dropped } = parseBaggage(header);
    expect(plain(baggage), name).toEqual(expected);
    expect(dropped, name).toBe(0);
  });

  it('a repeated key keeps its first position and its last value', () => {
    const { baggage, dropped } = parseBaggage('a=1,b=2,a=3');
    expect(baggage.entries().map(([k, e]) => [k, e.value])).toEqual([
      ['a', '3'],
      ['b', '2'],
    ]);
    expect(dropped).toBe(1);
  });

  it('is empty for an absent header', () => {
    expect(parseBaggage(undefined)).toEqual({ baggage: Baggage.EMPTY, dropped: 0 });
  });

  // Each invalid member is skipped; the valid one next to it is kept.
  const invalid: Array<{ name: string; member: string }> = [
    { name: 'no "="', member: 'novalue' },
    { name: 'empty key', member: '=v' },
    { name: 'space inside key', member: 'k y=v' },
    { name: 'double quote in key', member: 'k"=v' },
    { name: 'non-ASCII key', member: 'clé=v' },
    { name: 'space inside value', member: 'k=a b' },
    { name: 'double quote in value', member: 'k=a"b' },
    { name: 'backslash in value', member: 'k=a\\b' },
    { name: 'non-ASCII value', member: 'k=ä' },
    { name: 'malformed percent escape', member: 'k=%ZZ' },
    { name: 'truncated percent escape', member: 'k=%E2%9C' },
    { name: 'percent escape of invalid UTF-8', member: 'k=%FF' },
    { name: 'empty property', member: 'k=v;' },
    { name: 'property key not a token', member: 'k=v;p q' },
    { name: 'property value with a space', member: 'k=v;p=a b' },
    { name: 'property with empty key', member: 'k=v;=x' },
  ];

  it.each(invalid)('skips an invalid member, keeps the rest: $name', ({ name, member }) => {
    const { baggage, dropped } = parseBaggage(`${member},good=1`);
    expect(plain(baggage), name).toEqual({ good: '1' });
    expect(dropped, name).toBe(1);
  });

  it(`keeps at most ${MAX_BAGGAGE_MEMBERS} members`, () => {
    const header = Array.from({ length: 70 }, (_, i) => `k${i}=v`).join(',');
    const { baggage, dropped } = parseBaggage(header);
    expect(baggage.size).toBe(64);
    expect(baggage.get('k63')?.value).toBe('v');
    expect(baggage.get('k64')).toBeUndefined();
    expect(dropped).toBe(6);
  });

  it(`keeps at most ${MAX_BAGGAGE_BYTES} bytes of members`, () => {
    const big = 'x'.repeat(4000);
    const { baggage, dropped } = parseBaggage(`a=${big},b=${big},c=${big},d=1`);
    // a and b take 8005 bytes with their comma; c does not fit, d (4 bytes with comma) does.
    expect(baggage.entries().map(([k]) => k)).toEqual(['a', 'b', 'd']);
    expect(dropped).toBe(1);
  });
});

describe('formatBaggage', () => {
  it('writes the spec example exactly', () => {
    const b = Baggage.EMPTY.set('userId', 'alice').set('serverNode', 'DF 28').set('isProduction', 'false');
    expect(formatBaggage(b)).toEqual({ header: 'userId=alice,serverNode=DF%2028,isProduction=false', dropped: 0 });
  });

  it('writes properties after the value', () => {
    const b = Baggage.EMPTY.set('k', 'v', [{ key: 'p1' }, { key: 'p2', value: 'x' }]);
    expect(formatBaggage(b).header).toBe('k=v;p1;p2=x');
  });

  const encodings: Array<{ name: string; value: string; encoded: string }> = [
    { name: 'space', value: 'a b', encoded: 'a%20b' },
    { name: 'delimiters', value: ',;=%"\\', encoded: '%2C%3B%3D%25%22%5C' },
    { name: 'unreserved characters stay', value: "Az09-_.!~*'()", encoded: "Az09-_.!~*'()" },
    { name: 'UTF-8', value: '✓', encoded: '%E2%9C%93' },
    { name: 'lone surrogate becomes U+FFFD', value: '\ud800', encoded: '%EF%BF%BD' },
  ];

  it.each(encodings)('percent-encodes values: $name', ({ name, value, encoded }) => {
    expect(percentEncode(value), name).toBe(encoded);
    expect(formatBaggage(Baggage.EMPTY.set('k', value)).header, name).toBe(`k=${encoded}`);
  });

  it('matches encodeURIComponent for well-formed strings', () => {
    const s = 'héllo wörld/?#[]@$&+,;=  ✓ 😀';
    expect(percentEncode(s)).toBe(encodeURIComponent(s));
  });

  it('round-trips through parseBaggage', () => {
    const b = Baggage.EMPTY.set('a', 'x y,z;=%✓').set('b', '', [{ key: 'p' }]);
    const back = parseBaggage(formatBaggage(b).header).baggage;
    expect(back.entries()).toEqual(b.entries());
  });

  it(`drops members beyond ${MAX_BAGGAGE_MEMBERS}`, () => {
    let b = Baggage.EMPTY;
    for (let i = 0; i < 65; i++) b = b.set(`k${i}`, 'v');
    const { header, dropped } = formatBaggage(b);
    expect(header.split(',')).toHaveLength(64);
    expect(header.endsWith('k63=v')).toBe(true);
    expect(dropped).toBe(1);
  });

  it(`drops members that would pass ${MAX_BAGGAGE_BYTES} bytes, keeping later ones that fit`, () => {
    const big = 'x'.repeat(4000);
    const b = Baggage.EMPTY.set('a', big).set('b', big).set('c', big).set('d', '1');
    const { header, dropped } = formatBaggage(b);
    expect(header).toBe(`a=${big},b=${big},d=1`);
    expect(Buffer.byteLength(header)).toBeLessThanOrEqual(MAX_BAGGAGE_BYTES);
    expect(dropped).toBe(1);
  });

  it('counts the encoded size against the limit', () => {
    // 3000 spaces encode to 9000 bytes: alone it cannot fit.
    const { header, dropped } = formatBaggage(Baggage.EMPTY.set('a', ' '.repeat(3000)).set('b', '1'));
    expect(header).toBe('b=1');
    expect(dropped).toBe(1);
  });
});

describe('percentDecode', () => {
  const cases: Array<{ name: string; encoded: string; decoded: string | null }> = [
    { name: 'no escapes', encoded: 'abc', decoded: 'abc' },
    { name: 'space', encoded: 'a%20b', decoded: 'a b' },
    { name: 'lowercase hex digits', encoded: '%e2%9c%93', decoded: '✓' },
    { name: 'bare percent', encoded: '100%', decoded: null },
    { name: 'invalid UTF-8', encoded: '%C3%28', decoded: null },
  ];
  it.each(cases)('$name', ({ name, encoded, decoded }) => {
    expect(percentDecode(encoded), name).toBe(decoded);
  });
});
