/**
 * OpenTelemetry JS SDK instrumentation for the demo services that have it: a SERVER span
 * per request continuing the W3C context the sidecar passed in, INTERNAL spans per step,
 * and W3C injection on outgoing calls, so SDK spans nest between sidecar spans in one
 * trace. Contexts are passed explicitly; no async context manager is needed.
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type http from 'node:http';
import type { Logger } from '@opentelemetry/api-logs';
import type { TraceScope } from './trace-scope.js';
import { APP_CONTAINER, podAttributes } from './pod.js';
import { createSdkSignals, logInContext } from './sdk-signals.js';

export interface SdkTracing {
  readonly tracer: Tracer;
  /** Log records in span context (sdk-signals.ts). */
  readonly logger?: Logger;
  /** Counts the server's bytes as the pod's network traffic. */
  observeServer?(server: http.Server): void;
  /** A served request's duration, into the pod's http.server.request.duration. */
  recordRequest?(seconds: number, statusCode: number): void;
  shutdown(): Promise<void>;
}

const propagator = new W3CTraceContextPropagator();

export function createSdkTracing(service: string, instance: string, otlpUrl: string): SdkTracing {
  // Pod-like attributes so logs and metrics join this instance's spans (issue 7).
  const resource = resourceFromAttributes({
    'service.name': service,
    'service.instance.id': instance,
    ...podAttributes(instance),
    'k8s.container.name': APP_CONTAINER,
  });
  const signals = createSdkSignals(resource, otlpUrl);
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: otlpUrl, timeoutMillis: 5000 }), {
        // Traces should show up in the UI within a second or two.
        scheduledDelayMillis: 500,
        maxQueueSize: 2048,
      }),
    ],
  });
  return {
    tracer: provider.getTracer('ariadne-demo', '0.1.0'),
    logger: signals.logger,
    observeServer: (server) => signals.observeServer(server),
    recordRequest: (seconds, statusCode) => signals.recordRequest(seconds, statusCode),
    shutdown: () => Promise.all([provider.shutdown(), signals.shutdown()]).then(() => undefined),
  };
}

function scopeOf(tracer: Tracer, ctx: Context, span: Span, logger?: Logger): TraceScope {
  const scope: TraceScope = {
    traceHeaders() {
      const carrier: Record<string, string> = {};
      propagator.inject(ctx, carrier, defaultTextMapSetter);
      return carrier;
    },
    async step(name, fn) {
      const child = tracer.startSpan(name, { kind: SpanKind.INTERNAL }, ctx);
      const childCtx = trace.setSpan(ctx, child);
      try {
        return await fn(scopeOf(tracer, childCtx, child, logger));
      } catch (err) {
        child.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
        logInContext(logger, childCtx, true, `${name} failed: ${(err as Error).message}`);
        throw err;
      } finally {
        child.end();
      }
    },
    setAttribute: (key, value) => void span.setAttribute(key, value),
    fail: (message) => {
      span.setStatus({ code: SpanStatusCode.ERROR, message });
      logInContext(logger, ctx, true, message);
    },
  };
  return scope;
}

/** A SERVER span for one request, child of the context in its headers. */
export function startServerScope(
  sdk: SdkTracing,
  name: string,
  headers: IncomingHttpHeaders,
  attributes: Record<string, string | number>,
): { scope: TraceScope; end(statusCode: number): void } {
  const parent = propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
  const t0 = performance.now();
  const span = sdk.tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  const ctx = trace.setSpan(parent, span);
  return {
    scope: scopeOf(sdk.tracer, ctx, span, sdk.logger),
    end(statusCode: number) {
      sdk.recordRequest?.((performance.now() - t0) / 1000, statusCode);
      logInContext(sdk.logger, ctx, statusCode >= 500, `${name} -> ${statusCode}`, { 'http.response.status_code': statusCode });
      span.setAttribute('http.response.status_code', statusCode);
      if (statusCode >= 500) {
        span.setAttribute('error.type', String(statusCode));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    },
  };
}
