/** How a send attempt failed, which decides whether retry_on_failure tries again. */
export class ExportError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** The server's Retry-After / RetryInfo delay, milliseconds. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ExportError';
  }
}

export function retryable(message: string, retryAfterMs?: number, cause?: unknown): ExportError {
  return new ExportError(message, true, retryAfterMs, { cause });
}

export function permanent(message: string, cause?: unknown): ExportError {
  return new ExportError(message, false, undefined, { cause });
}

/** Network failures (refused, reset, timed out) are worth retrying. */
export function fromNetworkError(err: unknown, endpoint: string): ExportError {
  if (err instanceof ExportError) return err;
  const e = err as Error & { code?: string };
  return retryable(`cannot reach ${endpoint}: ${e?.code ? `${e.code} ` : ''}${e?.message ?? String(err)}`, undefined, err);
}
