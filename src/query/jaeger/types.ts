/**
 * The JSON shapes of Jaeger's UI API (jaeger `model/json/model.go`, jaeger-ui
 * `src/types/trace.tsx`). Times are microseconds; ids are lowercase hex.
 */

export type JaegerValueType = 'string' | 'bool' | 'int64' | 'float64' | 'binary';

export interface JaegerKeyValue {
  key: string;
  type: JaegerValueType;
  /** int64 outside JavaScript's safe range is a decimal string, as Jaeger sends it; binary is base64. */
  value: string | number | boolean;
}

export interface JaegerLog {
  timestamp: number;
  fields: JaegerKeyValue[];
}

export type JaegerRefType = 'CHILD_OF' | 'FOLLOWS_FROM';

export interface JaegerReference {
  refType: JaegerRefType;
  traceID: string;
  spanID: string;
}

export interface JaegerProcess {
  serviceName: string;
  tags: JaegerKeyValue[];
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: JaegerReference[];
  startTime: number;
  duration: number;
  tags: JaegerKeyValue[];
  logs: JaegerLog[];
  processID: string;
  warnings: string[] | null;
  flags: number;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, JaegerProcess>;
  warnings: string[] | null;
}

export interface JaegerOperation {
  name: string;
  /** server, client, producer, consumer, internal, or '' when the span had no kind. */
  spanKind: string;
}

export interface JaegerDependencyLink {
  parent: string;
  child: string;
  callCount: number;
}

export interface JaegerError {
  /** Omitted (as Jaeger does) for per-trace errors inside a 200 answer. */
  code?: number;
  msg: string;
  traceID?: string;
}

/** Every answer of the UI API, errors included. */
export interface JaegerResponse<T> {
  data: T;
  total: number;
  limit: number;
  offset: number;
  errors: JaegerError[] | null;
}
