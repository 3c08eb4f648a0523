/**
 * undici's connection pool without the rest of undici. `import ... from 'undici'`
 * loads its whole index: fetch, WebSocket, EventSource, caches, mocks, about 150
 * modules the proxy never calls, which cost a sidecar ~9 MiB of its ~67 MiB idle RSS
 * (measured: bare Agent + request API 51 MiB, full index 60 MiB, node 20 alone 41).
 * This loads the Agent and the request/stream API the way undici's index.js wires them
 * (`Object.assign(Dispatcher.prototype, api)`). The paths are undici 7's layout; if an
 * upgrade moves them, every mesh test fails at import, not in production.
 */
import { createRequire } from 'node:module';
import type { Agent as AgentClass } from 'undici';

const require = createRequire(import.meta.url);
const DispatcherBase = require('undici/lib/dispatcher/dispatcher.js') as { prototype: object };
const api = require('undici/lib/api/index.js') as object;
// What undici's index does on load; idempotent, so loading the full index as well is harmless.
Object.assign(DispatcherBase.prototype, api);

export const Agent = require('undici/lib/dispatcher/agent.js') as typeof AgentClass;
export type Agent = AgentClass;
