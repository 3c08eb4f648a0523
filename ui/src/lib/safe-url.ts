/**
 * Attribute values are attacker-controlled. A value becomes a link only when it is a
 * whole absolute http(s) URL; `javascript:`, `data:` and every other scheme stay text.
 */
export function safeHttpUrl(text: string): string | null {
  if (text.length > 2048 || !/^https?:\/\//i.test(text) || /\s/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

/** 1 to 32 hex digits -> the 32-digit lowercase id the API and the routes use; null otherwise. */
export function normalizeTraceId(text: string): string | null {
  const t = text.trim();
  if (!/^[0-9a-fA-F]{1,32}$/.test(t)) return null;
  return t.toLowerCase().padStart(32, '0');
}

export function isSpanId(text: string): boolean {
  return /^[0-9a-f]{16}$/.test(text);
}
