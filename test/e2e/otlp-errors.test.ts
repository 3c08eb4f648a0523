/** Bad input gets the OTLP specification's answers, and the process keeps serving. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTraceRequestProto } from '../../src/otlp/encode-proto.js';
import { spansToOtlpJson } from '../../src/otlp/encode-json.js';
import { otlpType, RPC_STATUS, TRACE_RESPONSE } from '../../src/otlp/proto-root.js';
import type { Span } from '../../src/model/index.js';
import { removeDir, startAriadne, tempDataDir, type RunningAriadne } from '../helpers/ariadne-process.js';
import { fullFidelityTrace } from '../helpers/span-fixture.js';
import { grpcExport, postTraces } from '../helpers/otlp-clients.js';
import { fetchTraceV3, hex } from '../helpers/query-client.js';

let ariadne: RunningAriadne;
const LIMIT = 64 * 1024;
beforeAll(async () => {
  const dataDir = tempDataDir();
  const config = path.join(dataDir, 'ariadne.yaml');
  writeFileSync(config, `receivers:\n  otlp:\n    protocols:\n      http:\n        max_request_body_size: ${LIMIT}\n`);
  ariadne = await startAriadne({ dataDir, config });
});
afterAll(async () => {
  await ariadne.stop();
  removeDir(ariadne.dataDir);
});

/** Two good spans plus one bad span of each kind the spec names. */
function mixedBatch(): { good: Span[]; all: Span[] } {
  const good = fullFidelityTrace();
  const g = good[1]!;
  const bad: Span[] = [
    { ...g, spanId: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 9), traceId: new Uint8Array(15).fill(7) },
    { ...g, spanId: new Uint8Array(8) },
    { ...g, spanId: Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9), endTimeUnixNano: g.startTimeUnixNano - 5n },
  ];
  return { good, all: [good[0]!, ...bad, g] };
}

async function expectStillServing(): Promise<void> {
  expect((await fetch(`${ariadne.httpUrl}/healthz`)).status).toBe(200);
  const spans = fullFidelityTrace();
  expect((await postTraces(ariadne.otlpHttpUrl, encodeTraceRequestProto(spans))).status).toBe(200);
  expect(await fetchTraceV3(ariadne.httpUrl, hex(spans[0]!.traceId))).toHaveLength(2);
}

const REASONS = [/trace_id must be 16 bytes, got 15/, /span_id is all zeros/, /end_time_unix_nano \d+ is before start_time_unix_nano/];

describe('partial success: bad spans rejected, the rest stored', () => {
  it('OTLP/HTTP protobuf', async () => {
    const { good, all } = mixedBatch();
    const r = await postTraces(ariadne.otlpHttpUrl, encodeTraceRequestProto(all));
    expect(r.status).toBe(200);
    const resp = otlpType(TRACE_RESPONSE).toObject(otlpType(TRACE_RESPONSE).decode(r.body), { longs: String }) as any;
    expect(resp.partialSuccess.rejectedSpans).toBe('3');
    for (const re of REASONS) expect(resp.partialSuccess.errorMessage).toMatch(re);
    expect(await fetchTraceV3(ariadne.httpUrl, hex(good[0]!.traceId))).toHaveLength(2);
  });

  it('OTLP/HTTP JSON', async () => {
    const { good, all } = mixedBatch();
    const r = await postTraces(ariadne.otlpHttpUrl, JSON.stringify(spansToOtlpJson(all)), 'application/json');
    expect(r.status).toBe(200);
    const resp = JSON.parse(r.body.toString());
    expect(resp.partialSuccess.rejectedSpans).toBe('3');
    for (const re of REASONS) expect(resp.partialSuccess.errorMessage).toMatch(re);
    expect(await fetchTraceV3(ariadne.httpUrl, hex(good[0]!.traceId))).toHaveLength(2);
  });

  it('OTLP/gRPC', async () => {
    const { good, all } = mixedBatch();
    const r = await grpcExport(ariadne.otlpGrpc, encodeTraceRequestProto(all));
    expect(r.error).toBeNull();
    const resp = otlpType(TRACE_RESPONSE).toObject(otlpType(TRACE_RESPONSE).decode(r.response!), { longs: String }) as any;
    expect(resp.partialSuccess.rejectedSpans).toBe('3');
    expect(await fetchTraceV3(ariadne.httpUrl, hex(good[0]!.traceId))).toHaveLength(2);
  });
});

