/**
 * A subset of OTTL boolean conditions (https://opentelemetry.io/docs/collector/transforming-telemetry/),
 * compiled to a predicate over a span or a span event. Supported: paths (`name`, `kind`,
 * `status.code`, `status.message`, `attributes["k"]`, `resource.attributes["k"]`,
 * `instrumentation_scope.name|version`, `trace_id.string`, `span_id.string`,
 * `parent_span_id.string`, `trace_state`, `start_time_unix_nano`, `end_time_unix_nano`,
 * and with a `span.` prefix in event conditions), string / number / bool / nil
 * literals, SPAN_KIND_* and STATUS_CODE_* enums, comparisons, `and`, `or`, `not`,
 * parentheses, and the functions IsMatch, IsString, IsInt, IsDouble, IsBool. Anything
 * else fails at config time with the unsupported name.
 */
import { bytesToHex, findAttribute, type AnyValue, type Span, type SpanEvent } from '../../model/index.js';
import { lex, OttlSyntaxError, type Token } from './lexer.js';

export type OttlContext = 'span' | 'spanevent';

export interface OttlTarget {
  readonly span: Span;
  readonly event?: SpanEvent;
}

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
};

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
      if (p === 'attributes') raw = onSpan ? (t) => findAttribute(t.span.attributes, key) : (t) => (t.event ? findAttribute(t.event.attributes, key) : undefined);
      else if (p === 'resource.attributes') raw = (t) => findAttribute(t.span.resource.attributes, key);
      else if (p === 'instrumentation_scope.attributes') raw = (t) => findAttribute(t.span.scope.attributes, key);
      else throw new OttlSyntaxError(`unsupported OTTL path "${path}[...]" at ${at}`);
      const e: Expr = (t) => plain(raw(t));
      this.rawPaths.set(e, raw);
      return e;
    }
    if (!onSpan) {
      if (p === 'name') return (t) => t.event?.name ?? null;
      if (p === 'time_unix_nano') return (t) => (t.event ? Number(t.event.timeUnixNano) : null);
    }
    switch (p) {
      case 'name':
        return (t) => t.span.name;
      case 'kind':
        return (t) => t.span.kind;
      case 'status.code':
        return (t) => t.span.statusCode;
      case 'status.message':
        return (t) => t.span.statusMessage;
      case 'trace_id.string':
        return (t) => bytesToHex(t.span.traceId);
      case 'span_id.string':
        return (t) => bytesToHex(t.span.spanId);
      case 'parent_span_id.string':
        return (t) => bytesToHex(t.span.parentSpanId);
      case 'trace_state':
        return (t) => t.span.traceState;
      case 'start_time_unix_nano':
        return (t) => Number(t.span.startTimeUnixNano);
      case 'end_time_unix_nano':
        return (t) => Number(t.span.endTimeUnixNano);
      case 'instrumentation_scope.name':
        return (t) => t.span.scope.name;
      case 'instrumentation_scope.version':
        return (t) => t.span.scope.version;
      default:
        throw new OttlSyntaxError(`unsupported OTTL path "${path}" at ${at}`);
    }
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
