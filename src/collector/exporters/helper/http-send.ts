/**
 * One HTTP POST of an export body with the OTLP/HTTP failure rules
 * (https://opentelemetry.io/docs/specs/otlp/#failures-1): 429, 502, 503 and 504 are
 * retryable and honour Retry-After; other non-2xx answers are permanent.
 */
import { gzipSync } from 'node:zlib';
import { Agent, request } from 'undici';
import type { Compression, TlsClientConfig } from './client-settings.js';
import { fromNetworkError, permanent, retryable } from './export-errors.js';

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export function createAgent(tls: TlsClientConfig): Agent {
  return new Agent({
    connections: 16,
    connect: {
      ...(tls.ca ? { ca: tls.ca } : {}),
      ...(tls.cert ? { cert: tls.cert } : {}),
      ...(tls.key ? { key: tls.key } : {}),
      ...(tls.serverNameOverride ? { servername: tls.serverNameOverride } : {}),
      rejectUnauthorized: !tls.insecureSkipVerify,
    },
  });
}

function retryAfterMs(h: string | string[] | undefined): number | undefined {
  const v = Array.isArray(h) ? h[0] : h;
  if (v === undefined) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export interface PostOptions {
  readonly url: string;
  readonly body: Uint8Array | string;
  readonly contentType: string;
  readonly compression: Compression;
  readonly headers: Record<string, string>;
  readonly agent: Agent;
  readonly signal: AbortSignal;
}

/** Resolves with the response body on 2xx; rejects with an ExportError otherwise. */
export async function postExport(o: PostOptions): Promise<Buffer> {
  const raw = typeof o.body === 'string' ? Buffer.from(o.body) : Buffer.from(o.body.buffer, o.body.byteOffset, o.body.byteLength);
  const body = o.compression === 'gzip' ? gzipSync(raw) : raw;
  let res;
  try {
    res = await request(o.url, {
      method: 'POST',
      headers: {
        ...o.headers,
        'content-type': o.contentType,
        ...(o.compression === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
      },
      body,
      dispatcher: o.agent,
      signal: o.signal,
    });
  } catch (err) {
    throw fromNetworkError(err, o.url);
  }
  const answer = Buffer.from(await res.body.arrayBuffer());
  if (res.statusCode >= 200 && res.statusCode < 300) return answer;
  const text = answer.toString('utf8', 0, Math.min(answer.length, 300)).replace(/[^\x20-\x7e]+/g, ' ').trim();
  const msg = `${o.url} answered ${res.statusCode}${text ? `: ${text}` : ''}`;
  if (RETRYABLE_STATUS.has(res.statusCode)) throw retryable(msg, retryAfterMs(res.headers['retry-after']));
  throw permanent(msg);
}
