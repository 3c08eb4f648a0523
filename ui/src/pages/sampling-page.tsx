/**
 * /sampling: what sampling costs (spans/s, estimated GB/day stored at the current rate)
 * against what it keeps (coverage of error and slow traces, per service), for the head
 * sampler and each tail policy, over the collector's window of recent trace summaries;
 * and a what-if panel that evaluates another head probability and tail policy list on
 * the same window, next to the current figures.
 */
import { useState, type FormEvent } from 'react';
import { samplingApi, type Coverage, type SamplingFigures, type WhatIfRequest, type WhatIfResponse } from '../api/sampling';
import { EmptyState, ErrorState, Loading } from '../components/states';
import { formatCount, formatDateTime, formatPercent, plural } from '../lib/format';
import { useAsync } from '../lib/use-async';
import type { Location } from '../router';

const POLICY_EXAMPLE = `[
  { "name": "errors", "type": "status_code", "status_code": { "status_codes": ["ERROR"] } },
  { "name": "slow", "type": "latency", "latency": { "threshold_ms": 1000 } }
]`;

function rate(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 2 : 1 });
}

function gb(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: n < 1 ? 4 : 2 });
}

function coverageText(c: Coverage): string {
  return c.coverage === null ? '–' : formatPercent(c.coverage);
}

function CoverageCell({ c, testId }: { readonly c: Coverage; readonly testId?: string }) {
  return (
    <td className="num" data-testid={testId} data-seen={c.seen} data-kept={c.kept}>
      {coverageText(c)}{' '}
      <span className="muted">
        ({formatCount(c.kept)} / {formatCount(c.seen)})
      </span>
    </td>
  );
}

/** One column of figures (current or proposed), as a definition list the test can read. */
function FigureList({ f, prefix }: { readonly f: SamplingFigures; readonly prefix: string }) {
  return (
    <dl className="sampling-figures" data-testid={`${prefix}-figures`}>
      <dt>Kept traces</dt>
      <dd data-testid={`${prefix}-kept-traces`}>{formatCount(f.kept_traces)}</dd>
      <dt>Kept spans</dt>
      <dd data-testid={`${prefix}-kept-spans`}>{formatCount(f.kept_spans)}</dd>
      <dt>Spans/s</dt>
      <dd data-testid={`${prefix}-spans-per-second`}>{rate(f.spans_per_second)}</dd>
      <dt>Est. GB/day stored</dt>
      <dd data-testid={`${prefix}-gb-per-day`}>{gb(f.estimated_gb_per_day)}</dd>
      <dt>Error traces kept</dt>
      <dd data-testid={`${prefix}-error-coverage`} data-seen={f.error_traces.seen} data-kept={f.error_traces.kept}>
        {coverageText(f.error_traces)} ({formatCount(f.error_traces.kept)} / {formatCount(f.error_traces.seen)})
      </dd>
      <dt>Slow traces kept</dt>
      <dd data-testid={`${prefix}-slow-coverage`} data-seen={f.slow_traces.seen} data-kept={f.slow_traces.kept}>
        {coverageText(f.slow_traces)} ({formatCount(f.slow_traces.kept)} / {formatCount(f.slow_traces.seen)})
      </dd>
    </dl>
  );
}

