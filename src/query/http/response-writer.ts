/**
 * Writing answers: whole JSON bodies, and streamed ones that respect `res.write`
 * backpressure (wait for 'drain') so a huge trace never becomes one giant string.
 */
import type { ServerResponse } from 'node:http';

export const JSON_CONTENT_TYPE = 'application/json';

/** A complete JSON answer; HEAD gets the same status and headers without the body. */
export function sendJson(res: ServerResponse, status: number, body: string, head: boolean, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...headers,
    'Content-Type': JSON_CONTENT_TYPE,
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(head ? undefined : body);
}

/** Resolves true once the response can take more, false if the client went away first. */
function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const onDrain = (): void => {
      cleanup();
      resolve(true);
    };
    const onClose = (): void => {
      cleanup();
      resolve(false);
    };
    const cleanup = (): void => {
      res.off('drain', onDrain);
      res.off('close', onClose);
    };
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/**
 * Collects pieces of a body and writes them in chunks of about `chunkChars` characters.
 * `push` resolves false when the client has gone: the producer should stop then.
 */
export class StreamingJsonWriter {
  private pieces: string[] = [];
  private size = 0;
  private alive = true;

  constructor(
    private readonly res: ServerResponse,
    private readonly chunkChars = 64 * 1024,
  ) {}

  /** Sends status and headers (chunked transfer: the length is not known in advance). */
  start(status: number, headers: Record<string, string> = {}): void {
    this.res.writeHead(status, { ...headers, 'Content-Type': JSON_CONTENT_TYPE });
  }

  async push(piece: string): Promise<boolean> {
    if (!this.alive) return false;
    this.pieces.push(piece);
    this.size += piece.length;
    if (this.size >= this.chunkChars) return this.flush();
    return true;
  }

  private async flush(): Promise<boolean> {
    if (this.size === 0) return this.alive;
    const chunk = this.pieces.join('');
    this.pieces = [];
    this.size = 0;
    if (this.res.destroyed || this.res.writableEnded) {
      this.alive = false;
      return false;
    }
    if (!this.res.write(chunk)) this.alive = await drained(this.res);
    return this.alive;
  }

  /** Writes what is left and ends the response; resolves false if the client left early. */
  async end(): Promise<boolean> {
    const alive = await this.flush();
    if (alive) this.res.end();
    return alive;
  }
}
