/**
 * Bodies with every OTLP field (int64 beyond 2^53, bytes, nested kvlists, dropped counts,
 * link trace state, schema URLs) sent over all three transports come back exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTraceRequestProto } from '../../src/otlp/encode-proto.js';
import { spansToOtlpJson } from '../../src/otlp/encode-json.js';
import { decodeTraceRequestProto } from '../../src/otlp/decode-proto.js';
import { otlpType, TRACE_RESPONSE } from '../../src/otlp/proto-root.js';
import { removeDir, startAriadne, type RunningAriadne } from '../helpers/ariadne-process.js';
import { fullFidelityTrace, plain } from '../helpers/span-fixture.js';
import { grpcExport, postTraces } from '../helpers/otlp-clients.js';
import { fetchTraceV3, hex } from '../helpers/query-client.js';

let ariadne: RunningAriadne;
beforeAll(async () => {
  ariadne = await startAriadne();
});
afterAll(async () => {
  await ariadne.stop();
  removeDir(ariadne.dataDir);
});

const transports: [name: string, send: (spans: ReturnType<typeof fullFidelityTrace>) => Promise<void>][] = [
  [
    'OTLP/HTTP protobuf',
    async (spans) => {
      const r = await postTraces(ariadne.otlpHttpUrl, encodeTraceRequestProto(spans));
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/x-protobuf');
      expect(otlpType(TRACE_RESPONSE).toObject(otlpType(TRACE_RESPONSE).decode(r.body))).toEqual({});
    },
  ],
  [
    'OTLP/HTTP JSON',
    async (spans) => {
      const r = await postTraces(ariadne.otlpHttpUrl, JSON.stringify(spansToOtlpJson(spans)), 'application/json');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/json');
      expect(JSON.parse(r.body.toString())).toEqual({});
    },
  ],
  [
    'OTLP/HTTP JSON gzip',
    async (spans) => {
      const r = await postTraces(ariadne.otlpHttpUrl, JSON.stringify(spansToOtlpJson(spans)), 'application/json', { gzip: true });
      expect(r.status).toBe(200);
    },
  ],
  [
    'OTLP/gRPC',
    async (spans) => {
      const r = await grpcExport(ariadne.otlpGrpc, encodeTraceRequestProto(spans));
      expect(r.error).toBeNull();
    },
  ],
];

describe('full-fidelity round trip through /api/v3', () => {
  it.each(transports)('%s', async (_name, send) => {
    const spans = fullFidelityTrace();
    await send(spans);
    const got = await fetchTraceV3(ariadne.httpUrl, hex(spans[0]!.traceId));
    const byId = (a: { spanId: Uint8Array }, b: { spanId: Uint8Array }) => hex(a.spanId).localeCompare(hex(b.spanId));
    expect(plain([...got].sort(byId))).toEqual(plain([...spans].sort(byId)));
  });

  it('the protobuf and JSON codecs agree on generated inputs', () => {
    for (let i = 0; i < 20; i++) {
      const spans = fullFidelityTrace(BigInt(1_700_000_000_000_000_000 + i * 1_000_003));
      const viaProto = decodeTraceRequestProto(encodeTraceRequestProto(spans));
      expect(plain(viaProto)).toEqual(plain(spans));
    }
  });
});
