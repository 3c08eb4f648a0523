/** confighttp/configgrpc client settings shared by the otlp, otlphttp and zipkin exporters. */
import { readFileSync } from 'node:fs';
import type { ConfigNode } from '../../config/config-node.js';

export interface TlsClientConfig {
  /** tls.insecure: plain text (gRPC); default false. */
  readonly insecure: boolean;
  readonly insecureSkipVerify: boolean;
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly serverNameOverride?: string;
}

function readPem(node: ConfigNode, key: string): Buffer | undefined {
  const file = node.string(key, '');
  if (file === '') return undefined;
  try {
    return readFileSync(file);
  } catch (err) {
    node.fail(key, `cannot read '${file}': ${(err as Error).message}`);
  }
}

export function parseTls(parent: ConfigNode): TlsClientConfig {
  const t = parent.section('tls');
  const pemInline = (key: string): Buffer | undefined => {
    const v = t.string(key, '');
    return v === '' ? undefined : Buffer.from(v);
  };
  const cfg: TlsClientConfig = {
    insecure: t.bool('insecure', false),
    insecureSkipVerify: t.bool('insecure_skip_verify', false),
    ...optional('ca', readPem(t, 'ca_file') ?? pemInline('ca_pem')),
    ...optional('cert', readPem(t, 'cert_file') ?? pemInline('cert_pem')),
    ...optional('key', readPem(t, 'key_file') ?? pemInline('key_pem')),
    ...optional('serverNameOverride', t.string('server_name_override', '') || undefined),
  };
  t.accept('min_version', 'max_version', 'reload_interval', 'include_system_ca_certs_pool', 'cipher_suites');
  return cfg;
}

function optional<K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [k]: v }) as { [P in K]?: V };
}

export type Compression = 'gzip' | 'none';

export function parseCompression(parent: ConfigNode, dflt: Compression): Compression {
  const v = parent.string('compression', dflt);
  if (v === '' || v === 'none') return 'none';
  if (v === 'gzip') return 'gzip';
  parent.fail('compression', `'${v}' is not supported by Ariadne: use gzip or none`);
}

/** Keys that tune Go's HTTP client; they have no counterpart in Node's and are accepted as no-ops. */
export const HTTP_CLIENT_TUNING = [
  'read_buffer_size',
  'write_buffer_size',
  'max_idle_conns',
  'max_idle_conns_per_host',
  'max_conns_per_host',
  'idle_conn_timeout',
  'disable_keep_alives',
  'http2_read_idle_timeout',
  'http2_ping_timeout',
  'cookies',
  'force_attempt_http2',
];

export const GRPC_CLIENT_TUNING = ['read_buffer_size', 'write_buffer_size', 'keepalive', 'balancer_name', 'wait_for_ready', 'authority'];
