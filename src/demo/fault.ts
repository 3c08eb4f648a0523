/**
 * A fault injected into one demo instance at run time: added latency and a share of
 * requests answered with 500, for a while or until cleared.
 */

export interface FaultSpec {
  /** Added to every request before it is handled, ms. */
  readonly latencyMs: number;
  /** Share of requests answered 500 "injected fault", 0 to 1. */
  readonly errorRate: number;
  /** How long the fault lasts, ms; absent: until cleared. */
  readonly durationMs?: number;
}

export interface ActiveFault extends FaultSpec {
  /** Unix ms when it ends; absent: never. */
  readonly untilMs?: number;
}

/** Problems with a fault received as JSON; empty when it is valid. */
export function validateFaultSpec(x: unknown): string[] {
  if (typeof x !== 'object' || x === null) return ['the fault must be a JSON object'];
  const f = x as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof f['latencyMs'] !== 'number' || !(f['latencyMs'] >= 0 && f['latencyMs'] <= 600_000)) {
    problems.push('latencyMs must be a number of milliseconds from 0 to 600000');
  }
  if (typeof f['errorRate'] !== 'number' || !(f['errorRate'] >= 0 && f['errorRate'] <= 1)) problems.push('errorRate must be a number from 0 to 1');
  if (f['durationMs'] !== undefined && (typeof f['durationMs'] !== 'number' || !(f['durationMs'] > 0))) {
    problems.push('durationMs must be a positive number of milliseconds');
  }
  return problems;
}

export function activate(spec: FaultSpec, nowMs: number): ActiveFault {
  return spec.durationMs !== undefined ? { ...spec, untilMs: nowMs + spec.durationMs } : { ...spec };
}

/** The fault in force at `nowMs`, or undefined once it expired. */
export function inForce(fault: ActiveFault | undefined, nowMs: number): ActiveFault | undefined {
  if (fault === undefined) return undefined;
  return fault.untilMs === undefined || nowMs < fault.untilMs ? fault : undefined;
}
