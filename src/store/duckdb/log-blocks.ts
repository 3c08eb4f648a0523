/**
 * Logs in blocks, as Loki keeps chunks and Tempo keeps blocks: the records of one
 * resource/scope pair from one batch are stored together as one small
 * ExportLogsServiceRequest (protobuf), one row per block with what queries prune on
 * (time range, service, highest severity, the bodies' text), and a narrow index
 * table with one row per (block, trace) for "logs of a trace".
 *
 * Why not a row per record: a log record is small (~170 bytes of OTLP) and DuckDB's
 * per-row cost (insert, ART index, WAL, commit) plus encoding two dozen cells per row
 * came to ~12 us of CPU per record, a third of span ingest per byte. A block row
 * carries ~50-1,000 records; what remains per record is its protobuf encoding
 * (proto-writer.ts) and one 16-byte index row per distinct trace.
 *
 * The trace index key is a 53-bit hash of the trace id: a lookup scans one integer
 * column (no ART index to maintain at ingest), and the rare key collision only costs
 * decoding one more block, since reads compare the full ids.
 */
import { BLOB, blobValue, DOUBLE, INTEGER, UBIGINT, UINTEGER, VARCHAR, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { anyValueToString, serviceNameOf, type InstrumentationScope, type LogRecord, type Resource } from '../../model/index.js';
import { ProtoWriter } from '../../otlp/proto-writer.js';
import { beginLogsRequest, writeLogRecordField } from '../../otlp/write-logs-proto.js';
import { appendToTable, sliceColumns } from './chunk-append.js';
import { createTable, type ColumnDef } from './column-defs.js';

export const LOG_BLOCKS_TABLE = 'log_blocks';
export const LOG_BLOCK_TRACES_TABLE = 'log_block_traces';

export const LOG_BLOCK_COLUMNS = [
  // Increasing in write order: records with equal times keep their arrival order by (id, position).
  { name: 'id', type: UBIGINT },
  // Record time (time_unix_nano, else the observed time) of the block's earliest and latest record.
  { name: 'min_ts_ns', type: UBIGINT },
  { name: 'max_ts_ns', type: UBIGINT },
  { name: 'service', type: VARCHAR },
  { name: 'max_severity', type: INTEGER },
  { name: 'record_count', type: UINTEGER },
  // The bodies' text forms, lowercased, one per line: a block without the searched text is never decoded.
  { name: 'body_search', type: VARCHAR },
  // ExportLogsServiceRequest of one resource and one scope.
  { name: 'records', type: BLOB },
] as const satisfies readonly ColumnDef[];

export const LOG_BLOCK_TRACE_COLUMNS = [
  // traceKey(): an integer below 2^53, held exactly by a DOUBLE, which the appender
  // takes as a plain JS number (a UBIGINT cell costs a BigInt per index row).
  { name: 'trace_key', type: DOUBLE },
  { name: 'block_id', type: UBIGINT },
] as const satisfies readonly ColumnDef[];

export const LOG_BLOCK_CREATE_STATEMENTS: readonly string[] = [
  createTable(LOG_BLOCKS_TABLE, LOG_BLOCK_COLUMNS),
  createTable(LOG_BLOCK_TRACES_TABLE, LOG_BLOCK_TRACE_COLUMNS),
];

/** Most records per block: bounds what one trace lookup or a retention rewrite decodes. */
export const MAX_BLOCK_RECORDS = 1024;
/** A block closes early past this many bytes (records with big bodies). */
const MAX_BLOCK_BYTES = 1 << 20;

/** The time a record is ordered, searched and expired by. */
export function recordTime(r: LogRecord): bigint {
  return r.timeUnixNano !== 0n ? r.timeUnixNano : r.observedTimeUnixNano;
}

/** A 32-bit mix of `h` and `word` (murmur3's finalizer steps): every input bit reaches every output bit. */
function mix(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * log_block_traces.trace_key: a 53-bit hash of the trace id (two 32-bit murmur3-style
 * lanes). Ids are random in principle, but ids made by hand or padded from 64-bit B3
 * have structure a plain slice of the bytes would collide on.
 */
export function traceKey(traceId: Uint8Array): number {
  let a = 0x9747b28c;
  let b = 0x5bd1e995;
  for (let at = 0; at < traceId.length; at += 4) {
    let word = 0;
    for (let i = 0; i < 4 && at + i < traceId.length; i++) word |= traceId[at + i]! << (8 * i);
    a = mix(a, word);
    b = mix(b, word ^ 0x27d4eb2f);
  }
  a = avalanche(a ^ traceId.length);
  b = avalanche(b ^ Math.imul(traceId.length, 0x165667b1));
  // 53 bits, 32 of one lane and 21 of the other: an exact double.
  return a * 0x200000 + (b >>> 11);
}

interface EncodedBlock {
  readonly row: DuckDBValue[];
  readonly traceKeys: ReadonlySet<number>;
}

/** Encodes records (all of one resource/scope pair) into one block row with id `id`. */
function encodeBlock(w: ProtoWriter, id: bigint, service: string, records: readonly LogRecord[]): EncodedBlock {
  const first = records[0]!;
  w.reset();
  const close = beginLogsRequest(w, first.resource, first.scope);
  let minTs = recordTime(first);
  let maxTs = minTs;
  let maxSeverity = first.severityNumber;
  const search: string[] = [];
  const traceKeys = new Set<number>();
  for (const r of records) {
    writeLogRecordField(w, r);
    const ts = recordTime(r);
    if (ts < minTs) minTs = ts;
    if (ts > maxTs) maxTs = ts;
    if (r.severityNumber > maxSeverity) maxSeverity = r.severityNumber;
    search.push(anyValueToString(r.body));
    if (r.traceId.length > 0) traceKeys.add(traceKey(r.traceId));
  }
  close();
  const row = [id, BigInt.asUintN(64, minTs), BigInt.asUintN(64, maxTs), service, maxSeverity, records.length, search.join('\n').toLowerCase(), blobValue(w.finish())];
  return { row, traceKeys };
}

/**
 * Records grouped by their resource and scope objects (first appearance first, arrival
 * order within one), cut to block size. By object, not content: a decoded request shares
 * one resource object among its records, and hashing every pair's content (as span rows
 * do, to store each pair once) cost ~0.2 us per record here for nothing a block needs.
 */
function blockGroups(records: readonly LogRecord[]): { service: string; records: LogRecord[] }[] {
  const byResource = new Map<Resource, Map<InstrumentationScope, LogRecord[]>>();
  for (const r of records) {
    let scopes = byResource.get(r.resource);
    if (scopes === undefined) byResource.set(r.resource, (scopes = new Map()));
    const list = scopes.get(r.scope);
    if (list) list.push(r);
    else scopes.set(r.scope, [r]);
  }
  const groups: { service: string; records: LogRecord[] }[] = [];
  for (const [resource, scopes] of byResource) {
    const service = serviceNameOf(resource);
    for (const list of scopes.values()) {
      for (let from = 0; from < list.length; from += MAX_BLOCK_RECORDS) groups.push({ service, records: list.slice(from, from + MAX_BLOCK_RECORDS) });
    }
  }
  return groups;
}

/**
 * One per store: the writer of blocks, with the next block id. Writes run inside the
 * caller's transaction; ids taken by a rolled-back write are skipped, never reused.
 */
export class LogBlockWriter {
  private readonly w = new ProtoWriter();

  private constructor(private nextId: bigint) {}

  static async open(conn: DuckDBConnection): Promise<LogBlockWriter> {
    const r = await conn.runAndReadAll(`SELECT coalesce(max(id), 0) + 1 FROM ${LOG_BLOCKS_TABLE}`);
    return new LogBlockWriter(BigInt(r.getRows()[0]![0] as bigint | number));
  }

  async write(conn: DuckDBConnection, records: readonly LogRecord[]): Promise<void> {
    const blocks: EncodedBlock[] = [];
    for (const g of blockGroups(records)) {
      let from = 0;
      while (from < g.records.length) {
        // Cut early when the encoded bytes grow past MAX_BLOCK_BYTES.
        let to = g.records.length;
        let block = encodeBlock(this.w, this.nextId, g.service, g.records.slice(from, to));
        while (this.w.length > MAX_BLOCK_BYTES && to - from > 1) {
          to = from + Math.max(1, Math.floor((to - from) / 2));
          block = encodeBlock(this.w, this.nextId, g.service, g.records.slice(from, to));
        }
        this.nextId++;
        blocks.push(block);
        from = to;
      }
    }
    await this.append(conn, blocks);
  }

  /** Stores `records` again as one block with the id `id` (retention's rewrite of a partly expired block). */
  async rewrite(conn: DuckDBConnection, id: bigint, records: readonly LogRecord[]): Promise<void> {
    const blocks: EncodedBlock[] = [];
    for (const g of blockGroups(records)) blocks.push(encodeBlock(this.w, id, g.service, g.records));
    await this.append(conn, blocks);
  }

  private async append(conn: DuckDBConnection, blocks: readonly EncodedBlock[]): Promise<void> {
    if (blocks.length === 0) return;
    const columns: DuckDBValue[][] = LOG_BLOCK_COLUMNS.map((_, c) => blocks.map((b) => b.row[c]!));
    let keyCount = 0;
    for (const b of blocks) keyCount += b.traceKeys.size;
    const keys = new Array<DuckDBValue>(keyCount);
    const ids = new Array<DuckDBValue>(keyCount);
    let i = 0;
    for (const b of blocks) {
      for (const k of b.traceKeys) {
        keys[i] = k;
        ids[i++] = b.row[0]!;
      }
    }
    await appendToTable(conn, LOG_BLOCKS_TABLE, LOG_BLOCK_COLUMNS, blocks.length, sliceColumns(columns));
    await appendToTable(conn, LOG_BLOCK_TRACES_TABLE, LOG_BLOCK_TRACE_COLUMNS, keyCount, sliceColumns([keys, ids]));
  }
}

