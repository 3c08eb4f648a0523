/**
 * Scale-out on one ClickHouse database: two writer pipelines, each fed only the
 * traces the loadbalancing exporter's hash ring routes to it (collectors sharded by
 * trace id), and two
 * stateless query nodes, each over its own Store. Every trace must come back whole
 * and identical from either query node, however its spans were split into requests.
 *
 * On chDB, which runs inside one process, the pipelines and query nodes are separate
 * Store instances in this process; with ARIADNE_CLICKHOUSE_URL set, the same check runs
 * with separate processes: two `ariadne start --storage URL` writers and two
 * `ariadne query --storage URL` nodes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startQueryNode } from '../../src/cli/query.js';
import { HashRing } from '../../src/collector/exporters/loadbalancing/hash-ring.js';
import { IngestQueue } from '../../src/ingest/ingest-queue.js';
import { bytesToHex, type Span } from '../../src/model/index.js';
import { spansToOtlpJson } from '../../src/otlp/encode-json.js';
import { chdbAvailable, connectClickHouse, migrateClickHouse, openClickHouseStore } from '../../src/store/clickhouse/index.js';
import { AriadneMetrics } from '../../src/telemetry/metrics.js';
import { BIN, startAriadne } from '../helpers/ariadne-process.js';
import { checkoutTrace, MS, resource, T0, traceId } from './fixtures.js';

const HAS_CHDB = await chdbAvailable();
const SERVER_URL = process.env['ARIADNE_CLICKHOUSE_URL'];
const TRACES = 120;

/** The collector's loadbalancing exporter's ring over two collectors: which one gets a trace. */
const RING = new HashRing(['collector-1:4317', 'collector-2:4317']);

function shardOf(id: Uint8Array): number {
  return RING.endpoints.indexOf(RING.endpointFor(id)!);
}

/** Trace n: the checkout trace, with its db service varying, n * 37 ms after T0. */
function traces(): Span[][] {
  return Array.from({ length: TRACES }, (_, i) =>
    checkoutTrace({ trace: i + 1, start: T0 + BigInt(i) * 37n * MS, db: resource(`db-${i % 7}`) }),
  );
}

/** All spans of all traces, shuffled (deterministically) and cut into requests of 1 to 25 spans. */
function requests(all: readonly Span[][]): Span[][] {
  const spans = all.flat();
  let seed = 42;
  const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let i = spans.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [spans[i], spans[j]] = [spans[j]!, spans[i]!];
  }
  const out: Span[][] = [];
  for (let i = 0; i < spans.length; ) {
    const n = 1 + Math.floor(rand() * 25);
    out.push(spans.slice(i, i + n));
    i += n;
  }
  return out;
}

/** Splits a request by collector, as the loadbalancing exporter does with routing_key: traceID. */
function shard(request: readonly Span[]): Span[][] {
  const parts: Span[][] = RING.endpoints.map(() => []);
  for (const s of request) parts[shardOf(s.traceId)]!.push(s);
  return parts;
}

async function traceJson(base: string, id: Uint8Array): Promise<unknown> {
  const res = await fetch(`${base}/api/traces/${bytesToHex(id)}`);
  expect(res.status, `trace ${bytesToHex(id)} from ${base}`).toBe(200);
  return res.json();
}

/** Every trace from both query nodes: the same answer, with every span. */
async function expectSameWholeTraces(a: string, b: string, all: readonly Span[][]): Promise<void> {
  for (const spans of all) {
    const id = spans[0]!.traceId;
    const [fromA, fromB] = await Promise.all([traceJson(a, id), traceJson(b, id)]);
    expect(fromA, `trace ${bytesToHex(id)}`).toEqual(fromB);
    expect((fromA as { data: { spans: unknown[] }[] }).data[0]?.spans, `trace ${bytesToHex(id)}`).toHaveLength(spans.length);
  }
  const search = `/api/traces?service=frontend&limit=${TRACES * 2}&start=${(T0 - 3_600_000_000_000n) / 1000n}&end=${(T0 + 3_600_000_000_000n) / 1000n}`;
  const [listA, listB] = await Promise.all([fetch(a + search).then((r) => r.json()), fetch(b + search).then((r) => r.json())]);
  expect(listA).toEqual(listB);
  expect((listA as { data: unknown[] }).data).toHaveLength(TRACES);
}

const chdbDir = HAS_CHDB ? mkdtempSync(join(tmpdir(), 'ariadne-chdb-multi-')) : '';
afterAll(() => {
  if (chdbDir) rmSync(chdbDir, { recursive: true, force: true });
});

