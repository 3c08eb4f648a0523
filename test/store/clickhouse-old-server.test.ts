/**
 * A ClickHouse server older than 23.8 is refused at start with a message naming both
 * versions, over real HTTP against Debian's clickhouse-server 18.16 (.ci/run installs
 * it; this file starts it on free loopback ports with a throwaway data directory).
 * Credentials from the URL, or from ${env:...}, reach the server and no message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAllInOne } from '../../src/app/all-in-one.js';
import { parseStartArgs } from '../../src/cli/start.js';
import { runMigrate } from '../../src/cli/migrate.js';
import { ClickHouseConnectError, ClickHouseVersionError, openClickHouseStore } from '../../src/store/clickhouse/index.js';

const SERVER = ['/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server'].find((p) => existsSync(p));
const SKIP = SERVER === undefined ? ' (skipped: no clickhouse-server; apt-get install clickhouse-server, as .ci/run does)' : '';
const PASSWORD = 'not-in-any-message-7f3a';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(SERVER === undefined)(`ClickHouse older than 23.8 (Debian's 18.16 over HTTP)${SKIP}`, () => {
  let dir: string;
  let proc: ChildProcess;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ariadne-ch18-'));
    port = await freePort();
    const tcpPort = await freePort();
    writeFileSync(
      join(dir, 'config.xml'),
      `<?xml version="1.0"?><yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog><console>0</console></logger>
  <http_port>${port}</http_port><tcp_port>${tcpPort}</tcp_port><listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path><tmp_path>${dir}/tmp/</tmp_path><user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path><users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile><default_database>default</default_database><mark_cache_size>104857600</mark_cache_size>
</yandex>`,
    );
    writeFileSync(
      join(dir, 'users.xml'),
      `<?xml version="1.0"?><yandex><profiles><default></default></profiles>
  <users><ariadne><password>${PASSWORD}</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></ariadne></users>
  <quotas><default></default></quotas></yandex>`,
    );
    proc = spawn(SERVER!, [`--config-file=${join(dir, 'config.xml')}`], { stdio: 'ignore' });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/ping`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`clickhouse-server did not start on port ${port}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the server by name: both versions in the message, never the password', async () => {
    const err = await openClickHouseStore({ url: `clickhouse://ariadne:${PASSWORD}@127.0.0.1:${port}/ariadne` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClickHouseVersionError);
    const message = String(err);
    expect(message).toMatch(/version 18\.16\.1.*needs ClickHouse 23\.8 or later/);
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).not.toContain(PASSWORD);
  });

  it('takes the password from ${env:...} (the refusal proves the login worked)', async () => {
    process.env['ARIADNE_TEST_CH_PASSWORD'] = PASSWORD;
    try {
      const err = await openClickHouseStore({ url: `http://ariadne:\${env:ARIADNE_TEST_CH_PASSWORD}@127.0.0.1:${port}/ariadne` }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClickHouseVersionError);
    } finally {
      delete process.env['ARIADNE_TEST_CH_PASSWORD'];
    }
  });

  it('a wrong password is a connect error that does not repeat the password', async () => {
    const err = await openClickHouseStore({ url: `clickhouse://ariadne:wrong-${PASSWORD}@127.0.0.1:${port}/ariadne` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClickHouseConnectError);
    expect(String(err)).not.toContain(PASSWORD);
  });

  it('`ariadne start --storage` and `ariadne migrate` fail at start with the same refusal', async () => {
    const url = `clickhouse://ariadne:${PASSWORD}@127.0.0.1:${port}/ariadne`;
    const { config } = parseStartArgs(['--storage', url, '--otlp-grpc', '127.0.0.1:0', '--otlp-http', '127.0.0.1:0', '--http', '127.0.0.1:0']);
    const started = await startAllInOne(config).catch((e: unknown) => e);
    expect(started).toBeInstanceOf(ClickHouseVersionError);
    expect(String(started)).not.toContain(PASSWORD);
    const migrated = await runMigrate(['--storage', url]).catch((e: unknown) => e);
    expect(migrated).toBeInstanceOf(ClickHouseVersionError);
    expect(String(migrated)).toMatch(/18\.16\.1.*23\.8/);
  });
});
