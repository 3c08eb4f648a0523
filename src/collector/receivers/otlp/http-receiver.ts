/**
 * OTLP/HTTP: POST /v1/traces, /v1/logs and /v1/metrics with application/x-protobuf or
 * application/json, optionally gzip-compressed. A signal no pipeline takes from this
 * receiver answers 404 with a Status naming it. Answers in the request's encoding. Errors follow the OTLP/HTTP spec:
 * 400 undecodable, 413 too large, 415 wrong type, 503 + Retry-After when the queue is
 * full (retryable).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { decodeTraceRequestJson } from '../../../otlp/decode-json.js';
import { decodeTraceRequestProto } from '../../../otlp/decode-proto.js';
import { encodeTraceResponseJson, encodeTraceResponseProto } from '../../../otlp/encode-response.js';
import { encodeStatusJson, encodeStatusProto, GrpcCode } from '../../../otlp/encode-status.js';
import {
  OtlpBodyTooLargeError,
  OtlpDecodeError,
  OtlpError,
  OtlpQueueFullError,
  OtlpUnsupportedEncodingError,
  OtlpUnsupportedMediaTypeError,
} from '../../../otlp/errors.js';
import type { RefusalReason } from '../../../telemetry/metrics.js';
import type { TraceIntake } from './trace-intake.js';
import { decodeLogsRequestJson } from '../../../otlp/decode-logs-json.js';
import { decodeLogsRequestProto } from '../../../otlp/decode-logs-proto.js';
import { decodeMetricsRequestJson } from '../../../otlp/decode-metrics-json.js';
import { decodeMetricsRequestProto } from '../../../otlp/decode-metrics-proto.js';
import { encodeSignalResponseJson, encodeSignalResponseProto, type SignalName, type SignalPartialSuccess } from '../../../otlp/encode-signal-response.js';
import type { SignalIntake } from './signal-intake.js';

const gunzipAsync = promisify(gunzip);

export const TRACES_PATH = '/v1/traces';
export const LOGS_PATH = '/v1/logs';
export const METRICS_PATH = '/v1/metrics';

type Encoding = 'proto' | 'json';

export interface OtlpHttpOptions {
  /** Largest accepted body in bytes, compressed or not (collector: max_request_body_size). */
  readonly maxRequestBodySize: number;
  /** The traces path (collector: traces_url_path); default /v1/traces. */
  readonly tracesPath?: string;
  /** Where logs and metrics go; a signal it has no consumer for answers 404. */
  readonly signals?: SignalIntake;
  /** The receiver's id, for the 404 message. */
  readonly receiver?: string;
  /** Default /v1/logs (collector: logs_url_path). */
  readonly logsPath?: string;
  /** Default /v1/metrics (collector: metrics_url_path). */
  readonly metricsPath?: string;
}

function encodingOf(contentType: string | undefined): Encoding | undefined {
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mime === 'application/x-protobuf' || mime === 'application/protobuf') return 'proto';
  if (mime === 'application/json') return 'json';
  return undefined;
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume(); // drain so the connection can be reused
      reject(new OtlpBodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      if (tooLarge) return;
      size += c.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        reject(new OtlpBodyTooLargeError(limit));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!tooLarge) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.on('error', reject);
  });
}

export async function decompress(body: Buffer, contentEncoding: string | undefined, limit: number): Promise<Buffer> {
  const enc = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (enc === 'identity' || enc === '') return body;
  if (enc !== 'gzip') throw new OtlpUnsupportedEncodingError(enc);
  try {
    // Bounded output: a small gzip bomb cannot expand past the body limit.
    return await gunzipAsync(body, { maxOutputLength: limit });
  } catch (err) {
    if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new OtlpBodyTooLargeError(limit);
    }
    throw new OtlpDecodeError(`gzip body could not be decompressed: ${(err as Error).message}`, { cause: err });
  }
}

function reasonOf(err: OtlpError): RefusalReason {
  switch (err.code) {
    case 'ERR_OTLP_BODY_TOO_LARGE':
      return 'body_too_large';
    case 'ERR_OTLP_CONTENT_TYPE':
    case 'ERR_OTLP_CONTENT_ENCODING':
      return 'unsupported_media_type';
    default:
      return 'decode_error';
  }
}

function grpcCodeOf(status: number): number {
  if (status === 503) return GrpcCode.UNAVAILABLE;
  if (status === 413) return GrpcCode.RESOURCE_EXHAUSTED;
  if (status >= 500) return GrpcCode.INTERNAL;
  return GrpcCode.INVALID_ARGUMENT;
}

function sendError(res: ServerResponse, status: number, message: string, encoding: Encoding, retryAfter?: number): void {
  const code = grpcCodeOf(status);
  const body = encoding === 'proto' ? encodeStatusProto(code, message) : encodeStatusJson(code, message);
  const headers: Record<string, string | number> = {
    'content-type': encoding === 'proto' ? 'application/x-protobuf' : 'application/json',
    'content-length': Buffer.byteLength(body),
  };
  if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
  res.writeHead(status, headers).end(body);
}

/** The Collector registers a signal's path only when a pipeline uses the receiver for it. */
function notServed(req: IncomingMessage, res: ServerResponse, signal: SignalName | 'traces', receiver: string): true {
  const encoding = encodingOf(req.headers['content-type']) ?? 'json';
  req.resume();
  sendError(res, 404, `${signal} are not accepted here: no ${signal} pipeline uses receiver ${receiver} (add it to the receivers of a service.pipelines.${signal} pipeline)`, encoding);
  return true;
}

