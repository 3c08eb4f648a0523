#!/usr/bin/env node
// The CLI is compiled from src/cli into dist/ by `npm run build` (run by npm start/test).
//
// The proxies (sidecar, edge) take their node flags on the command line (see
// src/mesh/node-flags.ts). This file used to set --liftoff-only for them, because
// undici parsed HTTP with llhttp compiled to WebAssembly and V8's background TurboFan
// pass over it took ~35 MiB for a moment. The proxies now use node's own HTTP client
// (native llhttp) and load no WebAssembly, so the flag has nothing left to act on;
// dropping it also spares them loading node:v8 here.
const argv = process.argv.slice(2);

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
