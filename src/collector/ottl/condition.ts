/**
 * A subset of OTTL boolean conditions (https://opentelemetry.io/docs/collector/transforming-telemetry/),
 * compiled to a predicate over a span, a span event, a log record or a metric data point. Supported: paths (`name`, `kind`,
 * `status.code`, `status.message`, `attributes["k"]`, `resource.attributes["k"]`,
 * `instrumentation_scope.name|version`, `trace_id.string`, `span_id.string`,
 * `parent_span_id.string`, `trace_state`, `start_time_unix_nano`, `end_time_unix_nano`,
 * and with a `span.` prefix in event conditions), string / number / bool / nil
 * literals, SPAN_KIND_* and STATUS_CODE_* enums, comparisons, `and`, `or`, `not`,
 * parentheses, and the functions IsMatch, IsString, IsInt, IsDouble, IsBool. Anything
 * else fails at config time with the unsupported name.
 *
 * The `log` context (the Collector's ottllog) has `body`, `severity_number`,
 * `severity_text`, `event_name`, `flags`, `time_unix_nano`, `observed_time_unix_nano`,
 * `trace_id.string`, `span_id.string`, the attribute maps and the scope, and the
 * SEVERITY_NUMBER_* enums. The `metric` and `datapoint` contexts (ottlmetric,
 * ottldatapoint) run on each data point: `name`/`metric.name`, `description`, `unit`,
 * `type` (METRIC_DATA_TYPE_*), and for data points `attributes["k"]`, `value_int`,
 * `value_double`, `count`, `sum`, `start_time_unix_nano`, `time_unix_nano`, `flags`.
 */
import { bytesToHex, findAttribute, type AnyValue, type LogRecord, type MetricPoint, type Span, type SpanEvent } from '../../model/index.js';
import { lex, OttlSyntaxError, type Token } from './lexer.js';

export type OttlContext = 'span' | 'spanevent' | 'log' | 'metric' | 'datapoint';

export interface SpanTarget {
  readonly span: Span;
  readonly event?: SpanEvent;
}

export interface LogTarget {
  readonly log: LogRecord;
}

export interface PointTarget {
  readonly point: MetricPoint;
}

/** What a condition is evaluated on; a condition compiled for a context reads only its own target. */
export type OttlTarget = SpanTarget | LogTarget | PointTarget;

const spanOf = (t: OttlTarget): Span => (t as SpanTarget).span;
const eventOf = (t: OttlTarget): SpanEvent | undefined => (t as SpanTarget).event;
const logOf = (t: OttlTarget): LogRecord => (t as LogTarget).log;
const pointOf = (t: OttlTarget): MetricPoint => (t as PointTarget).point;

type Value = string | number | boolean | null;
type Expr = (t: OttlTarget) => Value;

const ENUMS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
  ...Object.fromEntries(
    ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((n, i) => [
      [`SEVERITY_NUMBER_${n}`, i * 4 + 1],
      ...[2, 3, 4].map((k) => [`SEVERITY_NUMBER_${n}${k}`, i * 4 + k]),
    ]),
  ),
  SEVERITY_NUMBER_UNSPECIFIED: 0,
  // ottlmetric's METRIC_DATA_TYPE_* (pdata's MetricType numbers).
  METRIC_DATA_TYPE_NONE: 0,
  METRIC_DATA_TYPE_GAUGE: 1,
  METRIC_DATA_TYPE_SUM: 2,
  METRIC_DATA_TYPE_HISTOGRAM: 3,
  METRIC_DATA_TYPE_EXPONENTIAL_HISTOGRAM: 4,
  METRIC_DATA_TYPE_SUMMARY: 5,
};

const METRIC_TYPE_NUMBER: Record<MetricPoint['data']['type'], number> = { gauge: 1, sum: 2, histogram: 3, exponential_histogram: 4, summary: 5 };

const FUNCTIONS = ['IsMatch', 'IsString', 'IsInt', 'IsDouble', 'IsBool'];

