/**
 * The orchestrator's view of faults: which instance has which, applied by sending the
 * instance a control message. Targets are `service#N` (one instance) or `service`
 * (all its instances).
 */
import { encodeAppMessage } from './app-control.js';
import { activate, inForce, type ActiveFault, type FaultSpec } from './fault.js';

export interface FaultTarget {
  /** `inventory#2` */
  readonly name: string;
  readonly service: string;
  /** Delivers a control line; false when the instance is gone. */
  send(line: string): boolean;
}

export class UnknownTargetError extends Error {
  readonly code = 'ERR_DEMO_UNKNOWN_TARGET';
  readonly status = 404;
  constructor(
    target: string,
    readonly known: readonly string[],
  ) {
    super(`no demo instance or service named '${target}'; targets: ${known.join(', ')}`);
    this.name = 'UnknownTargetError';
  }
}

export class FaultRegistry {
  private readonly faults = new Map<string, ActiveFault>();

  constructor(private readonly targets: readonly FaultTarget[]) {}

  get names(): string[] {
    return this.targets.map((t) => t.name);
  }

  private resolve(target: string): FaultTarget[] {
    const t = target.trim().toLowerCase();
    const found = this.targets.filter((x) => x.name.toLowerCase() === t || x.service.toLowerCase() === t);
    if (found.length === 0) throw new UnknownTargetError(target, [...new Set(this.targets.flatMap((x) => [x.service, x.name]))]);
    return found;
  }

  inject(target: string, spec: FaultSpec, nowMs = Date.now()): string[] {
    const found = this.resolve(target);
    for (const t of found) {
      t.send(encodeAppMessage({ fault: spec }));
      this.faults.set(t.name, activate(spec, nowMs));
    }
    return found.map((t) => t.name);
  }

  /** Clears one target's faults, or all when `target` is absent. */
  clear(target?: string): string[] {
    const found = target === undefined ? this.targets : this.resolve(target);
    for (const t of found) {
      t.send(encodeAppMessage({ clear: true }));
      this.faults.delete(t.name);
    }
    return found.map((t) => t.name);
  }

  active(nowMs = Date.now()): { target: string; fault: ActiveFault }[] {
    const out: { target: string; fault: ActiveFault }[] = [];
    for (const [name, f] of this.faults) {
      if (inForce(f, nowMs) !== undefined) out.push({ target: name, fault: f });
      else this.faults.delete(name);
    }
    return out;
  }
}