describe.skipIf(!HAS_CHDB)(
  `two writer pipelines sharded by trace id, two query nodes, one chDB database${HAS_CHDB ? '' : " (skipped: the npm package 'chdb' is not installed)"}`,
  () => {
    it('returns every trace whole and identical from either query node', async () => {
      const url = `chdb:${chdbDir}?database=multi_store`;
      await migrateClickHouse({ url });
      const all = traces();
      const writers = await Promise.all([0, 1].map(() => openClickHouseStore({ url, migrate: false })));
      const queues = writers.map((w) => new IngestQueue(w, { queueSize: 10_000, maxBatchSpans: 64, retryAfterSeconds: 1 }, new AriadneMetrics()));
      const written = [0, 0];
      await Promise.all(
        requests(all).flatMap((request) =>
          shard(request).map((part, i) => {
            written[i]! += part.length;
            return queues[i]!.submit(part);
          }),
        ),
      );
      await Promise.all(queues.map((q) => q.drain()));
      await Promise.all(writers.map((w) => w.close()));
      // Both pipelines took part, and no trace went to both.
      expect(written.every((n) => n > 0)).toBe(true);
      for (const spans of all) expect(new Set(spans.map((s) => shardOf(s.traceId))).size).toBe(1);

      const nodes = await Promise.all([0, 1].map(() => startQueryNode({ storage: url, http: { host: '127.0.0.1', port: 0 }, maxTraceLimit: 1500 })));
      try {
        const [a, b] = nodes.map((n) => `http://127.0.0.1:${n.address.port}`);
        await expectSameWholeTraces(a!, b!, all);
        for (const spans of all) {
          expect(await nodes[0]!.store.getTrace(spans[0]!.traceId)).toStrictEqual(spans);
          expect(await nodes[1]!.store.getTrace(spans[0]!.traceId)).toStrictEqual(spans);
        }
        const [sa, sb] = await Promise.all(nodes.map((n) => n.store.findTraces({ limit: TRACES * 2 })));
        expect(sa).toStrictEqual(sb);
        expect(sa!.map((s) => s.spanCount)).toEqual(Array(TRACES).fill(4));
        expect(sa![TRACES - 1]!.traceId).toEqual(traceId(1));
      } finally {
        await Promise.all(nodes.map((n) => n.stop()));
      }
    });
  },
);

/** `ariadne query --storage URL` as a child process; resolves with its base URL and a stopper. */
function startQueryProcess(url: string): Promise<{ base: string; stop(): Promise<void> }> {
  const proc = spawn(process.execPath, [BIN, 'query', '--storage', url, '--http', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http listening on (\S+)/.exec(out);
      if (m) resolve({ base: `http://${m[1]}`, stop: () => (proc.kill('SIGTERM'), exited) });
    });
    proc.once('exit', (code) => reject(new Error(`ariadne query exited ${code}: ${out}`)));
  });
}

describe.skipIf(SERVER_URL === undefined)(
  `two ariadne start writers and two ariadne query processes on a ClickHouse server${SERVER_URL ? '' : ' (skipped: ARIADNE_CLICKHOUSE_URL is not set)'}`,
  () => {
    it('returns every trace whole and identical from either query process', async () => {
      const u = new URL(SERVER_URL!);
      u.pathname = `/ariadne_multi_${process.pid}`;
      const url = u.toString();
      const writers = await Promise.all([0, 1].map(() => startAriadne({ args: ['--storage', url] })));
      const queries: { base: string; stop(): Promise<void> }[] = [];
      try {
        const all = traces();
        for (const request of requests(all)) {
          await Promise.all(
            shard(request).map(async (part, i) => {
              if (part.length === 0) return;
              const res = await fetch(`${writers[i]!.otlpHttpUrl}/v1/traces`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify(spansToOtlpJson(part)),
              });
              expect(res.status).toBe(200);
            }),
          );
        }
        queries.push(...(await Promise.all([startQueryProcess(url), startQueryProcess(url)])));
        await expectSameWholeTraces(queries[0]!.base, queries[1]!.base, all);
      } finally {
        await Promise.all([...writers.map((w) => w.stop()), ...queries.map((q) => q.stop())]);
        const { client, layout } = await connectClickHouse({ url });
        await client.command({ query: `DROP DATABASE IF EXISTS ${layout.database} SYNC` }).finally(() => client.close());
      }
    });
  },
);
