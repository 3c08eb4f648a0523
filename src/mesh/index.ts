export { startEdge } from './edge.js';
export { startSidecar } from './sidecar.js';
export type { Listener, RunningProxy } from './mesh-runtime.js';
export {
  DEFAULT_EDGE,
  DEFAULT_EXPORT,
  DEFAULT_OTLP_URL,
  DEFAULT_SIDECAR,
  DEFAULT_TIMEOUTS,
  loadEdgeConfig,
  loadSidecarConfig,
} from './config/mesh-config.js';
export type {
  CommonMeshConfig,
  EdgeConfig,
  ExportConfig,
  ProxyTimeouts,
  RouteConfig,
  SidecarConfig,
  UpstreamConfig,
} from './config/mesh-config.js';
export { BatchSpanExporter, ExportTimeoutError } from './export/batch-span-exporter.js';
export type { BatchSpanExporterOptions, SpanBatchSender, SpanDropReason, SpanExportObserver } from './export/batch-span-exporter.js';
export { createOtlpHttpSender, ExportRejectedError } from './export/otlp-http-sender.js';
export { encodeSpan, writeEncodedTraceRequest, writeTraceRequest } from './export/span-proto-writer.js';
export type { EncodedSpan } from './export/span-proto-writer.js';
export type { OtlpHttpSender } from './export/otlp-http-sender.js';
export { beginHop, injectHop } from './hop-context.js';
export type { Hop, HopTracer } from './hop-context.js';
export { endToEndHeaders, isHopByHop } from './hop-by-hop.js';
export type { HeaderMap } from './hop-by-hop.js';
export { httpSpan, isErrorStatus, meshResource, meshScope, MESH_SCOPE_NAME } from './http-span.js';
export type { HttpExchange } from './http-span.js';
export { MeshMetrics } from './mesh-metrics.js';
export { resolveEgressTarget, splitRequestTarget } from './request-target.js';
export type { EgressTarget, SplitTarget } from './request-target.js';
export { LabelLimiter, routeTemplate } from './route-template.js';
export { classifyUpstreamError } from './upstream-error.js';
export type { UpstreamFailure } from './upstream-error.js';
export { Upstream, UpstreamSet } from './upstream.js';
export { parseDurationMs } from './duration.js';
export { PROXY_NODE_FLAGS } from './node-flags.js';
