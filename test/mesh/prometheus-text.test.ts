/** The admin port's metrics render as prom-client rendered them (it was the reference before it left the proxy). */
import { describe, expect, it } from 'vitest';
import * as prom from 'prom-client';
import { Counter, Gauge, Histogram, Registry } from '../../src/mesh/prometheus-text.js';

describe('Prometheus text', () => {
  it('renders counters, gauges and histograms as prom-client does', async () => {
    const ours = new Registry();
    const theirs = new prom.Registry();
    const c = [
      new Counter({ name: 'req_total', help: 'Requests, per "code"\nand path \\ route', labelNames: ['listener', 'code'], registers: [ours] }),
      new prom.Counter({ name: 'req_total', help: 'Requests, per "code"\nand path \\ route', labelNames: ['listener', 'code'], registers: [theirs] }),
    ] as const;
    const plain = [new Counter({ name: 'plain_total', help: 'p', registers: [ours] }), new prom.Counter({ name: 'plain_total', help: 'p', registers: [theirs] })] as const;
    // Read at rendering time.
    new Gauge({ name: 'depth', help: 'd', registers: [ours], collect() { this.set(1e21); } });
    new prom.Gauge({ name: 'depth', help: 'd', registers: [theirs], collect() { this.set(1e21); } });
    const h = [
      new Histogram({ name: 'dur_seconds', help: 'h', labelNames: ['listener', 'route'], buckets: [0.001, 0.01, 1], registers: [ours] }),
      new prom.Histogram({ name: 'dur_seconds', help: 'h', labelNames: ['listener', 'route'], buckets: [0.001, 0.01, 1], registers: [theirs] }),
    ] as const;
    for (const x of c) {
      x.inc({ listener: 'edge', code: '200' });
      x.inc({ listener: 'edge', code: '200' }, 2);
      x.inc({ listener: 'eg"ress\n\\', code: '0' }, 0);
    }
    for (const x of plain) x.inc(1.5);
    for (const x of h) {
      x.observe({ listener: 'edge', route: '/a' }, 0.0004);
      x.observe({ listener: 'edge', route: '/a' }, 0.01);
      x.observe({ listener: 'edge', route: '/a' }, 3);
      x.observe({ listener: 'inbound', route: '/b' }, 0.5);
    }
    expect(ours.metrics()).toBe(await theirs.metrics());
    expect(ours.contentType).toBe(theirs.contentType);
  });

  it('refuses to count down', () => {
    expect(() => new Counter({ name: 'x_total', help: 'x' }).inc(-1)).toThrow(RangeError);
  });
});
