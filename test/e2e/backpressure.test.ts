/** A full ingest queue answers retryably (503 + Retry-After, gRPC UNAVAILABLE) and loses nothing it acknowledged. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTraceRequestProto } from '../../src/otlp/encode-proto.js';
import type { Span } from '../../src/model/index.js';
import { removeDir, startAriadne, tempDataDir, type RunningAriadne } from '../helpers/ariadne-process.js';
import { fixtureResource, fixtureScope, newSpanId, newTraceId } from '../helpers/span-fixture.js';
import { grpcExport, postTraces } from '../helpers/otlp-clients.js';
import { fetchTraceV3, hex } from '../helpers/query-client.js';

const QUEUE = 50;
let ariadne: RunningAriadne;
beforeAll(async () => {
  const dataDir = tempDataDir();
  const config = path.join(dataDir, 'ariadne.yaml');
  writeFileSync(config, `ingest:\n  queue_size: ${QUEUE}\n  retry_after_seconds: 2\n`);
  ariadne = await startAriadne({ dataDir, config });
});
afterAll(async () => {
  await ariadne.stop();
  removeDir(ariadne.dataDir);
});

function trace(n: number): Span[] {
  const traceId = newTraceId();
  const resource = fixtureResource('load');
  const scope = fixtureScope();
  return Array.from({ length: n }, (_, i) => ({
    traceId,
    spanId: newSpanId(),
    parentSpanId: new Uint8Array(0),
    traceState: '',
    flags: 1,
    name: `op-${i}`,
    kind: 1,
    startTimeUnixNano: 1_732_000_000_000_000_000n + BigInt(i),
    endTimeUnixNano: 1_732_000_000_000_000_100n + BigInt(i),
    attributes: Array.from({ length: 10 }, (_, k) => ({ key: `attr.${k}`, value: { type: 'string' as const, value: `value-${k}-${i}` } })),
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    statusCode: 0,
    statusMessage: '',
    resource,
    scope,
  }));
}

describe('backpressure', () => {
  it('OTLP/HTTP: 503 with Retry-After when the queue is full; every 200 is stored', async () => {
    const traces = Array.from({ length: 60 }, () => trace(QUEUE));
    const answers = await Promise.all(traces.map((t) => postTraces(ariadne.otlpHttpUrl, encodeTraceRequestProto(t))));
    const refused = answers.filter((a) => a.status === 503);
    const ok = answers.filter((a) => a.status === 200);
    expect(refused.length, 'some requests found the queue full').toBeGreaterThan(0);
    expect(ok.length + refused.length).toBe(traces.length);
    for (const r of refused) expect(r.headers.get('retry-after')).toBe('2');
    for (let i = 0; i < traces.length; i++) {
      if (answers[i]!.status !== 200) continue;
      expect(await fetchTraceV3(ariadne.httpUrl, hex(traces[i]![0]!.traceId))).toHaveLength(QUEUE);
    }
    const metrics = await (await fetch(`${ariadne.httpUrl}/metrics`)).text();
    const m = /ariadne_receiver_spans_refused_total\{receiver="otlp",transport="http",reason="queue_full"\} (\d+)/.exec(metrics);
    expect(Number(m?.[1])).toBe(refused.length * QUEUE);
  });

  it('OTLP/gRPC: UNAVAILABLE when the queue is full', async () => {
    const answers = await Promise.all(Array.from({ length: 60 }, () => grpcExport(ariadne.otlpGrpc, encodeTraceRequestProto(trace(QUEUE)))));
    const codes = answers.map((a) => a.error?.code ?? 0);
    expect(codes.filter((c) => c === 14).length, 'some calls got UNAVAILABLE').toBeGreaterThan(0);
    expect(codes.every((c) => c === 0 || c === 14)).toBe(true);
    expect((await fetch(`${ariadne.httpUrl}/readyz`)).status).toBe(200);
  });
});
