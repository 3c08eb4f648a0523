/**
 * The ariadne exporter's `storage` key: a collector with a ClickHouse URL writes to
 * ClickHouse (schema migrated on start) instead of DuckDB under data_dir. Runs on chDB
 * (ClickHouse's engine in-process, through the production client path) when the npm
 * package is installed, and on a real server when ARIADNE_CLICKHOUSE_URL is set. A
 * logs/metrics pipeline into a store that does not keep that signal fails start with a
 * message saying so; no message carries the URL's password.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../../src/collector/components.js';
import { parseCollectorConfig, parseConfigText } from '../../../src/collector/config/collector-config.js';
import { CollectorService } from '../../../src/collector/service.js';
import { encodeTraceRequestProto } from '../../../src/otlp/encode-proto.js';
import { chdbAvailable, openClickHouseStore } from '../../../src/store/clickhouse/index.js';
import { isLogStore } from '../../../src/store/log-store.js';
import { isMetricStore } from '../../../src/store/metric-store.js';
import { postTraces } from '../../helpers/otlp-clients.js';
import { span } from '../helpers/test-host.js';

const HAS_CHDB = await chdbAvailable();
const SERVER_URL = process.env['ARIADNE_CLICKHOUSE_URL'];

function collector(storage: string, pipelines: string, env: NodeJS.ProcessEnv = {}): CollectorService {
  const yaml = `
receivers:
  otlp: { protocols: { http: { endpoint: "127.0.0.1:0" } } }
exporters:
  ariadne: { storage: "${storage}" }
service:
  telemetry: { metrics: { level: none } }
  pipelines:
${pipelines}
`;
  // The config loader's ${env:VAR} expansion, as `ariadne collector --config` runs it.
  return new CollectorService(parseCollectorConfig(parseConfigText(yaml, 'test config', env), defaultRegistry()), { log });
}

let log: (m: string) => void = () => {};

const TRACES = '    traces: { receivers: [otlp], exporters: [ariadne] }';

/** One storage URL through a whole collector: spans in over OTLP/HTTP, read back from ClickHouse. */
async function writesTracesToClickHouse(url: string): Promise<void> {
  const s = collector(url, TRACES);
  await s.start();
  const spans = [span({ name: 'ch-root' }), span({ name: 'ch-other' })];
  try {
    const l = s.listeners.find((x) => x.name === 'otlp-http')!;
    const r = await postTraces(`http://${l.address.host}:${l.address.port}`, encodeTraceRequestProto(spans));
    expect(r.status).toBe(200);
  } finally {
    await s.shutdown();
  }
  // Acknowledged means durable: a fresh connection (no migration) finds every span.
  const store = await openClickHouseStore({ url, migrate: false });
  try {
    for (const sp of spans) expect((await store.getTrace(sp.traceId)).map((x) => x.name)).toEqual([sp.name]);
  } finally {
    await store.close();
  }
}

/** A logs or metrics pipeline into ClickHouse: works when the store keeps the signal, else start names the gap. */
async function signalsOrClearRefusal(url: string): Promise<void> {
  const probe = await openClickHouseStore({ url, migrate: false });
  const keeps = { logs: isLogStore(probe), metrics: isMetricStore(probe) };
  await probe.close();
  for (const signal of ['logs', 'metrics'] as const) {
    const s = collector(url, `${TRACES}\n    ${signal}: { receivers: [otlp], exporters: [ariadne] }`);
    const started = await s.start().then(() => undefined, (e: unknown) => e as Error);
    await s.shutdown();
    if (keeps[signal]) expect(started, `${signal}: the ClickHouse store keeps ${signal}`).toBeUndefined();
    else expect(started?.message, signal).toContain(`exporters.ariadne: the ClickHouse store does not keep ${signal} yet`);
  }
}

const chdbDir = HAS_CHDB ? mkdtempSync(path.join(tmpdir(), 'ariadne-collector-chdb-')) : '';
afterAll(() => {
  if (chdbDir) rmSync(chdbDir, { recursive: true, force: true });
});

describe.skipIf(!HAS_CHDB)(`ariadne exporter storage on chDB${HAS_CHDB ? '' : " (skipped: the npm package 'chdb' is not installed)"}`, () => {
  const url = `chdb:${chdbDir}?database=collector_storage`;
  it('opens a ClickHouse store (migrated on start) and writes acknowledged spans to it', () => writesTracesToClickHouse(url));
  it('logs and metrics pipelines into it start, or fail start naming the signal the store lacks', () => signalsOrClearRefusal(url));
});

describe.skipIf(SERVER_URL === undefined)(`ariadne exporter storage on a ClickHouse server${SERVER_URL ? '' : ' (skipped: ARIADNE_CLICKHOUSE_URL is not set)'}`, () => {
  it('opens the server store (migrated on start) and writes acknowledged spans to it', () => writesTracesToClickHouse(SERVER_URL!));
  it('logs and metrics pipelines into it start, or fail start naming the signal the store lacks', () => signalsOrClearRefusal(SERVER_URL!));
});

describe('storage credentials', () => {
  it('never appear in a start error, with the password given inline or through ${env:VAR}', async () => {
    for (const [storage, env] of [
      ['clickhouse://writer:s3cret-pw@127.0.0.1:1/traces', {}],
      ['clickhouse://writer:${env:CH_PASSWORD}@127.0.0.1:1/traces', { CH_PASSWORD: 's3cret-pw' }],
    ] as const) {
      const logs: string[] = [];
      log = (m) => void logs.push(m);
      const s = collector(storage, TRACES, env);
      const err = await s.start().then(() => undefined, (e: unknown) => e as Error);
      await s.shutdown();
      expect(err, storage).toBeInstanceOf(Error);
      expect(err!.message, storage).toMatch(/ClickHouse|127\.0\.0\.1/);
      for (const text of [err!.message, String(err!.stack), ...logs]) expect(text, storage).not.toContain('s3cret-pw');
    }
  });
});
