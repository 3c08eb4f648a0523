// Seeds realistic traces of a small web shop into an Ariadne OTLP/HTTP receiver, through
// the OpenTelemetry JS SDK (one tracer provider per service, as real services would
// have). Used by `npm run screenshots`, and handy for trying the UI:
//
//   node scripts/seed-demo.js [http://127.0.0.1:4318] [traces=120]
//
// Requests span the last ~20 minutes; about one in nine checkouts fails in payment and
// some catalog queries are slow, so search by error and by duration has something to find.
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { fileURLToPath } from 'node:url';

const SERVICES = {
  frontend: { version: '2.4.1', pod: 'frontend-7d9f8c6b5-x2k4p', language: 'nodejs' },
  catalog: { version: '1.9.0', pod: 'catalog-5c9d7f-q8w2e', language: 'go' },
  cart: { version: '3.0.2', pod: 'cart-6b7c8d-m3n4b', language: 'dotnet' },
  checkout: { version: '1.12.4', pod: 'checkout-84f5d-z9y8x', language: 'java' },
  payment: { version: '0.9.7', pod: 'payment-59c6f-p1o2i', language: 'nodejs' },
  shipping: { version: '1.1.0', pod: 'shipping-7a8b9-r4t5y', language: 'rust' },
  postgres: { version: '16.4', pod: 'postgres-0', language: 'c' },
  redis: { version: '7.2', pod: 'redis-0', language: 'c' },
};

