import type { EgressClient } from '../egress-client.js';

/** What a service's routes get: its egress client, and which instance it is. */
export interface ServiceDeps {
  readonly egress: EgressClient;
  /** Shard index (0-based) for db shards. */
  readonly shard: number;
  readonly instance: number;
}
