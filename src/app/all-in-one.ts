/**
 * The all-in-one role: OTLP receivers -> validation -> bounded ingest queue -> DuckDB
 * store, and the query API over the same store. The wiring is explicit here so the
 * other roles (collector, query) can reuse the same parts.
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { StartConfig } from '../config/start-config.js';
import type { HostPort } from '../config/host-port.js';
import { openDuckDbStore } from '../store/duckdb/index.js';
import type { Store } from '../store/index.js';
import { AriadneMetrics } from '../telemetry/metrics.js';
import { IngestQueue } from '../ingest/ingest-queue.js';
import { TraceIntake } from '../collector/receivers/otlp/trace-intake.js';
import { createOtlpHttpHandler } from '../collector/receivers/otlp/http-receiver.js';
import { bindGrpc, createOtlpGrpcServer } from '../collector/receivers/otlp/grpc-receiver.js';
import { createQueryRouter } from '../query/index.js';
import { closeHttp, createHttpServer, listen } from './listen.js';
import { createHealthHandler } from './health.js';
import { startRetention } from './retention.js';

export interface Listener {
  readonly name: string;
  readonly address: HostPort;
}

export interface RunningAllInOne {
  readonly listeners: readonly Listener[];
  readonly store: Store;
  readonly metrics: AriadneMetrics;
  /** Stop accepting, flush what was accepted, close the store. Idempotent. */
  stop(): Promise<void>;
}

export async function startAllInOne(config: StartConfig, log: (m: string) => void = () => {}): Promise<RunningAllInOne> {
  const metrics = new AriadneMetrics();
  mkdirSync(config.dataDir, { recursive: true });
  const store = await openDuckDbStore({ path: path.join(config.dataDir, 'ariadne.duckdb') });
  const queue = new IngestQueue(store, config.ingest, metrics);
  const intake = new TraceIntake({ consumeTraces: (spans) => queue.submit(spans) }, config.spanLimits, metrics);
  let ready = false;

  const grpcServer = createOtlpGrpcServer(intake, { maxRecvMsgSize: config.grpcMaxRecvMsgSize });
  const otlpHttp = createHttpServer([createOtlpHttpHandler(intake, { maxRequestBodySize: config.httpMaxRequestBodySize })]);
  const queryHttp = createHttpServer([
    createHealthHandler(metrics, () => ready),
    createQueryRouter({ store, maxTraceLimit: config.queryMaxLimit }),
  ]);

  const started: (() => Promise<void>)[] = [];
  try {
    const grpcPort = await bindGrpc(grpcServer, `${config.otlpGrpc.host.includes(':') ? `[${config.otlpGrpc.host}]` : config.otlpGrpc.host}:${config.otlpGrpc.port}`);
    started.push(
      () =>
        new Promise<void>((r) => {
          const force = setTimeout(() => grpcServer.forceShutdown(), 3000);
          force.unref();
          grpcServer.tryShutdown(() => {
            clearTimeout(force);
            r();
          });
        }),
    );
    const httpAddr = await listen(otlpHttp, config.otlpHttp);
    started.push(() => closeHttp(otlpHttp));
    const queryAddr = await listen(queryHttp, config.http);
    started.push(() => closeHttp(queryHttp));
    const stopRetention = startRetention(store, config.retentionDays, metrics, log);
    ready = true;

    let stopping: Promise<void> | undefined;
    return {
      listeners: [
        { name: 'otlp-grpc', address: { host: config.otlpGrpc.host, port: grpcPort } },
        { name: 'otlp-http', address: httpAddr },
        { name: 'http', address: queryAddr },
      ],
      store,
      metrics,
      stop() {
        stopping ??= (async () => {
          ready = false;
          stopRetention();
          // Receivers stop taking requests but finish the ones in flight, whose spans
          // the queue then writes before the store closes.
          await Promise.all([started[0]!(), started[1]!()]);
          await queue.drain();
          await started[2]!();
          await store.close();
        })();
        return stopping;
      },
    };
  } catch (err) {
    for (const stop of started) await stop().catch(() => {});
    await store.close();
    throw err;
  }
}
