/**
 * OTLP/gRPC: TraceService, LogsService and MetricsService (Export) over @grpc/grpc-js.
 * Messages stay raw buffers through grpc-js (which handles gzip) so the same decoder as
 * OTLP/HTTP protobuf runs on them. Queue full -> UNAVAILABLE (retryable per OTLP).
 */
import * as grpc from '@grpc/grpc-js';
import { decodeTraceRequestProto } from '../../../otlp/decode-proto.js';
import { encodeTraceResponseProto } from '../../../otlp/encode-response.js';
import { OtlpError } from '../../../otlp/errors.js';
import type { TraceIntake } from './trace-intake.js';
import { decodeLogsRequestProto } from '../../../otlp/decode-logs-proto.js';
import { decodeMetricsRequestProto } from '../../../otlp/decode-metrics-proto.js';
import { encodeSignalResponseProto, type SignalPartialSuccess } from '../../../otlp/encode-signal-response.js';
import type { SignalIntake } from './signal-intake.js';

const passthrough = (b: Buffer): Buffer => b;

export const TRACE_SERVICE_DEFINITION: grpc.ServiceDefinition = {
  Export: {
    path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
    requestStream: false,
    responseStream: false,
    requestSerialize: passthrough,
    requestDeserialize: passthrough,
    responseSerialize: passthrough,
    responseDeserialize: passthrough,
  },
};

function statusOf(err: OtlpError): grpc.status {
  switch (err.httpStatus) {
    case 503:
      return grpc.status.UNAVAILABLE;
    case 413:
      return grpc.status.RESOURCE_EXHAUSTED;
    case 400:
      return grpc.status.INVALID_ARGUMENT;
    default:
      return grpc.status.INTERNAL;
  }
}

export function traceServiceImplementation(intake: TraceIntake): grpc.UntypedServiceImplementation {
  return {
    Export(call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>): void {
      let spans;
      try {
        spans = decodeTraceRequestProto(call.request);
      } catch (err) {
        intake.refuseRequest('grpc', 'decode_error');
        callback({ code: grpc.status.INVALID_ARGUMENT, details: (err as Error).message });
        return;
      }
      intake.accept(spans, 'grpc').then(
        (partial) => callback(null, Buffer.from(encodeTraceResponseProto(partial))),
        (err: unknown) => {
          if (err instanceof OtlpError) callback({ code: statusOf(err), details: err.message });
          else callback({ code: grpc.status.INTERNAL, details: `internal error: ${(err as Error)?.message ?? String(err)}` });
        },
      );
    },
  };
}

export interface OtlpGrpcOptions {
  /** Largest accepted message, bytes (collector: max_recv_msg_size_mib). */
  readonly maxRecvMsgSize: number;
  /** Where logs and metrics go; a signal it has no consumer for answers UNIMPLEMENTED. */
  readonly signals?: SignalIntake;
  /** The receiver's id, for the UNIMPLEMENTED message. */
  readonly receiver?: string;
}

/** The Collector registers a service only when a pipeline uses the receiver for its signal. */
function unimplemented(signal: string, receiver: string): grpc.UntypedServiceImplementation {
  return {
    Export(_call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>): void {
      callback({ code: grpc.status.UNIMPLEMENTED, details: `${signal} are not accepted here: no ${signal} pipeline uses receiver ${receiver} (add it to the receivers of a service.pipelines.${signal} pipeline)` });
    },
  };
}

function serviceDefinition(path: string): grpc.ServiceDefinition {
  return {
    Export: { ...TRACE_SERVICE_DEFINITION['Export']!, path },
  };
}

export const LOGS_SERVICE_DEFINITION = serviceDefinition('/opentelemetry.proto.collector.logs.v1.LogsService/Export');
export const METRICS_SERVICE_DEFINITION = serviceDefinition('/opentelemetry.proto.collector.metrics.v1.MetricsService/Export');

/** LogsService/Export or MetricsService/Export: decode, accept, answer, with the trace service's status mapping. */
function signalServiceImplementation(intake: SignalIntake, accept: (body: Buffer) => Promise<SignalPartialSuccess>, signal: 'logs' | 'metrics'): grpc.UntypedServiceImplementation {
  return {
    Export(call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>): void {
      let result: Promise<SignalPartialSuccess>;
      try {
        result = accept(call.request);
      } catch (err) {
        intake.refuseRequest('grpc', 'decode_error');
        callback({ code: grpc.status.INVALID_ARGUMENT, details: (err as Error).message });
        return;
      }
      result.then(
        (partial) => callback(null, Buffer.from(encodeSignalResponseProto(signal, partial))),
        (err: unknown) => {
          if (err instanceof OtlpError) callback({ code: statusOf(err), details: err.message });
          else callback({ code: grpc.status.INTERNAL, details: `internal error: ${(err as Error)?.message ?? String(err)}` });
        },
      );
    },
  };
}

function addSignalServices(server: grpc.Server, intake: SignalIntake | undefined, receiver: string): void {
  // Decoding throws synchronously (INVALID_ARGUMENT); the intake's promise carries the rest.
  server.addService(
    LOGS_SERVICE_DEFINITION,
    intake?.has('logs')
      ? signalServiceImplementation(intake, (b) => { const records = decodeLogsRequestProto(b); return intake.acceptLogs(records, 'grpc'); }, 'logs')
      : unimplemented('logs', receiver),
  );
  server.addService(
    METRICS_SERVICE_DEFINITION,
    intake?.has('metrics')
      ? signalServiceImplementation(intake, (b) => { const { points, metricsWithoutData } = decodeMetricsRequestProto(b); return intake.acceptMetrics(points, metricsWithoutData, 'grpc'); }, 'metrics')
      : unimplemented('metrics', receiver),
  );
}

/** One server for the three services; `traces` undefined when no traces pipeline uses the receiver. */
export function createOtlpGrpcServer(traces: TraceIntake | undefined, options: OtlpGrpcOptions): grpc.Server {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': options.maxRecvMsgSize,
  });
  const receiver = options.receiver ?? 'otlp';
  server.addService(TRACE_SERVICE_DEFINITION, traces ? traceServiceImplementation(traces) : unimplemented('traces', receiver));
  addSignalServices(server, options.signals, receiver);
  return server;
}

export function bindGrpc(server: grpc.Server, hostPort: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(hostPort, grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port)));
  });
}
