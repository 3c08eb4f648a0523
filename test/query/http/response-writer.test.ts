import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { StreamingJsonWriter } from '../../../src/query/http/response-writer.js';

/** A ServerResponse stand-in whose write() reports a full buffer until drain() is called. */
class FakeResponse extends EventEmitter {
  written: string[] = [];
  ended = false;
  destroyed = false;
  writableEnded = false;
  full = false;
  status = 0;
  headers: Record<string, string> = {};

  writeHead(status: number, headers: Record<string, string>): this {
    this.status = status;
    this.headers = headers;
    return this;
  }
  write(chunk: string): boolean {
    this.written.push(chunk);
    return !this.full;
  }
  end(): void {
    this.ended = true;
    this.writableEnded = true;
  }
  drain(): void {
    this.full = false;
    this.emit('drain');
  }
  asResponse(): ServerResponse {
    return this as unknown as ServerResponse;
  }
}

const tick = () => new Promise((r) => setImmediate(r));

describe('StreamingJsonWriter', () => {
  it('coalesces small pieces into chunks', async () => {
    const res = new FakeResponse();
    const out = new StreamingJsonWriter(res.asResponse(), 10);
    out.start(200);
    for (const p of ['ab', 'cd', 'ef', 'gh', 'ij', 'kl']) await out.push(p);
    expect(res.written).toEqual(['abcdefghij']);
    expect(await out.end()).toBe(true);
    expect(res.written).toEqual(['abcdefghij', 'kl']);
    expect(res.ended).toBe(true);
    expect(res.headers['Content-Type']).toBe('application/json');
  });

  it("waits for 'drain' when write() says the buffer is full", async () => {
    const res = new FakeResponse();
    res.full = true;
    const out = new StreamingJsonWriter(res.asResponse(), 1);
    let settled = false;
    const pending = out.push('first').then((alive) => {
      settled = true;
      return alive;
    });
    await tick();
    await tick();
    expect(res.written).toEqual(['first']);
    expect(settled).toBe(false);
    res.drain();
    expect(await pending).toBe(true);
    expect(await out.push('second')).toBe(true);
    expect(res.written).toEqual(['first', 'second']);
  });

  it("stops (resolves false) when the client closes while it waits", async () => {
    const res = new FakeResponse();
    res.full = true;
    const out = new StreamingJsonWriter(res.asResponse(), 1);
    const pending = out.push('first');
    await tick();
    res.destroyed = true;
    res.emit('close');
    expect(await pending).toBe(false);
    expect(await out.push('more')).toBe(false);
    expect(await out.end()).toBe(false);
    expect(res.written).toEqual(['first']);
    expect(res.ended).toBe(false);
    expect(res.listenerCount('drain') + res.listenerCount('close')).toBe(0);
  });

  it('does not write to a response that is already destroyed', async () => {
    const res = new FakeResponse();
    res.destroyed = true;
    const out = new StreamingJsonWriter(res.asResponse(), 1);
    expect(await out.push('x')).toBe(false);
    expect(res.written).toEqual([]);
  });
});
