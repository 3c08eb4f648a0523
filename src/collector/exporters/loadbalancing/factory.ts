/**
 * The `loadbalancing` exporter: routes each span by `routing_key` (traceID or service)
 * through a consistent hash ring to one of the backends a resolver finds, over OTLP/gRPC
 * (`protocol.otlp`, the otlp exporter's options). With routing_key traceID every span
 * of a trace reaches the same backend, from any front collector using the same
 * backends: the front tier of sharded tail sampling.
 */
import type { Counter, Gauge } from 'prom-client';
import { serviceNameOf, type Span } from '../../../model/index.js';
import type { CreateSettings, ExporterFactory, TracesComponent } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import { RetryableConsumerError } from '../../errors.js';
import { ConfigError } from '../../../config/errors.js';
import { QueuedRetrySender } from '../helper/queued-sender.js';
import { parseRetry, parseSendingQueue, parseTimeout } from '../helper/settings.js';
import { OtlpGrpcClient, parseOtlpGrpcClient, type OtlpGrpcClientConfig } from '../otlp/factory.js';
import { HashRing } from './hash-ring.js';
import { DnsResolver, StaticResolver, type Resolver, type ResolverConfig } from './resolver.js';

export interface LoadBalancingConfig {
  /** traceID (default) or service. */
  readonly routingKey: 'traceID' | 'service';
  /** The per-backend otlp exporter settings (endpoint comes from the resolver). */
  readonly protocol: OtlpGrpcClientConfig;
  readonly resolver: ResolverConfig;
}

function parseConfig(node: ConfigNode): LoadBalancingConfig {
  const routingKey = node.string('routing_key', 'traceID');
  if (routingKey !== 'traceID' && routingKey !== 'service') {
    node.fail('routing_key', `'${routingKey}' is not supported by Ariadne: use traceID or service`);
  }
  node.unsupported('routing_attributes', 'routing_key attributes is not supported');
  const protocolNode = node.section('protocol');
  protocolNode.unsupported('otlphttp', 'use protocol.otlp');
  const otlpNode = protocolNode.section('otlp');
  const protocol = parseOtlpGrpcClient(otlpNode, false);
  if (protocol.endpoint !== '') otlpNode.fail('endpoint', 'is set by the resolver; remove it');
  // The newer top-level queue/retry/timeout: used for every backend unless protocol.otlp sets them.
  const top = {
    timeoutMs: node.has('timeout') ? parseTimeout(node, 5000) : undefined,
    sendingQueue: node.has('sending_queue') ? parseSendingQueue(node) : undefined,
    retryOnFailure: node.has('retry_on_failure') ? parseRetry(node) : undefined,
  };
  node.accept('timeout', 'sending_queue', 'retry_on_failure');
  const merged: OtlpGrpcClientConfig = {
    ...protocol,
    ...(top.timeoutMs !== undefined && !otlpNode.has('timeout') ? { timeoutMs: top.timeoutMs } : {}),
    ...(top.sendingQueue && !otlpNode.has('sending_queue') ? { sendingQueue: top.sendingQueue } : {}),
    ...(top.retryOnFailure && !otlpNode.has('retry_on_failure') ? { retryOnFailure: top.retryOnFailure } : {}),
  };
  const r = node.section('resolver');
  r.unsupported('k8s', 'use the dns resolver with a headless service');
  r.unsupported('aws_cloud_map', 'use the static or dns resolver');
  let resolver: ResolverConfig;
  if (r.has('static') && r.has('dns')) r.failHere('set one resolver: static or dns');
  if (r.has('static')) {
    const s = r.section('static');
    const hostnames = s.stringList('hostnames');
    if (hostnames.length === 0) s.fail('hostnames', 'must list at least one backend');
    resolver = { kind: 'static', hostnames };
  } else if (r.has('dns')) {
    const d = r.section('dns');
    resolver = {
      kind: 'dns',
      hostname: d.requiredString('hostname'),
      port: d.int('port', 4317, 1, 65535),
      intervalMs: d.duration('interval', 5000, { positive: true }),
      timeoutMs: d.duration('timeout', 1000, { positive: true }),
    };
  } else {
    throw new ConfigError(r.path, 'must set a resolver: static or dns');
  }
  return { routingKey, protocol: merged, resolver };
}

interface Backend {
  readonly client: OtlpGrpcClient;
  readonly sender: QueuedRetrySender<readonly Span[]>;
}

