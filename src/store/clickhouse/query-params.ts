/**
 * Server-side query parameters: every value reaches ClickHouse as `{name:Type}` and
 * travels apart from the SQL text (HTTP `param_` fields, chDB's bind call), so no
 * span field or request value is ever part of the statement.
 */
import type { ClickHouseClient } from '@clickhouse/client';

export type ParamValue = string | number | boolean | readonly string[] | readonly number[];

export class QueryParams {
  readonly values: Record<string, ParamValue> = {};
  private n = 0;

  /** Adds a value and returns its placeholder for the SQL text. `type` is a constant from code. */
  add(value: ParamValue, type: string): string {
    const name = `p${this.n++}`;
    this.values[name] = value;
    return `{${name}:${type}}`;
  }

  /** Unix ns as DateTime64(9): passed as Int64 text, so no digit goes through a float. */
  time(ns: bigint): string {
    return `fromUnixTimestamp64Nano(${this.add(ns.toString(), 'Int64')}, 'UTC')`;
  }

  /** A set of UInt64 given as decimal text (beyond 2^53, so never JS numbers). */
  uint64Set(decimals: readonly string[]): string {
    return `(SELECT toUInt64(arrayJoin(${this.add(decimals, 'Array(String)')})))`;
  }

  /** A set of ids for `col IN (...)`: the primary key and the bloom filter can use it. */
  idSet(ids: readonly Uint8Array[]): string {
    return `(SELECT unhex(arrayJoin(${this.add(ids.map((id) => Buffer.from(id).toString('hex')), 'Array(String)')})))`;
  }
}

/** Runs a SELECT with its parameters; rows as arrays (JSONCompactEachRow). */
export async function selectRows(client: ClickHouseClient, query: string, params: QueryParams, settings?: Record<string, string | number>): Promise<unknown[][]> {
  const rs = await client.query({
    query,
    query_params: params.values,
    format: 'JSONCompactEachRow',
    ...(settings ? { clickhouse_settings: settings } : {}),
  });
  return rs.json<unknown[]>();
}

