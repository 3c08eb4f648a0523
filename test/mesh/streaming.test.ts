/** Bodies stream through the proxies in both directions; nothing waits for a whole body. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { HostPort } from '../../src/config/host-port.js';
import { parseHostPort } from '../../src/config/host-port.js';
import { startEdge, startSidecar, type RunningProxy } from '../../src/mesh/index.js';
import { BIN } from '../helpers/ariadne-process.js';
import { close, edgeConfig, listenOn, sidecarConfig } from './helpers.js';

const at = (p: RunningProxy, name: string): HostPort => p.listeners.find((l) => l.name === name)!.address;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('streaming through edge and sidecar', () => {
  let app: http.Server;
  let sidecar: RunningProxy;
  let edge: RunningProxy;
  let firstUploadChunkAt: number | undefined;
  let uploadReceived: () => void = () => {};

  beforeAll(async () => {
    app = http.createServer((req, res) => {
      if (req.url === '/slow-response') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first\n');
        setTimeout(() => res.end('second\n'), 500);
        return;
      }
      if (req.url === '/upload') {
        req.once('data', () => {
          firstUploadChunkAt = performance.now();
          uploadReceived();
        });
        req.on('end', () => res.writeHead(200).end('done'));
        req.resume();
        return;
      }
      res.writeHead(404).end();
    });
    const appAt = await listenOn(app);
    sidecar = await startSidecar(sidecarConfig('s', appAt, ''));
    edge = await startEdge(edgeConfig(at(sidecar, 'inbound'), ''));
  });

  afterAll(async () => {
    await edge?.stop();
    await sidecar?.stop();
    if (app !== undefined) await close(app);
  });

  it('passes a slow chunked response on chunk by chunk', async () => {
    const e = at(edge, 'edge');
    const t0 = performance.now();
    const arrivals: { at: number; text: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      http
        .get({ host: e.host, port: e.port, path: '/slow-response', agent: false }, (res) => {
          res.setEncoding('utf8');
          res.on('data', (c: string) => arrivals.push({ at: performance.now() - t0, text: c }));
          res.on('end', resolve);
          res.on('error', reject);
        })
        .on('error', reject);
    });
    expect(arrivals.map((a) => a.text).join('')).toBe('first\nsecond\n');
    expect(arrivals[0]!.text).toBe('first\n');
    // Before the app even writes the second chunk (at 500 ms).
    expect(arrivals[0]!.at).toBeLessThan(450);
    expect(arrivals.at(-1)!.at).toBeGreaterThanOrEqual(450);
  });

  it('passes a request body on before the client has finished sending it', async () => {
    const e = at(edge, 'edge');
    const got = new Promise<void>((r) => (uploadReceived = r));
    const answer = new Promise<number>((resolve, reject) => {
      const req = http.request({ host: e.host, port: e.port, method: 'POST', path: '/upload', agent: false, headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.write(Buffer.alloc(1024, 1));
      // The rest is sent only once the app has seen the first chunk: a buffering proxy would deadlock here.
      void Promise.race([got, sleep(3000)]).then(() => req.end(Buffer.alloc(1024, 2)));
    });
    const sentAt = performance.now();
    expect(await answer).toBe(200);
    expect(firstUploadChunkAt).toBeDefined();
    expect(firstUploadChunkAt! - sentAt).toBeLessThan(1000);
  });
});

/** VmHWM: the process's peak resident set, MiB. */
function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

describe('a 50 MB body each way through a sidecar process', () => {
  const SIZE = 50 * 1024 * 1024;
  const CHUNK = Buffer.alloc(64 * 1024, 7);
  /** Socket buffers and stream high-water marks on the way hold a few MB; a buffering proxy would hold all 50. */
  const IN_FLIGHT_LIMIT = 20 * 1024 * 1024;
  let app: http.Server;
  let proc: ChildProcess;
  let inbound: HostPort;
  let clientWritten = 0;
  let appWritten = 0;

  beforeAll(async () => {
    app = http.createServer((req, res) => {
      if (req.url === '/paused-upload') {
        // Reads nothing for a second, then everything.
        req.pause();
        let bytes = 0;
        req.on('data', (c: Buffer) => (bytes += c.length));
        req.on('end', () => res.writeHead(200).end(JSON.stringify({ bytes, writtenWhilePaused })));
        let writtenWhilePaused = 0;
        setTimeout(() => {
          writtenWhilePaused = clientWritten;
          req.resume();
        }, 1000);
        return;
      }
      req.resume();
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': SIZE });
      appWritten = 0;
      const pump = (): void => {
        while (appWritten < SIZE) {
          appWritten += CHUNK.length;
          if (!res.write(CHUNK)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    const appAt = await listenOn(app);
    proc = spawn(process.execPath, [BIN, 'sidecar', '--service', 'big', '--listen', '127.0.0.1:0', '--egress', '127.0.0.1:0', '--app', `127.0.0.1:${appAt.port}`, '--otlp', ''], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    inbound = await new Promise<HostPort>((resolve, reject) => {
      let out = '';
      proc.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /ariadne: inbound listening on (\S+)/.exec(out);
        if (m !== null) resolve(parseHostPort(m[1]!) as HostPort);
      });
      proc.once('exit', (code) => reject(new Error(`sidecar exited ${code}`)));
    });
  });

  afterAll(async () => {
    if (proc !== undefined && proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    if (app !== undefined) await close(app);
  });

  it('holds an upload back while the app does not read (backpressure), then streams it all', async () => {
    const answer = await new Promise<{ bytes: number; writtenWhilePaused: number }>((resolve, reject) => {
      const req = http.request({ ...inbound, method: 'POST', path: '/paused-upload', agent: false, headers: { 'content-length': SIZE } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(JSON.parse(body)));
      });
      req.on('error', reject);
      clientWritten = 0;
      const pump = (): void => {
        while (clientWritten < SIZE) {
          clientWritten += CHUNK.length;
          if (!req.write(CHUNK)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(answer.bytes).toBe(SIZE);
    expect(answer.writtenWhilePaused).toBeGreaterThan(0);
    expect(answer.writtenWhilePaused).toBeLessThan(IN_FLIGHT_LIMIT);
  }, 30_000);

  it('holds a download back while the client does not read (backpressure), then streams it all', async () => {
    const result = await new Promise<{ bytes: number; appWrittenWhilePaused: number }>((resolve, reject) => {
      http
        .get({ ...inbound, path: '/download', agent: false }, (res) => {
          res.pause();
          let bytes = 0;
          let appWrittenWhilePaused = 0;
          setTimeout(() => {
            appWrittenWhilePaused = appWritten;
            res.on('data', (c: Buffer) => (bytes += c.length));
            res.on('end', () => resolve({ bytes, appWrittenWhilePaused }));
            res.resume();
          }, 1000);
        })
        .on('error', reject);
    });
    expect(result.bytes).toBe(SIZE);
    expect(result.appWrittenWhilePaused).toBeLessThan(IN_FLIGHT_LIMIT);
  }, 30_000);

  it('keeps the sidecar\'s peak memory well below the bodies it carried', () => {
    // 100 MB went through; garbage not yet collected accounts for the growth there is.
    expect(peakRssMiB(proc.pid!)).toBeLessThan(200);
  });
});
