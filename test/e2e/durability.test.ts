/** An acknowledged span survives SIGKILL: restart on the same data directory finds every one. */
import { describe, expect, it } from 'vitest';
import { encodeTraceRequestProto } from '../../src/otlp/encode-proto.js';
import type { Span } from '../../src/model/index.js';
import { removeDir, startAriadne, tempDataDir } from '../helpers/ariadne-process.js';
import { fullFidelityTrace } from '../helpers/span-fixture.js';
import { grpcExport, postTraces } from '../helpers/otlp-clients.js';
import { fetchTraceV3, hex } from '../helpers/query-client.js';

describe('durability', () => {
  it('SIGKILL right after acknowledged exports loses nothing', async () => {
    const dataDir = tempDataDir();
    try {
      const first = await startAriadne({ dataDir });
      const acked: Span[][] = [];
      // 40 requests of 25 traces each, 4 at a time, over HTTP and gRPC.
      for (let round = 0; round < 10; round++) {
        const batches = Array.from({ length: 4 }, () => Array.from({ length: 25 }, () => fullFidelityTrace(BigInt(Date.now()) * 1_000_000n)).flat());
        const results = await Promise.all(
          batches.map(async (spans, i) => {
            const body = encodeTraceRequestProto(spans);
            if (i % 2 === 0) return (await postTraces(first.otlpHttpUrl, body)).status === 200;
            return (await grpcExport(first.otlpGrpc, body)).error === null;
          }),
        );
        batches.forEach((b, i) => results[i] && acked.push(b));
      }
      expect(first.proc.kill('SIGKILL')).toBe(true);
      await first.stop();
      expect(acked.length).toBe(40);

      const second = await startAriadne({ dataDir });
      try {
        let checked = 0;
        for (const batch of acked) {
          const byTrace = new Map<string, number>();
          for (const s of batch) byTrace.set(hex(s.traceId), (byTrace.get(hex(s.traceId)) ?? 0) + 1);
          for (const [traceId, n] of byTrace) {
            const got = await fetchTraceV3(second.httpUrl, traceId);
            expect(got.length, `trace ${traceId}`).toBe(n);
            checked += n;
          }
        }
        expect(checked).toBe(40 * 25 * 2);
      } finally {
        expect(await second.stop('SIGINT')).toBe(0);
      }
    } finally {
      removeDir(dataDir);
    }
  }, 120_000);
});
