/**
 * A typed, path-aware view of one YAML mapping. Factories read their config through it:
 * each getter names the key, checks the type and range, and returns a default for an
 * absent (or null) key. `done()` refuses every key that was not read, so a typo or an
 * option Ariadne does not support fails with its exact key path instead of being
 * silently ignored.
 */
import { ConfigError } from '../../config/errors.js';
import { parseDurationMs } from './duration.js';
import { parseEndpoint, type Endpoint } from './endpoint.js';

type Obj = Record<string, unknown>;

function isMapping(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'object') return 'a mapping';
  if (typeof x === 'string') return `'${x}'`;
  return String(x);
}

export class ConfigNode {
  private readonly used = new Set<string>();
  /** Nested mappings handed out by section()/list(); done() checks them too. */
  private readonly children: ConfigNode[] = [];

  private constructor(
    private readonly obj: Obj,
    /** The YAML key path of this mapping, e.g. `processors.batch`; '' at the root. */
    readonly path: string,
  ) {}

  /** A mapping at `path`; absent or null reads as an empty mapping (every default). */
  static of(value: unknown, path: string): ConfigNode {
    if (value === undefined || value === null) return new ConfigNode({}, path);
    if (!isMapping(value)) throw new ConfigError(path, `must be a mapping, got ${describe(value)}`);
    return new ConfigNode(value, path);
  }

  keyPath(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  fail(key: string, problem: string): never {
    throw new ConfigError(this.keyPath(key), problem);
  }

  /** Fails at this mapping's own path. */
  failHere(problem: string): never {
    throw new ConfigError(this.path, problem);
  }

  keys(): string[] {
    return Object.keys(this.obj);
  }

  /** True when the key is present, even with a null value (`grpc:` enables a protocol). */
  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.obj, key);
  }

  /** The raw value, marking the key as read. */
  raw(key: string): unknown {
    this.used.add(key);
    return this.obj[key];
  }

  /** Marks keys as read without using them (tuning options with no effect here, documented). */
  accept(...keys: string[]): void {
    for (const k of keys) this.used.add(k);
  }

  /** Refuses a key when it is set, with a reason (an option Ariadne does not implement). */
  unsupported(key: string, why: string): void {
    this.used.add(key);
    const v = this.obj[key];
    if (v !== undefined && v !== null) this.fail(key, `is not supported by Ariadne: ${why}`);
  }

  section(key: string): ConfigNode {
    const child = ConfigNode.of(this.raw(key), this.keyPath(key));
    this.children.push(child);
    return child;
  }

  /** A nested mapping or undefined when the key is absent. */
  optionalSection(key: string): ConfigNode | undefined {
    if (!this.has(key)) {
      this.used.add(key);
      return undefined;
    }
    return this.section(key);
  }

  string(key: string, dflt: string): string {
    const v = this.raw(key);
    if (v === undefined || v === null) return dflt;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string') this.fail(key, `must be a string, got ${describe(v)}`);
    return v;
  }

  requiredString(key: string): string {
    const v = this.string(key, '');
    if (v === '') this.fail(key, 'is required');
    return v;
  }

  bool(key: string, dflt: boolean): boolean {
    const v = this.raw(key);
    if (v === undefined || v === null) return dflt;
    if (typeof v !== 'boolean') this.fail(key, `must be true or false, got ${describe(v)}`);
    return v;
  }

  number(key: string, dflt: number, opts: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean } = {}): number {
    const v = this.raw(key);
    if (v === undefined || v === null) return dflt;
    const n = typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v.replace(/_/g, ''))) ? Number(v.replace(/_/g, '')) : v;
    if (typeof n !== 'number' || !Number.isFinite(n)) this.fail(key, `must be a number, got ${describe(v)}`);
    if (opts.integer && !Number.isInteger(n)) this.fail(key, `must be an integer, got ${n}`);
    if (opts.min !== undefined && (opts.exclusiveMin ? n <= opts.min : n < opts.min)) {
      this.fail(key, opts.exclusiveMin && opts.min === 0 ? 'must be a positive number' : `must be at least ${opts.min}${opts.exclusiveMin ? ' (exclusive)' : ''}, got ${n}`);
    }
    if (opts.max !== undefined && n > opts.max) this.fail(key, `must be at most ${opts.max}, got ${n}`);
    return n;
  }

  int(key: string, dflt: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    return this.number(key, dflt, { min, max, integer: true });
  }

  /** A Go duration ("5s", "200ms"); milliseconds. */
  duration(key: string, dfltMs: number, opts: { min?: number; positive?: boolean } = {}): number {
    const v = this.raw(key);
    if (v === undefined || v === null) return dfltMs;
    const ms = parseDurationMs(v);
    if (ms === null) this.fail(key, `must be a duration such as 200ms, 5s or 1m, got ${describe(v)}`);
    if (opts.positive && ms <= 0) this.fail(key, 'must be a positive duration');
    if (opts.min !== undefined && ms < opts.min) this.fail(key, `must be at least ${opts.min}ms`);
    return ms;
  }

  enumOf<T extends string>(key: string, values: readonly T[], dflt: T): T {
    const v = this.string(key, dflt);
    if (!(values as readonly string[]).includes(v)) this.fail(key, `must be one of ${values.join(', ')}, got '${v}'`);
    return v as T;
  }

  stringList(key: string, dflt: readonly string[] = []): string[] {
    const v = this.raw(key);
    if (v === undefined || v === null) return [...dflt];
    if (!Array.isArray(v)) this.fail(key, `must be a list of strings, got ${describe(v)}`);
    return v.map((e, i) => {
      if (typeof e === 'string') return e;
      if (typeof e === 'number' || typeof e === 'boolean') return String(e);
      throw new ConfigError(`${this.keyPath(key)}[${i}]`, `must be a string, got ${describe(e)}`);
    });
  }

  /** A list of mappings, each as a node with its indexed path (`policies[2]`). */
  list(key: string): ConfigNode[] {
    const v = this.raw(key);
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(key, `must be a list, got ${describe(v)}`);
    const nodes = v.map((e, i) => ConfigNode.of(e, `${this.keyPath(key)}[${i}]`));
    this.children.push(...nodes);
    return nodes;
  }

  /** A list of raw values with their paths. */
  rawList(key: string): { value: unknown; path: string }[] {
    const v = this.raw(key);
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(key, `must be a list, got ${describe(v)}`);
    return v.map((value, i) => ({ value, path: `${this.keyPath(key)}[${i}]` }));
  }

  /** String-to-string mapping (headers, const_labels). */
  stringMap(key: string): Record<string, string> {
    const node = this.section(key);
    const out: Record<string, string> = {};
    for (const k of node.keys()) out[k] = node.string(k, '');
    return out;
  }

  endpoint(key: string, dflt: string): Endpoint {
    const text = this.string(key, dflt);
    const e = parseEndpoint(text);
    if (typeof e === 'string') this.fail(key, e);
    return e;
  }

  /** Throws on the first key that no getter read (here or in a nested mapping): it is unknown or unsupported. */
  done(): void {
    this.checkOwnKeys();
    for (const c of this.children) c.done();
  }

  private checkOwnKeys(): void {
    const known = [...this.used].filter((k) => k !== '').sort();
    for (const k of Object.keys(this.obj)) {
      if (!this.used.has(k)) {
        this.fail(k, known.length > 0 ? `unknown key; supported keys: ${known.join(', ')}` : 'unknown key; this component takes no options');
      }
    }
  }
}
