/**
 * A service's colour. Services get palette colours in sorted-name order as the UI
 * learns them (the service list, a trace, search results), so up to 18 services never
 * share a colour and a service keeps its colour on every page of the session. A name
 * not registered yet falls back to a hash of it. Red is kept for errors.
 */
const PALETTE = [
  '#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948',
  '#9c755f', '#499894', '#d37295', '#8cd17d', '#a0cbe8', '#b6992d',
  '#86bcb6', '#ffbe7d', '#d4a6c8', '#79706e', '#5865c9', '#c9792d',
] as const;

export const ERROR_COLOR = '#d62828';

const assigned = new Map<string, string>();

/** FNV-1a, 32 bit. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Gives each new name the next palette colour, in sorted order. Idempotent. */
export function registerServices(names: Iterable<string>): void {
  const fresh = [...new Set(names)].filter((n) => !assigned.has(n)).sort();
  for (const n of fresh) assigned.set(n, PALETTE[assigned.size % PALETTE.length]!);
}

export function serviceColor(service: string): string {
  return assigned.get(service) ?? PALETTE[hash(service) % PALETTE.length]!;
}
