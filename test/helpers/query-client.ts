/** Reads a trace back through /api/v3 (OTLP JSON) and decodes it with Ariadne's own JSON decoder. */
import { decodeTraceRequestJson } from '../../src/otlp/decode-json.js';
import type { Span } from '../../src/model/index.js';

export async function getJson(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export async function fetchTraceV3(httpUrl: string, traceIdHex: string): Promise<Span[]> {
  const { status, body } = await getJson(`${httpUrl}/api/v3/traces/${traceIdHex}`);
  if (status === 404) return [];
  if (status !== 200) throw new Error(`GET /api/v3/traces/${traceIdHex} answered ${status}: ${JSON.stringify(body)}`);
  return decodeTraceRequestJson(JSON.stringify(body.result));
}

/** Polls until the trace has at least `count` spans (ingest acknowledges before this returns anyway). */
export async function waitForTrace(httpUrl: string, traceIdHex: string, count: number, timeoutMs = 10_000): Promise<Span[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const spans = await fetchTraceV3(httpUrl, traceIdHex);
    if (spans.length >= count || Date.now() > until) return spans;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
