/**
 * Counters, gauges and histograms with labels, rendered in the Prometheus text format
 * 0.0.4: the part of prom-client the proxy's admin port uses, with the same options
 * (`name`, `help`, `labelNames`, `buckets`, `registers`, a gauge's `collect`) and the
 * same output. prom-client is CommonJS and loads @opentelemetry/api and its default
 * metrics with it: ~9 MiB of every proxy's RSS for a few counters.
 *
 * Labels are written in `labelNames` order, those given only; a series is keyed by its
 * rendered label set.
 */
type LabelValues<L extends string> = Partial<Readonly<Record<L, string | number>>>;

interface MetricOptions<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly L[];
  readonly registers?: readonly Registry[];
}

interface Rendered {
  render(out: string[]): void;
}

export class Registry {
  readonly contentType = 'text/plain; version=0.0.4; charset=utf-8';
  private readonly all: Rendered[] = [];

  register(metric: Rendered): void {
    this.all.push(metric);
  }

  metrics(): string {
    const blocks: string[] = [];
    for (const m of this.all) {
      const out: string[] = [];
      m.render(out);
      blocks.push(out.join('\n'));
    }
    return blocks.join('\n\n') + '\n';
  }
}

function escapeLabelValue(v: string): string {
  return v.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

function escapeHelp(v: string): string {
  return v.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
}

export function formatValue(v: number): string {
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return Number.isNaN(v) ? 'NaN' : String(v);
}

abstract class Metric<L extends string> implements Rendered {
  readonly name: string;
  private readonly help: string;
  private readonly labelNames: readonly L[];

  constructor(
    private readonly type: 'counter' | 'gauge' | 'histogram',
    opts: MetricOptions<L>,
  ) {
    this.name = opts.name;
    this.help = opts.help;
    this.labelNames = opts.labelNames ?? [];
    for (const r of opts.registers ?? []) r.register(this);
  }

  /** `a="x",b="y"` in labelNames order: the series' key and its rendering, without braces. */
  protected labelText(labels: LabelValues<L> | undefined): string {
    if (labels === undefined) return '';
    let text = '';
    for (const n of this.labelNames) {
      const v = labels[n];
      if (v === undefined) continue;
      text += `${text === '' ? '' : ','}${n}="${escapeLabelValue(String(v))}"`;
    }
    return text;
  }

  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`);
    this.renderSeries(out);
  }

  protected abstract renderSeries(out: string[]): void;
}

const braces = (labels: string): string => (labels === '' ? '' : `{${labels}}`);

/** Counters and gauges: one number per label set. */
abstract class ValueMetric<L extends string> extends Metric<L> {
  protected readonly values = new Map<string, number>();

  protected add(labels: LabelValues<L> | undefined, v: number): void {
    const key = this.labelText(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + v);
  }

  protected override renderSeries(out: string[]): void {
    for (const [labels, v] of this.values) out.push(`${this.name}${braces(labels)} ${formatValue(v)}`);
  }
}

export class Counter<L extends string = never> extends ValueMetric<L> {
  constructor(opts: MetricOptions<L>) {
    super('counter', opts);
    // An unlabelled counter shows 0 before its first increment.
    if ((opts.labelNames ?? []).length === 0) this.values.set('', 0);
  }

  inc(labels?: LabelValues<L> | number, value = 1): void {
    if (typeof labels === 'number') [labels, value] = [undefined, labels];
    if (!(value >= 0)) throw new RangeError(`${this.name}: a counter only goes up (got ${value})`);
    this.add(labels, value);
  }
}

export class Gauge<L extends string = never> extends ValueMetric<L> {
  private readonly collect: ((this: Gauge<L>) => void) | undefined;

  /** `collect` runs before each rendering, to read a value now (memory, queue depth). */
  constructor(opts: MetricOptions<L> & { collect?: (this: Gauge<L>) => void }) {
    super('gauge', opts);
    this.collect = opts.collect;
    if ((opts.labelNames ?? []).length === 0) this.values.set('', 0);
  }

  set(labels: LabelValues<L> | number, value?: number): void {
    if (typeof labels === 'number') this.values.set('', labels);
    else this.values.set(this.labelText(labels), value ?? 0);
  }

  override render(out: string[]): void {
    this.collect?.call(this);
    super.render(out);
  }
}

interface HistogramSeries {
  /** Per bucket, not cumulative; the last is +Inf. */
  readonly counts: number[];
  sum: number;
  count: number;
}

export class Histogram<L extends string = never> extends Metric<L> {
  private readonly bounds: readonly number[];
  private readonly series = new Map<string, HistogramSeries>();

  constructor(opts: MetricOptions<L> & { buckets: readonly number[] }) {
    super('histogram', opts);
    this.bounds = [...opts.buckets].sort((a, b) => a - b);
  }

  observe(labels: LabelValues<L>, value: number): void {
    const key = this.labelText(labels);
    let s = this.series.get(key);
    if (s === undefined) this.series.set(key, (s = { counts: new Array<number>(this.bounds.length + 1).fill(0), sum: 0, count: 0 }));
    let i = 0;
    while (i < this.bounds.length && value > this.bounds[i]!) i++;
    s.counts[i]!++;
    s.sum += value;
    s.count++;
  }

  protected override renderSeries(out: string[]): void {
    for (const [labels, s] of this.series) {
      const rest = labels === '' ? '' : `,${labels}`;
      let cumulative = 0;
      for (let i = 0; i <= this.bounds.length; i++) {
        cumulative += s.counts[i]!;
        const le = i < this.bounds.length ? formatValue(this.bounds[i]!) : '+Inf';
        out.push(`${this.name}_bucket{le="${le}"${rest}} ${cumulative}`);
      }
      out.push(`${this.name}_sum${braces(labels)} ${formatValue(s.sum)}`, `${this.name}_count${braces(labels)} ${s.count}`);
    }
  }
}
