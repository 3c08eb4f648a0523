/**
 * The orchestrator talks to each demo service over the service's stdin, one JSON message
 * per line: where its egress is (known only once its sidecar is up, after the service
 * started), and faults to inject or clear. stdin closing means the orchestrator is
 * gone, and the service exits: a killed demo leaves no orphans.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parseHostPort, type HostPort } from '../config/host-port.js';
import { validateFaultSpec, type FaultSpec } from './fault.js';

export type AppMessage = { readonly egress: string } | { readonly fault: FaultSpec } | { readonly clear: true };

export interface AppControlHandlers {
  egress(address: HostPort): void;
  fault(spec: FaultSpec | undefined): void;
  closed(): void;
  /** A message that could not be understood. */
  invalid(problem: string): void;
}

export function encodeAppMessage(m: AppMessage): string {
  return `${JSON.stringify(m)}\n`;
}

export function readAppControl(input: Readable, handlers: AppControlHandlers): void {
  const lines = createInterface({ input });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    let m: unknown;
    try {
      m = JSON.parse(line);
    } catch {
      handlers.invalid(`not JSON: ${line.slice(0, 80)}`);
      return;
    }
    const msg = (m ?? {}) as Record<string, unknown>;
    if (typeof msg['egress'] === 'string') {
      const hp = parseHostPort(msg['egress']);
      if (typeof hp === 'string') handlers.invalid(`egress: ${hp}`);
      else handlers.egress(hp);
    } else if (msg['fault'] !== undefined) {
      const problems = validateFaultSpec(msg['fault']);
      if (problems.length > 0) handlers.invalid(`fault: ${problems.join('; ')}`);
      else handlers.fault(msg['fault'] as FaultSpec);
    } else if (msg['clear'] === true) {
      handlers.fault(undefined);
    } else {
      handlers.invalid(`unknown message: ${line.slice(0, 80)}`);
    }
  });
  lines.on('close', () => handlers.closed());
}
