/**
 * One propagator over several formats, named as in OpenTelemetry's OTEL_PROPAGATORS
 * (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/#general-sdk-configuration).
 */
import { isValidSpanId, isValidTraceId } from '../model/ids.js';
import { Baggage } from './baggage.js';
import { BAGGAGE_HEADER, formatBaggage, parseBaggage } from './baggage-header.js';
import { extractB3Multi, injectB3Multi, injectB3MultiSamplingState, X_B3_FLAGS, X_B3_PARENT_SPAN_ID, X_B3_SAMPLED, X_B3_SPAN_ID, X_B3_TRACE_ID } from './b3-multi.js';
import { B3_HEADER, extractB3Single, injectB3Single, injectB3SingleSamplingState } from './b3-single.js';
import type { B3Extraction } from './b3-context.js';
import { PropagatorConfigError } from './errors.js';
import { headerGetter, type HeaderGetter, type Headers, type HeaderSetter } from './headers.js';
import type { B3SamplingState, SpanContext } from './span-context.js';
import { extractTraceContext, injectTraceContext, TRACEPARENT_HEADER, TRACESTATE_HEADER } from './trace-context.js';

export const PROPAGATOR_NAMES = ['tracecontext', 'baggage', 'b3', 'b3multi'] as const;
export type PropagatorName = (typeof PROPAGATOR_NAMES)[number];

/** Read W3C first, then B3 single (which "takes precedence over the multiple header one"), then B3 multi. */
export const DEFAULT_EXTRACT: readonly PropagatorName[] = ['tracecontext', 'baggage', 'b3', 'b3multi'];
/** Write W3C and B3 multi, which every Zipkin-era tracer reads. */
export const DEFAULT_INJECT: readonly PropagatorName[] = ['tracecontext', 'baggage', 'b3multi'];

export interface PropagatorConfig {
  /** Formats read, in order; the first that yields a context wins. Absent: DEFAULT_EXTRACT. Empty: read nothing. */
  readonly extract?: readonly PropagatorName[];
  /** Formats written. Absent: DEFAULT_INJECT. Empty: write nothing. */
  readonly inject?: readonly PropagatorName[];
}

/** What crosses a process boundary. */
export interface PropagationContext {
  readonly context: SpanContext | null;
  readonly baggage?: Baggage;
  /**
   * A B3 sampling decision sent without ids (`b3: 0`); only meaningful when
   * `context` is null, where it still binds the trace that will be started.
   */
  readonly samplingState?: Exclude<B3SamplingState, 'defer'>;
}

export interface Extracted extends PropagationContext {
  readonly baggage: Baggage;
  /** Baggage members skipped as invalid or beyond the limits. */
  readonly droppedBaggageMembers: number;
}

export interface Injected {
  /** Baggage members left out to stay within the limits. */
  readonly droppedBaggageMembers: number;
}

export interface Propagator {
  /** Header names this propagator may write, lowercase. */
  readonly fields: readonly string[];
  /** The remote context; never throws, and any bad header is as if absent. */
  extract(headers: Headers): Extracted;
  inject(ctx: PropagationContext, setter: HeaderSetter): Injected;
}

const FIELDS: Readonly<Record<PropagatorName, readonly string[]>> = {
  tracecontext: [TRACEPARENT_HEADER, TRACESTATE_HEADER],
  baggage: [BAGGAGE_HEADER],
  b3: [B3_HEADER],
  b3multi: [X_B3_TRACE_ID, X_B3_SPAN_ID, X_B3_PARENT_SPAN_ID, X_B3_SAMPLED, X_B3_FLAGS],
};

const CONTEXT_EXTRACTORS: Readonly<Record<Exclude<PropagatorName, 'baggage'>, (g: HeaderGetter) => B3Extraction | null>> = {
  tracecontext: (g) => {
    const context = extractTraceContext(g);
    return context === null ? null : { context, samplingState: context.sampled ? 'accept' : 'deny' };
  },
  b3: extractB3Single,
  b3multi: extractB3Multi,
};

