/**
 * The sidecar: zero-code tracing for the app next to it.
 *
 *   caller ──▶ inbound (--listen) ──▶ app (--app)          SERVER span per request
 *   app ──▶ egress (--egress) ──▶ upstream (--upstream)     CLIENT span per call
 *
 * An app that copies the incoming trace headers onto its outgoing calls ends up in
 * one connected trace: inbound gives the app the SERVER span as parent, egress makes
 * its CLIENT span a child of whatever the app sent, and the next hop a child of that.
 */
import { UpstreamPool } from './upstream-pool.js';
import { formatHostPort } from '../config/host-port.js';
import { SpanKind } from '../model/index.js';
import type { SidecarConfig } from './config/mesh-config.js';
import { createMeshRuntime, startProxy, type RunningProxy } from './mesh-runtime.js';
import { createProxyListener, type Resolution } from './proxy-listener.js';
import { resolveEgressTarget, splitRequestTarget } from './request-target.js';
import { UpstreamSet, upstreamsFromPairs } from './upstream.js';

export async function startSidecar(config: SidecarConfig): Promise<RunningProxy> {
  if (config.app === undefined) throw new RangeError('the sidecar needs the address of its app');
  const runtime = createMeshRuntime(config, 'ariadne-sidecar');
  const appLabel = formatHostPort(config.app);
  const upstreams = new UpstreamSet(upstreamsFromPairs(config.upstreams));

  const resolveInbound = (req: { url?: string | undefined }): Resolution => ({
    ok: true,
    serverAddress: config.app!.host,
    serverPort: config.app!.port,
    // An absolute-form target sent to the inbound side still means this app.
    path: splitRequestTarget(req.url).path,
    upstream: appLabel,
  });

  const resolveEgress = (req: { url?: string | undefined; headers: { host?: string | undefined } }): Resolution => {
    const t = resolveEgressTarget(req.url, req.headers.host, upstreams);
    if (!t.ok) return t;
    const endpoint = t.upstream !== undefined ? t.upstream.endpoints[t.upstream.pick()]! : t.endpoint;
    return { ok: true, serverAddress: endpoint!.host, serverPort: endpoint!.port, path: t.path, host: t.host, upstream: t.label };
  };

  // The app gets its own pool and timeout: a slow app is the app's business, while the
  // egress timeouts are what turn a slow dependency into a fast 504.
  const appPool = new UpstreamPool({
    maxConnections: config.maxConnections,
    connectTimeoutMs: config.timeouts.connectMs,
    bodyTimeoutMs: Math.max(config.appTimeoutMs, config.timeouts.bodyMs),
  });
  const common = {
    tracer: runtime.tracer,
    exporter: runtime.exporter,
    metrics: runtime.metrics,
    resource: runtime.resource,
    scope: runtime.scope,
    ...(runtime.logs !== undefined ? { logs: runtime.logs } : {}),
    pod: runtime.pod,
    requestHeadersTimeoutMs: 30_000,
  };
  const inbound = createProxyListener({ ...common, pool: appPool, headersTimeoutMs: config.appTimeoutMs, name: 'inbound', kind: SpanKind.SERVER, resolve: resolveInbound, addForwarded: true, side: 'outside' });
  const egress = createProxyListener({ ...common, pool: runtime.pool, headersTimeoutMs: config.timeouts.headersMs, name: 'egress', kind: SpanKind.CLIENT, resolve: resolveEgress, addForwarded: false, side: 'app' });
  return startProxy(
    runtime,
    [
      { name: 'inbound', server: inbound, at: config.listen },
      { name: 'egress', server: egress, at: config.egress },
    ],
    config.admin,
    [appPool],
  );
}
