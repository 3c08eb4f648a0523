/**
 * The proxy's own figures as OpenTelemetry metrics, named as the Kubernetes semantic
 * conventions name a pod's (https://opentelemetry.io/docs/specs/semconv/system/k8s-metrics/),
 * so they chart next to the app's under the same pod resource:
 *
 *   k8s.pod.cpu.utilization   gauge    process CPU time / wall time / cores, since the last reading
 *   k8s.pod.memory.usage      gauge    resident set size, bytes
 *   k8s.pod.network.io        sum      bytes through the proxy's listeners, by network.io.direction
 *   http.server.request.duration, http.client.request.duration
 *                             histogram, seconds, by status code and error.type
 *
 * Every point carries `k8s.container.name`: the app may report the same pod metrics
 * from its own process, and the two must stay apart in a chart.
 *
 * Network: the proxy sees the pod's traffic on its listeners' sockets. Inbound (and the
 * edge) face the outside: what they read was received. Egress faces the app: what the
 * app sends there leaves the pod (transmit), what egress writes back came in (receive).
 * Headers differ a little from what the upstream sockets carry; the figure is bytes
 * through the proxy, not a packet count.
 */
import type http from 'node:http';
import type { Socket } from 'node:net';
import os from 'node:os';
import type { KeyValue } from '../model/index.js';
import type { HistogramPoint, MeshMetric } from './export/metric-proto-writer.js';

/** The semantic conventions' advice for http.*.request.duration, seconds. */
const DURATION_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/** Attribute sets per histogram at most; beyond, points go to one `otel.metric.overflow` set, as the OTel SDKs do. */
const MAX_ATTRIBUTE_SETS = 64;

/** Which way a listener faces: `outside` (callers) or `app` (the app's own outgoing calls). */
export type ListenerSide = 'outside' | 'app';

interface Bucketed {
  readonly attributes: readonly KeyValue[];
  count: number;
  sum: number;
  min: number;
  max: number;
  readonly counts: number[];
}

class DurationHistogram {
  private readonly sets = new Map<string, Bucketed>();

  constructor(
    readonly name: string,
    private readonly common: readonly KeyValue[],
  ) {}

  record(seconds: number, statusCode: number, errorType: string | undefined): void {
    let key = `${statusCode}|${errorType ?? ''}`;
    let set = this.sets.get(key);
    if (set === undefined) {
      let attributes: KeyValue[];
      if (this.sets.size >= MAX_ATTRIBUTE_SETS) {
        key = 'overflow';
        attributes = [{ key: 'otel.metric.overflow', value: { type: 'bool', value: true } }];
      } else {
        attributes = [];
        if (statusCode > 0) attributes.push({ key: 'http.response.status_code', value: { type: 'int', value: BigInt(statusCode) } });
        if (errorType !== undefined) attributes.push({ key: 'error.type', value: { type: 'string', value: errorType } });
      }
      set = this.sets.get(key);
      if (set === undefined) {
        set = { attributes: [...this.common, ...attributes], count: 0, sum: 0, min: Infinity, max: -Infinity, counts: new Array<number>(DURATION_BOUNDS.length + 1).fill(0) };
        this.sets.set(key, set);
      }
    }
    set.count++;
    set.sum += seconds;
    if (seconds < set.min) set.min = seconds;
    if (seconds > set.max) set.max = seconds;
    let i = 0;
    while (i < DURATION_BOUNDS.length && seconds > DURATION_BOUNDS[i]!) i++;
    set.counts[i]!++;
  }

  points(start: bigint, now: bigint): HistogramPoint[] {
    return [...this.sets.values()].map((s) => ({
      attributes: s.attributes,
      startTimeUnixNano: start,
      timeUnixNano: now,
      count: s.count,
      sum: s.sum,
      bucketCounts: [...s.counts],
      explicitBounds: DURATION_BOUNDS,
      min: s.min,
      max: s.max,
    }));
  }
}

