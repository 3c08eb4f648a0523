/** Serving the built UI: content types, caching, client-side routes, the CSP, nothing outside the build. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, createUiHandler } from '../../src/app/ui-static.js';

let dir: string;
const servers: http.Server[] = [];

async function serve(uiDir: string): Promise<string> {
  const handler = createUiHandler({ dir: uiDir });
  const server = http.createServer((req, res) => {
    void handler(req, res).then((handled) => {
      if (!handled) res.writeHead(418).end('next handler');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let url: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ariadne-ui-'));
  mkdirSync(path.join(dir, 'ui', 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'ui', 'index.html'), '<!doctype html><title>Ariadne</title><script type="module" src="/assets/index-abc123.js"></script>');
  writeFileSync(path.join(dir, 'ui', 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'ui', 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(path.join(dir, 'ui', 'favicon.svg'), '<svg/>');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the UI');
  url = await serve(path.join(dir, 'ui'));
});

afterAll(() => {
  for (const s of servers) s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the UI handler', () => {
  it('serves hashed assets with their type and a year of immutable caching', async () => {
    const js = await fetch(`${url}/assets/index-abc123.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await js.text()).toBe('console.log(1)');
    const css = await fetch(`${url}/assets/index-abc123.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const icon = await fetch(`${url}/favicon.svg`);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  for (const route of ['/', '/search', '/search?service=a&attr=k%3Dv', '/services', '/trace/0123abcd', '/trace/0123abcd?span=0011223344556677', '/index.html']) {
    it(`answers ${route} with index.html, uncached, under the CSP`, async () => {
      const r = await fetch(`${url}${route}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(r.headers.get('cache-control')).toBe('no-cache');
      expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(await r.text()).toContain('<title>Ariadne</title>');
    });
  }

  it('allows only its own scripts: no inline script, no eval', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const));
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });

  const passed = ['/api/services', '/metrics', '/assets/missing.js', '/trace/a/b', '/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/searchx'];
  for (const p of passed) {
    it(`leaves ${p} to the next handler`, async () => {
      const r = await fetch(`${url}${p}`);
      expect(r.status).toBe(418);
    });
  }

  it('answers HEAD without a body and leaves POST alone', async () => {
    const head = await fetch(`${url}/search`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).not.toBe('0');
    expect(await head.text()).toBe('');
    expect((await fetch(`${url}/search`, { method: 'POST' })).status).toBe(418);
  });

  it('says how to build the UI when it is not built', async () => {
    const bare = await serve(path.join(dir, 'not-there'));
    const r = await fetch(`${bare}/search`);
    expect(r.status).toBe(503);
    expect(await r.text()).toContain('npm run build');
    expect((await fetch(`${bare}/api/services`)).status).toBe(418);
  });
});
