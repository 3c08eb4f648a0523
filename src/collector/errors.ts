/**
 * Errors that travel back up a pipeline to a receiver, which turns them into a client
 * answer: retryable ones into HTTP 503 + Retry-After / gRPC UNAVAILABLE, permanent ones
 * into 400 / INVALID_ARGUMENT (as the Collector's consumererror.IsPermanent decides).
 */
import { OtlpError } from '../otlp/errors.js';

/** A component could not take the data now; the client should retry. */
export class RetryableConsumerError extends OtlpError {
  constructor(message: string, code = 'ERR_PIPELINE_UNAVAILABLE', options?: { cause?: unknown }) {
    super(message, code, 503, options);
  }
}

/** The data can never be taken; retrying would not help. */
export class PermanentConsumerError extends OtlpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'ERR_PIPELINE_PERMANENT', 400, options);
  }
}

/** memory_limiter: usage is above the soft limit (the Collector's "data refused due to high memory usage"). */
export class DataRefusedError extends RetryableConsumerError {
  constructor(usageMiB: number, softLimitMiB: number) {
    super(
      `data refused due to high memory usage: ${usageMiB.toFixed(1)} MiB in use, soft limit ${softLimitMiB.toFixed(1)} MiB (memory_limiter); retry later`,
      'ERR_DATA_REFUSED',
    );
  }
}

/** An exporter's sending_queue is full; the data is dropped and counted. */
export class SendingQueueFullError extends RetryableConsumerError {
  constructor(exporter: string, capacity: number) {
    super(`sending queue is full (exporter ${exporter}, sending_queue.queue_size ${capacity}); retry later`, 'ERR_SENDING_QUEUE_FULL');
  }
}

/** A component was asked to work after shutdown began. */
export class ComponentStoppedError extends RetryableConsumerError {
  constructor(component: string) {
    super(`${component} is shutting down; retry against another instance`, 'ERR_SHUTTING_DOWN');
  }
}

export function isPermanent(err: unknown): boolean {
  return err instanceof OtlpError ? err.httpStatus >= 400 && err.httpStatus < 500 && err.httpStatus !== 429 : false;
}

/** Any error as a consumer error a receiver can answer with (unknown errors are retryable). */
export function asConsumerError(err: unknown): OtlpError {
  if (err instanceof OtlpError) return err;
  return new RetryableConsumerError(`pipeline error: ${(err as Error)?.message ?? String(err)}`, 'ERR_PIPELINE_UNAVAILABLE', { cause: err });
}
