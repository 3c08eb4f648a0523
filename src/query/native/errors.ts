/** Errors of the native API beyond the query API's own (../errors.ts). */
import { QueryError } from '../errors.js';

/** The trace exists but holds no span with the requested id. */
export class SpanNotFoundError extends QueryError {
  constructor() {
    super('span not found in this trace', 'ERR_QUERY_SPAN_NOT_FOUND', 404);
  }
}