export class PodMetrics {
  private readonly common: readonly KeyValue[];
  private readonly startNs: bigint;
  private lastCpu = process.cpuUsage();
  private lastWall = process.hrtime.bigint();
  // Bytes of sockets already closed, plus the open ones read at collection time.
  private closedReceive = 0;
  private closedTransmit = 0;
  private readonly open = new Map<Socket, ListenerSide>();
  private readonly client: DurationHistogram;
  private readonly serverHistogram: DurationHistogram;

  constructor(container: string, startNs: bigint) {
    this.common = [{ key: 'k8s.container.name', value: { type: 'string', value: container } }];
    this.startNs = startNs;
    this.serverHistogram = new DurationHistogram('http.server.request.duration', this.common);
    this.client = new DurationHistogram('http.client.request.duration', this.common);
  }

  /** Counts the bytes of every connection the server accepts. */
  observeServer(server: http.Server, side: ListenerSide): void {
    server.on('connection', (socket: Socket) => {
      this.open.set(socket, side);
      socket.once('close', () => {
        this.open.delete(socket);
        this.add(side, socket.bytesRead, socket.bytesWritten);
      });
    });
  }

  private add(side: ListenerSide, read: number, written: number): void {
    if (side === 'outside') {
      this.closedReceive += read;
      this.closedTransmit += written;
    } else {
      this.closedReceive += written;
      this.closedTransmit += read;
    }
  }

  recordRequest(serverSide: boolean, seconds: number, statusCode: number, errorType: string | undefined): void {
    (serverSide ? this.serverHistogram : this.client).record(seconds, statusCode, errorType);
  }

  /** One reading of every metric; CPU utilization is over the time since the previous reading. */
  collect(nowNs: bigint): MeshMetric[] {
    const cpu = process.cpuUsage();
    const wall = process.hrtime.bigint();
    const usedUs = cpu.user - this.lastCpu.user + (cpu.system - this.lastCpu.system);
    const wallUs = Number(wall - this.lastWall) / 1000;
    this.lastCpu = cpu;
    this.lastWall = wall;
    let receive = this.closedReceive;
    let transmit = this.closedTransmit;
    for (const [socket, side] of this.open) {
      if (side === 'outside') {
        receive += socket.bytesRead;
        transmit += socket.bytesWritten;
      } else {
        receive += socket.bytesWritten;
        transmit += socket.bytesRead;
      }
    }
    const point = (value: number, extra: readonly KeyValue[] = []) => ({ attributes: [...this.common, ...extra], startTimeUnixNano: this.startNs, timeUnixNano: nowNs, value });
    const direction = (d: string): KeyValue[] => [{ key: 'network.io.direction', value: { type: 'string', value: d } }];
    const out: MeshMetric[] = [
      {
        name: 'k8s.pod.cpu.utilization',
        description: 'Pod CPU utilization: CPU time over wall time, as a share of the machine',
        unit: '1',
        data: { type: 'gauge', points: wallUs > 0 ? [point(usedUs / wallUs / Math.max(1, os.availableParallelism()))] : [] },
      },
      { name: 'k8s.pod.memory.usage', description: 'Pod memory usage (resident set size)', unit: 'By', data: { type: 'gauge', points: [point(process.memoryUsage.rss())] } },
      {
        name: 'k8s.pod.network.io',
        description: 'Bytes through the proxy, received and transmitted',
        unit: 'By',
        data: { type: 'sum', monotonic: true, points: [point(receive, direction('receive')), point(transmit, direction('transmit'))] },
      },
    ];
    for (const h of [this.serverHistogram, this.client]) {
      const points = h.points(this.startNs, nowNs);
      if (points.length > 0) out.push({ name: h.name, description: 'Duration of HTTP requests through the proxy', unit: 's', data: { type: 'histogram', points } });
    }
    return out;
  }
}
