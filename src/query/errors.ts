/** Errors of the query API, each with a stable code and the HTTP status a client sees. */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly httpStatus: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A query parameter is missing, malformed or out of range; the message names it. */
export class QueryParamError extends QueryError {
  constructor(
    readonly param: string,
    problem: string,
  ) {
    super(`parameter '${param}': ${problem}`, 'ERR_QUERY_PARAM', 400);
  }
}

/** The store holds no span of the requested trace. */
export class TraceNotFoundError extends QueryError {
  constructor(message = 'trace not found') {
    super(message, 'ERR_QUERY_TRACE_NOT_FOUND', 404);
  }
}

/** A path under the API prefix that is not one of its routes. */
export class RouteNotFoundError extends QueryError {
  constructor(path: string) {
    super(`no such API route: ${path}`, 'ERR_QUERY_ROUTE_NOT_FOUND', 404);
  }
}

/** A known route asked with a method other than GET or HEAD. */
export class MethodNotAllowedError extends QueryError {
  constructor(method: string) {
    super(`method ${method} is not allowed; use GET or HEAD`, 'ERR_QUERY_METHOD_NOT_ALLOWED', 405);
  }
}

/** The store failed; the cause is kept for the log. */
export class QueryStoreError extends QueryError {
  constructor(cause: unknown) {
    super(`store error: ${cause instanceof Error ? cause.message : String(cause)}`, 'ERR_QUERY_STORE', 500, { cause });
  }
}

/** Either a value or the parameter error that prevented it; parsers return this instead of throwing. */
export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: QueryParamError };

export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

export function paramError<T = never>(param: string, problem: string): ParseResult<T> {
  return { ok: false, error: new QueryParamError(param, problem) };
}
