import type { LogRecord } from '../model/index.js';

/** Log search, the way the Logs page states it. Every condition is optional but the limit. */
export interface LogQuery {
  /** service.name of the record's resource. */
  readonly service?: string;
  /** Records with severity_number at or above this (17 = ERROR). */
  readonly minSeverityNumber?: number;
  /** Text the body's text form contains, ignoring case. */
  readonly bodyContains?: string;
  /** Record time window, unix ns, inclusive. The record time is time_unix_nano, or the observed time when that is 0. */
  readonly startTimeMinNs?: bigint;
  readonly startTimeMaxNs?: bigint;
  /** At most this many records, most recent first. */
  readonly limit: number;
}

/**
 * Logs next to the spans, joined by trace id. A separate interface from Store so a
 * backend can add the signal on its own; every implementation passes
 * test/store/signals-conformance.ts.
 */
export interface LogStore {
  /** Resolves only once the records are durable. */
  writeLogs(records: readonly LogRecord[]): Promise<void>;
  /** The records of one trace, or of one span of it, in time order (ties: observed time, then arrival). */
  getTraceLogs(traceId: Uint8Array, spanId?: Uint8Array): Promise<LogRecord[]>;
  findLogs(query: LogQuery): Promise<LogRecord[]>;
  /** Drops records whose time is before cutoffNs; returns how many it removed. */
  deleteLogsOlderThan(cutoffNs: bigint): Promise<number>;
}

export function isLogStore(store: object): store is LogStore {
  const s = store as Partial<LogStore>;
  return typeof s.writeLogs === 'function' && typeof s.getTraceLogs === 'function' && typeof s.findLogs === 'function';
}
