/**
 * The pipelines as one graph, built in three steps like the Collector's
 * service/internal/graph: nodes, edges, topological sort. Components are then created
 * in reverse topological order, so each one's `next` already exists, started in that
 * order (exporters first) and shut down in topological order (receivers first).
 *
 *   receiver ─┐                                              ┌─▶ exporter
 *   receiver ─┼─▶ entry(p) ─▶ processor ─▶ … ─▶ fanout(p) ─┼─▶ exporter
 *  connector ─┘                                              └─▶ connector ─▶ entry(q) …
 *
 * A receiver or exporter used by several pipelines of one signal is one node, created
 * once per signal (createTraces, createLogs, createMetrics); a factory may answer every
 * signal with one instance (the otlp receiver, as the Collector's sharedcomponent). A
 * processor is one instance per pipeline. Every pipeline ends in a fan-out node even
 * with one exporter, so no code special-cases "one".
 */
import { ConfigError } from '../../config/errors.js';
import type { Component, CreateSettings, ExporterFactory, Host, ProcessorFactory, ReceiverFactory } from '../component.js';
import type { Signal } from '../component-id.js';
import type { CollectorConfig, PipelineConfig } from '../config/collector-config.js';
import type { Consumer, SignalConsumers } from '../consumer.js';
import { fanout } from './fanout.js';

type NodeKind = 'receiver' | 'entry' | 'processor' | 'fanout' | 'exporter' | 'connector';

export interface GraphNode {
  readonly key: string;
  readonly kind: NodeKind;
  /** The component id (`otlp/2`); the pipeline id for entry and fanout nodes. */
  readonly id: string;
  /** The signal this node consumes (for a connector: the exporter side). */
  readonly signal: Signal;
  /** A connector's receiver-side signal. */
  readonly toSignal?: Signal;
  readonly pipeline?: PipelineConfig;
  readonly next: Set<string>;
  consumer?: Consumer;
  component?: Component;
}

export class PipelineGraph {
  readonly nodes = new Map<string, GraphNode>();
  /** Topological order: receivers first. */
  readonly order: GraphNode[];

  constructor(private readonly config: CollectorConfig) {
    this.createNodes();
    this.order = this.topologicalSort();
  }

  private node(key: string, init: Omit<GraphNode, 'key' | 'next'>): GraphNode {
    let n = this.nodes.get(key);
    if (!n) this.nodes.set(key, (n = { key, next: new Set(), ...init }));
    return n;
  }

  private edge(from: GraphNode, to: GraphNode): void {
    from.next.add(to.key);
  }

  private createNodes(): void {
    const { pipelines } = this.config.service;
    for (const p of pipelines) {
      const entry = this.node(`entry|${p.idText}`, { kind: 'entry', id: p.idText, signal: p.id.signal, pipeline: p });
      const fanout = this.node(`fanout|${p.idText}`, { kind: 'fanout', id: p.idText, signal: p.id.signal, pipeline: p });
      for (const r of p.receivers) {
        if (this.config.connectors.has(r)) {
          // One connector node per (exporter pipeline signal, this pipeline's signal).
          for (const q of pipelines) {
            if (!q.exporters.includes(r)) continue;
            const c = this.node(`connector|${r}|${q.id.signal}|${p.id.signal}`, { kind: 'connector', id: r, signal: q.id.signal, toSignal: p.id.signal });
            this.edge(c, entry);
          }
        } else {
          this.edge(this.node(`receiver|${r}|${p.id.signal}`, { kind: 'receiver', id: r, signal: p.id.signal }), entry);
        }
      }
      let prev = entry;
      for (const proc of p.processors) {
        const n = this.node(`processor|${p.idText}|${proc}`, { kind: 'processor', id: proc, signal: p.id.signal, pipeline: p });
        this.edge(prev, n);
        prev = n;
      }
      this.edge(prev, fanout);
      for (const e of p.exporters) {
        if (this.config.connectors.has(e)) {
          for (const q of pipelines) {
            if (!q.receivers.includes(e)) continue;
            this.edge(fanout, this.node(`connector|${e}|${p.id.signal}|${q.id.signal}`, { kind: 'connector', id: e, signal: p.id.signal, toSignal: q.id.signal }));
          }
        } else {
          this.edge(fanout, this.node(`exporter|${e}|${p.id.signal}`, { kind: 'exporter', id: e, signal: p.id.signal }));
        }
      }
    }
  }