/** Handles the three signal paths; returns false for other paths so the caller can answer them. */
export function createOtlpHttpHandler(intake: TraceIntake | undefined, options: OtlpHttpOptions) {
  const receiver = options.receiver ?? 'otlp';
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '/').split('?')[0];
    const tracesPath = options.tracesPath ?? TRACES_PATH;
    if (path !== tracesPath) {
      const signals = options.signals;
      for (const [signal, p] of [['logs', options.logsPath ?? LOGS_PATH], ['metrics', options.metricsPath ?? METRICS_PATH]] as const) {
        if (path !== p) continue;
        return signals?.has(signal) ? handleSignal(req, res, signal, signals, options) : notServed(req, res, signal, receiver);
      }
      return false;
    }
    if (!intake) return notServed(req, res, 'traces', receiver);
    return handleExport(req, res, intake, options, async (body, encoding) => {
      let spans;
      try {
        spans = encoding === 'proto' ? decodeTraceRequestProto(body) : decodeTraceRequestJson(body);
      } catch (err) {
        throw err instanceof OtlpError ? err : new OtlpDecodeError(`body could not be decoded: ${(err as Error).message}`, { cause: err });
      }
      const partial = await intake.accept(spans, 'http');
      return encoding === 'proto' ? encodeTraceResponseProto(partial) : encodeTraceResponseJson(partial);
    });
  };
}

/** POST /v1/logs and /v1/metrics: the same media types, limits, errors and retry rules as /v1/traces. */
function handleSignal(req: IncomingMessage, res: ServerResponse, signal: SignalName, intake: SignalIntake, options: OtlpHttpOptions): Promise<boolean> {
  return handleExport(req, res, intake, options, async (body, encoding) => {
    let partial: SignalPartialSuccess;
    if (signal === 'logs') {
      const records = decodeOrThrow(() => (encoding === 'proto' ? decodeLogsRequestProto(body) : decodeLogsRequestJson(body)));
      partial = await intake.acceptLogs(records, 'http');
    } else {
      const { points, metricsWithoutData } = decodeOrThrow(() => (encoding === 'proto' ? decodeMetricsRequestProto(body) : decodeMetricsRequestJson(body)));
      partial = await intake.acceptMetrics(points, metricsWithoutData, 'http');
    }
    return encoding === 'proto' ? encodeSignalResponseProto(signal, partial) : encodeSignalResponseJson(signal, partial);
  });
}

/**
 * What every signal's path does around its export: POST only, a known media type, the
 * body within its size limit (compressed and not), then `exportBody`'s answer; an
 * OtlpError becomes its status with the retry rules (503 + Retry-After), anything
 * else a 500. Queue-full, shutdown and store errors are counted per item by the intake.
 */
async function handleExport(
  req: IncomingMessage,
  res: ServerResponse,
  intake: { refuseRequest(transport: string, reason: RefusalReason): void },
  options: OtlpHttpOptions,
  exportBody: (body: Buffer, encoding: Encoding) => Promise<string | Uint8Array>,
): Promise<boolean> {
  const encoding = encodingOf(req.headers['content-type']);
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    sendError(res, 405, `method ${req.method} is not allowed on ${req.url?.split('?')[0] ?? ''}; use POST`, encoding ?? 'json');
    req.resume();
    return true;
  }
  try {
    if (!encoding) throw new OtlpUnsupportedMediaTypeError(String(req.headers['content-type'] ?? ''));
    const raw = await readBody(req, options.maxRequestBodySize);
    const out = await exportBody(await decompress(raw, req.headers['content-encoding'], options.maxRequestBodySize), encoding);
    res
      .writeHead(200, {
        'content-type': encoding === 'proto' ? 'application/x-protobuf' : 'application/json',
        'content-length': typeof out === 'string' ? Buffer.byteLength(out) : out.byteLength,
      })
      .end(out);
  } catch (err) {
    if (!(err instanceof OtlpError)) {
      sendError(res, 500, `internal error: ${(err as Error)?.message ?? String(err)}`, encoding ?? 'json');
      return true;
    }
    if (err.httpStatus !== 503) intake.refuseRequest('http', reasonOf(err));
    const retryAfter = err instanceof OtlpQueueFullError ? err.retryAfterSeconds : err.httpStatus === 503 ? 1 : undefined;
    sendError(res, err.httpStatus, err.message, encoding ?? 'json', retryAfter);
    if (err.httpStatus === 413 || err.httpStatus === 415) lingerThenClose(req);
  }
  return true;
}

// How long and how much of a refused body is read and dropped before the connection goes.
const LINGER_MS = 2000;
const LINGER_MAX_BYTES = 64 * 1024 * 1024;

/**
 * A lingering close, as nginx does it: the client may still be sending the body it was
 * refused. Closing at once made it meet EPIPE/ECONNRESET instead of reading the 413;
 * reading and dropping the rest for a while (bounded in time and bytes) lets it read the
 * answer. A body that ends in time leaves the connection to keep-alive as usual.
 */
function lingerThenClose(req: IncomingMessage): void {
  if (req.complete) return;
  let drained = 0;
  const close = (): void => {
    req.socket.destroy();
  };
  const timer = setTimeout(close, LINGER_MS);
  timer.unref();
  req.on('data', (c: Buffer) => {
    drained += c.length;
    if (drained > LINGER_MAX_BYTES) close();
  });
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  req.resume();
}

function decodeOrThrow<T>(decode: () => T): T {
  try {
    return decode();
  } catch (err) {
    throw err instanceof OtlpError ? err : new OtlpDecodeError(`body could not be decoded: ${(err as Error).message}`, { cause: err });
  }
}
