/**
 * OTEL_RESOURCE_ATTRIBUTES: `key1=value1,key2=value2`, values percent-encoded
 * (https://opentelemetry.io/docs/specs/otel/resource/sdk/#specifying-resource-information-via-an-environment-variable).
 * "On any error, the entire environment variable value SHOULD be discarded": a bad
 * value gives no attributes, never an exception.
 */
export function parseResourceAttributesEnv(text: string | undefined): [string, string][] {
  if (text === undefined || text.trim() === '') return [];
  const out: [string, string][] = [];
  for (const item of text.split(',')) {
    const eq = item.indexOf('=');
    if (eq <= 0) return [];
    const key = item.slice(0, eq).trim();
    let value: string;
    try {
      value = decodeURIComponent(item.slice(eq + 1).trim());
    } catch {
      return [];
    }
    if (key === '') return [];
    out.push([key, value]);
  }
  return out;
}
