/** What a query route handler gets, and the settings every route shares. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../../store/index.js';
import { QueryStoreError } from '../errors.js';

export interface QuerySettings {
  readonly store: Store;
  readonly defaultTraceLimit: number;
  readonly maxTraceLimit: number;
  /** Unix nanoseconds. */
  readonly now: () => bigint;
  /** Spans converted and written per step when streaming a trace. */
  readonly streamChunkSpans: number;
}

export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly query: URLSearchParams;
  /** Decoded path segments captured by the route's `:name` parts, in order. */
  readonly pathParams: readonly string[];
  /** HEAD: same status and headers, no body. */
  readonly head: boolean;
  readonly settings: QuerySettings;
}

export type RouteHandler = (ctx: RouteContext) => Promise<void>;

/** Runs a store call; its failure becomes a QueryStoreError (HTTP 500) with the cause kept. */
export async function fromStore<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw new QueryStoreError(err);
  }
}
