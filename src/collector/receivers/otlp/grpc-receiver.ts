/**
 * OTLP/gRPC: opentelemetry.proto.collector.trace.v1.TraceService/Export over @grpc/grpc-js.
 * Messages stay raw buffers through grpc-js (which handles gzip) so the same decoder as
 * OTLP/HTTP protobuf runs on them. Queue full -> UNAVAILABLE (retryable per OTLP).
 */
import * as grpc from '@grpc/grpc-js';
import { decodeTraceRequestProto } from '../../../otlp/decode-proto.js';
import { encodeTraceResponseProto } from '../../../otlp/encode-response.js';
import { OtlpError } from '../../../otlp/errors.js';
import type { TraceIntake } from './trace-intake.js';

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
}

export function createOtlpGrpcServer(intake: TraceIntake, options: OtlpGrpcOptions): grpc.Server {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': options.maxRecvMsgSize,
  });
  server.addService(TRACE_SERVICE_DEFINITION, traceServiceImplementation(intake));
  return server;
}

export function bindGrpc(server: grpc.Server, hostPort: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(hostPort, grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port)));
  });
}
