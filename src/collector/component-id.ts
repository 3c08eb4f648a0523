/** `type[/name]`, the id of a configured component (`otlp`, `otlp/2`, `tail_sampling/errors`). */
export interface ComponentId {
  readonly type: string;
  readonly name: string;
}

// Collector: "type must start with a letter ... contain only [a-zA-Z0-9_]"; the name is
// anything printable after the first '/'.
const TYPE = /^[a-zA-Z][0-9a-zA-Z_]{0,62}$/;

export function parseComponentId(text: string): ComponentId | string {
  const slash = text.indexOf('/');
  const type = (slash === -1 ? text : text.slice(0, slash)).trim();
  const name = slash === -1 ? '' : text.slice(slash + 1).trim();
  if (!TYPE.test(type)) return `'${text}' is not a component id: the type must start with a letter and use only letters, digits and _`;
  if (slash !== -1 && name === '') return `'${text}' is not a component id: the name after '/' must not be empty`;
  return { type, name };
}

export function formatComponentId(id: ComponentId): string {
  return id.name === '' ? id.type : `${id.type}/${id.name}`;
}

export type Signal = 'traces' | 'metrics' | 'logs';
export const SIGNALS: readonly Signal[] = ['traces', 'metrics', 'logs'];

/** `traces`, `traces/tail`: a pipeline id is a signal and an optional name. */
export interface PipelineId {
  readonly signal: Signal;
  readonly name: string;
}

export function parsePipelineId(text: string): PipelineId | string {
  const slash = text.indexOf('/');
  const signal = slash === -1 ? text : text.slice(0, slash);
  if (!(SIGNALS as readonly string[]).includes(signal)) {
    return `'${text}' is not a pipeline id: it must start with traces, metrics or logs (for example traces/tail)`;
  }
  const name = slash === -1 ? '' : text.slice(slash + 1);
  if (slash !== -1 && name === '') return `'${text}' is not a pipeline id: the name after '/' must not be empty`;
  return { signal: signal as Signal, name };
}

export function formatPipelineId(id: PipelineId): string {
  return id.name === '' ? id.signal : `${id.signal}/${id.name}`;
}
