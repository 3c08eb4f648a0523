import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KeyValue } from '../../../src/model/index.js';
import { ConfigNode } from '../../../src/collector/config/config-node.js';
import { attributesProcessorFactory } from '../../../src/collector/processors/attributes/factory.js';
import { attr, Recorder, settings, span, testHost } from '../helpers/test-host.js';

async function run(cfg: Record<string, unknown>, attributes: KeyValue[], service = 'svc') {
  const next = new Recorder();
  const p = attributesProcessorFactory.createTraces!(settings(testHost(), 'attributes'), attributesProcessorFactory.parseConfig(ConfigNode.of(cfg, 'processors.attributes')), next);
  await p.consumeTraces([span({ attributes, service })]);
  return Object.fromEntries(next.spans[0]!.attributes.map((kv) => [kv.key, kv.value.type === 'int' ? `${kv.value.value}n` : (kv.value as { value: unknown }).value]));
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

const cases: [name: string, actions: Record<string, unknown>[], input: KeyValue[], expected: Record<string, unknown>][] = [
  ['insert adds a missing key', [{ key: 'env', action: 'insert', value: 'prod' }], [], { env: 'prod' }],
  ['insert keeps an existing key', [{ key: 'env', action: 'insert', value: 'prod' }], [attr('env', 'dev')], { env: 'dev' }],
  ['update changes an existing key', [{ key: 'env', action: 'update', value: 'prod' }], [attr('env', 'dev')], { env: 'prod' }],
  ['update ignores a missing key', [{ key: 'env', action: 'update', value: 'prod' }], [], {}],
  ['upsert sets either way, with int values', [{ key: 'n', action: 'upsert', value: 5 }], [attr('n', 'x')], { n: '5n' }],
  ['from_attribute copies a value', [{ key: 'copy', action: 'insert', from_attribute: 'orig' }], [attr('orig', 'v')], { orig: 'v', copy: 'v' }],
  ['delete removes a key', [{ key: 'user.email', action: 'delete' }], [attr('user.email', 'a@b.c'), attr('k', 1)], { k: '1n' }],
  ['delete by pattern', [{ pattern: '^secret\\.', action: 'delete' }], [attr('secret.a', 1), attr('secret.b', 2), attr('public', 3)], { public: '3n' }],
  ['hash scrubs PII with SHA-256', [{ key: 'user.email', action: 'hash' }], [attr('user.email', 'a@b.c')], { 'user.email': sha('a@b.c') }],
  [
    'extract named groups',
    [{ key: 'http.url', action: 'extract', pattern: '^https://(?<host>[^/]+)/(?<path>.*)$' }],
    [attr('http.url', 'https://shop.example/cart')],
    { 'http.url': 'https://shop.example/cart', host: 'shop.example', path: 'cart' },
  ],
  ['convert string to int', [{ key: 'code', action: 'convert', converted_type: 'int' }], [attr('code', '404')], { code: '404n' }],
  ['convert leaves an unconvertible value', [{ key: 'code', action: 'convert', converted_type: 'int' }], [attr('code', 'abc')], { code: 'abc' }],
  [
    'actions run in order',
    [
      { key: 'a', action: 'insert', value: 'x' },
      { key: 'b', action: 'insert', from_attribute: 'a' },
      { key: 'a', action: 'delete' },
    ],
    [],
    { b: 'x' },
  ],
];

describe('attributes processor', () => {
  it.each(cases)('%s', async (_name, actions, input, expected) => {
    expect(await run({ actions }, input)).toEqual(expected);
  });

  it('include / exclude select the spans it changes', async () => {
    const cfg = { include: { match_type: 'strict', services: ['checkout'] }, actions: [{ key: 'tagged', action: 'insert', value: true }] };
    expect(await run(cfg, [], 'checkout')).toEqual({ tagged: true });
    expect(await run(cfg, [], 'cart')).toEqual({});
    const regexp = { exclude: { match_type: 'regexp', services: ['^cart'] }, actions: [{ key: 'tagged', action: 'insert', value: true }] };
    expect(await run(regexp, [], 'cart-v2')).toEqual({});
    expect(await run(regexp, [], 'payment')).toEqual({ tagged: true });
  });
});

describe('attributes processor on logs and metrics', () => {
  const scope = { name: 's', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
  const record = (service: string) => ({
    timeUnixNano: 1n, observedTimeUnixNano: 1n, severityNumber: 9, severityText: '', body: { type: 'string' as const, value: 'b' },
    attributes: [attr('user.email', 'a@b.c')], droppedAttributesCount: 0, flags: 0, traceId: new Uint8Array(0), spanId: new Uint8Array(0), eventName: '',
    resource: span({ service }).resource, scope,
  });
  const cfg = { actions: [{ key: 'user.email', action: 'hash' }, { key: 'tier', action: 'insert', value: 'agent' }], include: { match_type: 'strict', services: ['cart'] } };

  it('acts on the log records of the included services only', async () => {
    const got: unknown[] = [];
    const p = attributesProcessorFactory.createLogs!(settings(testHost(), 'attributes'), attributesProcessorFactory.parseConfig(ConfigNode.of(cfg, 'processors.attributes')), {
      consumeLogs: async (r) => void got.push(...r),
    });
    await p.consumeLogs([record('cart'), record('db')]);
    const [cart, db] = got as ReturnType<typeof record>[];
    expect(cart!.attributes).toEqual([attr('user.email', sha('a@b.c')), attr('tier', 'agent')]);
    expect(db!.attributes).toEqual([attr('user.email', 'a@b.c')]);
  });

  it('acts on metric data point attributes', async () => {
    const got: { attributes: KeyValue[] }[] = [];
    const p = attributesProcessorFactory.createMetrics!(settings(testHost(), 'attributes'), attributesProcessorFactory.parseConfig(ConfigNode.of({ actions: [{ key: 'pod', action: 'delete' }] }, 'processors.attributes')), {
      consumeMetrics: async (points) => void got.push(...(points as unknown as { attributes: KeyValue[] }[])),
    });
    const point = { name: 'm', description: '', unit: '', startTimeUnixNano: 0n, timeUnixNano: 1n, attributes: [attr('pod', 'p1'), attr('route', '/')], flags: 0, data: { type: 'gauge' as const, value: { type: 'double' as const, value: 1 } }, resource: span().resource, scope };
    await p.consumeMetrics([point]);
    expect(got[0]!.attributes).toEqual([attr('route', '/')]);
  });

  it('refuses span_names or span_kinds in a logs or metrics pipeline, naming the processor', () => {
    const config = attributesProcessorFactory.parseConfig(ConfigNode.of({ actions: [{ key: 'a', action: 'delete' }], include: { match_type: 'strict', span_names: ['GET'] } }, 'processors.attributes'));
    expect(() => attributesProcessorFactory.createLogs!(settings(testHost(), 'attributes/x'), config, { consumeLogs: async () => {} })).toThrow(
      'processors.attributes/x: include/exclude use span_names or span_kinds, which select spans only; this processor cannot be used in a logs pipeline',
    );
  });
});
