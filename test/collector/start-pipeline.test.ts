/** The pipeline `ariadne start` runs: three signals by default, as far as the store keeps them. */
import { describe, expect, it } from 'vitest';
import { startPipelineConfig, type StartPipelineSettings } from '../../src/collector/start-pipeline.js';
import { DEFAULT_INGEST_QUEUE } from '../../src/ingest/ingest-queue.js';

const base: StartPipelineSettings = {
  otlpGrpc: { host: '127.0.0.1', port: 4317 },
  otlpHttp: { host: '127.0.0.1', port: 4318 },
  grpcMaxRecvMsgSize: 16 * 1024 * 1024,
  httpMaxRequestBodySize: 16 * 1024 * 1024,
  ingest: DEFAULT_INGEST_QUEUE,
};

describe('ariadne start pipeline', () => {
  const cases: [name: string, keeps: StartPipelineSettings['storeKeeps'], pipelines: string[]][] = [
    ['a store that keeps logs and metrics (DuckDB)', { logs: true, metrics: true }, ['traces', 'logs', 'metrics']],
    ['a store that keeps traces only (ClickHouse today)', { logs: false, metrics: false }, ['traces']],
    ['a store that keeps metrics but not logs', { logs: false, metrics: true }, ['traces', 'metrics']],
  ];
  it.each(cases)('%s', (_name, storeKeeps, pipelines) => {
    const c = startPipelineConfig({ ...base, ...(storeKeeps ? { storeKeeps } : {}) });
    expect(c.service.pipelines.map((p) => p.idText)).toEqual(pipelines);
    // One otlp receiver feeds every pipeline, into the one ariadne exporter.
    for (const p of c.service.pipelines) expect([p.receivers, p.exporters]).toEqual([['otlp'], ['ariadne']]);
    expect([...c.receivers.keys()]).toEqual(['otlp']);
  });

  it("a user's service section governs every signal: no logs pipeline there, none run", () => {
    const c = startPipelineConfig({
      ...base,
      storeKeeps: { logs: true, metrics: true },
      pipeline: { receivers: { otlp: { protocols: { http: {} } } }, exporters: { ariadne: {} }, service: { pipelines: { traces: { receivers: ['otlp'], exporters: ['ariadne'] } } } },
    });
    expect(c.service.pipelines.map((p) => p.idText)).toEqual(['traces']);
  });
});
