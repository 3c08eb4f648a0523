/**
 * The request envelope the proxy's OTLP writers share, over the protobuf writer in
 * src/otlp/proto-writer.ts (which has no runtime imports: the proxies load no CommonJS,
 * test/mesh/footprint.test.ts checks it). Traces, logs and metrics requests have the
 * same shape (field numbers from the .proto files in proto/):
 *
 *   Export*ServiceRequest { repeated Resource* = 1 }
 *   Resource* { Resource resource = 1; repeated Scope* = 2; string schema_url = 3 }
 *   Scope*    { InstrumentationScope scope = 1; repeated <item> = 2; string schema_url = 3 }
 *
 * so one envelope writer serves all three, with items encoded when they are made.
 */
import type { InstrumentationScope, Resource } from '../../model/index.js';
import { ProtoWriter, WIRE, writeResourceField, writeScopeField, writeStringField } from '../../otlp/proto-writer.js';

/** One span, log record or metric already encoded as its OTLP message, ready for a request. */
export interface EncodedItem {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly bytes: Uint8Array;
}

/**
 * Encoded items grouped by their (shared) resource and scope objects into one
 * Export{Trace,Logs,Metrics}ServiceRequest: the envelope is the same for all three.
 */
export function writeEncodedRequest(items: readonly EncodedItem[]): Uint8Array {
  const byResource = new Map<Resource, Map<InstrumentationScope, Uint8Array[]>>();
  // The items plus their tags and lengths, and room for the resources and scopes: the
  // buffer rarely has to grow.
  let size = 1024;
  for (const s of items) {
    let scopes = byResource.get(s.resource);
    if (scopes === undefined) byResource.set(s.resource, (scopes = new Map()));
    let list = scopes.get(s.scope);
    if (list === undefined) scopes.set(s.scope, (list = []));
    list.push(s.bytes);
    size += s.bytes.length + 6;
  }
  const w = new ProtoWriter(size);
  for (const [resource, scopes] of byResource) {
    w.tag(1, WIRE.LEN); // Resource{Spans,Logs,Metrics}
    const r = w.begin();
    writeResourceField(w, 1, resource);
    for (const [scope, list] of scopes) {
      w.tag(2, WIRE.LEN); // Scope{Spans,Logs,Metrics}
      const sc = w.begin();
      writeScopeField(w, 1, scope);
      for (const bytes of list) {
        w.tag(2, WIRE.LEN);
        w.bytes(bytes);
      }
      writeStringField(w, 3, scope.schemaUrl);
      w.end(sc);
    }
    writeStringField(w, 3, resource.schemaUrl);
    w.end(r);
  }
  return w.finish();
}
