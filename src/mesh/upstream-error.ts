/**
 * What a failed upstream call becomes for the client: 504 Gateway Timeout when the
 * upstream was too slow (connect, response headers, body), 502 Bad Gateway when it
 * could not be reached or broke the exchange (RFC 9110 15.6.3, 15.6.5). `errorType`
 * is the span's `error.type`: `timeout` as the semantic conventions suggest, else the
 * socket error's code (`ECONNREFUSED`), both low-cardinality.
 */
export interface UpstreamFailure {
  readonly status: 502 | 504;
  readonly errorType: string;
  readonly message: string;
}

/** An upstream too slow at one step of the exchange; forward() ends the call with it. */
export abstract class UpstreamTimeoutError extends Error {
  abstract readonly code: string;
}

export class ConnectTimeoutError extends UpstreamTimeoutError {
  readonly code = 'ERR_MESH_CONNECT_TIMEOUT';
  override readonly name = 'ConnectTimeoutError';
}

export class HeadersTimeoutError extends UpstreamTimeoutError {
  readonly code = 'ERR_MESH_HEADERS_TIMEOUT';
  override readonly name = 'HeadersTimeoutError';
}

export class BodyTimeoutError extends UpstreamTimeoutError {
  readonly code = 'ERR_MESH_BODY_TIMEOUT';
  override readonly name = 'BodyTimeoutError';
}

const TIMEOUTS: Readonly<Record<string, string>> = {
  ERR_MESH_CONNECT_TIMEOUT: 'connect timeout',
  ERR_MESH_HEADERS_TIMEOUT: 'no response headers within the headers timeout',
  ERR_MESH_BODY_TIMEOUT: 'response body stalled beyond the body timeout',
  ETIMEDOUT: 'connect timed out',
};

function codeOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  if (e === null || typeof e !== 'object') return undefined;
  if (typeof e.code === 'string') return e.code;
  if (e.cause !== undefined && typeof e.cause?.code === 'string') return e.cause.code;
  return undefined;
}

export function classifyUpstreamError(err: unknown, upstream: string): UpstreamFailure {
  if (err instanceof UpstreamTimeoutError) return { status: 504, errorType: 'timeout', message: err.message };
  const code = codeOf(err);
  if (code !== undefined && TIMEOUTS[code] !== undefined) {
    return { status: 504, errorType: 'timeout', message: `upstream ${upstream}: ${TIMEOUTS[code]}` };
  }
  const message = err instanceof Error ? err.message : String(err);
  // Socket errors carry the errno code (ECONNREFUSED, ECONNRESET); parse errors an HPE_ one.
  const errorType = code ?? (err instanceof Error ? err.name : 'proxy_error');
  return { status: 502, errorType, message: `upstream ${upstream}: ${message}` };
}
