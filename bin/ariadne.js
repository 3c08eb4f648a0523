#!/usr/bin/env node
// The CLI is compiled from src/cli into dist/ by `npm run build` (run by npm start/test).
import v8 from 'node:v8';

const argv = process.argv.slice(2);

// The proxies (sidecar, edge) parse HTTP with undici's llhttp, a WebAssembly module.
// V8 compiles it twice, Liftoff first and then TurboFan in the background, and the
// TurboFan compile briefly takes ~35 MiB: a sidecar's peak RSS went from ~70 to ~105 MiB
// on its first request. Liftoff code parses fast enough for a proxy (bench/proxy.js),
// so the proxies skip the second compile. Must run before undici is loaded; other
// commands keep V8's defaults. ARIADNE_V8_DEFAULTS=1 turns this off (for A/B runs).
if ((argv[0] === 'sidecar' || argv[0] === 'edge') && process.env.ARIADNE_V8_DEFAULTS !== '1') {
  v8.setFlagsFromString('--liftoff-only');
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
