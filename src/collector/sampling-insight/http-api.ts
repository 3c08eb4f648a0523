/**
 * The sampling trade-off API (docs/collector.md, "Sampling API"):
 *   GET  /api/v1/sampling          the window of recent traces, what was kept, coverage
 *   POST /api/v1/sampling/what-if  the same figures for a proposed head probability and
 *                                  tail policy list, next to the current ones
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Handler } from '../../app/listen.js';
import { ConfigError } from '../../config/errors.js';
import { ConfigNode } from '../config/config-node.js';
import { parsePolicies } from '../processors/tail-sampling/policy-config.js';
import type { NamedPolicy } from '../../sampling/tail/index.js';
import { ALL, type SamplingInsight } from './sampling-insight.js';
import { durationMs, isError, keptNow } from './summary.js';
import { figures, proposalKeep, windowOf, type Proposal } from './what-if.js';

const MAX_BODY = 1024 * 1024;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req) {
    n += (c as Buffer).length;
    if (n > MAX_BODY) throw new ConfigError('', `body exceeds ${MAX_BODY} bytes`);
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ConfigError('', `body is not valid JSON: ${(err as Error).message}`);
  }
}

function currentTailPolicies(insight: SamplingInsight): NamedPolicy[] | undefined {
  const names = insight.tailSamplerNames;
  return names.length ? insight.tailPolicies(names[0]!) : undefined;
}

/** Per tail policy, from the votes recorded in the window. */
function policyFigures(insight: SamplingInsight) {
  const out = new Map<string, { sampler: string; policy: string; seen: number; kept: number; es: number; ek: number; ss: number; sk: number }>();
  const slowMs = insight.config.slowThresholdMs;
  for (const s of insight.ring.toArray()) {
    if (!s.tail) continue;
    const entries: [string, boolean][] = [[ALL, s.tail.kept], ...Object.entries(s.tail.votes)];
    for (const [policy, kept] of entries) {
      const k = `${s.tail.sampler}\u0000${policy}`;
      let f = out.get(k);
      if (!f) out.set(k, (f = { sampler: s.tail.sampler, policy, seen: 0, kept: 0, es: 0, ek: 0, ss: 0, sk: 0 }));
      f.seen++;
      if (kept) f.kept++;
      if (isError(s)) {
        f.es++;
        if (kept) f.ek++;
      }
      if (durationMs(s) >= slowMs) {
        f.ss++;
        if (kept) f.sk++;
      }
    }
  }
  const c = (seen: number, kept: number) => ({ seen, kept, coverage: seen ? kept / seen : null });
  return [...out.values()].map((f) => ({ sampler: f.sampler, policy: f.policy, traces: c(f.seen, f.kept), error_traces: c(f.es, f.ek), slow_traces: c(f.ss, f.sk) }));
}

export function samplingOverview(insight: SamplingInsight) {
  const summaries = insight.ring.toArray();
  const window = windowOf(summaries);
  return {
    window,
    slow_threshold_ms: insight.config.slowThresholdMs,
    ring_size: insight.config.ringSize,
    samplers: { head: insight.headSamplerNames, tail: insight.tailSamplerNames },
    current: figures(summaries, keptNow, insight.config.slowThresholdMs, window.seconds),
    tail_policies: policyFigures(insight),
  };
}

export function whatIf(insight: SamplingInsight, body: unknown) {
  const root = ConfigNode.of(body, '');
  const headProbability = root.has('head_probability') ? root.number('head_probability', 1, { min: 0, max: 1 }) : undefined;
  let tailPolicies: NamedPolicy[] | undefined;
  if (root.has('tail_policies')) {
    const raw = root.raw('tail_policies');
    if (!Array.isArray(raw)) throw new ConfigError('tail_policies', 'must be a list of policies (the tail_sampling policies shape)');
    tailPolicies = raw.length === 0 ? [] : parsePolicies(root, 'tail_policies');
  }
  const slowMs = root.number('slow_threshold_ms', insight.config.slowThresholdMs, { min: 0, exclusiveMin: true });
  root.done();
  const proposal: Proposal = { ...(headProbability !== undefined ? { headProbability } : {}), ...(tailPolicies !== undefined ? { tailPolicies } : {}) };
  const summaries = insight.ring.toArray();
  const window = windowOf(summaries);
  const { keep, warnings } = proposalKeep(proposal, insight.trackedKeySet, currentTailPolicies(insight));
  return {
    window,
    slow_threshold_ms: slowMs,
    current: figures(summaries, keptNow, slowMs, window.seconds),
    proposed: figures(summaries, keep, slowMs, window.seconds),
    warnings,
  };
}

export function createSamplingApiHandler(insight: SamplingInsight): Handler {
  return async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/api/v1/sampling') {
      if (req.method !== 'GET') {
        res.setHeader('allow', 'GET');
        send(res, 405, { error: 'use GET' });
        return true;
      }
      send(res, 200, samplingOverview(insight));
      return true;
    }
    if (path === '/api/v1/sampling/what-if') {
      if (req.method !== 'POST') {
        req.resume();
        res.setHeader('allow', 'POST');
        send(res, 405, { error: 'use POST with a JSON body' });
        return true;
      }
      try {
        send(res, 200, whatIf(insight, await readJson(req)));
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        send(res, 400, { error: err.message });
      }
      return true;
    }
    return false;
  };
}
