/** In-process pieces for component tests: a Host, span builders, and a recording consumer. */
import { randomBytes } from 'node:crypto';
import type { AnyValue, KeyValue, Resource, Span } from '../../../src/model/index.js';
import { DEFAULT_SPAN_LIMITS } from '../../../src/ingest/span-limits.js';
import { AriadneMetrics } from '../../../src/telemetry/metrics.js';
import type { CreateSettings, Host } from '../../../src/collector/component.js';
import { Telemetry } from '../../../src/collector/telemetry.js';
import { SamplingInsight } from '../../../src/collector/sampling-insight/sampling-insight.js';
import type { TracesConsumer } from '../../../src/collector/consumer.js';
import type { HostPort } from '../../../src/config/host-port.js';

export interface TestHost extends Host {
  readonly logs: string[];
  readonly announced: { name: string; address: HostPort }[];
}

export function testHost(): TestHost {
  const metrics = new AriadneMetrics();
  const logs: string[] = [];
  const announced: { name: string; address: HostPort }[] = [];
  return {
    metrics,
    telemetry: new Telemetry(metrics.registry),
    log: (m) => void logs.push(m),
    spanLimits: DEFAULT_SPAN_LIMITS,
    insight: new SamplingInsight(metrics.registry),
    openStore: () => Promise.reject(new Error('no store in this test')),
    announce: (name, address) => void announced.push({ name, address }),
    isReady: () => true,
    logs,
    announced,
  };
}

export function settings(host: Host, idText = 'test'): CreateSettings {
  const [type, name = ''] = idText.split('/');
  return { id: { type: type!, name }, idText, host };
}

export class Recorder implements TracesConsumer {
  readonly batches: Span[][] = [];
  fail: Error | undefined;
  async consumeTraces(spans: readonly Span[]): Promise<void> {
    if (this.fail) throw this.fail;
    this.batches.push([...spans]);
  }
  get spans(): Span[] {
    return this.batches.flat();
  }
}

const resources = new Map<string, Resource>();
export function resourceOf(service: string): Resource {
  let r = resources.get(service);
  if (!r) {
    r = { attributes: [{ key: 'service.name', value: { type: 'string', value: service } }], droppedAttributesCount: 0, schemaUrl: '' };
    resources.set(service, r);
  }
  return r;
}

const SCOPE = { name: 'test', version: '1', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };

export function attr(key: string, v: string | number | boolean | bigint): KeyValue {
  let value: AnyValue;
  if (typeof v === 'string') value = { type: 'string', value: v };
  else if (typeof v === 'boolean') value = { type: 'bool', value: v };
  else if (typeof v === 'bigint') value = { type: 'int', value: v };
  else value = Number.isInteger(v) ? { type: 'int', value: BigInt(v) } : { type: 'double', value: v };
  return { key, value };
}

export function newTraceId(): Uint8Array {
  return new Uint8Array(randomBytes(16));
}

export interface SpanSpec {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  parent?: Uint8Array;
  name?: string;
  service?: string;
  kind?: number;
  /** Start, ms after a fixed epoch. */
  startMs?: number;
  durationMs?: number;
  status?: 0 | 1 | 2;
  attributes?: KeyValue[];
  traceState?: string;
}

const EPOCH_NS = 1_732_000_000_000_000_000n;

export function span(spec: SpanSpec = {}): Span {
  const start = EPOCH_NS + BigInt(Math.round((spec.startMs ?? 0) * 1e6));
  return {
    traceId: spec.traceId ?? newTraceId(),
    spanId: spec.spanId ?? new Uint8Array(randomBytes(8)),
    parentSpanId: spec.parent ?? new Uint8Array(0),
    traceState: spec.traceState ?? '',
    flags: 1,
    name: spec.name ?? 'op',
    kind: (spec.kind ?? 1) as Span['kind'],
    startTimeUnixNano: start,
    endTimeUnixNano: start + BigInt(Math.round((spec.durationMs ?? 1) * 1e6)),
    attributes: spec.attributes ?? [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    statusCode: spec.status ?? 0,
    statusMessage: '',
    resource: resourceOf(spec.service ?? 'svc'),
    scope: SCOPE,
  };
}

export const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));