class LoadBalancingExporter implements TracesComponent {
  private ring = new HashRing([]);
  private readonly backends = new Map<string, Backend>();
  private readonly resolver: Resolver;
  private readonly retiring = new Set<Promise<void>>();
  private stopping: Promise<void> | undefined;
  private readonly numBackends: Gauge<'exporter'>;
  private readonly outcome: Counter<'exporter' | 'endpoint' | 'success'>;

  constructor(
    private readonly set: CreateSettings,
    private readonly config: LoadBalancingConfig,
  ) {
    const t = set.host.telemetry;
    this.numBackends = t.gauge('otelcol_loadbalancer_num_backends', 'Current number of backends in use', ['exporter']);
    this.outcome = t.counter('otelcol_loadbalancer_backend_outcome_total', 'Number of successes and failures for each endpoint', ['exporter', 'endpoint', 'success']);
    const resolutions = t.counter('otelcol_loadbalancer_num_resolutions_total', 'Number of times the resolver has triggered new resolutions', ['exporter', 'resolver', 'success']);
    const rc = config.resolver;
    this.resolver = rc.kind === 'static'
      ? new StaticResolver(rc)
      : new DnsResolver(rc, (ok) => resolutions.inc({ exporter: set.idText, resolver: 'dns', success: String(ok) }));
  }

  private onEndpoints(endpoints: string[]): void {
    for (const e of endpoints) {
      if (this.backends.has(e)) continue;
      const client = new OtlpGrpcClient(this.config.protocol, e);
      const p = this.config.protocol;
      const sender = new QueuedRetrySender<readonly Span[]>({
        exporter: `${this.set.idText}/${e}`,
        itemName: 'spans',
        queue: p.sendingQueue,
        retry: p.retryOnFailure,
        timeoutMs: p.timeoutMs,
        host: this.set.host,
        count: (s) => s.length,
        send: async (spans, signal) => {
          try {
            await client.export(spans, signal, (m) => this.set.host.log(`exporter ${this.set.idText}: ${m}`));
            this.outcome.inc({ exporter: this.set.idText, endpoint: e, success: 'true' });
          } catch (err) {
            this.outcome.inc({ exporter: this.set.idText, endpoint: e, success: 'false' });
            throw err;
          }
        },
      });
      this.backends.set(e, { client, sender });
    }
    const keep = new Set(endpoints);
    for (const [e, b] of this.backends) {
      if (keep.has(e)) continue;
      this.backends.delete(e);
      // A removed backend finishes what it queued, then closes.
      const p = b.sender.shutdown().then(() => b.client.close());
      this.retiring.add(p);
      void p.finally(() => this.retiring.delete(p));
    }
    this.ring = new HashRing(endpoints);
    this.numBackends.set({ exporter: this.set.idText }, endpoints.length);
    this.set.host.log(`exporter ${this.set.idText}: backends ${endpoints.join(', ') || '(none)'}`);
  }

  async start(): Promise<void> {
    await this.resolver.start((e) => this.onEndpoints(e));
  }

  private keyOf(s: Span): Uint8Array {
    return this.config.routingKey === 'traceID' ? s.traceId : Buffer.from(serviceNameOf(s.resource));
  }

  async consumeTraces(spans: readonly Span[]): Promise<void> {
    const groups = new Map<string, Span[]>();
    for (const s of spans) {
      const e = this.ring.endpointFor(this.keyOf(s));
      if (e === undefined) throw new RetryableConsumerError(`exporter ${this.set.idText}: no backends resolved yet`);
      const g = groups.get(e);
      if (g) g.push(s);
      else groups.set(e, [s]);
    }
    await Promise.all([...groups].map(([e, g]) => this.backends.get(e)!.sender.consume(g)));
  }

  shutdown(): Promise<void> {
    this.stopping ??= (async () => {
      this.resolver.stop();
      await Promise.all([...this.backends.values()].map((b) => b.sender.shutdown().then(() => b.client.close())));
      await Promise.all([...this.retiring]);
    })();
    return this.stopping;
  }
}

export const loadbalancingExporterFactory: ExporterFactory<LoadBalancingConfig> = {
  kind: 'exporter',
  type: 'loadbalancing',
  parseConfig,
  createTraces: (set, config) => new LoadBalancingExporter(set, config),
};