export function isPropagatorName(name: string): name is PropagatorName {
  return (PROPAGATOR_NAMES as readonly string[]).includes(name);
}

/**
 * OTEL_PROPAGATORS-style list: comma-separated, trimmed, case-insensitive,
 * deduplicated; "none" means no propagator.
 */
export function propagatorNamesFromList(list: string): string[] {
  const names = list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  if (names.includes('none')) return [];
  return [...new Set(names)];
}

/** Problems with a configuration read from untyped input, each prefixed with its key path. */
export function validatePropagatorConfig(config: {
  readonly extract?: readonly string[];
  readonly inject?: readonly string[];
}): string[] {
  const problems: string[] = [];
  for (const key of ['extract', 'inject'] as const) {
    const seen = new Set<string>();
    config[key]?.forEach((name, i) => {
      if (!isPropagatorName(name)) {
        problems.push(`${key}[${i}]: unknown propagator '${name}'; use one of ${PROPAGATOR_NAMES.join(', ')}`);
      } else if (seen.has(name)) {
        problems.push(`${key}[${i}]: propagator '${name}' is listed twice`);
      }
      seen.add(name);
    });
  }
  return problems;
}

function canInject(ctx: SpanContext | null): ctx is SpanContext {
  return ctx !== null && isValidTraceId(ctx.traceId) && isValidSpanId(ctx.spanId);
}

/** Throws PropagatorConfigError when the configuration names an unknown or repeated format. */
export function createPropagator(config: PropagatorConfig = {}): Propagator {
  const problems = validatePropagatorConfig(config);
  if (problems.length > 0) throw new PropagatorConfigError(problems);
  const extractOrder = [...(config.extract ?? DEFAULT_EXTRACT)];
  const injectOrder = [...(config.inject ?? DEFAULT_INJECT)];

  return {
    fields: injectOrder.flatMap((name) => FIELDS[name]),

    extract(headers: Headers): Extracted {
      const getter = headerGetter(headers);
      let context: SpanContext | null = null;
      let samplingState: Exclude<B3SamplingState, 'defer'> | undefined;
      let baggage = Baggage.EMPTY;
      let droppedBaggageMembers = 0;
      for (const name of extractOrder) {
        if (name === 'baggage') {
          ({ baggage, dropped: droppedBaggageMembers } = parseBaggage(getter.get(BAGGAGE_HEADER)));
          continue;
        }
        if (context !== null) continue;
        const found = CONTEXT_EXTRACTORS[name](getter);
        if (found === null) continue;
        if (found.context !== null) context = found.context;
        else samplingState ??= found.samplingState;
      }
      return context === null && samplingState !== undefined
        ? { context, baggage, droppedBaggageMembers, samplingState }
        : { context, baggage, droppedBaggageMembers };
    },

    inject(ctx: PropagationContext, setter: HeaderSetter): Injected {
      let droppedBaggageMembers = 0;
      const context = canInject(ctx.context) ? ctx.context : null;
      for (const name of injectOrder) {
        switch (name) {
          case 'tracecontext':
            if (context !== null) injectTraceContext(context, setter);
            break;
          case 'b3':
            if (context !== null) injectB3Single(context, setter);
            else if (ctx.samplingState !== undefined) injectB3SingleSamplingState(ctx.samplingState, setter);
            break;
          case 'b3multi':
            if (context !== null) injectB3Multi(context, setter);
            else if (ctx.samplingState !== undefined) injectB3MultiSamplingState(ctx.samplingState, setter);
            break;
          case 'baggage': {
            if (ctx.baggage === undefined || ctx.baggage.size === 0) break;
            const { header, dropped } = formatBaggage(ctx.baggage);
            droppedBaggageMembers += dropped;
            if (header !== '') setter.set(BAGGAGE_HEADER, header);
            break;
          }
        }
      }
      return { droppedBaggageMembers };
    },
  };
}
