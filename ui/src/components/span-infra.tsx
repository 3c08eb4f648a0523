/**
 * The span detail's Infrastructure tab: CPU, memory and network of the pod (else the
 * service instance, else the host) that ran the span, over a window around it, with
 * the span's interval marked. When nothing matches it says which attributes it used.
 */
import { signalsApi, type SeriesResponse } from '../api/signals';
import type { TypedAttribute } from '../api/types';
import { IDENTITY_GROUPS, resourceIdentity } from '../lib/log-format';
import { useAsync } from '../lib/use-async';
import { LineChart, type ChartSeries } from './line-chart';
import { ErrorState, Loading } from './states';

interface ChartSpec {
  readonly title: string;
  /** Tried in order; the first with points is drawn. */
  readonly names: readonly string[];
  readonly format: (v: number) => string;
}

const percent = (v: number): string => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;
function bytes(v: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
}

const CHARTS: readonly ChartSpec[] = [
  { title: 'CPU utilization', names: ['k8s.pod.cpu.utilization', 'container.cpu.utilization', 'process.cpu.utilization', 'system.cpu.utilization'], format: percent },
  { title: 'Memory usage', names: ['k8s.pod.memory.usage', 'container.memory.usage', 'process.memory.usage', 'system.memory.usage'], format: bytes },
  { title: 'Network receive / transmit', names: ['k8s.pod.network.io', 'container.network.io', 'process.network.io', 'system.network.io'], format: (v) => `${bytes(v)}/s` },
];

const COLORS = ['#2f6fdb', '#d9822b', '#2e9e5b', '#9b51e0'];

function chartSeries(r: SeriesResponse): ChartSeries[] {
  return r.series.map((s, i) => {
    const dir = s.attributes['network.io.direction'] ?? s.attributes['direction'];
    const label = dir !== undefined ? dir : Object.entries(s.attributes).map(([k, v]) => `${k}=${v}`).join(', ') || s.stat;
    return { label, color: COLORS[i % COLORS.length]!, points: s.points.map(([t, v]) => [t / 1000, v] as const) };
  });
}

async function firstWithData(names: readonly string[], identity: [string, string][], startMs: number, endMs: number, signal: AbortSignal): Promise<SeriesResponse | null> {
  for (const name of names) {
    const r = await signalsApi.series(name, identity, startMs * 1000, endMs * 1000, signal);
    if (r.pointCount > 0) return r;
  }
  return null;
}

function Chart({ spec, identity, startMs, endMs, spanStartMs, spanEndMs }: { spec: ChartSpec; identity: [string, string][]; startMs: number; endMs: number; spanStartMs: number; spanEndMs: number }) {
  const key = `series:${spec.names[0]}:${JSON.stringify(identity)}:${startMs}:${endMs}`;
  const state = useAsync(key, (signal) => firstWithData(spec.names, identity, startMs, endMs, signal));
  if (state.status === 'loading' || state.status === 'idle') return <Loading what={`Loading ${spec.title.toLowerCase()}…`} />;
  if (state.status === 'error') return <ErrorState title={`Could not load ${spec.title.toLowerCase()}.`} error={state.error} />;
  if (state.value === null) {
    return (
      <p className="muted" data-testid="infra-empty">
        {spec.title}: no points of {spec.names.join(', ')} for {identity.map(([k, v]) => `${k}=${v}`).join(', ')} in this window.
      </p>
    );
  }
  return <LineChart title={`${spec.title} · ${state.value.name}`} series={chartSeries(state.value)} startMs={startMs} endMs={endMs} markStartMs={spanStartMs} markEndMs={spanEndMs} format={spec.format} />;
}

export function SpanInfrastructure({ resource, spanStartMs, spanEndMs }: { readonly resource: readonly TypedAttribute[]; readonly spanStartMs: number; readonly spanEndMs: number }) {
  const attrs = new Map<string, string>();
  for (const a of resource) if (a.value.type === 'string') attrs.set(a.key, a.value.value);
  const identity = resourceIdentity(attrs);
  if (identity.length === 0) {
    return (
      <section className="detail-section" aria-label="Infrastructure" data-testid="span-infra">
        <p className="muted" data-testid="infra-no-identity">
          This span's resource has none of the attributes metrics are joined by: {IDENTITY_GROUPS.map((g) => g.join(' + ')).join(', else ')}. Set them in the
          SDK's resource (for example from the Kubernetes downward API) to see this pod's CPU, memory and network here.
        </p>
      </section>
    );
  }
  // A window of at least 2 minutes each side, so a short span still shows the trend around it.
  const pad = Math.max(2 * 60_000, (spanEndMs - spanStartMs) * 5);
  const startMs = Math.floor(spanStartMs - pad);
  const endMs = Math.ceil(spanEndMs + pad);
  return (
    <section className="detail-section" aria-label="Infrastructure" data-testid="span-infra">
      <p className="muted">
        {identity.map(([k, v]) => `${k}=${v}`).join(', ')} · the span is shaded
      </p>
      {CHARTS.map((spec) => (
        <Chart key={spec.title} spec={spec} identity={identity} startMs={startMs} endMs={endMs} spanStartMs={spanStartMs} spanEndMs={spanEndMs} />
      ))}
    </section>
  );
}
