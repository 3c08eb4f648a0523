/**
 * The `zipkin` receiver: Zipkin v2 spans on POST /api/v2/spans, JSON or protobuf,
 * optionally gzip-compressed (the Collector's zipkinreceiver). Answers 202 Accepted
 * once the pipeline took the spans; 400 for an undecodable body, 415 for another
 * encoding, 503 + Retry-After when the pipeline refuses (retryable).
 */
import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { closeHttp, createHttpServer, listen } from '../../../app/listen.js';
import { OtlpDecodeError, OtlpError, OtlpQueueFullError } from '../../../otlp/errors.js';
import type { Component, CreateSettings, ReceiverFactory } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import type { Endpoint } from '../../config/endpoint.js';
import type { TracesConsumer } from '../../consumer.js';
import { decodeZipkinJson, decodeZipkinProto } from '../../zipkin/from-zipkin.js';
import { decompress, readBody } from '../otlp/http-receiver.js';
import { TraceIntake } from '../otlp/trace-intake.js';

export interface ZipkinReceiverConfig {
  /** Default localhost:9411. */
  readonly endpoint: Endpoint;
  /** Default false: tags stay strings; true turns "12", "1.5", "true" into int, double, bool. */
  readonly parseStringTags: boolean;
  /** Largest body, bytes; default 20 MiB. */
  readonly maxRequestBodySize: number;
}

function parseConfig(node: ConfigNode): ZipkinReceiverConfig {
  node.accept('include_metadata', 'read_timeout', 'read_header_timeout', 'write_timeout', 'idle_timeout');
  node.unsupported('tls', 'terminate TLS in front of Ariadne');
  node.unsupported('auth', 'authenticators are not implemented');
  node.unsupported('cors', 'CORS is not implemented');
  return {
    endpoint: node.endpoint('endpoint', 'localhost:9411'),
    parseStringTags: node.bool('parse_string_tags', false),
    maxRequestBodySize: node.int('max_request_body_size', 20 * 1024 * 1024, 1),
  };
}

const SPANS_V2 = '/api/v2/spans';

function send(res: ServerResponse, status: number, message: string, retryAfter?: number): void {
  const body = message ? `${message}\n` : '';
  const headers: Record<string, string | number> = { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) };
  if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
  res.writeHead(status, headers).end(body);
}

class ZipkinReceiver implements Component {
  private server: http.Server | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly set: CreateSettings,
    private readonly config: ZipkinReceiverConfig,
    private readonly next: TracesConsumer,
  ) {}

  async start(): Promise<void> {
    const intake = new TraceIntake(this.next, this.set.host.spanLimits, this.set.host.metrics, this.set.idText, (spans) => this.set.host.insight.observe(spans));
    const { config } = this;
    const handle = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/api/v1/spans') {
        req.resume();
        send(res, 415, 'Zipkin v1 is not supported; send Zipkin v2 to /api/v2/spans');
        return true;
      }
      if (path !== SPANS_V2) return false;
      if (req.method !== 'POST') {
        req.resume();
        res.setHeader('allow', 'POST');
        send(res, 405, `use POST on ${SPANS_V2}`);
        return true;
      }
      const mime = String(req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
      const proto = mime === 'application/x-protobuf' || mime === 'application/protobuf';
      if (!proto && mime !== 'application/json') {
        req.resume();
        intake.refuseRequest('http', 'unsupported_media_type');
        send(res, 415, `unsupported Content-Type '${mime}': send application/json or application/x-protobuf`);
        return true;
      }
      try {
        const raw = await readBody(req, config.maxRequestBodySize);
        const body = await decompress(raw, req.headers['content-encoding'], config.maxRequestBodySize);
        let spans;
        try {
          spans = proto ? decodeZipkinProto(body, config.parseStringTags) : decodeZipkinJson(body, config.parseStringTags);
        } catch (err) {
          throw err instanceof OtlpError ? err : new OtlpDecodeError((err as Error).message);
        }
        const partial = await intake.accept(spans, 'http');
        send(res, 202, partial.rejectedSpans > 0 ? partial.errorMessage : '');
      } catch (err) {
        if (!(err instanceof OtlpError)) throw err;
        if (err.httpStatus !== 503) intake.refuseRequest('http', err.httpStatus === 413 ? 'body_too_large' : err.httpStatus === 415 ? 'unsupported_media_type' : 'decode_error');
        send(res, err.httpStatus, err.message, err instanceof OtlpQueueFullError ? err.retryAfterSeconds : err.httpStatus === 503 ? 1 : undefined);
      }
      return true;
    };
    this.server = createHttpServer([handle]);
    this.set.host.announce(this.set.idText, await listen(this.server, config.endpoint));
  }

  shutdown(): Promise<void> {
    this.stopping ??= this.server ? closeHttp(this.server) : Promise.resolve();
    return this.stopping;
  }
}

export const zipkinReceiverFactory: ReceiverFactory<ZipkinReceiverConfig> = {
  kind: 'receiver',
  type: 'zipkin',
  parseConfig,
  createTraces: (set, config, next) => new ZipkinReceiver(set, config, next),
};
