/**
 * The edge gateway: the network's entry point. It continues a valid incoming trace
 * context or starts a trace, makes the head-sampling decision, records a SERVER span,
 * and forwards to the upstream of the longest matching route prefix.
 */
import { SpanKind } from '../model/index.js';
import type { EdgeConfig } from './config/mesh-config.js';
import { createMeshRuntime, startProxy, type RunningProxy } from './mesh-runtime.js';
import { createProxyListener, type Resolution } from './proxy-listener.js';
import { pathOnly, splitRequestTarget } from './request-target.js';
import { RouteTable } from './route-table.js';
import { Upstream } from './upstream.js';

export async function startEdge(config: EdgeConfig): Promise<RunningProxy> {
  const runtime = createMeshRuntime(config, 'ariadne-edge');
  const table = new RouteTable(
    config.routes.map((r) => ({ prefix: r.prefix, upstream: new Upstream(r.prefix, r.endpoints) })),
  );

  const resolve = (req: { url?: string | undefined }): Resolution => {
    const { path } = splitRequestTarget(req.url);
    const route = table.match(pathOnly(path));
    if (route === undefined) {
      return { ok: false, status: 404, errorType: 'no_route', message: `no route for ${pathOnly(path)}; routes: ${table.prefixes.join(', ')}` };
    }
    const i = route.upstream.pick();
    const endpoint = route.upstream.endpoints[i]!;
    return {
      ok: true,
      serverAddress: endpoint.host,
      serverPort: endpoint.port,
      path,
      upstream: route.prefix,
      route: route.template,
    };
  };

  const server = createProxyListener({
    name: 'edge',
    kind: SpanKind.SERVER,
    resolve,
    pool: runtime.pool,
    headersTimeoutMs: config.timeouts.headersMs,
    tracer: runtime.tracer,
    exporter: runtime.exporter,
    metrics: runtime.metrics,
    resource: runtime.resource,
    scope: runtime.scope,
    ...(runtime.logs !== undefined ? { logs: runtime.logs } : {}),
    pod: runtime.pod,
    side: 'outside',
    addForwarded: true,
    requestHeadersTimeoutMs: 30_000,
  });
  return startProxy(runtime, [{ name: 'edge', server, at: config.listen }], config.admin);
}
