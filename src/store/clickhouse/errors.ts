/**
 * Errors of the ClickHouse store, each with a stable code. The store-wide ones
 * (closed, write failed) are the DuckDB store's classes, so a caller's
 * `instanceof StoreWriteError` holds whatever the backend.
 */
import { StoreError } from '../errors.js';

/** A `--storage` URL that cannot be used; the message says which part and what is expected. */
export class StorageUrlError extends StoreError {
  constructor(problem: string) {
    super(`storage URL: ${problem}`, 'ERR_STORAGE_URL');
  }
}

/** The server is older than the oldest version Ariadne's schema and queries work on. */
export class ClickHouseVersionError extends StoreError {
  constructor(
    readonly found: string,
    readonly minimum: string,
    server: string,
  ) {
    super(
      `ClickHouse at ${server} is version ${found}; Ariadne needs ClickHouse ${minimum} or later ` +
        '(DateTime64(9), Map, codecs, skip indexes and server-side query parameters). Upgrade the server or point --storage at a newer one',
      'ERR_CLICKHOUSE_VERSION',
    );
  }
}

/** The server could not be reached or refused the credentials. */
export class ClickHouseConnectError extends StoreError {
  constructor(server: string, cause: unknown) {
    super(`cannot use ClickHouse at ${server}: ${cause instanceof Error ? cause.message : String(cause)}`, 'ERR_CLICKHOUSE_CONNECT', { cause });
  }
}

/** The database's schema is not the one this version of Ariadne reads and writes. */
export class ClickHouseSchemaVersionError extends StoreError {
  constructor(database: string, found: number, expected: number) {
    super(
      found > expected
        ? `database ${database} has schema version ${found}, newer than this Ariadne's ${expected}; upgrade Ariadne`
        : `database ${database} has schema version ${found}, this Ariadne needs ${expected}; run 'ariadne migrate --storage URL'`,
      'ERR_STORE_SCHEMA_VERSION',
    );
  }
}

/** chDB (ClickHouse as a library) was asked for but is not installed. */
export class ChdbMissingError extends StoreError {
  constructor(cause: unknown) {
    super("a chdb: storage URL needs the npm package 'chdb' (npm install --no-save chdb@3.4.0)", 'ERR_CHDB_MISSING', { cause });
  }
}