describe('whole-request errors', () => {
  const rpcStatus = (b: Buffer) => otlpType(RPC_STATUS).toObject(otlpType(RPC_STATUS).decode(b)) as { code: number; message: string };

  it('undecodable protobuf: 400 with a google.rpc.Status naming the problem', async () => {
    const r = await postTraces(ariadne.otlpHttpUrl, Uint8Array.of(0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f));
    expect(r.status).toBe(400);
    expect(rpcStatus(r.body).message).toMatch(/not a valid protobuf ExportTraceServiceRequest/);
    await expectStillServing();
  });

  it('malformed JSON: 400 with a JSON status naming the path', async () => {
    const r = await postTraces(ariadne.otlpHttpUrl, '{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":true}]}]}]}', 'application/json');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body.toString()).message).toMatch(/resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.startTimeUnixNano/);
    await expectStillServing();
  });

  it('gzip header on a body that is not gzip: 400', async () => {
    const r = await postTraces(ariadne.otlpHttpUrl, 'plain', 'application/json', { headers: { 'content-encoding': 'gzip' } });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body.toString()).message).toMatch(/gzip/);
    await expectStillServing();
  });

  it('wrong content type: 415', async () => {
    const r = await postTraces(ariadne.otlpHttpUrl, 'hello', 'text/plain');
    expect(r.status).toBe(415);
    expect(r.body.toString()).toMatch(/unsupported Content-Type 'text\/plain'/);
    await expectStillServing();
  });

  it('body over the configured limit: 413, also when it only grows past it under gzip', async () => {
    const big = Buffer.alloc(LIMIT + 1, 0x41);
    const r = await postTraces(ariadne.otlpHttpUrl, big, 'application/json');
    expect(r.status).toBe(413);
    expect(r.body.toString()).toMatch(new RegExp(`exceeds the limit of ${LIMIT} bytes`));
    const bomb = await postTraces(ariadne.otlpHttpUrl, Buffer.alloc(LIMIT * 8, 0x20), 'application/json', { gzip: true });
    expect(bomb.status).toBe(413);
    await expectStillServing();
  });

  it('gRPC: undecodable message is INVALID_ARGUMENT', async () => {
    const r = await grpcExport(ariadne.otlpGrpc, Uint8Array.of(0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f));
    expect(r.error?.code).toBe(3);
    await expectStillServing();
  });

  it('GET on /v1/traces: 405', async () => {
    const r = await fetch(`${ariadne.otlpHttpUrl}/v1/traces`);
    expect(r.status).toBe(405);
  });

  it('/metrics counts what was refused, by reason', async () => {
    const text = await (await fetch(`${ariadne.httpUrl}/metrics`)).text();
    expect(text).toMatch(/ariadne_receiver_spans_refused_total\{receiver="otlp",transport="http",reason="invalid_span"\} [1-9]/);
    expect(text).toMatch(/ariadne_receiver_requests_refused_total\{receiver="otlp",transport="http",reason="decode_error"\} [1-9]/);
    expect(text).toMatch(/ariadne_receiver_requests_refused_total\{receiver="otlp",transport="http",reason="body_too_large"\} [1-9]/);
    expect(text).toMatch(/ariadne_ingest_queue_capacity_spans 65536/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
  });
});

describe('default body limit', () => {
  it('is 16 MiB: a larger body is refused with 413', async () => {
    const other = await startAriadne();
    try {
      const r = await postTraces(other.otlpHttpUrl, Buffer.alloc(16 * 1024 * 1024 + 1, 0x20), 'application/json');
      expect(r.status).toBe(413);
    } finally {
      await other.stop();
      removeDir(other.dataDir);
    }
  });
});
