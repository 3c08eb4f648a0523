#!/usr/bin/env node
// The CLI is compiled from src/cli into dist/ by `npm run build` (run by npm start/test).
import v8 from 'node:v8';

const argv = process.argv.slice(2);

// V8 flags for the proxies (sidecar, edge), set before anything is loaded; the other
// commands keep V8's defaults. Only flags that work when set at run time belong here
// (--max-semi-space-size does not; see src/mesh/node-flags.ts for the command-line ones).
// - --liftoff-only: undici parses HTTP with llhttp, a WebAssembly module that V8
//   compiles twice, Liftoff and then TurboFan in the background; the TurboFan pass
//   took ~35 MiB for a moment on a sidecar's first request (peak RSS 105 -> 71 MiB at
//   10 requests). Liftoff code parses fast enough for a proxy: no throughput loss
//   measured (bench/proxy.js).
// ARIADNE_V8_DEFAULTS=1 turns this off (for A/B runs).
const PROXY_V8_FLAGS = ['--liftoff-only'];
if ((argv[0] === 'sidecar' || argv[0] === 'edge') && process.env.ARIADNE_V8_DEFAULTS !== '1') {
  for (const flag of PROXY_V8_FLAGS) v8.setFlagsFromString(flag);
}

const { main } = await import('../dist/cli/main.js');

main(argv).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
