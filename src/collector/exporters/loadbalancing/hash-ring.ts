/**
 * The consistent hash ring of the Collector's loadbalancingexporter, position for
 * position: each endpoint takes 100 points on a ring of 36000 (CRC-32 of the endpoint
 * followed by the point's index byte, modulo 36000; a point already taken is skipped),
 * and a key goes to the first point at or after CRC-32(key) % 36000, wrapping around.
 * With N endpoints each owns about 1/N of the ring, and adding or removing one moves
 * only the keys of the points it gains or loses: about 1/N of them.
 */
import { crc32 } from 'node:zlib';

export const MAX_POSITIONS = 36_000;
export const DEFAULT_WEIGHT = 100;

interface RingItem {
  readonly pos: number;
  readonly endpoint: string;
}

export class HashRing {
  private readonly items: RingItem[];
  readonly endpoints: readonly string[];

  constructor(endpoints: readonly string[], weight = DEFAULT_WEIGHT) {
    this.endpoints = [...endpoints];
    const taken = new Set<number>();
    const items: RingItem[] = [];
    for (const endpoint of endpoints) {
      const name = Buffer.from(endpoint);
      for (let i = 0; i < weight; i++) {
        const pos = crc32(Buffer.concat([name, Buffer.from([i & 0xff])])) % MAX_POSITIONS;
        if (taken.has(pos)) continue;
        taken.add(pos);
        items.push({ pos, endpoint });
      }
    }
    items.sort((a, b) => a.pos - b.pos);
    this.items = items;
  }

  /** The endpoint for a routing key (a trace id's 16 bytes, or a service name); undefined when empty. */
  endpointFor(key: Uint8Array): string | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const pos = crc32(key) % MAX_POSITIONS;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (items[mid]!.pos < pos) lo = mid + 1;
      else hi = mid;
    }
    return (items[lo] ?? items[0]!).endpoint;
  }
}
