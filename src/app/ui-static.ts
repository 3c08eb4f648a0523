/**
 * Serves the built web UI (dist/ui, made by `vite build`) on the query server:
 * the hashed assets with a year of immutable caching, index.html (never cached) for
 * every client-side route so deep links survive a reload, and a Content-Security-Policy
 * that allows only the UI's own scripts: span data is attacker-controlled, and even if
 * some of it were ever rendered as HTML, an inline script or handler could not run.
 *
 * Only files found under the directory at start-up are served; a request path is a
 * key into that list, never a path joined onto the file system.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/ui next to this file's dist/app. */
export const DEFAULT_UI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../ui');

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

const CONTENT_TYPES: ReadonlyMap<string, string> = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.mjs', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.json', 'application/json'],
  ['.map', 'application/json'],
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
  ['.ico', 'image/x-icon'],
  ['.woff2', 'font/woff2'],
  ['.txt', 'text/plain; charset=utf-8'],
]);

/** Client-side routes: index.html answers them. */
const APP_ROUTES = [/^\/$/, /^\/search\/?$/, /^\/services\/?$/, /^\/logs\/?$/, /^\/sampling\/?$/, /^\/trace\/[^/]+\/?$/];

/** Vite puts content-hashed files under /assets/: their bytes never change under a name. */
const IMMUTABLE = /^\/assets\//;

interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
}

export interface UiHandlerOptions {
  /** The built UI. Default DEFAULT_UI_DIR. */
  readonly dir?: string;
}

function listFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const pending = [''];
  while (pending.length > 0) {
    const rel = pending.pop()!;
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const relPath = `${rel}/${entry.name}`;
      if (entry.isDirectory()) pending.push(relPath);
      else if (entry.isFile()) {
        const type = CONTENT_TYPES.get(path.extname(entry.name).toLowerCase());
        if (type !== undefined) files.set(relPath, { body: readFileSync(path.join(dir, relPath)), contentType: type });
      }
    }
  }
  return files;
}

const NOT_BUILT = 'The web UI is not built. Run `npm run build` (it runs `vite build`), then restart.\n';

/** Resolves true when it answered; false for paths that are neither UI files nor UI routes. */
export function createUiHandler(options: UiHandlerOptions = {}): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const dir = options.dir ?? DEFAULT_UI_DIR;
  let files = new Map<string, StaticFile>();
  try {
    if (statSync(dir).isDirectory()) files = listFiles(dir);
  } catch {
    // Not built: the app routes say so below.
  }
  const index = files.get('/index.html');

  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://ui.invalid').pathname;
    } catch {
      return false;
    }
    const head = req.method === 'HEAD';
    const file = pathname === '/index.html' ? undefined : files.get(pathname);
    if (file !== undefined) {
      res.writeHead(200, {
        'Content-Type': file.contentType,
        'Content-Length': String(file.body.length),
        'Cache-Control': IMMUTABLE.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(head ? undefined : file.body);
      return true;
    }
    if (!APP_ROUTES.some((r) => r.test(pathname)) && pathname !== '/index.html') return false;
    if (index === undefined) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(NOT_BUILT)) });
      res.end(head ? undefined : NOT_BUILT);
      return true;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': index.contentType,
      'Content-Length': String(index.body.length),
      'Cache-Control': 'no-cache',
    });
    res.end(head ? undefined : index.body);
    return true;
  };
}
