/**
 * The `health_check` extension: an HTTP endpoint (default localhost:13133, path `/`)
 * that answers 200 `{"status":"Server available",...}` while every pipeline runs and
 * 503 `{"status":"Server not available"}` before start and during shutdown, as the
 * Collector's healthcheckextension.
 */
import type http from 'node:http';
import { closeHttp, createHttpServer, listen } from '../../../app/listen.js';
import type { Component, CreateSettings, ExtensionFactory } from '../../component.js';
import type { ConfigNode } from '../../config/config-node.js';
import type { Endpoint } from '../../config/endpoint.js';

export interface HealthCheckConfig {
  readonly endpoint: Endpoint;
  /** Default `/`. */
  readonly path: string;
  /** response_body.healthy / .unhealthy: custom bodies; default the JSON status. */
  readonly healthyBody?: string;
  readonly unhealthyBody?: string;
}

function parseConfig(node: ConfigNode): HealthCheckConfig {
  node.unsupported('tls', 'terminate TLS in front of Ariadne');
  const pipeline = node.section('check_collector_pipeline');
  if (pipeline.bool('enabled', false)) pipeline.fail('enabled', 'is not supported by Ariadne (it is deprecated in the Collector too)');
  pipeline.accept('interval', 'exporter_failure_threshold');
  const body = node.section('response_body');
  const healthy = body.string('healthy', '');
  const unhealthy = body.string('unhealthy', '');
  const path = node.string('path', '/');
  if (!path.startsWith('/')) node.fail('path', "must start with '/'");
  return {
    endpoint: node.endpoint('endpoint', 'localhost:13133'),
    path,
    ...(healthy ? { healthyBody: healthy } : {}),
    ...(unhealthy ? { unhealthyBody: unhealthy } : {}),
  };
}

class HealthCheck implements Component {
  private server: http.Server | undefined;
  private readonly since = new Date();
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly set: CreateSettings,
    private readonly config: HealthCheckConfig,
  ) {}

  async start(): Promise<void> {
    const { config } = this;
    this.server = createHttpServer([
      async (req, res) => {
        if ((req.url ?? '/').split('?')[0] !== config.path) return false;
        const ok = this.set.host.isReady();
        const uptimeS = (Date.now() - this.since.getTime()) / 1000;
        const body = ok
          ? (config.healthyBody ?? JSON.stringify({ status: 'Server available', upSince: this.since.toISOString(), uptime: `${uptimeS.toFixed(3)}s` }))
          : (config.unhealthyBody ?? JSON.stringify({ status: 'Server not available', upSince: this.since.toISOString(), uptime: `${uptimeS.toFixed(3)}s` }));
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
        return true;
      },
    ]);
    this.set.host.announce(this.set.idText, await listen(this.server, config.endpoint));
  }

  shutdown(): Promise<void> {
    this.stopping ??= this.server ? closeHttp(this.server, 500) : Promise.resolve();
    return this.stopping;
  }
}

export const healthCheckExtensionFactory: ExtensionFactory<HealthCheckConfig> = {
  kind: 'extension',
  type: 'health_check',
  parseConfig,
  create: (set, config) => new HealthCheck(set, config),
};
