/** Walks a YAML document by key path, refusing unknown keys so a typo is never silently ignored. */
import { ConfigError } from '../../config/errors.js';
import { parseHostPort, type HostPort } from '../../config/host-port.js';
import { parseDurationMs } from '../duration.js';

type Obj = Record<string, unknown>;

export class YamlReader {
  private constructor(
    private readonly obj: Obj,
    readonly path: string,
  ) {}

  static of(x: unknown, path: string): YamlReader {
    if (x === undefined || x === null) return new YamlReader({}, path);
    if (typeof x !== 'object' || Array.isArray(x)) throw new ConfigError(path, 'must be a mapping');
    return new YamlReader(x as Obj, path);
  }

  key(k: string): string {
    return this.path ? `${this.path}.${k}` : k;
  }

  has(k: string): boolean {
    return this.obj[k] !== undefined && this.obj[k] !== null;
  }

  keys(): string[] {
    return Object.keys(this.obj);
  }

  raw(k: string): unknown {
    return this.obj[k];
  }

  allowOnly(keys: readonly string[]): void {
    for (const k of Object.keys(this.obj)) {
      if (!keys.includes(k)) throw new ConfigError(this.key(k), `unknown key; expected one of ${keys.join(', ')}`);
    }
  }

  section(k: string): YamlReader {
    return YamlReader.of(this.obj[k], this.key(k));
  }

  int(k: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.obj[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new ConfigError(this.key(k), `must be an integer from ${min} to ${max}`);
    }
    return v;
  }

  number(k: string, min: number, max: number): number | undefined {
    const v = this.obj[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !(v >= min && v <= max)) throw new ConfigError(this.key(k), `must be a number from ${min} to ${max}`);
    return v;
  }

  string(k: string): string | undefined {
    const v = this.obj[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v === '') throw new ConfigError(this.key(k), 'must be a non-empty string');
    return v;
  }

  stringList(k: string): string[] | undefined {
    const v = this.obj[k];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new ConfigError(this.key(k), 'must be a list of strings');
    return v as string[];
  }

  endpoint(k: string): HostPort | undefined {
    const v = this.obj[k];
    if (v === undefined || v === null) return undefined;
    return endpointValue(v, this.key(k));
  }

  /** One endpoint or a list of them. */
  endpoints(k: string): HostPort[] {
    const v = this.obj[k];
    const list = Array.isArray(v) ? v : [v];
    if (list.length === 0) throw new ConfigError(this.key(k), 'must name at least one HOST:PORT');
    return list.map((e, i) => endpointValue(e, Array.isArray(v) ? `${this.key(k)}[${i}]` : this.key(k)));
  }

  durationMs(k: string): number | undefined {
    const v = this.obj[k];
    if (v === undefined || v === null) return undefined;
    const ms = typeof v === 'string' ? parseDurationMs(v) : 'must be a duration string such as 250ms or 2s';
    if (typeof ms === 'string') throw new ConfigError(this.key(k), ms);
    return ms;
  }
}

function endpointValue(v: unknown, keyPath: string): HostPort {
  const hp = typeof v === 'string' ? parseHostPort(v) : 'must be a string HOST:PORT';
  if (typeof hp === 'string') throw new ConfigError(keyPath, hp);
  return hp;
}
