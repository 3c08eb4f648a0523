/** The pure parts of the mesh, table by table. */
import { describe, expect, it } from 'vitest';
import { endToEndHeaders, resolveEgressTarget, routeTemplate, splitRequestTarget, Upstream, UpstreamSet, classifyUpstreamError, BatchSpanExporter, ExportTimeoutError } from '../../src/mesh/index.js';
import type { Span } from '../../src/model/index.js';
import { BodyTimeoutError, ConnectTimeoutError } from '../../src/mesh/upstream-error.js';
import type { SpanDropReason } from '../../src/mesh/index.js';

describe('endToEndHeaders', () => {
  it.each([
    { name: 'Connection and what it lists', in: { connection: 'close, x-a', 'x-a': '1', 'x-b': '2' }, out: { 'x-b': '2' } },
    { name: 'Connection listing several fields, any case', in: { connection: ['X-A', ' x-b '], 'x-a': '1', 'x-b': '2', 'x-c': '3' }, out: { 'x-c': '3' } },
    { name: 'the fixed hop-by-hop set', in: { 'keep-alive': '1', te: 'trailers', 'transfer-encoding': 'chunked', upgrade: 'h2c', 'proxy-connection': 'x', 'proxy-authorization': 'y', 'proxy-authenticate': 'z', expect: '100-continue', accept: '*/*' }, out: { accept: '*/*' } },
    { name: 'Host left to the caller', in: { host: 'a', 'x-y': 'z' }, out: { 'x-y': 'z' } },
    { name: 'repeated end-to-end fields kept as lists', in: { 'set-cookie': ['a=1', 'b=2'] }, out: { 'set-cookie': ['a=1', 'b=2'] } },
  ])('$name', (c) => {
    expect(endToEndHeaders(c.in)).toEqual(c.out);
  });
});

describe('splitRequestTarget', () => {
  it.each([
    { name: 'origin-form', target: '/a/b?c=1', out: { path: '/a/b?c=1' } },
    { name: 'absolute-form with port', target: 'http://Inventory:8080/x?y', out: { path: '/x?y', authority: 'inventory:8080', scheme: 'http', hostname: 'inventory', port: 8080 } },
    { name: 'absolute-form without path', target: 'http://b', out: { path: '/', authority: 'b', scheme: 'http', hostname: 'b', port: 80 } },
    { name: 'absolute-form, query only', target: 'http://b?q=1', out: { path: '/?q=1', authority: 'b', scheme: 'http', hostname: 'b', port: 80 } },
    { name: 'userinfo is dropped', target: 'http://user:pw@b/x', out: { path: '/x', authority: 'b', scheme: 'http', hostname: 'b', port: 80 } },
    { name: 'IPv6 literal', target: 'http://[::1]:81/x', out: { path: '/x', authority: '[::1]:81', scheme: 'http', hostname: '::1', port: 81 } },
    { name: 'asterisk-form', target: '*', out: { path: '*' } },
    { name: 'garbage', target: 'not a target', out: { path: '/' } },
    { name: 'empty', target: '', out: { path: '/' } },
  ])('$name', (c) => {
    expect(splitRequestTarget(c.target)).toEqual(c.out);
  });
});

describe('resolveEgressTarget', () => {
  const set = new UpstreamSet([new Upstream('inventory', [{ host: '127.0.0.1', port: 1 }])]);
  it.each([
    { name: 'Host names an upstream', target: '/x', host: 'inventory', ok: true, label: 'inventory', path: '/x' },
    { name: 'Host with a port names an upstream', target: '/x', host: 'Inventory:80', ok: true, label: 'inventory', path: '/x' },
    { name: 'absolute-form names an upstream', target: 'http://inventory/x', host: 'other', ok: true, label: 'inventory', path: '/x' },
    { name: 'absolute-form names an origin', target: 'http://10.0.0.9:81/x', host: undefined, ok: true, label: '10.0.0.9:81', path: '/x' },
    { name: 'unknown Host', target: '/x', host: 'payments', ok: false, status: 502 },
    { name: 'no Host', target: '/x', host: undefined, ok: false, status: 502 },
    { name: 'https absolute-form', target: 'https://inventory/x', host: undefined, ok: false, status: 501 },
  ])('$name', (c) => {
    const t = resolveEgressTarget(c.target, c.host, set);
    expect(t.ok).toBe(c.ok);
    if (t.ok) expect({ label: t.label, path: t.path }).toEqual({ label: c.label, path: c.path });
    else expect(t.status).toBe(c.status);
  });

  it('balances a named upstream round-robin', () => {
    const u = new Upstream('inventory', [{ host: 'a', port: 1 }, { host: 'b', port: 1 }]);
    expect([u.pick(), u.pick(), u.pick(), u.pick()]).toEqual([0, 1, 0, 1]);
  });
});

