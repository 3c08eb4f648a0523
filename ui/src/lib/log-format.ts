/** Log records for display: OTLP/JSON values as text, severities, the resource identity. Pure. */
import type { LogRecordJson, OtlpJsonKeyValue, OtlpJsonValue } from '../api/signals';

/** An OTLP/JSON AnyValue as plain text (strings unquoted, structures as JSON). */
export function otlpValueText(v: OtlpJsonValue | undefined): string {
  if (v === undefined) return '';
  if ('stringValue' in v) return String(v['stringValue']);
  if ('boolValue' in v || 'intValue' in v || 'doubleValue' in v || 'bytesValue' in v) return String(Object.values(v)[0]);
  return JSON.stringify(plain(v));
}

function plain(v: OtlpJsonValue): unknown {
  if ('arrayValue' in v) return ((v['arrayValue'] as { values?: OtlpJsonValue[] }).values ?? []).map(plain);
  if ('kvlistValue' in v) {
    const out: Record<string, unknown> = {};
    for (const kv of (v['kvlistValue'] as { values?: OtlpJsonKeyValue[] }).values ?? []) out[kv.key] = plain(kv.value);
    return out;
  }
  const first = Object.values(v)[0];
  return first === undefined ? null : first;
}

export const SEVERITY_ERROR = 17;
const NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** The record's own severity text, else the name of its number's range. */
export function severityLabel(r: Pick<LogRecordJson, 'severityText' | 'severityNumber'>): string {
  if (r.severityText !== '') return r.severityText;
  if (r.severityNumber < 1) return 'UNSPECIFIED';
  return NAMES[Math.min(5, Math.floor((r.severityNumber - 1) / 4))] ?? 'UNSPECIFIED';
}

export function severityClass(n: number): string {
  if (n >= SEVERITY_ERROR) return 'sev-error';
  if (n >= 13) return 'sev-warn';
  return 'sev-info';
}

/** Unix ns text -> ms number (enough for display). */
export function logTimeMs(r: LogRecordJson): number {
  const t = r.timeUnixNano !== '0' ? r.timeUnixNano : r.observedTimeUnixNano;
  return Number(BigInt(t) / 1_000_000n);
}

/** The identity attributes the server joins metrics by, in the order it tries them. */
export const IDENTITY_GROUPS: readonly (readonly string[])[] = [['k8s.pod.name', 'k8s.namespace.name'], ['service.instance.id'], ['host.name']];

/** The first group whose leading attribute the resource has, as [key, value] pairs; [] when none. */
export function resourceIdentity(attrs: ReadonlyMap<string, string>): [string, string][] {
  for (const group of IDENTITY_GROUPS) {
    const first = attrs.get(group[0]!);
    if (first === undefined || first === '') continue;
    return group.flatMap((k) => {
      const v = attrs.get(k);
      return v !== undefined && v !== '' ? [[k, v] as [string, string]] : [];
    });
  }
  return [];
}