function PerService({ f, testId }: { readonly f: SamplingFigures; readonly testId: string }) {
  if (f.per_service.length === 0) return null;
  return (
    <table className="sampling-table" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col" className="num">
            Traces
          </th>
          <th scope="col" className="num">
            Kept
          </th>
          <th scope="col" className="num">
            Error traces kept
          </th>
          <th scope="col" className="num">
            Slow traces kept
          </th>
        </tr>
      </thead>
      <tbody>
        {f.per_service.map((s) => (
          <tr key={s.service} data-testid="service-row" data-service={s.service}>
            <th scope="row">{s.service}</th>
            <td className="num" data-testid="service-traces">
              {formatCount(s.traces)}
            </td>
            <td className="num" data-testid="service-kept">
              {formatCount(s.kept_traces)}
            </td>
            <CoverageCell c={s.error_traces} testId="service-error-coverage" />
            <CoverageCell c={s.slow_traces} testId="service-slow-coverage" />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Parses the policy box: empty means "keep the current tail decisions" (field absent). */
function parsePolicies(text: string): { ok: true; value: unknown[] | undefined } | { ok: false; problem: string } {
  if (text.trim() === '') return { ok: true, value: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: `The tail policies are not valid JSON: ${(err as Error).message}` };
  }
  if (!Array.isArray(parsed)) return { ok: false, problem: 'The tail policies must be a JSON list of policies ([] for no tail sampling).' };
  return { ok: true, value: parsed };
}

function WhatIfPanel() {
  const [head, setHead] = useState('');
  const [policies, setPolicies] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<WhatIfResponse | null>(null);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const request: { head_probability?: number; tail_policies?: unknown[] } = {};
    if (head.trim() !== '') {
      const p = Number(head);
      if (!Number.isFinite(p)) {
        setProblem('The head probability must be a number from 0 to 1.');
        return;
      }
      request.head_probability = p;
    }
    const parsed = parsePolicies(policies);
    if (!parsed.ok) {
      setProblem(parsed.problem);
      return;
    }
    if (parsed.value !== undefined) request.tail_policies = parsed.value;
    setProblem(null);
    setBusy(true);
    try {
      setAnswer(await samplingApi.whatIf(request as WhatIfRequest));
    } catch (err) {
      setAnswer(null);
      setProblem((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="what-if" aria-labelledby="what-if-title" data-testid="what-if">
      <h2 id="what-if-title">What if…</h2>
      <p className="muted">Evaluates other settings on the same window of recent traces, before anyone deploys them.</p>
      <form onSubmit={(e) => void submit(e)} className="what-if-form">
        <label className="inline-label">
          Head probability (0 to 1, empty keeps the current decisions)
          <input
            type="text"
            inputMode="decimal"
            value={head}
            onChange={(e) => setHead(e.target.value)}
            placeholder="e.g. 0.25"
            aria-label="Head probability"
            data-testid="what-if-head"
            spellCheck={false}
            autoComplete="off"
          />
        </label>
        <label className="what-if-policies-label">
          Tail policies (JSON list in the tail_sampling policies shape; empty keeps the current ones, [] means no tail sampling)
          <textarea
            value={policies}
            onChange={(e) => setPolicies(e.target.value)}
            placeholder={POLICY_EXAMPLE}
            rows={8}
            aria-label="Tail policies"
            data-testid="what-if-policies"
            spellCheck={false}
          />
        </label>
        <div>
          <button type="submit" disabled={busy} data-testid="what-if-run">
            {busy ? 'Evaluating…' : 'Evaluate'}
          </button>{' '}
          <button type="button" onClick={() => setPolicies(POLICY_EXAMPLE)}>
            Insert an example
          </button>
        </div>
        {problem !== null && (
          <p className="field-problem" role="alert" data-testid="what-if-error">
            {problem}
          </p>
        )}
      </form>
      {answer !== null && (
        <div data-testid="what-if-result">
          {answer.warnings.length > 0 && (
            <ul className="what-if-warnings" data-testid="what-if-warnings">
              {answer.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          <p className="muted">
            Over {plural(answer.window.traces, 'trace')}; slow means at least {formatCount(answer.slow_threshold_ms)} ms.
          </p>
          <div className="sampling-compare">
            <div>
              <h3>Current</h3>
              <FigureList f={answer.current} prefix="whatif-current" />
            </div>
            <div>
              <h3>Proposed</h3>
              <FigureList f={answer.proposed} prefix="whatif-proposed" />
            </div>
          </div>
          <h3>Proposed, per service</h3>
          <PerService f={answer.proposed} testId="whatif-proposed-services" />
        </div>
      )}
    </section>
  );
}

export function SamplingPage(_: { readonly location: Location }) {
  const [refresh, setRefresh] = useState(0);
  const overview = useAsync('sampling', (signal) => samplingApi.overview(signal), refresh);

  return (
    <div className="sampling-page">
      <div className="services-toolbar">
        <h1>Sampling</h1>
        <button type="button" onClick={() => setRefresh((n) => n + 1)}>
          Refresh
        </button>
      </div>
      {overview.status === 'loading' && <Loading what="Loading the sampling figures…" />}
      {overview.status === 'error' && <ErrorState title="Could not load the sampling figures." error={overview.error} onRetry={() => setRefresh((n) => n + 1)} />}
      {overview.status === 'done' && overview.value.window.traces === 0 && (
        <EmptyState title="No traffic yet.">
          <p>
            No trace has been summarized yet. A trace is counted when its tail decision is made, or a few seconds after its last span when no tail sampler
            decides it. Send traces to the OTLP receiver, then refresh.
          </p>
        </EmptyState>
      )}
      {overview.status === 'done' && overview.value.window.traces > 0 && (
        <>
          <section aria-labelledby="sampling-window-title">
            <h2 id="sampling-window-title">Current settings</h2>
            <p className="muted" data-testid="sampling-window">
              Window: <span data-testid="window-traces">{formatCount(overview.value.window.traces)}</span> traces,{' '}
              <span data-testid="window-spans">{formatCount(overview.value.window.spans)}</span> spans over {formatCount(overview.value.window.seconds)} s
              {overview.value.window.from !== null && overview.value.window.to !== null
                ? ` (${formatDateTime(Date.parse(overview.value.window.from))} to ${formatDateTime(Date.parse(overview.value.window.to))})`
                : ''}
              ; keeps the last {formatCount(overview.value.ring_size)}; slow means at least {formatCount(overview.value.slow_threshold_ms)} ms.
            </p>
            <p className="muted">
              Head sampler: {overview.value.samplers.head.length > 0 ? overview.value.samplers.head.join(', ') : 'none (keeps everything)'}. Tail sampler:{' '}
              {overview.value.samplers.tail.length > 0 ? overview.value.samplers.tail.join(', ') : 'none'}.
            </p>
            <FigureList f={overview.value.current} prefix="current" />
            <h3>Per service</h3>
            <PerService f={overview.value.current} testId="current-services" />
          </section>
          <section aria-labelledby="sampling-policies-title">
            <h2 id="sampling-policies-title">Tail policies</h2>
            {overview.value.tail_policies.length === 0 ? (
              <p className="muted" data-testid="no-tail-policies">
                No tail sampler decided any trace in the window.
              </p>
            ) : (
              <table className="sampling-table" data-testid="tail-policies">
                <thead>
                  <tr>
                    <th scope="col">Sampler</th>
                    <th scope="col">Policy</th>
                    <th scope="col" className="num">
                      Traces kept
                    </th>
                    <th scope="col" className="num">
                      Error traces kept
                    </th>
                    <th scope="col" className="num">
                      Slow traces kept
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {overview.value.tail_policies.map((p) => (
                    <tr key={`${p.sampler}\u0000${p.policy}`} data-testid="policy-row" data-policy={p.policy}>
                      <td>{p.sampler}</td>
                      <td>{p.policy === '(all)' ? '(the sampler’s decision)' : p.policy}</td>
                      <CoverageCell c={p.traces} />
                      <CoverageCell c={p.error_traces} />
                      <CoverageCell c={p.slow_traces} />
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <WhatIfPanel />
        </>
      )}
    </div>
  );
}
