/** Errors of the OTLP receivers, each with a stable code and the HTTP status a client sees. */
export class OtlpError extends Error {
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

/** The body is not a valid OTLP message of the declared encoding. */
export class OtlpDecodeError extends OtlpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'ERR_OTLP_DECODE', 400, options);
  }
}

export class OtlpUnsupportedMediaTypeError extends OtlpError {
  constructor(contentType: string) {
    super(
      `unsupported Content-Type '${contentType}': send application/x-protobuf or application/json`,
      'ERR_OTLP_CONTENT_TYPE',
      415,
    );
  }
}

export class OtlpBodyTooLargeError extends OtlpError {
  constructor(limitBytes: number) {
    super(`request body exceeds the limit of ${limitBytes} bytes (receiver max_request_body_size)`, 'ERR_OTLP_BODY_TOO_LARGE', 413);
  }
}

export class OtlpUnsupportedEncodingError extends OtlpError {
  constructor(encoding: string) {
    super(`unsupported Content-Encoding '${encoding}': send gzip or identity`, 'ERR_OTLP_CONTENT_ENCODING', 415);
  }
}

/** The ingest queue is full: retryable (HTTP 503 + Retry-After, gRPC UNAVAILABLE). */
export class OtlpQueueFullError extends OtlpError {
  constructor(readonly retryAfterSeconds: number) {
    super('ingest queue is full; retry later', 'ERR_OTLP_QUEUE_FULL', 503);
  }
}
