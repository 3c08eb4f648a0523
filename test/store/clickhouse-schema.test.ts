/**
 * The ClickHouse DDL for a cluster (chDB has none, so the text is what can be checked
 * offline) and the --storage URL forms, including what they never show: the password.
 */
import { describe, expect, it } from 'vitest';
import { Layout, MIGRATIONS, parseStorageUrl, StorageUrlError } from '../../src/store/clickhouse/index.js';

/** Every migration's statements, as a new database gets them. */
const allStatements = (layout: Layout, retentionDays?: number): string[] => MIGRATIONS.flatMap((m) => m.statements(layout, retentionDays));

describe('ClickHouse DDL with --clickhouse-cluster', () => {
  const statements = allStatements(new Layout({ database: 'ariadne', cluster: 'prod' }), 7);
  const find = (start: string): string => {
    const s = statements.find((x) => x.startsWith(start));
    expect(s, start).toBeDefined();
    return s!;
  };

  it('creates every statement ON CLUSTER', () => {
    for (const s of statements) expect(s).toContain(' ON CLUSTER prod ');
  });

  it('keeps rows in Replicated*MergeTree local tables, one replication path per shard', () => {
    expect(find('CREATE TABLE IF NOT EXISTS ariadne.spans_local')).toContain(
      "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/ariadne/spans_local', '{replica}') PARTITION BY toDate(start)",
    );
    expect(find('CREATE TABLE IF NOT EXISTS ariadne.traces_local')).toContain(
      "ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/ariadne/traces_local', '{replica}')",
    );
    expect(find('CREATE TABLE IF NOT EXISTS ariadne.resource_scopes_local')).toContain(
      "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/ariadne/resource_scopes_local', '{replica}', written_at)",
    );
  });

  it('reads and writes through Distributed tables sharded by a hash of the trace id', () => {
    expect(find('CREATE TABLE IF NOT EXISTS ariadne.spans ')).toContain('ENGINE = Distributed(prod, ariadne, spans_local, cityHash64(trace_id))');
    expect(find('CREATE TABLE IF NOT EXISTS ariadne.traces ')).toContain('ENGINE = Distributed(prod, ariadne, traces_local, cityHash64(trace_id))');
  });

  it('keeps logs on the shard of their trace, and the metric points of a resource together', () => {
    expect(find('CREATE TABLE IF NOT EXISTS ariadne.logs ')).toContain('ENGINE = Distributed(prod, ariadne, logs_local, cityHash64(trace_id))');
    expect(find('CREATE TABLE IF NOT EXISTS ariadne.metric_points ')).toContain('ENGINE = Distributed(prod, ariadne, metric_points_local, cityHash64(resource_identity))');
    expect(find('CREATE TABLE IF NOT EXISTS ariadne.logs_local')).toContain(
      "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/ariadne/logs_local', '{replica}') PARTITION BY toDate(ts)",
    );
    expect(find('CREATE MATERIALIZED VIEW IF NOT EXISTS ariadne.logs_ingest_mv')).toMatch(/TO ariadne\.logs AS SELECT unhex\(trace_id\)/);
    expect(find('CREATE TABLE IF NOT EXISTS ariadne.metric_points_local')).toContain('TTL toDateTime(time) + toIntervalDay(7)');
  });

  it('aggregates on each shard from its local spans, and ingests into the Distributed spans', () => {
    expect(find('CREATE MATERIALIZED VIEW IF NOT EXISTS ariadne.traces_mv')).toMatch(/TO ariadne\.traces_local AS SELECT .* FROM ariadne\.spans_local GROUP BY trace_id$/);
    expect(find('CREATE MATERIALIZED VIEW IF NOT EXISTS ariadne.spans_ingest_mv')).toMatch(/TO ariadne\.spans AS SELECT unhex\(trace_id\)/);
  });

  it('sets the retention TTL and drops whole day partitions', () => {
    expect(find('CREATE TABLE IF NOT EXISTS ariadne.spans_local')).toContain('TTL toDateTime(start) + toIntervalDay(7) SETTINGS index_granularity = 1024, ttl_only_drop_parts = 1');
  });

  it('without a cluster: plain tables, no Distributed ones', () => {
    const single = allStatements(new Layout({ database: 'ariadne' }));
    expect(single.some((s) => s.includes('ON CLUSTER') || s.includes('Distributed') || s.includes('Replicated'))).toBe(false);
    expect(single.some((s) => s.includes(' TTL '))).toBe(false);
  });

  const badNames: { name: string; database: string; cluster?: string }[] = [
    { name: 'database with a quote', database: "a'b" },
    { name: 'database with a statement', database: 'a; DROP TABLE x' },
    { name: 'database starting with a digit', database: '1db' },
    { name: 'cluster with a space', database: 'ok', cluster: 'my cluster' },
  ];
  for (const c of badNames) {
    it(`refuses a name that is not a plain identifier: ${c.name}`, () => {
      expect(() => new Layout(c), c.name).toThrow(StorageUrlError);
    });
  }
});

describe('--storage URLs', () => {
  const cases: { name: string; url: string; want: Record<string, string> }[] = [
    {
      name: 'clickhouse:// is HTTP on 8123',
      url: 'clickhouse://u:p@ch.example:8123/traces',
      want: { kind: 'http', origin: 'http://ch.example:8123', username: 'u', password: 'p', database: 'traces' },
    },
    { name: 'clickhouses:// is HTTPS on 8443', url: 'clickhouses://u:p@ch.example/db', want: { origin: 'https://ch.example:8443', database: 'db' } },
    { name: 'https:// keeps its port', url: 'https://u:p@ch.example:9443/db', want: { origin: 'https://ch.example:9443' } },
    { name: 'no user is default, no path the default database', url: 'http://ch.example:8123', want: { username: 'default', password: '', database: 'default' } },
    { name: '%-escaped password', url: 'clickhouse://u:p%40ss%3Aw@h:8123/db', want: { password: 'p@ss:w' } },
    { name: 'chdb path and database', url: 'chdb:/var/lib/ariadne?database=t1', want: { kind: 'chdb', path: '/var/lib/ariadne', database: 't1' } },
    { name: 'chdb in memory', url: 'chdb:', want: { kind: 'chdb', path: ':memory:', database: 'default' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(parseStorageUrl(c.url)).toMatchObject(c.want);
    });
  }

  it('reads ${env:VAR} for the user and the password', () => {
    const t = parseStorageUrl('clickhouse://${env:CH_USER}:${env:CH_PASSWORD}@h:8123/db', { CH_USER: 'writer', CH_PASSWORD: 'p@ss/w:rd' });
    expect(t).toMatchObject({ username: 'writer', password: 'p@ss/w:rd' });
  });

  it('never shows the password: not in display, not in errors', () => {
    const t = parseStorageUrl('clickhouse://u:hunter2@h:8123/db');
    expect(t.display).toBe('http://u@h:8123/db');
    for (const bad of ['clickhouse://u:hunter2@h:8123/a/b', 'ftp://u:hunter2@h/db', 'clickhouse://u:hunter2@h:8123/b%ad', 'clickhouse://u:hunter2@h:8123/x;y']) {
      let message = '';
      try {
        parseStorageUrl(bad);
      } catch (err) {
        message = String(err);
      }
      expect(message, bad).toMatch(/storage URL/);
      expect(message, bad).not.toContain('hunter2');
    }
  });
});