describe('routeTemplate', () => {
  it.each([
    ['/', '/'],
    ['/api/products/42', '/api/products/{id}'],
    ['/api/v2/users', '/api/v2/users'],
    ['/orders/ord-7f3a9c/items', '/orders/{id}/items'],
    ['/u/123e4567-e89b-12d3-a456-426614174000', '/u/{id}'],
    ['/kv/items/sku-3?x=1', '/kv/items/{id}'],
    ['/health', '/health'],
  ])('%s -> %s', (path, template) => {
    expect(routeTemplate(path)).toBe(template);
  });
});

describe('classifyUpstreamError', () => {
  it.each([
    { name: 'connect timeout', err: new ConnectTimeoutError('upstream u: no connection within 5 ms'), status: 504, type: 'timeout' },
    { name: 'body timeout', err: new BodyTimeoutError('upstream u: no response body data for 5 ms'), status: 504, type: 'timeout' },
    { name: 'connect timed out by the OS', err: Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }), status: 504, type: 'timeout' },
    { name: 'reset', err: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), status: 502, type: 'ECONNRESET' },
    { name: 'malformed response', err: Object.assign(new Error('Parse Error: Invalid header value char'), { code: 'HPE_INVALID_HEADER_TOKEN' }), status: 502, type: 'HPE_INVALID_HEADER_TOKEN' },
    { name: 'refused', err: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), status: 502, type: 'ECONNREFUSED' },
    { name: 'socket error with a cause', err: Object.assign(new Error('other side closed'), { cause: { code: 'ECONNRESET' } }), status: 502, type: 'ECONNRESET' },
    { name: 'anything else', err: new TypeError('boom'), status: 502, type: 'TypeError' },
  ])('$name', (c) => {
    const f = classifyUpstreamError(c.err, 'u');
    expect({ status: f.status, type: f.errorType }).toEqual({ status: c.status, type: c.type });
  });
});

describe('BatchSpanExporter', () => {
  const span = {} as Span;
  function observer() {
    const o = { exported: 0, dropped: {} as Record<string, number>, depth: 0 };
    return {
      o,
      obs: {
        exported: (n: number) => void (o.exported += n),
        dropped: (n: number, r: SpanDropReason) => void (o.dropped[r] = (o.dropped[r] ?? 0) + n),
        queueDepth: (d: number) => void (o.depth = d),
      },
    };
  }

  it('drops beyond the queue size and counts it; never throws', async () => {
    const { o, obs } = observer();
    let release: () => void = () => {};
    const sends: number[] = [];
    const exp = new BatchSpanExporter({ queueSize: 3, maxBatchSize: 2, flushIntervalMs: 10_000 }, async (b) => {
      sends.push(b.length);
      await new Promise<void>((r) => (release = r));
    }, obs);
    for (let i = 0; i < 10; i++) exp.add(span);
    // Synchronous adds fill the queue (3) and drop the rest; the full batch leaves on the next turn.
    expect(o.dropped['queue_full']).toBe(7);
    await new Promise((r) => setImmediate(r));
    expect(sends).toEqual([2]);
    expect(exp.depth).toBe(1);
    const flushed = exp.flush();
    release();
    await new Promise((r) => setImmediate(r));
    release();
    await flushed;
    expect(sends).toEqual([2, 1]);
    expect(o.exported).toBe(3);
    await exp.shutdown(100);
  });

  it('counts failed and timed-out exports as drops', async () => {
    const { o, obs } = observer();
    let n = 0;
    const exp = new BatchSpanExporter({ queueSize: 10, maxBatchSize: 2, flushIntervalMs: 10_000 }, async () => {
      n++;
      throw n === 1 ? new Error('refused') : new ExportTimeoutError(5);
    }, obs);
    for (let i = 0; i < 4; i++) exp.add(span);
    await exp.flush();
    expect(o.dropped).toEqual({ export_failed: 2, export_timeout: 2 });
    await exp.shutdown(100);
  });

  it('shuts down once, flushing within the deadline and dropping the rest', async () => {
    const { o, obs } = observer();
    const exp = new BatchSpanExporter({ queueSize: 10, maxBatchSize: 2, flushIntervalMs: 10_000 }, () => new Promise<void>(() => {}), obs);
    for (let i = 0; i < 5; i++) exp.add(span);
    const t0 = Date.now();
    const a = exp.shutdown(100);
    const b = exp.shutdown(100);
    expect(a).toBe(b);
    await a;
    expect(Date.now() - t0).toBeLessThan(1000);
    // 2 were in flight (lost with the hung export), 3 still queued were dropped.
    expect(o.dropped['shutdown']).toBe(3);
    exp.add(span);
    expect(o.dropped['shutdown']).toBe(4);
  });

  it('exports on the flush interval with a timer that does not keep the process alive', async () => {
    const { o, obs } = observer();
    const exp = new BatchSpanExporter({ queueSize: 10, maxBatchSize: 100, flushIntervalMs: 20 }, async () => {}, obs);
    exp.add(span);
    await new Promise((r) => setTimeout(r, 80));
    expect(o.exported).toBe(1);
    await exp.shutdown(100);
  });
});
