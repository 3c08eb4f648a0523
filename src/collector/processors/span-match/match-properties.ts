/**
 * `include` / `exclude` span matching shared by the attributes and filter processors
 * (the Collector's filterconfig.MatchProperties): `match_type` strict or regexp, and
 * `services`, `span_names`, `span_kinds`, `attributes`, `resources`, `libraries`.
 * A span matches when every property that is set matches; a list matches when any
 * entry does, except `attributes`/`resources`, where every entry must.
 */
import { anyValueToString, findAttribute, serviceNameOf, SPAN_KIND_NAMES, type Span } from '../../../model/index.js';
import type { ConfigNode } from '../../config/config-node.js';

type Matcher = (text: string) => boolean;

interface AttrRule {
  readonly key: string;
  /** Undefined: the key only has to exist. */
  readonly value?: Matcher;
}

/** What include/exclude look at: a span, or a log record or metric point (no name, no kind). */
export interface Matchable {
  readonly resource: Span['resource'];
  readonly scope: Span['scope'];
  readonly attributes: Span['attributes'];
  readonly name?: string;
  readonly kind?: number;
}

export interface MatchProperties {
  matches(item: Matchable): boolean;
  /** True when span_names or span_kinds is set: the selection means spans only. */
  readonly spanOnly: boolean;
}

const KIND_ENUM = SPAN_KIND_NAMES.map((k) => `SPAN_KIND_${k.toUpperCase()}`);

function matcherFor(node: ConfigNode, key: string, pattern: string, regexp: boolean): Matcher {
  if (!regexp) return (t) => t === pattern;
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (err) {
    node.fail(key, `'${pattern}' is not a valid regular expression: ${(err as Error).message}`);
  }
  return (t) => re.test(t);
}

function scalarText(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}

export function parseMatchProperties(node: ConfigNode): MatchProperties {
  const matchType = node.enumOf('match_type', ['strict', 'regexp'] as const, 'strict');
  const regexp = matchType === 'regexp';
  node.accept('regexp'); // regexp cache tuning of the Go implementation
  const list = (key: string): Matcher[] => node.stringList(key).map((p, i) => matcherFor(node, `${key}[${i}]`, p, regexp));
  const services = list('services');
  const spanNames = list('span_names');
  const kinds = node.stringList('span_kinds');
  kinds.forEach((k, i) => {
    if (!KIND_ENUM.includes(k)) node.fail(`span_kinds[${i}]`, `must be one of ${KIND_ENUM.join(', ')}`);
  });
  const kindSet = new Set(kinds.map((k) => KIND_ENUM.indexOf(k)));
  const rules = (key: string): AttrRule[] =>
    node.list(key).map((n) => {
      const k = n.requiredString('key');
      const raw = n.raw('value');
      return raw === undefined || raw === null ? { key: k } : { key: k, value: matcherFor(n, 'value', scalarText(raw), regexp) };
    });
  const attributes = rules('attributes');
  const resources = rules('resources');
  const libraries = node.list('libraries').map((n) => ({
    name: matcherFor(n, 'name', n.requiredString('name'), regexp),
    version: n.has('version') ? matcherFor(n, 'version', n.string('version', ''), regexp) : undefined,
  }));
  node.unsupported('log_bodies', 'applies to logs only');
  node.unsupported('log_severity_texts', 'applies to logs only');
  node.unsupported('log_severity_number', 'applies to logs only');
  node.unsupported('metric_names', 'applies to metrics only');
  if (!services.length && !spanNames.length && !kinds.length && !attributes.length && !resources.length && !libraries.length) {
    node.failHere('must set at least one of services, span_names, span_kinds, attributes, resources, libraries');
  }
  const attrOk = (attrs: Span['attributes'], r: AttrRule): boolean => {
    const v = findAttribute(attrs, r.key);
    return v !== undefined && (!r.value || r.value(anyValueToString(v)));
  };
  return {
    spanOnly: spanNames.length > 0 || kinds.length > 0,
    matches(s: Matchable): boolean {
      if (services.length && !services.some((m) => m(serviceNameOf(s.resource)))) return false;
      if (spanNames.length && !spanNames.some((m) => s.name !== undefined && m(s.name))) return false;
      if (kindSet.size && !(s.kind !== undefined && kindSet.has(s.kind))) return false;
      if (attributes.length && !attributes.every((r) => attrOk(s.attributes, r))) return false;
      if (resources.length && !resources.every((r) => attrOk(s.resource.attributes, r))) return false;
      if (libraries.length && !libraries.some((l) => l.name(s.scope.name) && (!l.version || l.version(s.scope.version)))) return false;
      return true;
    },
  };
}

/** include/exclude as a predicate: kept when it matches include (if set) and not exclude (if set). */
export type Selector = ((s: Matchable) => boolean) & { readonly spanOnly: boolean };

export function parseIncludeExclude(node: ConfigNode): Selector | undefined {
  const include = node.has('include') ? parseMatchProperties(node.section('include')) : undefined;
  const exclude = node.has('exclude') ? parseMatchProperties(node.section('exclude')) : undefined;
  node.accept('include', 'exclude');
  if (!include && !exclude) return undefined;
  const select = (s: Matchable): boolean => (!include || include.matches(s)) && (!exclude || !exclude.matches(s));
  return Object.assign(select, { spanOnly: Boolean(include?.spanOnly || exclude?.spanOnly) });
}
