/** The Zipkin v2 protobuf schema (proto/zipkin/zipkin.proto), loaded once with protobufjs. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../proto/zipkin/zipkin.proto');

let root: protobuf.Root | undefined;

export function zipkinListOfSpans(): protobuf.Type {
  root ??= protobuf.loadSync(FILE);
  return root.lookupType('zipkin.proto3.ListOfSpans');
}
