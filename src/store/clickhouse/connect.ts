/**
 * The `@clickhouse/client` of a storage target: over HTTP(S) to a server, or over
 * chDB's in-process engine plugged in as the client's `connection`, so both run the
 * same client code. Then the version check: older servers are refused by name.
 */
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { ChdbMissingError, ClickHouseConnectError, ClickHouseVersionError } from './errors.js';
import type { StorageTarget } from './storage-url.js';

/** DateTime64(9), Map, column codecs, skip indexes, TTL and `{name:Type}` parameters all work from here on. */
export const MINIMUM_VERSION = '23.8';

export interface ConnectOptions {
  /** Milliseconds one request may take; default 300 000 (a big insert or a retention delete). */
  readonly requestTimeoutMs?: number;
  /** Most HTTP connections to the server at once; default 10. */
  readonly maxOpenConnections?: number;
}

// The module name in a variable: chdb is not a dependency of the package (it is about
// 550 MB), so neither TypeScript nor a bundler should go looking for it.
const CHDB_CONNECTION = 'chdb/connection';

interface ChdbConnectionModule {
  createChdbConnection(options: { path?: string }): NonNullable<Parameters<typeof createClient>[0]>['connection'];
}

async function chdbConnection(path: string): Promise<NonNullable<Parameters<typeof createClient>[0]>['connection']> {
  let mod: ChdbConnectionModule;
  try {
    mod = (await import(CHDB_CONNECTION)) as ChdbConnectionModule;
  } catch (err) {
    throw new ChdbMissingError(err);
  }
  return mod.createChdbConnection({ path });
}

/** True when the chdb package can be loaded (tests use it to decide whether to run). */
export async function chdbAvailable(): Promise<boolean> {
  try {
    await import(CHDB_CONNECTION);
    return true;
  } catch {
    return false;
  }
}

export async function createClickHouseClient(target: StorageTarget, options: ConnectOptions = {}): Promise<ClickHouseClient> {
  if (target.kind === 'chdb') {
    try {
      return createClient({ connection: await chdbConnection(target.path) });
    } catch (err) {
      if (err instanceof ChdbMissingError) throw err;
      // chDB binds one data directory per process: a second path is refused here.
      throw new ClickHouseConnectError(target.display, err);
    }
  }
  return createClient({
    url: target.origin,
    username: target.username,
    password: target.password,
    application: 'ariadne',
    request_timeout: options.requestTimeoutMs ?? 300_000,
    max_open_connections: options.maxOpenConnections ?? 10,
    // Progress headers keep a long delete or search alive through proxies' idle timeouts.
    clickhouse_settings: { send_progress_in_http_headers: 1, http_headers_progress_interval_ms: '60000' },
    // Every failure reaches the caller as an error; the client's own log lines would say it twice.
    log: { level: ClickHouseLogLevel.OFF },
  });
}

/** [major, minor] of a version string such as '24.3.1.2672' or '18.16.1'. */
export function parseVersion(text: string): [number, number] | null {
  const m = /^(\d+)\.(\d+)/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
}

export function versionAtLeast(found: string, minimum: string): boolean {
  const f = parseVersion(found);
  const min = parseVersion(minimum);
  if (f === null || min === null) return false;
  return f[0] > min[0] || (f[0] === min[0] && f[1] >= min[1]);
}

/** Asks the server its version and refuses one older than MINIMUM_VERSION. */
export async function checkServerVersion(client: ClickHouseClient, display: string): Promise<string> {
  let version: string;
  try {
    // No parameters and a format every version has: this must work on a 2018 server too.
    const rs = await client.query({ query: 'SELECT version()', format: 'TabSeparated' });
    version = (await rs.text()).trim();
  } catch (err) {
    throw new ClickHouseConnectError(display, err);
  }
  if (!versionAtLeast(version, MINIMUM_VERSION)) throw new ClickHouseVersionError(version, MINIMUM_VERSION, display);
  return version;
}
