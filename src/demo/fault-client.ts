/** What `ariadne demo fault` sends to a running demo's control endpoint. */
import { request } from 'undici';
import { formatHostPort, type HostPort } from '../config/host-port.js';
import type { FaultSpec } from './fault.js';

export type FaultCommand =
  | { readonly kind: 'inject'; readonly target: string; readonly spec: FaultSpec }
  | { readonly kind: 'clear'; readonly target?: string }
  | { readonly kind: 'list' };

export class ControlUnreachableError extends Error {
  readonly code = 'ERR_DEMO_CONTROL_UNREACHABLE';
  constructor(control: HostPort, options?: { cause?: unknown }) {
    super(`no demo answers at ${formatHostPort(control)}; start one with 'ariadne demo', or pass --control HOST:PORT`, options);
    this.name = 'ControlUnreachableError';
  }
}

export async function sendFaultCommand(control: HostPort, cmd: FaultCommand): Promise<{ status: number; body: unknown }> {
  const base = `http://${formatHostPort(control)}/faults`;
  const opts =
    cmd.kind === 'inject'
      ? { url: base, method: 'POST' as const, body: JSON.stringify({ target: cmd.target, ...cmd.spec }) }
      : cmd.kind === 'clear'
        ? { url: cmd.target !== undefined ? `${base}?target=${encodeURIComponent(cmd.target)}` : base, method: 'DELETE' as const }
        : { url: base, method: 'GET' as const };
  try {
    const res = await request(opts.url, {
      method: opts.method,
      headers: { 'content-type': 'application/json' },
      ...(opts.body !== undefined ? { body: opts.body } : {}),
      headersTimeout: 5000,
      bodyTimeout: 5000,
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: text === '' ? undefined : JSON.parse(text) };
  } catch (err) {
    throw new ControlUnreachableError(control, { cause: err });
  }
}