  /** Kahn's algorithm; a cycle (through connectors) is a config error naming its nodes. */
  private topologicalSort(): GraphNode[] {
    const indegree = new Map<string, number>();
    for (const n of this.nodes.values()) indegree.set(n.key, indegree.get(n.key) ?? 0);
    for (const n of this.nodes.values()) for (const k of n.next) indegree.set(k, (indegree.get(k) ?? 0) + 1);
    const ready = [...this.nodes.values()].filter((n) => indegree.get(n.key) === 0);
    const order: GraphNode[] = [];
    while (ready.length > 0) {
      const n = ready.shift()!;
      order.push(n);
      for (const k of n.next) {
        const d = indegree.get(k)! - 1;
        indegree.set(k, d);
        if (d === 0) ready.push(this.nodes.get(k)!);
      }
    }
    if (order.length !== this.nodes.size) {
      const stuck = [...this.nodes.values()].filter((n) => (indegree.get(n.key) ?? 0) > 0 && n.kind === 'connector').map((n) => n.id);
      throw new ConfigError('service.pipelines', `cycle detected through connector(s) ${[...new Set(stuck)].join(', ')}`);
    }
    return order;
  }

  private consumersOf(n: GraphNode): Consumer[] {
    return [...n.next].map((k) => this.nodes.get(k)!.consumer!);
  }

  /**
   * Creates every component, each after the ones it feeds (reverse topological order).
   * Returns components in start order (exporters first); a component shared by several
   * nodes (the otlp receiver serving three signals) is listed once.
   */
  build(host: Host): Component[] {
    const started: Component[] = [];
    const settings = (id: string): CreateSettings => {
      const slash = id.indexOf('/');
      return { id: { type: slash === -1 ? id : id.slice(0, slash), name: slash === -1 ? '' : id.slice(slash + 1) }, idText: id, host };
    };
    for (const n of [...this.order].reverse()) {
      const set = settings(n.id);
      const downstream = this.consumersOf(n);
      switch (n.kind) {
        case 'exporter': {
          const c = this.config.exporters.get(n.id)!;
          const comp = createExporter(c.factory, n.signal, set, c.config);
          n.consumer = comp;
          n.component = comp;
          break;
        }
        case 'fanout':
          n.consumer = fanout(n.signal, downstream as SignalConsumers[Signal][]);
          break;
        case 'processor': {
          const c = this.config.processors.get(n.id)!;
          const comp = createProcessor(c.factory, n.signal, set, c.config, downstream[0]!);
          n.consumer = comp;
          n.component = comp;
          break;
        }
        case 'entry':
          // The pipeline's first consumer (the Collector's capabilities node).
          n.consumer = downstream[0]!;
          break;
        case 'connector': {
          const c = this.config.connectors.get(n.id)!;
          const next = fanout(n.toSignal!, downstream as SignalConsumers[Signal][]);
          const comp = n.toSignal === 'metrics'
            ? c.factory.createTracesToMetrics!(set, c.config, next as SignalConsumers['metrics'])
            : c.factory.createTracesToTraces!(set, c.config, next as SignalConsumers['traces']);
          n.consumer = comp;
          n.component = comp;
          break;
        }
        case 'receiver': {
          const c = this.config.receivers.get(n.id)!;
          n.component = createReceiver(c.factory, n.signal, set, c.config, fanout(n.signal, downstream as SignalConsumers[Signal][]));
          break;
        }
      }
      if (n.component && !started.includes(n.component)) started.push(n.component);
    }
    return started;
  }
}

// Config parsing checked that the factory supports the signal (checkSignals), hence the `!`.
function createReceiver(f: ReceiverFactory, signal: Signal, set: CreateSettings, config: unknown, next: Consumer): Component {
  if (signal === 'traces') return f.createTraces!(set, config, next as SignalConsumers['traces']);
  if (signal === 'logs') return f.createLogs!(set, config, next as SignalConsumers['logs']);
  return f.createMetrics!(set, config, next as SignalConsumers['metrics']);
}

function createProcessor(f: ProcessorFactory, signal: Signal, set: CreateSettings, config: unknown, next: Consumer): Component & Consumer {
  if (signal === 'traces') return f.createTraces!(set, config, next as SignalConsumers['traces']);
  if (signal === 'logs') return f.createLogs!(set, config, next as SignalConsumers['logs']);
  return f.createMetrics!(set, config, next as SignalConsumers['metrics']);
}

function createExporter(f: ExporterFactory, signal: Signal, set: CreateSettings, config: unknown): Component & Consumer {
  if (signal === 'traces') return f.createTraces!(set, config);
  if (signal === 'logs') return f.createLogs!(set, config);
  return f.createMetrics!(set, config);
}
