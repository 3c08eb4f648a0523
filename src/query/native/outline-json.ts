/**
 * The compact trace the waterfall reads (`GET /api/v1/traces/{id}`): columns instead
 * of span objects, names and services through one string table, parents as indexes.
 * A 100,000-span trace is about 6 MB this way against about 110 MB of Jaeger JSON, and
 * the browser parses a few arrays instead of building 100,000 objects.
 *
 *   { "format": 1, "traceId": hex, "startTimeUnixNano": "decimal",
 *     "spanCount": n, "strings": [text, ...],
 *     "spans": { "spanId": [hex], "parent": [index or -1], "service": [string index],
 *                "name": [string index], "kind": [OTLP kind], "start": [ns after the trace start],
 *                "duration": [ns], "status": [OTLP status code], "statusMessage": [string index] },
 *     "orphans": [[index, parent hex], ...] }   -- spans whose parent is not in the trace
 *
 * Written a chunk at a time with backpressure, so no one huge string is built.
 */
import { bytesToHex } from '../../model/index.js';
import type { TraceOutline } from '../../store/index.js';
import type { StreamingJsonWriter } from '../http/response-writer.js';

export const OUTLINE_FORMAT = 1;

/** Interns strings: each distinct text once, referenced by index. */
class StringTable {
  readonly texts: string[] = [];
  private readonly index = new Map<string, number>();

  ref(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.texts.length;
      this.texts.push(text);
      this.index.set(text, i);
    }
    return i;
  }
}

export interface EncodedOutline {
  readonly strings: readonly string[];
  readonly parent: Int32Array;
  readonly service: Int32Array;
  readonly name: Int32Array;
  readonly statusMessage: Int32Array;
  readonly orphans: readonly (readonly [number, string])[];
}

/** Parent indexes (first span of a duplicated id wins), the string table, and orphans. */
export function encodeOutline(o: TraceOutline): EncodedOutline {
  const n = o.spanIds.length;
  const byId = new Map<string, number>();
  for (let i = 0; i < n; i++) if (!byId.has(o.spanIds[i]!)) byId.set(o.spanIds[i]!, i);
  const strings = new StringTable();
  const parent = new Int32Array(n);
  const service = new Int32Array(n);
  const name = new Int32Array(n);
  const statusMessage = new Int32Array(n);
  const orphans: [number, string][] = [];
  for (let i = 0; i < n; i++) {
    const p = o.parentSpanIds[i] ?? '';
    const at = p === '' ? undefined : byId.get(p);
    parent[i] = at ?? -1;
    if (p !== '' && at === undefined) orphans.push([i, p]);
    service[i] = strings.ref(o.services[i] ?? '');
    name[i] = strings.ref(o.names[i] ?? '');
    statusMessage[i] = strings.ref(o.statusMessages[i] ?? '');
  }
  return { strings: strings.texts, parent, service, name, statusMessage, orphans };
}

type Column = ArrayLike<number> | readonly string[];

async function writeColumn(out: StreamingJsonWriter, values: Column, chunk: number): Promise<boolean> {
  if (!(await out.push('['))) return false;
  for (let from = 0; from < values.length; from += chunk) {
    const to = Math.min(values.length, from + chunk);
    const parts: string[] = new Array(to - from);
    for (let i = from; i < to; i++) {
      const v = values[i]!;
      parts[i - from] = typeof v === 'string' ? JSON.stringify(v) : String(v);
    }
    if (!(await out.push((from === 0 ? '' : ',') + parts.join(',')))) return false;
  }
  return out.push(']');
}

/** Resolves false if the client went away (the caller then stops). */
export async function writeOutlineJson(out: StreamingJsonWriter, o: TraceOutline, chunk: number): Promise<boolean> {
  const e = encodeOutline(o);
  const head =
    `{"format":${OUTLINE_FORMAT},"traceId":"${bytesToHex(o.traceId)}",` +
    `"startTimeUnixNano":"${o.startTimeUnixNano.toString()}","spanCount":${o.spanIds.length},"strings":`;
  if (!(await out.push(head))) return false;
  if (!(await writeColumn(out, e.strings, chunk))) return false;
  const columns: [string, Column][] = [
    ['spanId', o.spanIds],
    ['parent', e.parent],
    ['service', e.service],
    ['name', e.name],
    ['kind', o.kinds],
    ['start', o.startOffsetsNs],
    ['duration', o.durationsNs],
    ['status', o.statusCodes],
    ['statusMessage', e.statusMessage],
  ];
  for (const [i, [key, values]] of columns.entries()) {
    if (!(await out.push(`${i === 0 ? ',"spans":{' : ','}"${key}":`))) return false;
    if (!(await writeColumn(out, values, chunk))) return false;
  }
  return out.push(`},"orphans":${JSON.stringify(e.orphans)}}`);
}
