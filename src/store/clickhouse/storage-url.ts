/**
 * `--storage` URLs for ClickHouse:
 *
 *   clickhouse://USER:PASSWORD@HOST:8123/DB    HTTP (clickhouses:// for HTTPS)
 *   http://USER:PASSWORD@HOST:8123/DB          the same, as ClickHouse's own clients write it
 *   https://USER:PASSWORD@HOST:8443/DB         HTTPS
 *   chdb:PATH?database=DB                      ClickHouse's engine in this process (npm package chdb)
 *
 * USER and PASSWORD may be `${env:VAR}`, read from the environment here, so a password
 * need not appear on a command line. The password is kept out of every message: errors
 * and logs show `display`, which has the scheme, user, host, port and database only.
 */
import { StorageUrlError } from './errors.js';

export interface HttpTarget {
  readonly kind: 'http';
  /** Origin only (scheme, host, port): the credentials travel in their own fields. */
  readonly origin: string;
  readonly username: string;
  readonly password: string;
  readonly database: string;
  readonly display: string;
}

export interface ChdbTarget {
  readonly kind: 'chdb';
  /** Directory of chDB's data, or ':memory:' for a temporary one. */
  readonly path: string;
  readonly database: string;
  readonly display: string;
}

export type StorageTarget = HttpTarget | ChdbTarget;

export const DEFAULT_DATABASE = 'default';

/** Database and cluster names go into DDL as identifiers, so only plain names are taken. */
/** `${env:VAR}` as in config files (start-config.ts); here, so this module stays free of the config's imports. */
function substituteEnv(text: string, env: NodeJS.ProcessEnv): string {
  return text.replace(/\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => env[name] ?? '');
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export function checkIdentifier(what: string, name: string): string {
  if (!IDENTIFIER.test(name)) throw new StorageUrlError(`${what} '${name}' must be letters, digits and _ (not starting with a digit)`);
  return name;
}

/** True for the URL forms this module takes (anything else is a DuckDB directory). */
export function isClickHouseStorageUrl(text: string): boolean {
  return /^(clickhouses?|https?|chdb):/i.test(text.trim());
}

const SCHEMES: Record<string, { protocol: 'http:' | 'https:'; port: number }> = {
  'clickhouse:': { protocol: 'http:', port: 8123 },
  'http:': { protocol: 'http:', port: 8123 },
  'clickhouses:': { protocol: 'https:', port: 8443 },
  'https:': { protocol: 'https:', port: 8443 },
};

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new StorageUrlError(`the ${what} has a malformed %-escape`);
  }
}

export function parseStorageUrl(text: string, env: NodeJS.ProcessEnv = process.env): StorageTarget {
  const trimmed = text.trim();
  if (/^chdb:/i.test(trimmed)) return parseChdb(trimmed.slice('chdb:'.length));
  let url: URL;
  try {
    // `${env:VAR}` -> `${VAR}`: the colon would otherwise split a user name in two.
    url = new URL(trimmed.replace(/\$\{env:/g, '${'));
  } catch {
    // No part of the text is repeated: it may hold a password.
    throw new StorageUrlError('not a URL; expected clickhouse://USER:PASSWORD@HOST:8123/DB');
  }
  const scheme = SCHEMES[url.protocol.toLowerCase()];
  if (scheme === undefined) throw new StorageUrlError(`unknown scheme '${url.protocol}'; expected clickhouse:, clickhouses:, http:, https: or chdb:`);
  if (url.hostname === '') throw new StorageUrlError('the URL has no host');
  const path = url.pathname.replace(/^\/+|\/+$/g, '');
  if (path.includes('/')) throw new StorageUrlError(`the path must be one database name, not '${path}'`);
  const database = checkIdentifier('database', path === '' ? DEFAULT_DATABASE : decode(path, 'database'));
  const username = substituteEnv(decode(url.username, 'user'), env) || 'default';
  const password = substituteEnv(decode(url.password, 'password'), env);
  const port = url.port === '' ? scheme.port : Number(url.port);
  const host = url.hostname;
  const origin = `${scheme.protocol}//${host}:${port}`;
  return { kind: 'http', origin, username, password, database, display: `${scheme.protocol}//${username}@${host}:${port}/${database}` };
}

function parseChdb(rest: string): ChdbTarget {
  const q = rest.indexOf('?');
  let path = q < 0 ? rest : rest.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : rest.slice(q + 1));
  // chdb:///abs/path and chdb:/abs/path are the same directory.
  if (path.startsWith('//')) path = path.slice(2);
  if (path === '' || path === 'memory') path = ':memory:';
  for (const key of params.keys()) if (key !== 'database') throw new StorageUrlError(`unknown chdb: option '${key}'; expected database`);
  const database = checkIdentifier('database', params.get('database') ?? DEFAULT_DATABASE);
  return { kind: 'chdb', path, database, display: `chdb:${path}?database=${database}` };
}
