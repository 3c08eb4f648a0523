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

const TIMEOUTS: Readonly<Record<string, string>> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers within the headers timeout',
  UND_ERR_BODY_TIMEOUT: 'response body stalled beyond the body timeout',
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
  const code = codeOf(err);
  if (code !== undefined && TIMEOUTS[code] !== undefined) {
    return { status: 504, errorType: 'timeout', message: `upstream ${upstream}: ${TIMEOUTS[code]}` };
  }
  const message = err instanceof Error ? err.message : String(err);
  // undici reports a refused or reset connection as a SocketError whose cause has the errno code.
  const errorType = code ?? (err instanceof Error ? err.name : 'proxy_error');
  return { status: 502, errorType, message: `upstream ${upstream}: ${message}` };
}

/** True when the error is ours: the client went away and we aborted the upstream call. */
export function isAbort(err: unknown): boolean {
  const e = err as { name?: unknown; code?: unknown } | null;
  return e !== null && typeof e === 'object' && (e.name === 'AbortError' || e.code === 'UND_ERR_ABORTED');
}