/** A deterministic pseudo-random sequence, so the screenshots look the same on every run. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedDemoTraces(otlpHttpUrl, { traces = 120, endMs = Date.now(), seed = 7 } = {}) {
  const rand = rng(seed);
  const between = (a, b) => a + rand() * (b - a);
  const providers = new Map();
  const tracers = {};
  for (const [name, info] of Object.entries(SERVICES)) {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({
        'service.name': name,
        'service.version': info.version,
        'service.namespace': 'shop',
        'deployment.environment.name': 'production',
        'k8s.namespace.name': 'shop',
        'k8s.pod.name': info.pod,
        'telemetry.sdk.language': info.language,
      }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlpHttpUrl}/v1/traces` }), { maxExportBatchSize: 512, scheduledDelayMillis: 200 })],
    });
    providers.set(name, provider);
    tracers[name] = provider.getTracer(`shop.${name}`, info.version);
  }

  /** A span of `service` from `start` ms lasting `ms`, under `parent` (a span or undefined); `body(span, t)` adds children. */
  function span(service, name, kind, parent, start, ms, attributes, body) {
    const ctx = parent ? trace.setSpan(context.active(), parent) : context.active();
    const s = tracers[service].startSpan(name, { kind, startTime: start, attributes }, ctx);
    const end = start + ms;
    if (body) body(s, start, end);
    s.end(end);
    return s;
  }

  function rpc(from, to, method, parent, start, ms, body) {
    return span(from, `${to}.${method}`, SpanKind.CLIENT, parent, start, ms, { 'rpc.system': 'grpc', 'rpc.service': to, 'rpc.method': method, 'server.address': `${to}.shop.svc` }, (client, t0, t1) =>
      span(to, method, SpanKind.SERVER, client, t0 + 0.4, ms - 0.8, { 'rpc.system': 'grpc', 'rpc.method': method, 'rpc.grpc.status_code': 0 }, body),
    );
  }

  function sql(service, parent, start, ms, statement, table) {
    return span(service, `${statement.split(' ')[0]} ${table}`, SpanKind.CLIENT, parent, start, ms, {
      'db.system': 'postgresql',
      'db.namespace': 'shop',
      'db.collection.name': table,
      'db.query.text': statement,
      'server.address': 'postgres.shop.svc',
    }, (c, t0) => span('postgres', `${statement.split(' ')[0]} ${table}`, SpanKind.SERVER, c, t0 + 0.2, ms - 0.4, { 'db.system': 'postgresql' }));
  }

  function http(parent, method, route, path, start, ms, status, body) {
    return span('frontend', `${method} ${route}`, SpanKind.SERVER, parent, start, ms, {
      'http.request.method': method,
      'http.route': route,
      'url.full': `https://shop.example.com${path}`,
      'url.scheme': 'https',
      'http.response.status_code': status,
      'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0',
      'client.address': `203.0.113.${Math.floor(between(2, 250))}`,
      'enduser.id': `user-${Math.floor(between(1000, 9999))}`,
    }, body);
  }

  const spanOfWindow = 20 * 60_000;
  let failed = 0;
  for (let i = 0; i < traces; i++) {
    const t = endMs - spanOfWindow + (i / traces) * spanOfWindow + between(0, 3000);
    const kind = rand();
    if (kind < 0.45) {
      // Product page: catalog lookups, sometimes a slow full scan.
      const slow = rand() < 0.12;
      const n = 2 + Math.floor(between(0, 4));
      const total = (slow ? between(900, 2400) : between(35, 140)) + n * 6;
      http(undefined, 'GET', '/api/products/{id}', `/api/products/${Math.floor(between(100, 999))}`, t, total, 200, (root, t0, t1) => {
        rpc('frontend', 'catalog', 'GetProduct', root, t0 + 2, total - 8, (srv, s0, s1) => {
          let at = s0 + 1;
          for (let k = 0; k < n; k++) {
            const d = slow && k === n - 1 ? total - 20 - (at - s0) : between(3, 12);
            sql('catalog', srv, at, Math.max(1, d), k === 0 ? 'SELECT products WHERE id = $1' : 'SELECT product_images WHERE product_id = $1', k === 0 ? 'products' : 'product_images');
            at += Math.max(1, d) + 0.5;
          }
          if (slow) srv.addEvent('cache.miss', { 'cache.key': 'products:full' }, s0 + 1.5);
        });
      });
    } else if (kind < 0.75) {
      // Cart: frontend -> cart -> redis.
      const total = between(12, 60);
      http(undefined, 'POST', '/api/cart/items', '/api/cart/items', t, total, 201, (root, t0) => {
        rpc('frontend', 'cart', 'AddItem', root, t0 + 1, total - 4, (srv, s0, s1) => {
          span('cart', 'HGET', SpanKind.CLIENT, srv, s0 + 1, between(0.4, 2), { 'db.system': 'redis', 'db.operation.name': 'HGET', 'server.address': 'redis.shop.svc' });
          span('cart', 'HSET', SpanKind.CLIENT, srv, s0 + 4, between(0.4, 2), { 'db.system': 'redis', 'db.operation.name': 'HSET', 'server.address': 'redis.shop.svc' });
        });
      });
    } else {
      // Checkout: the long one, with payment failures.
      const declined = rand() < 0.33;
      if (declined) failed++;
      const total = between(180, 520);
      const root = http(undefined, 'POST', '/api/checkout', '/api/checkout', t, total, declined ? 502 : 200, (root, t0, t1) => {
        rpc('frontend', 'cart', 'GetCart', root, t0 + 2, between(6, 14), (srv, s0) => {
          span('cart', 'HGETALL', SpanKind.CLIENT, srv, s0 + 1, between(0.5, 3), { 'db.system': 'redis', 'db.operation.name': 'HGETALL' });
        });
        rpc('frontend', 'checkout', 'PlaceOrder', root, t0 + 20, total - 40, (srv, s0, s1) => {
          srv.setAttribute('app.order.items', Math.floor(between(1, 6)));
          srv.setAttribute('app.order.currency', 'EUR');
          const q = s0 + 3;
          rpc('checkout', 'shipping', 'Quote', srv, q, between(15, 40), (ship, a0) => {
            span('shipping', 'compute route', SpanKind.INTERNAL, ship, a0 + 2, between(5, 12), { 'app.shipping.zone': ['EU-1', 'EU-2', 'US'][Math.floor(between(0, 3))] });
          });
          const p0 = q + 50;
          rpc('checkout', 'payment', 'Charge', srv, p0, between(60, 140), (pay, a0, a1) => {
            pay.setAttribute('app.payment.card_type', ['visa', 'mastercard', 'amex'][Math.floor(between(0, 3))]);
            pay.setAttribute('app.payment.amount', Math.round(between(10, 400) * 100) / 100);
            span('payment', 'POST', SpanKind.CLIENT, pay, a0 + 5, (a1 - a0) - 12, {
              'http.request.method': 'POST',
              'url.full': 'https://api.payments.example.net/v1/charges',
              'http.response.status_code': declined ? 402 : 200,
            });
            if (declined) {
              pay.addEvent('exception', { 'exception.type': 'CardDeclinedError', 'exception.message': 'card declined: insufficient funds', 'exception.stacktrace': 'CardDeclinedError: card declined: insufficient funds\n    at charge (/app/src/charge.js:88:11)\n    at processTicksAndRejections (node:internal/process/task_queues:95:5)' }, a1 - 4);
              pay.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
            }
          });
          if (!declined) {
            sql('checkout', srv, p0 + 150, between(8, 20), 'INSERT INTO orders (id, user_id, total) VALUES ($1, $2, $3)', 'orders');
            span('checkout', 'publish order.placed', SpanKind.PRODUCER, srv, p0 + 175, between(1, 4), { 'messaging.system': 'kafka', 'messaging.destination.name': 'orders' });
          } else {
            srv.setStatus({ code: SpanStatusCode.ERROR, message: 'payment failed' });
          }
        });
        if (declined) root.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream payment failed' });
        span('frontend', 'render confirmation', SpanKind.INTERNAL, root, t1 - 15, 12, {});
      });
      void root;
    }
  }
  await Promise.all([...providers.values()].map((p) => p.forceFlush()));
  await Promise.all([...providers.values()].map((p) => p.shutdown()));
  return { traces, failedCheckouts: failed };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.argv[2] ?? 'http://127.0.0.1:4318';
  const n = Number(process.argv[3] ?? 120);
  const r = await seedDemoTraces(url, { traces: n });
  process.stdout.write(`seeded ${r.traces} traces (${r.failedCheckouts} failed checkouts) into ${url}\n`);
}
