import { describe, expect, it } from 'vitest';
import { liftSyntheticTags } from '../../src/query/jaeger/synthetic-tags.js';

describe('Jaeger synthetic tags become status and kind conditions', () => {
  const cases: [name: string, tags: Record<string, string>, expected: unknown][] = [
    ['error=true is status ERROR', { error: 'true', 'http.route': '/x' }, { attributes: new Map([['http.route', '/x']]), statusCode: 2 }],
    ['otel.status_code=OK', { 'otel.status_code': 'OK' }, { attributes: new Map(), statusCode: 1 }],
    ['span.kind=server', { 'span.kind': 'server' }, { attributes: new Map(), spanKind: 2 }],
    ['error=false stays an attribute filter', { error: 'false' }, { attributes: new Map([['error', 'false']]) }],
  ];
  it.each(cases)('%s', (_name, tags, expected) => {
    const r = liftSyntheticTags(new Map(Object.entries(tags)));
    expect(r.ok && r.value).toEqual(expected);
  });

  const bad: [name: string, tags: Record<string, string>][] = [
    ['unknown span.kind', { 'span.kind': 'sideways' }],
    ['error=true with otel.status_code=OK', { error: 'true', 'otel.status_code': 'OK' }],
  ];
  it.each(bad)('refuses %s naming the tags parameter', (_name, tags) => {
    const r = liftSyntheticTags(new Map(Object.entries(tags)));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/parameter 'tags'/);
  });
});
