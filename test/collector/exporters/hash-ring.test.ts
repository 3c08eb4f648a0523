import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HashRing, MAX_POSITIONS } from '../../../src/collector/exporters/loadbalancing/hash-ring.js';
import { DnsResolver, StaticResolver, withDefaultPort } from '../../../src/collector/exporters/loadbalancing/resolver.js';
import { newTraceId } from '../helpers/test-host.js';

const KEYS = Array.from({ length: 20_000 }, newTraceId);
const endpoints = (n: number) => Array.from({ length: n }, (_, i) => `back-${i}.tail.svc:4317`);

function assign(ring: HashRing): string[] {
  return KEYS.map((k) => ring.endpointFor(k)!);
}

describe('consistent hash ring (routing_key traceID)', () => {
  it('places a key at the first point at or after CRC-32(key) % 36000, wrapping around', () => {
    const ring = new HashRing(['a:1', 'b:1']);
    // Recompute the ring independently and check a few keys against it.
    const points: [number, string][] = [];
    const taken = new Set<number>();
    for (const e of ['a:1', 'b:1']) {
      for (let i = 0; i < 100; i++) {
        const p = crc32(Buffer.concat([Buffer.from(e), Buffer.from([i])])) % MAX_POSITIONS;
        if (!taken.has(p)) points.push([p, e]);
        taken.add(p);
      }
    }
    points.sort((x, y) => x[0] - y[0]);
    for (const k of KEYS.slice(0, 500)) {
      const pos = crc32(k) % MAX_POSITIONS;
      const expected = (points.find(([p]) => p >= pos) ?? points[0]!)[1];
      expect(ring.endpointFor(k)).toBe(expected);
    }
  });

  const sizes: number[] = [2, 3, 4, 5];
  it.each(sizes)('with %i backends each gets about 1/N of the traces', (n) => {
    const counts = new Map<string, number>();
    for (const e of assign(new HashRing(endpoints(n)))) counts.set(e, (counts.get(e) ?? 0) + 1);
    expect(counts.size).toBe(n);
    for (const c of counts.values()) {
      expect(c / KEYS.length).toBeGreaterThan(0.5 / n);
      expect(c / KEYS.length).toBeLessThan(1.6 / n);
    }
  });

  const changes: [from: number, to: number][] = [
    [2, 3],
    [3, 4],
    [4, 3],
    [5, 4],
  ];
  it.each(changes)('going from %i to %i backends moves only about 1/N of the traces', (from, to) => {
    const before = assign(new HashRing(endpoints(from)));
    const after = assign(new HashRing(endpoints(to)));
    let moved = 0;
    for (let i = 0; i < KEYS.length; i++) {
      if (before[i] === after[i]) continue;
      moved++;
      // Only the added backend gains traces; only the removed one loses them.
      if (to > from) expect(after[i]).toBe(endpoints(to)[to - 1]);
      else expect(before[i]).toBe(endpoints(from)[from - 1]);
    }
    const n = Math.max(from, to);
    expect(moved / KEYS.length).toBeGreaterThan(0.4 / n);
    expect(moved / KEYS.length).toBeLessThan(1.7 / n);
  });

  it('is the same ring whatever order the endpoints were listed in, once sorted by the resolver', async () => {
    const got: string[][] = [];
    await new StaticResolver({ kind: 'static', hostnames: ['b', 'a:4317', 'c:55690'] }).start((e) => void got.push(e));
    expect(got).toEqual([['a:4317', 'b:4317', 'c:55690']]);
    expect(withDefaultPort('::1')).toBe('[::1]:4317');
  });
});

describe('dns resolver', () => {
  it('turns A/AAAA records into sorted endpoints, reports changes only, and keeps the last answer on failure', async () => {
    const answers: (string[] | Error)[] = [['10.0.0.2', '10.0.0.1'], ['10.0.0.1', '10.0.0.2'], new Error('SERVFAIL'), ['10.0.0.1', '10.0.0.3', 'fd00::1']];
    const outcomes: boolean[] = [];
    const r = new DnsResolver({ kind: 'dns', hostname: 'tail.svc', port: 4317, intervalMs: 60_000, timeoutMs: 1000 }, (ok) => void outcomes.push(ok), async () => {
      const a = answers.shift()!;
      if (a instanceof Error) throw a;
      return a;
    });
    const changes: string[][] = [];
    for (let i = 0; i < 4; i++) await r.resolve((e) => void changes.push(e));
    expect(changes).toEqual([
      ['10.0.0.1:4317', '10.0.0.2:4317'],
      ['10.0.0.1:4317', '10.0.0.3:4317', '[fd00::1]:4317'],
    ]);
    expect(outcomes).toEqual([true, true, false, true]);
  });
});
