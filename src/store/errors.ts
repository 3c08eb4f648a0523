/** Errors of the stores (DuckDB, ClickHouse), each with a stable code and the cause kept. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A method was called after close(). */
export class StoreClosedError extends StoreError {
  constructor(method: string) {
    super(`store is closed: ${method}() was called after close(); open a new store`, 'ERR_STORE_CLOSED');
  }
}

/** A batch could not be written; none of it was stored. */
export class StoreWriteError extends StoreError {
  constructor(spanCount: number, cause: unknown) {
    super(`writing ${spanCount} spans failed and none were stored: ${String(cause)}`, 'ERR_STORE_WRITE', { cause });
  }
}

/** The database file was written by a version of Ariadne with another table layout. */
export class StoreSchemaVersionError extends StoreError {
  constructor(found: string, expected: string, file: string) {
    super(
      `${file} has schema version ${found}, this version of Ariadne uses ${expected}; run 'ariadne migrate' or point the store at another directory`,
      'ERR_STORE_SCHEMA_VERSION',
    );
  }
}

/** The stored data contradicts itself (a bug or a damaged file); the message names what is missing. */
export class StoreCorruptError extends StoreError {
  constructor(problem: string) {
    super(`the store's data is inconsistent: ${problem}`, 'ERR_STORE_CORRUPT');
  }
}