function plain(v: AnyValue | undefined): Value {
  if (!v) return null;
  switch (v.type) {
    case 'string':
    case 'bool':
    case 'double':
      return v.value;
    case 'int':
      return Number(v.value);
    case 'empty':
      return null;
    default:
      return JSON.stringify(v.value, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  }
}

class Parser {
  private i = 0;
  /** Which typed checks IsInt/IsDouble need: the raw AnyValue of an attribute path. */
  private readonly rawPaths = new WeakMap<Expr, (t: OttlTarget) => AnyValue | undefined>();

  constructor(
    private readonly tokens: Token[],
    private readonly context: OttlContext,
  ) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    return this.tokens[this.i++]!;
  }

  private expect(kind: Token['kind'], value?: string): Token {
    const t = this.next();
    if (t.kind !== kind || (value !== undefined && (t as { value?: unknown }).value !== value)) {
      throw new OttlSyntaxError(`expected ${value ?? kind} at ${t.at}`);
    }
    return t;
  }

  parse(): (t: OttlTarget) => boolean {
    const e = this.or();
    if (this.peek().kind !== 'end') throw new OttlSyntaxError(`unexpected input at ${this.peek().at}`);
    return (t) => e(t) === true;
  }

  private isWord(w: string): boolean {
    const t = this.peek();
    return t.kind === 'ident' && t.value === w;
  }

  private or(): Expr {
    let left = this.and();
    while (this.isWord('or')) {
      this.next();
      const l = left;
      const r = this.and();
      left = (t) => l(t) === true || r(t) === true;
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.isWord('and')) {
      this.next();
      const l = left;
      const r = this.not();
      left = (t) => l(t) === true && r(t) === true;
    }
    return left;
  }

  private not(): Expr {
    if (this.isWord('not')) {
      this.next();
      const e = this.not();
      return (t) => e(t) !== true;
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.value();
    const t = this.peek();
    if (t.kind !== 'op') return left;
    this.next();
    const right = this.value();
    switch (t.value) {
      case '==':
        return (x) => left(x) === right(x);
      case '!=':
        return (x) => left(x) !== right(x);
      default: {
        const op = t.value;
        return (x) => {
          const a = left(x);
          const b = right(x);
          if (a === null || b === null || typeof a !== typeof b || typeof a === 'boolean') return false;
          return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
        };
      }
    }
  }

  private value(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'string': {
        const v = t.value;
        return () => v;
      }
      case 'number': {
        const v = t.value;
        return () => v;
      }
      case 'punct':
        if (t.value === '(') {
          const e = this.or();
          this.expect('punct', ')');
          return e;
        }
        throw new OttlSyntaxError(`unexpected '${t.value}' at ${t.at}`);
      case 'ident':
        return this.identifier(t.value, t.at);
      default:
        throw new OttlSyntaxError(`unexpected end of condition`);
    }
  }

  private identifier(name: string, at: number): Expr {
    if (name === 'true' || name === 'false') {
      const v = name === 'true';
      return () => v;
    }
    if (name === 'nil') return () => null;
    if (name in ENUMS) {
      const v = ENUMS[name]!;
      return () => v;
    }
    if (this.peek().kind === 'punct' && (this.peek() as { value: string }).value === '(') return this.call(name, at);
    if (/^[A-Z]/.test(name)) throw new OttlSyntaxError(`unsupported OTTL enum or function "${name}" at ${at}`);
    const parts = [name];
    let key: string | undefined;
    for (;;) {
      const p = this.peek();
      if (p.kind === 'punct' && p.value === '.') {
        this.next();
        const id = this.expect('ident') as { value: string };
        parts.push(id.value);
      } else if (p.kind === 'punct' && p.value === '[') {
        this.next();
        const k = this.expect('string') as { value: string };
        this.expect('punct', ']');
        if (key !== undefined) throw new OttlSyntaxError(`nested map keys are not supported at ${p.at}`);
        key = k.value;
      } else break;
    }
    return this.path(parts.join('.'), key, at);
  }

  private path(path: string, key: string | undefined, at: number): Expr {
    if (this.context === 'log') return this.logPath(path, key, at);
    if (this.context === 'metric' || this.context === 'datapoint') return this.pointPath(path, key, at);
    const inEvent = this.context === 'spanevent';
    let p = path;
    let onSpan = !inEvent;
    if (p.startsWith('span.')) {
      p = p.slice(5);
      onSpan = true;
    } else if (p.startsWith('spanevent.')) {
      if (!inEvent) throw new OttlSyntaxError(`path "${path}" needs a spanevent condition`);
      p = p.slice(10);
    }
    if (key !== undefined) {
      let raw: (t: OttlTarget) => AnyValue | undefined;
      if (p === 'attributes') raw = onSpan ? (t) => findAttribute(spanOf(t).attributes, key) : (t) => findAttribute(eventOf(t)?.attributes ?? [], key);
      else if (p === 'resource.attributes') raw = (t) => findAttribute(spanOf(t).resource.attributes, key);
      else if (p === 'instrumentation_scope.attributes') raw = (t) => findAttribute(spanOf(t).scope.attributes, key);
      else throw new OttlSyntaxError(`unsupported OTTL path "${path}[...]" at ${at}`);
      return this.attributePath(raw);
    }
    if (!onSpan) {
      if (p === 'name') return (t) => eventOf(t)?.name ?? null;
      if (p === 'time_unix_nano') return (t) => {
        const e = eventOf(t);
        return e ? Number(e.timeUnixNano) : null;
      };
    }
    switch (p) {
      case 'name':
        return (t) => spanOf(t).name;
      case 'kind':
        return (t) => spanOf(t).kind;
      case 'status.code':
        return (t) => spanOf(t).statusCode;
      case 'status.message':
        return (t) => spanOf(t).statusMessage;
      case 'trace_id.string':
        return (t) => bytesToHex(spanOf(t).traceId);
      case 'span_id.string':
        return (t) => bytesToHex(spanOf(t).spanId);
      case 'parent_span_id.string':
        return (t) => bytesToHex(spanOf(t).parentSpanId);
      case 'trace_state':
        return (t) => spanOf(t).traceState;
      case 'start_time_unix_nano':
        return (t) => Number(spanOf(t).startTimeUnixNano);
      case 'end_time_unix_nano':
        return (t) => Number(spanOf(t).endTimeUnixNano);
      case 'instrumentation_scope.name':
        return (t) => spanOf(t).scope.name;
      case 'instrumentation_scope.version':
        return (t) => spanOf(t).scope.version;
      default:
        throw new OttlSyntaxError(`unsupported OTTL path "${path}" at ${at}`);
    }
  }

  /** An attribute-map path: its value, and its raw AnyValue for IsInt/IsDouble/IsString. */
  private attributePath(raw: (t: OttlTarget) => AnyValue | undefined): Expr {
    const e: Expr = (t) => plain(raw(t));
    this.rawPaths.set(e, raw);
    return e;
  }

  private logPath(path: string, key: string | undefined, at: number): Expr {
    const p = path.startsWith('log.') ? path.slice(4) : path;
    if (key !== undefined) {
      if (p === 'attributes') return this.attributePath((t) => findAttribute(logOf(t).attributes, key));
      if (p === 'resource.attributes') return this.attributePath((t) => findAttribute(logOf(t).resource.attributes, key));
      if (p === 'instrumentation_scope.attributes') return this.attributePath((t) => findAttribute(logOf(t).scope.attributes, key));
      throw new OttlSyntaxError(`unsupported OTTL path "${path}[...]" at ${at}`);
    }
    switch (p) {
      case 'body': {
        const raw = (t: OttlTarget): AnyValue => logOf(t).body;
        return this.attributePath(raw);
      }
      case 'severity_number':
        return (t) => logOf(t).severityNumber;
      case 'severity_text':
        return (t) => logOf(t).severityText;
      case 'event_name':
        return (t) => logOf(t).eventName;
      case 'flags':
        return (t) => logOf(t).flags;
      case 'time_unix_nano':
        return (t) => Number(logOf(t).timeUnixNano);
      case 'observed_time_unix_nano':
        return (t) => Number(logOf(t).observedTimeUnixNano);
      case 'trace_id.string':
        return (t) => bytesToHex(logOf(t).traceId);
      case 'span_id.string':
        return (t) => bytesToHex(logOf(t).spanId);
      case 'instrumentation_scope.name':
        return (t) => logOf(t).scope.name;
      case 'instrumentation_scope.version':
        return (t) => logOf(t).scope.version;
      default:
        throw new OttlSyntaxError(`unsupported OTTL path "${path}" at ${at}`);
    }
  }

  private pointPath(path: string, key: string | undefined, at: number): Expr {
    // In the datapoint context the metric's fields are under `metric.`; in the metric context they are bare.
    const metricField = this.context === 'metric' ? (path.startsWith('metric.') ? path.slice(7) : path) : path.startsWith('metric.') ? path.slice(7) : undefined;
    if (key !== undefined) {
      if (path === 'resource.attributes') return this.attributePath((t) => findAttribute(pointOf(t).resource.attributes, key));
      if (path === 'instrumentation_scope.attributes') return this.attributePath((t) => findAttribute(pointOf(t).scope.attributes, key));
      if (path === 'attributes' && this.context === 'datapoint') return this.attributePath((t) => findAttribute(pointOf(t).attributes, key));
      throw new OttlSyntaxError(`unsupported OTTL path "${path}[...]" at ${at}`);
    }
    switch (metricField) {
      case 'name':
        return (t) => pointOf(t).name;
      case 'description':
        return (t) => pointOf(t).description;
      case 'unit':
        return (t) => pointOf(t).unit;
      case 'type':
        return (t) => METRIC_TYPE_NUMBER[pointOf(t).data.type];
    }
    if (path === 'instrumentation_scope.name') return (t) => pointOf(t).scope.name;
    if (path === 'instrumentation_scope.version') return (t) => pointOf(t).scope.version;
    if (this.context === 'datapoint') {
      const number = (t: OttlTarget, type: 'int' | 'double'): Value => {
        const d = pointOf(t).data;
        if (d.type !== 'gauge' && d.type !== 'sum') return null;
        return d.value.type === type ? Number(d.value.value) : null;
      };
      switch (path) {
        case 'value_int':
          return (t) => number(t, 'int');
        case 'value_double':
          return (t) => number(t, 'double');
        case 'count':
          return (t) => {
            const d = pointOf(t).data;
            return 'count' in d ? Number(d.count) : null;
          };
        case 'sum':
          return (t) => {
            const d = pointOf(t).data;
            return d.type === 'histogram' || d.type === 'exponential_histogram' || d.type === 'summary' ? (d.sum ?? null) : null;
          };
        case 'start_time_unix_nano':
          return (t) => Number(pointOf(t).startTimeUnixNano);
        case 'time_unix_nano':
          return (t) => Number(pointOf(t).timeUnixNano);
        case 'flags':
          return (t) => pointOf(t).flags;
      }
    }
    throw new OttlSyntaxError(`unsupported OTTL path "${path}" at ${at}`);
  }

  private call(name: string, at: number): Expr {
    if (!FUNCTIONS.includes(name)) throw new OttlSyntaxError(`unsupported OTTL function "${name}" at ${at}; supported: ${FUNCTIONS.join(', ')}`);
    this.expect('punct', '(');
    const args: Expr[] = [];
    if (!(this.peek().kind === 'punct' && (this.peek() as { value: string }).value === ')')) {
      args.push(this.or());
      while (this.peek().kind === 'punct' && (this.peek() as { value: string }).value === ',') {
        this.next();
        args.push(this.or());
      }
    }
    this.expect('punct', ')');
    const arity = name === 'IsMatch' ? 2 : 1;
    if (args.length !== arity) throw new OttlSyntaxError(`${name} takes ${arity} argument(s), got ${args.length}`);
    const [a, b] = args as [Expr, Expr];
    if (name === 'IsMatch') {
      let pattern: Value = null;
      try {
        pattern = b({ span: undefined as unknown as Span });
      } catch {
        /* not a literal */
      }
      if (typeof pattern !== 'string') throw new OttlSyntaxError('IsMatch needs a string literal pattern');
      let re: RegExp;
      try {
        re = new RegExp(pattern);
      } catch (err) {
        throw new OttlSyntaxError(`IsMatch pattern '${pattern}' is not a valid regular expression: ${(err as Error).message}`);
      }
      return (t) => {
        const v = a(t);
        return v !== null && re.test(String(v));
      };
    }
    const raw = this.rawPaths.get(a);
    const type = { IsString: 'string', IsInt: 'int', IsDouble: 'double', IsBool: 'bool' }[name]!;
    if (raw) return (t) => raw(t)?.type === type;
    return (t) => {
      const v = a(t);
      return type === 'string' ? typeof v === 'string' : type === 'bool' ? typeof v === 'boolean' : typeof v === 'number' && (type === 'int') === Number.isInteger(v);
    };
  }
}

/** Compiles one condition; throws OttlSyntaxError naming what is wrong or unsupported. */
export function compileCondition(text: string, context: OttlContext): (t: OttlTarget) => boolean {
  return new Parser(lex(text), context).parse();
}

export { OttlSyntaxError };
