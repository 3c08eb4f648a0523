/**
 * `${env:VAR}` expansion the way the OpenTelemetry Collector does it: after YAML
 * parsing, in scalar values only, so a variable can never inject YAML structure.
 * A value that is exactly one reference takes the variable's YAML type ("4317" ->
 * 4317, "true" -> true); inside a longer string it is text. `${env:VAR:-default}`
 * gives a default for an unset or empty variable; `${VAR}` is the older form; `$$`
 * is a literal `$`. An unset variable with no default expands to ''.
 */
import { createRequire } from 'node:module';

const REF = /\$\$|\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const WHOLE = /^\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}$/;

function lookup(env: NodeJS.ProcessEnv, name: string, dflt: string | undefined): string {
  const v = env[name];
  return v === undefined || (v === '' && dflt !== undefined) ? (dflt ?? '') : v;
}

/**
 * The YAML parser, loaded on the first whole-value reference: the proxies import this
 * module for their config but mostly start from flags, and yaml costs them ~3.5 MiB.
 */
function parseYaml(text: string): unknown {
  const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yaml.parse(text);
}

/** A scalar from YAML text: only plain scalars (numbers, booleans, null), never structure. */
function scalarOf(text: string): unknown {
  if (text === '') return '';
  try {
    const v: unknown = parseYaml(text);
    return v === null || typeof v === 'number' || typeof v === 'boolean' ? v : text;
  } catch {
    return text;
  }
}

function expandString(s: string, env: NodeJS.ProcessEnv): unknown {
  if (!s.includes('$')) return s;
  const whole = WHOLE.exec(s);
  if (whole) return scalarOf(lookup(env, whole[1]!, whole[2]));
  return s.replace(REF, (m, name: string | undefined, dflt: string | undefined) => (m === '$$' ? '$' : lookup(env, name!, dflt)));
}

export function expandEnv(doc: unknown, env: NodeJS.ProcessEnv = process.env): unknown {
  if (typeof doc === 'string') return expandString(doc, env);
  if (Array.isArray(doc)) return doc.map((e) => expandEnv(e, env));
  if (doc !== null && typeof doc === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(doc)) out[k] = expandEnv(v, env);
    return out;
  }
  return doc;
}
